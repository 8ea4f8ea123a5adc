"""Issue 15: a công văn signed by the Chairman is numbered in the register
of the authority it is issued by (the Provincial People's Committee, not
its Office nor the inspection team), proposed to the clerk who confirms it;
its draft carries the committee's letterhead, the TM. signature block, the
recipients in Kính gửi and Nơi nhận and a single "V/v"; it is not issued
without recipients."""
import io
import re
import shutil

import pypdf

from proteus import Model, Wizard

from qlvb_demo.pki import blank_pdf
from qlvb_demo.tools import DemoScenario, give_number, record, refused
from .test_scenario_outgoing import OutgoingSteps

NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"
UBND_REGISTER = "Sổ văn bản đi của UBND tỉnh"


def pdf_text(data):
    "The PDF's text, whitespace (line breaks of table cells) as one space"
    text = '\n'.join(page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return re.sub(r'\s+', ' ', text)


def agency(abbreviation):
    return record('qlvb.agency', [('abbreviation', '=', abbreviation)])


class OutgoingAuthorityScenario(OutgoingSteps, DemoScenario):

    def letter(self, subject, recipients=(), **values):
        """A công văn drafted by the specialist for the Chairman: nothing
        but the type, subject, signer and recipients typed"""
        self.login('chuyenvien')
        letter = Model.get('qlvb.outgoing')(subject=subject,
            document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
            signer=record('res.user', [('login', '=', 'chutich')]),
            internal_recipients=[agency(a) for a in recipients], **values)
        letter.save()
        return letter

    def test_letter_of_the_chairman(self):
        if not shutil.which('soffice'):
            self.fail("LibreOffice (soffice) is not installed: run "
                "setup/test.sh or install libreoffice-writer-nogui")
        letter = self.letter("V/v đôn đốc báo cáo kết quả cải cách hành "
            "chính", ['SNV', 'STTTT'],
            content="Đề nghị các sở báo cáo trước ngày 15.")
        # Filled from the posts: the specialist's unit, the Chairman's
        # committee, title and signing form.
        self.assertEqual(letter.drafting_department.name, NC)
        self.assertEqual(letter.issuer.abbreviation, 'UBND')
        self.assertEqual(letter.issuer.level, 'province')
        self.assertEqual(letter.signer_title, "Chủ tịch")
        self.assertEqual(letter.signer_authority, 'TM.')

        # No "replace the main file?" question: the button asks nothing
        # (the file replaced is kept as a draft version).
        button, = Model.get('ir.model.button').find([
                ('model', '=', 'qlvb.outgoing'),
                ('name', '=', 'render_template')])
        self.assertFalse(button.confirm)
        for _ in range(2):  # the signing form is kept when made again
            letter.click('render_template')
            letter.reload()
            self.assertEqual(letter.signer_authority, 'TM.')
            text = pdf_text(bytes(letter.main_file))
            for expected in [
                    "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
                    "/UBND-NCKSTTHC",
                    "V/v đôn đốc báo cáo kết quả",
                    "Kính gửi: - Sở Nội vụ; - Sở Thông tin và Truyền thông.",
                    "Nơi nhận: - Sở Nội vụ; - Sở Thông tin và Truyền thông;",
                    "Lưu: VT, NCKSTTHC.",
                    "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "Nguyễn Văn An"]:
                self.assertIn(expected, text)
            self.assertEqual(text.count("V/v"), 1)
            self.assertNotIn("VĂN PHÒNG", text)
            self.assertNotIn("TKT", text)

        # The clerk is shown the committee's register, proposed, and the
        # number it gives; the Office's register is not offered and is
        # refused; the inspection team's (an advisory body of the
        # committee) may be chosen.
        self.walk_to_approved(letter.id)
        self.login('vanthu')
        Register = Model.get('qlvb.outgoing.register')
        act = Wizard('qlvb.outgoing.number',
            [Model.get('qlvb.outgoing')(letter.id)])
        self.assertEqual(act.form.issuer.abbreviation, 'UBND')
        self.assertEqual(act.form.register.name, UBND_REGISTER)
        proposed = act.form.reference
        self.assertRegex(proposed, r'^\d{2}/UBND-NCKSTTHC$')
        offered = {r.name for r in act.form.registers}
        self.assertIn("Sổ văn bản đi của Tổ Kiểm tra công vụ", offered)
        self.assertNotIn("Sổ văn bản đi của Văn phòng", offered)
        office, = Register.find([('name', '=', "Sổ văn bản đi của Văn phòng")])
        act.form.register = office
        with refused(self, 'qlvb_outgoing.msg_outgoing_register_authority',
                register=office.rec_name,
                register_authority="Văn phòng Ủy ban nhân dân tỉnh",
                authority="Ủy ban nhân dân tỉnh Bình Thuận"):
            act.execute('number')
        letter = Model.get('qlvb.outgoing')(letter.id)
        self.assertEqual((letter.state, letter.number), ('approved', None))
        shown = give_number(letter.id)
        letter.reload()
        self.assertEqual(letter.state, 'numbered')
        self.assertEqual(letter.reference, shown['reference'])
        self.assertEqual(letter.register.name, UBND_REGISTER)

    def test_no_issue_without_recipients(self):
        "A document hand-signed on paper reaches issue without recipients"
        letter = self.letter("Về việc chấn chỉnh giờ làm việc",
            signature_mode='manual',
            main_file=blank_pdf(text="cong van"), main_filename='cv.pdf')
        self.walk_to_approved(letter.id)
        self.login('vanthu')
        give_number(letter.id)
        act = Wizard('qlvb.outgoing.hand_signature',
            [Model.get('qlvb.outgoing')(letter.id)])
        act.form.scan = blank_pdf(text="ban quet")
        act.form.filename = 'ban-quet.pdf'
        act.execute('record')
        letter = Model.get('qlvb.outgoing')(letter.id)
        self.assertEqual(letter.state, 'sealed')
        with refused(self, 'qlvb_outgoing.msg_outgoing_no_recipients',
                document=letter.rec_name):
            letter.click('issue')
        letter.reload()
        self.assertEqual((letter.state, list(letter.dispatches)),
            ('sealed', []))
        # The clerk completes the recipients and issues it.
        letter.internal_recipients.append(agency('SNV'))
        letter.save()
        letter.click('issue')
        self.assertEqual(letter.state, 'issued')
        self.assertEqual([d.agency.abbreviation for d in letter.dispatches],
            ['SNV'])
