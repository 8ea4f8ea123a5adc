"""The life of an outgoing document around its main path: draft versions,
files made from the Decree 30 templates, recall, replacement and
correcting letters."""
import io
import shutil

import pypdf

from proteus import Model, Wizard
import trytond.config as config
from trytond.model.exceptions import AccessError

from qlvb_demo.pki import blank_pdf
from .test_scenario_outgoing import OutgoingSteps, draft
from qlvb_demo.tools import (
    TODAY, DemoScenario, complete, direct, record, refused, submit)

DECISION_CONTENT = """Căn cứ Luật Tổ chức chính quyền địa phương;
Theo đề nghị của Giám đốc Sở Nội vụ.
Điều 1. Thành lập Tổ Kiểm tra công vụ tỉnh.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký."""


def pdf_text(data):
    return '\n'.join(page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(data)).pages)


class OutgoingLifeScenario(OutgoingSteps, DemoScenario):

    def test_templates_and_versions(self):
        "A decision and a letter drafted from templates; each change kept"
        # The test command installs LibreOffice: without it this is an
        # error of the machine, not a reason to skip.
        if not shutil.which('soffice'):
            self.fail("LibreOffice (soffice) is not installed: run "
                "setup/test.sh or install libreoffice-writer-nogui")
        self.login('chuyenvien')
        decision = draft("Về việc thành lập Tổ Kiểm tra công vụ tỉnh", 'QĐ',
            "Sổ văn bản đi của UBND tỉnh", content=DECISION_CONTENT)
        self.assertEqual([v.number for v in decision.versions], [1])
        decision.click('render_template')
        text = pdf_text(bytes(decision.main_file))
        for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "ỦY BAN NHÂN DÂN", "BÌNH THUẬN", "Số: /QĐ-UBND",
                "Bình Thuận, ngày tháng năm", "QUYẾT ĐỊNH",
                "Về việc thành lập Tổ Kiểm tra công vụ tỉnh",
                "Điều 1. Thành lập Tổ Kiểm tra công vụ tỉnh.",
                "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An",
                "Nơi nhận:", "Lưu: VT, NCKSTTHC."]:
            self.assertIn(expected, text)
        self.assertTrue(decision.main_filename.endswith('.pdf'))
        decision.reload()
        self.assertEqual([v.number for v in decision.versions], [2, 1])
        self.assertIsNone(decision.versions[1].main_file)
        self.assertEqual(bytes(decision.versions[0].main_file),
            bytes(decision.main_file))

        # A deputy signs a letter for the chairman (KT.), with V/v and
        # Kính gửi in the letter layout.
        letter = draft("Về việc đôn đốc báo cáo kết quả", 'CV',
            "Sổ văn bản đi của UBND tỉnh", signer='phochutich',
            content="Đề nghị các sở báo cáo trước ngày 15.",
            internal_recipients=[
                record('qlvb.agency', [('abbreviation', '=', 'SNV')])])
        letter.signer_authority = 'KT.'
        letter.signer_title = "Phó Chủ tịch"
        letter.save()
        letter.click('render_template')
        text = pdf_text(bytes(letter.main_file))
        for expected in ["/UBND-NCKSTTHC", "V/v Về việc đôn đốc",
                "Kính gửi: Sở Nội vụ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                "- Sở Nội vụ;"]:
            self.assertIn(expected, text)

        # Without LibreOffice the user is told, and nothing changes.
        previous = bytes(letter.main_file)
        saved = config.get('report', 'convert_command', default=None)
        config.set('report', 'convert_command',
            'no-such-soffice "%(input_path)s"')
        try:
            with refused(self, 'qlvb_outgoing.msg_outgoing_no_converter',
                    document=letter.rec_name) as error:
                letter.click('render_template')
        finally:
            if saved is None:
                config._config.remove_option('report', 'convert_command')
                config._cache_clear()
            else:
                config.set('report', 'convert_command', saved)
        self.assertIn("LibreOffice", error.exception.message)
        letter.reload()
        self.assertEqual(bytes(letter.main_file), previous)

        # After approval, a change goes back to the signer and is kept.
        decision = self.walk_to_approved(decision.id)
        self.login('chuyenvien')
        decision = Model.get('qlvb.outgoing')(decision.id)
        decision.content = DECISION_CONTENT + "\nĐiều 3. Tổ chức thực hiện."
        decision.save()
        self.assertEqual(decision.state, 'approval')
        self.assertEqual(len(decision.versions), 3)
        self.assertIn("Điều 3", decision.versions[0].content)
        self.assertNotIn("Điều 3", decision.versions[1].content)
        # Versions are evidence: nobody edits them.
        version = Model.get('qlvb.outgoing.version')(decision.versions[0].id)
        version.subject = "Sửa lịch sử"
        with refused(self, 'qlvb_outgoing.msg_version_readonly',
                exception=AccessError):
            version.save()

    def issue_letter(self, subject):
        "A letter to Sở Nội vụ, issued"
        self.setup_signing()
        self.login('chuyenvien')
        letter = draft(subject, 'CV', "Sổ văn bản đi của UBND tỉnh",
            main_file=blank_pdf(text="Cong van"), main_filename='cv.pdf',
            internal_recipients=[
                record('qlvb.agency', [('abbreviation', '=', 'SNV')])])
        self.walk_to_approved(letter.id)
        letter = self.sign_number_seal(letter.id)
        letter.click('issue')
        self.assertEqual(letter.state, 'issued')
        return letter

    def received_copy(self, reference):
        self.login('vanthusnv')
        return record('qlvb.incoming', [('reference', '=', reference)])

    def test_recall_replace_correct(self):
        "Recall and replacement reach the recipient; corrections are linked"
        letter = self.issue_letter("Về việc triệu tập họp giao ban")
        incoming = self.received_copy(letter.reference)
        incoming.click('register_arrival')

        # Recall: a reason is required; the recipient's copy is frozen.
        self.login('vanthu')
        wizard = Wizard('qlvb.outgoing.recall',
            [Model.get('qlvb.outgoing')(letter.id)])
        wizard.form.reason = "Ban hành nhầm đối tượng"
        wizard.execute('apply')
        letter = Model.get('qlvb.outgoing')(letter.id)
        self.assertEqual(letter.state, 'recalled')
        self.assertEqual(letter.change_reason, "Ban hành nhầm đối tượng")
        self.assertEqual(letter.changed_by.id, self.users['vanthu'])
        self.assertIsNotNone(letter.change_date)
        copy = self.received_copy(letter.reference)
        self.assertEqual(copy.state, 'recalled')
        # A recalled document cannot be recalled or replaced again.
        self.login('vanthu')
        recalled = Model.get('qlvb.outgoing')(letter.id)
        with refused(self, 'ir.msg_button_state_record', button='replace',
                record=recalled.rec_name):
            recalled.click('replace')

        # Replacement: a new draft; the old one is replaced when it issues.
        old = self.issue_letter("Về việc tổ chức hội nghị")
        self.login('vanthu')
        wizard = Wizard('qlvb.outgoing.replace',
            [Model.get('qlvb.outgoing')(old.id)])
        wizard.form.reason = "Thay đổi thời gian hội nghị"
        wizard.execute('apply')
        new, = Model.get('qlvb.outgoing').find([('replaces', '=', old.id)])
        self.assertEqual((new.state, new.number, new.subject),
            ('draft', None, "Về việc tổ chức hội nghị"))
        self.assertEqual(Model.get('qlvb.outgoing')(old.id).state, 'issued')
        self.walk_to_approved(new.id)
        new = self.sign_number_seal(new.id)
        new.click('issue')
        old = Model.get('qlvb.outgoing')(old.id)
        self.assertEqual(old.state, 'replaced')
        self.assertEqual([o.id for o in old.replaced_by], [new.id])
        self.assertEqual(old.change_reason, "Thay đổi thời gian hội nghị")
        self.assertNotEqual(new.reference, old.reference)

        # A correcting letter (đính chính) points to what it corrects.
        self.login('chuyenvien')
        correction = draft("Đính chính Công văn " + new.reference, 'CV',
            "Sổ văn bản đi của UBND tỉnh",
            corrects=Model.get('qlvb.outgoing')(new.id))
        self.assertEqual([c.id for c in Model.get('qlvb.outgoing')(
                        new.id).corrections], [correction.id])

    def test_comments_from_another_agency(self):
        "An agency asked for comments answers by completing the request"
        self.login('chuyenvien')
        pdf = blank_pdf(text="Du thao")
        plan = draft("Đề án vị trí việc làm năm 2027", 'ĐA',
            "Sổ văn bản đi của UBND tỉnh",
            main_file=pdf, main_filename='du-thao.pdf')
        request = Model.get('qlvb.outgoing.comment')(outgoing=plan,
            agency=record('qlvb.agency', [('abbreviation', '=', 'SNV')]),
            question="Đề nghị Sở Nội vụ góp ý", complexity='complex')
        request.save()
        request.click('send')
        self.assertEqual(request.state, 'requested')
        # It waits at Sở Nội vụ with the draft and the response deadline.
        self.login('vanthusnv')
        incoming = record('qlvb.incoming',
            [('id', '=', request.incoming.id)])
        self.assertEqual(incoming.state, 'received')
        self.assertEqual(incoming.due_date, request.deadline)
        self.assertIn("Đề án vị trí việc làm năm 2027", incoming.subject)
        self.assertEqual(bytes(incoming.main_file), pdf)
        incoming.click('register_arrival')
        submit(incoming, self.users['giamdocsnv'])
        self.login('giamdocsnv')
        direct(Model.get('qlvb.incoming')(incoming.id), "Phòng CCHC góp ý.",
            lines=[('lead', "Phòng Cải cách hành chính", None,
                    request.deadline)])
        self.login('truongphongsnv')
        assignment = record('qlvb.incoming.assignment',
            [('incoming', '=', incoming.id)])
        complete(assignment, TODAY, result_note="Thống nhất với dự thảo.")
        # The drafter reads the answer, on time.
        self.login('chuyenvien')
        request = Model.get('qlvb.outgoing.comment')(request.id)
        self.assertEqual(request.state, 'answered')
        self.assertEqual(request.answer, "Thống nhất với dự thảo.")
        self.assertEqual(request.completion_date, TODAY)
        self.assertEqual(request.timeliness, 'done_on_time')
