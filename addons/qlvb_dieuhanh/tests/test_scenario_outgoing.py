"""Outgoing documents from draft to number as the real users, through
proteus; the reply closes the incoming document's processing file."""
import datetime as dt
import io

import openpyxl

from proteus import Model, Wizard
from trytond.modules.qlvb_signature.signing import signature_box, verify

from qlvb_demo.pki import (
    OFFICE_NAME, ORGANISATION_NAME, SIGNER_NAME, blank_pdf, make_pki,
    seal_png, signature_png)

from qlvb_demo.tools import (
    TODAY, DemoScenario, accept_warning, click, direct, give_number,
    new_incoming, queue, record, refused, seal, sign, submit)



def draft(subject, type_code, register_name, department="Phòng Nội chính - "
        "Kiểm soát thủ tục hành chính", signer='chutich', **values):
    Outgoing = Model.get('qlvb.outgoing')
    outgoing = Outgoing(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', type_code)]),
        drafting_department=record(
            'qlvb.department', [('name', '=', department)]),
        register=record('qlvb.outgoing.register',
            [('name', '=', register_name)]),
        signer=record('res.user', [('login', '=', signer)]),
        signer_authority='TM.', signer_title="Chủ tịch", **values)
    outgoing.save()
    return outgoing


class OutgoingSteps:
    "The steps every outgoing scenario walks through"

    def walk_to_approved(self, outgoing_id, reviewer='truongphong'):
        "Content review, format check and the signer's approval"
        for login, button in [('chuyenvien', 'to_review'),
                (reviewer, 'to_format_check'),
                ('vanthu', 'to_approval'), ('chutich', 'approve')]:
            self.login(login)
            outgoing = Model.get('qlvb.outgoing')(outgoing_id)
            outgoing.click(button)
        self.assertEqual(outgoing.state, 'approved')
        self.assertEqual(outgoing.approved_by.id, self.users['chutich'])
        return outgoing

    def setup_signing(self):
        """Trusted root and certificates, once; refusals of bad
        certificates, checked by every test that calls it"""
        pki = make_pki()
        ready = getattr(type(self), '_signing_ready', False)
        self.login('admin')
        Certificate = Model.get('qlvb.signing.certificate')
        Root = Model.get('qlvb.signing.root')
        if not ready:
            Root(name="CA thử nghiệm", certificate=pki.ca_pem).save()
        for data, passphrase, expected in [
                (pki.expired_p12, pki.passphrase, 'expired'),
                (pki.signer_p12, 'sai', 'bad_passphrase'),
                (b'not a certificate', None, 'bad_certificate')]:
            with refused(self, f'qlvb_signature.msg_signing_{expected}'):
                Certificate(kind='personal',
                    user=Model.get('res.user')(self.users['chutich']),
                    pkcs12=data, passphrase=passphrase).save()
        if ready:
            return pki
        personal = Certificate(kind='personal',
            user=Model.get('res.user')(self.users['chutich']),
            pkcs12=pki.signer_p12, passphrase=pki.passphrase,
            image=signature_png())
        personal.save()
        self.assertEqual(personal.subject, SIGNER_NAME)
        # The passphrase checked the upload; it is not kept.
        self.assertIsNone(Certificate(personal.id).passphrase)
        # Each agency seals with its own certificate: the committee's
        # documents with the committee's, not with its Office's (the
        # clerk's agency).
        for name, p12 in [(ORGANISATION_NAME, pki.organisation_p12),
                (OFFICE_NAME, pki.office_p12)]:
            Certificate(kind='organisation',
                company=record('company.company', [('party.name', '=', name)]),
                pkcs12=p12, passphrase=pki.passphrase,
                image=seal_png()).save()
        type(self)._signing_ready = True
        return pki

    def sign_number_seal(self, outgoing_id):
        "The signer signs; the clerk numbers and seals; returns the document"
        self.login('chutich')
        sign(outgoing_id)
        self.login('vanthu')
        click(outgoing_id, 'give_number')
        seal(outgoing_id)
        return Model.get('qlvb.outgoing')(outgoing_id)

    def reply_from_snv(self, incoming_id, subject):
        "Sở Nội vụ registers what it received and numbers a reply to it"
        self.login('vanthusnv')
        incoming = Model.get('qlvb.incoming')(incoming_id)
        if incoming.state == 'received':
            incoming.click('register_arrival')
        self.login('truongphongsnv')
        reply = Model.get('qlvb.outgoing')(subject=subject,
            document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
            drafting_department=record('qlvb.department', [
                    ('name', '=', "Phòng Cải cách hành chính")]),
            signer=record('res.user', [('login', '=', 'giamdocsnv')]),
            signer_title="Giám đốc",
            reply_to=[Model.get('qlvb.incoming')(incoming_id)])
        reply.save()
        for login, button in [('truongphongsnv', 'to_review'),
                ('truongphongsnv', 'to_format_check'),
                ('vanthusnv', 'to_approval'), ('giamdocsnv', 'approve'),
                ('vanthusnv', 'give_number')]:
            self.login(login)
            click(reply.id, button)
        return Model.get('qlvb.outgoing')(reply.id)


class OutgoingScenario(OutgoingSteps, DemoScenario):

    def test_decision_and_letter_numbers(self):
        "Numbers run per register from 01; symbols follow Decree 30"
        # A register of this test alone (the other tests number in the
        # demo's UBND series): an advisory body issuing in its own name.
        self.login('admin')
        ubnd = record('qlvb.outgoing.register',
            [('name', '=', "Sổ văn bản đi của UBND tỉnh")])
        Model.get('qlvb.outgoing.register')(
            name="Sổ văn bản đi của Ban Chỉ đạo", company=ubnd.company,
            abbreviation='BCĐ', issuer=ubnd.issuer).save()
        self.login('chuyenvien')
        decision = draft("Quyết định thành lập Tổ Kiểm tra công vụ", 'QĐ',
            "Sổ văn bản đi của Ban Chỉ đạo")
        letter = draft("Về việc đôn đốc thực hiện nhiệm vụ", 'CV',
            "Sổ văn bản đi của Ban Chỉ đạo")
        self.assertEqual(decision.state, 'draft')
        for outgoing in [decision, letter]:
            self.walk_to_approved(outgoing.id)
        self.login('vanthu')
        decision = Model.get('qlvb.outgoing')(decision.id)
        give_number(decision.id)
        decision.reload()
        letter = Model.get('qlvb.outgoing')(letter.id)
        give_number(letter.id)
        letter.reload()
        self.assertEqual(decision.reference, '01/QĐ-BCĐ')
        self.assertEqual(letter.reference, '02/BCĐ-NCKSTTHC')
        self.assertEqual(decision.issue_date, TODAY)
        self.assertEqual(decision.numbered_by.id, self.users['vanthu'])
        # Numbering twice is refused; nothing changes.
        # (the button's state rule refuses it before the action runs)
        with refused(self, 'ir.msg_button_state_record',
                button='give_number', record=decision.rec_name):
            decision.click('give_number')
        decision.reload()
        self.assertEqual(decision.reference, '01/QĐ-BCĐ')

        # An advisory body issues in its own name and series.
        self.login('chuyenvien')
        report = draft("Báo cáo tổng kết 2 năm kiểm tra công vụ", 'BC',
            "Sổ văn bản đi của Tổ Kiểm tra công vụ")
        self.walk_to_approved(report.id)
        self.login('vanthu')
        report = Model.get('qlvb.outgoing')(report.id)
        give_number(report.id)
        report.reload()
        self.assertEqual(report.reference, '01/BC-TKT')

        # Sổ đăng ký văn bản đi of the UBND series, as XLSX.
        wizard = Wizard('qlvb.incoming.register.print')
        wizard.form.kind = 'outgoing'
        wizard.form.outgoing_register = decision.register
        wizard.form.date_from = TODAY.replace(month=1, day=1)
        wizard.form.date_to = TODAY
        wizard.execute('export')
        sheet = openpyxl.load_workbook(
            io.BytesIO(wizard.form.file)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = next(i for i, r in enumerate(rows)
            if r[0] == "Số, ký hiệu văn bản")
        self.assertEqual(len(rows[header]), 10)
        self.assertEqual(rows[header][3], "Người ký")
        body = rows[header + 1:]
        self.assertEqual([r[0] for r in body], ['01/QĐ-BCĐ', '02/BCĐ-NCKSTTHC'])
        self.assertEqual(body[0][1].date(), TODAY)
        self.assertTrue(body[0][2].startswith("Quyết định: Quyết định thành lập"))
        self.assertEqual(body[0][3], "Nguyễn Văn An")

    def test_change_after_approval_goes_back_to_signer(self):
        self.login('chuyenvien')
        outgoing = draft("Kế hoạch kiểm tra", 'KH',
            "Sổ văn bản đi của UBND tỉnh")
        outgoing = self.walk_to_approved(outgoing.id)
        self.login('vanthu')
        outgoing = Model.get('qlvb.outgoing')(outgoing.id)
        outgoing.subject = "Kế hoạch kiểm tra (sửa)"
        outgoing.save()
        self.assertEqual(outgoing.state, 'approval')
        self.assertIsNone(outgoing.approved_by)
        # A clerk cannot number it now, nor approve it.
        with refused(self, 'ir.msg_button_state_record',
                button='give_number', record=outgoing.rec_name):
            outgoing.click('give_number')
        with refused(self, 'ir.msg_access_button_error', button='approve'):
            outgoing.click('approve')
        # Another leader is not the signer.
        self.login('phochutich')
        outgoing = Model.get('qlvb.outgoing')(outgoing.id)
        with refused(self, 'qlvb_outgoing.msg_outgoing_not_signer',
                document=outgoing.rec_name, signer="Nguyễn Văn An"):
            outgoing.click('approve')
        outgoing.reload()
        self.assertEqual(outgoing.state, 'approval')
        self.assertIsNone(outgoing.number)

    def test_bad_input(self):
        self.login('chuyenvien')
        Outgoing = Model.get('qlvb.outgoing')
        outgoing = draft("Không phải PDF", 'TB', "Sổ văn bản đi của UBND tỉnh")
        outgoing.main_file = b'<html>not a pdf</html>'
        outgoing.main_filename = 'x.html'
        with refused(self, 'qlvb.msg_file_not_pdf', file='x.html'):
            outgoing.save()
        outgoing = Outgoing(outgoing.id)
        with refused(self, 'qlvb_outgoing.msg_outgoing_system_fields'):
            Outgoing._proxy.write([outgoing.id], {'number': 5},
                self.config.context)
        # A letter from a department without abbreviation cannot be numbered.
        letter = draft("Công văn", 'CV', "Sổ văn bản đi của Văn phòng",
            department="Phòng Văn hóa - Xã hội")
        self.login('admin')
        department = record(
            'qlvb.department', [('name', '=', "Phòng Văn hóa - Xã hội")])
        department.abbreviation = None
        department.save()

        def restore():
            self.login('admin')
            department.abbreviation = 'VX'
            department.save()
        self.addCleanup(restore)  # the other tests keep the demo's unit
        self.walk_to_approved(letter.id, reviewer='truongphongvx')
        self.login('vanthu')
        letter = Model.get('qlvb.outgoing')(letter.id)
        with refused(self, 'qlvb_outgoing.msg_outgoing_no_unit_abbreviation',
                department=department.rec_name):
            give_number(letter.id)
            letter.reload()
        letter.reload()
        self.assertEqual(letter.state, 'approved')

    def test_reply_closes_the_processing_file(self):
        "The reply is recorded in the incoming document's processing file"
        u = self.users
        self.login('vanthu')
        incoming = new_incoming("Đề nghị báo cáo", reference='44/CV-BNV')
        incoming.click('register_arrival')
        submit(incoming, u['chutich'])
        self.login('chutich')
        direct(Model.get('qlvb.incoming')(incoming.id), "Phòng NC trả lời.",
            lines=[('lead', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                    None, TODAY + dt.timedelta(days=7))])
        self.login('chuyenvien')
        reply = draft("Trả lời Bộ Nội vụ", 'CV', "Sổ văn bản đi của UBND tỉnh",
            reply_to=[Model.get('qlvb.incoming')(incoming.id)])
        self.walk_to_approved(reply.id)
        self.login('vanthu')
        reply = Model.get('qlvb.outgoing')(reply.id)
        give_number(reply.id)
        reply.reload()
        self.login('truongphong')
        assignment = record('qlvb.incoming.assignment',
            [('incoming', '=', incoming.id)])
        wizard = Wizard('qlvb.incoming.assignment.complete', [assignment])
        wizard.form.result_outgoing = Model.get('qlvb.outgoing')(reply.id)
        wizard.form.completion_date = TODAY
        wizard.execute('complete')
        assignment.reload()
        self.assertEqual(assignment.result_reference, reply.reference)
        self.assertEqual(assignment.result_outgoing.id, reply.id)
        self.login('vanthu')
        incoming = Model.get('qlvb.incoming')(incoming.id)
        self.assertEqual(incoming.state, 'completed')
        self.assertEqual([o.id for o in incoming.processing_file.outgoings],
            [reply.id])

    def test_signatures(self):
        "Signer's and organisation's PAdES signatures, verified and stored"
        pki = self.setup_signing()
        self.login('chuyenvien')
        pdf = blank_pdf(text="Quyet dinh ban hanh Quy che lam viec")
        decision = draft("Quyết định ban hành Quy chế làm việc", 'QĐ',
            "Sổ văn bản đi của UBND tỉnh", main_file=pdf,
            main_filename='quyet-dinh.pdf')
        Model.get('ir.attachment')(resource=decision, name='phu-luc.pdf',
            data=blank_pdf(text="Phu luc")).save()
        self.walk_to_approved(decision.id)
        # Nobody signs for the signer: not the administrator (who has no
        # certificate), not with a wrong passphrase.
        self.login('admin')
        with refused(self, 'qlvb_outgoing.msg_outgoing_not_signer',
                document=decision.rec_name, signer="Nguyễn Văn An"):
            sign(decision.id)
        self.login('chutich')
        with refused(self, 'qlvb_signature.msg_signing_bad_passphrase'):
            sign(decision.id, passphrase='sai')
        decision = Model.get('qlvb.outgoing')(decision.id)
        self.assertEqual(decision.state, 'approved')
        self.assertIsNone(decision.signed_file)
        shown = sign(decision.id)
        self.assertIn(decision.rec_name, shown['documents'])
        self.assertIn('quyet-dinh.pdf', shown['documents'])
        self.assertEqual(shown['certificate'], SIGNER_NAME)
        decision = Model.get('qlvb.outgoing')(decision.id)
        self.assertEqual(decision.state, 'signed')
        self.assertEqual(decision.signature_state, 'valid')
        self.assertIn(SIGNER_NAME, decision.signature_details)
        self.login('vanthu')
        decision = Model.get('qlvb.outgoing')(decision.id)
        give_number(decision.id)
        decision.reload()
        with refused(self, 'qlvb_signature.msg_signing_bad_passphrase'):
            seal(decision.id, passphrase='sai')
        # Issued TM. the committee: sealed with the committee's certificate
        # only; without one the clerk is told whose is missing.
        self.login('admin')
        committee, = Model.get('qlvb.signing.certificate').find(
            [('subject', '=', ORGANISATION_NAME)])
        committee.active = False
        committee.save()
        self.login('vanthu')
        with refused(self, 'qlvb_outgoing.msg_outgoing_no_seal_certificate',
                document=decision.rec_name, agency=ORGANISATION_NAME):
            seal(decision.id)
        self.login('admin')
        committee.active = True
        committee.save()
        self.login('vanthu')
        shown = seal(decision.id)
        self.assertIn(decision.reference, shown['documents'])
        self.assertEqual(shown['certificate'], ORGANISATION_NAME)
        decision = Model.get('qlvb.outgoing')(decision.id)
        self.assertEqual(decision.state, 'sealed')
        self.assertEqual(decision.signature_state, 'valid')
        self.assertIn(ORGANISATION_NAME, decision.signature_details)
        signed = bytes(decision.signed_file)
        result = verify(signed, [pki.ca_pem])
        self.assertEqual([s.signer_name for s in result.signatures],
            [SIGNER_NAME, ORGANISATION_NAME])
        self.assertNotIn(OFFICE_NAME, decision.signature_details)
        # The attachment filed separately: organisation's signature, page 1
        # top-right, without image.
        attachment, = Model.get('ir.attachment').find(
            [('resource', '=', f'qlvb.outgoing,{decision.id}')])
        annex = bytes(attachment.data)
        self.assertEqual([s.signer_name for s in verify(
                        annex, [pki.ca_pem]).signatures], [ORGANISATION_NAME])
        x1, y1, x2, y2 = signature_box(annex, 'Organisation')
        self.assertGreater(x1, 297)  # right half of an A4 page
        self.assertGreater(y1, 421)  # upper half

        # The verification of received PDFs at registration: the clerk
        # registers a doubtful one after accepting the warning.
        def received(pdf, reference, warned=True):
            incoming = new_incoming("Văn bản điện tử", reference=reference,
                medium='electronic', main_file=pdf,
                main_filename='van-ban.pdf')
            if warned:
                accept_warning(self, incoming.click, 'register_arrival')
            else:
                incoming.click('register_arrival')
            return incoming
        self.assertEqual(received(signed, '1/QĐ-X', warned=False)
            .signature_state, 'valid')
        forged = signed.replace(b'Quy', b'Quz', 1)
        self.assertNotEqual(forged, signed)
        self.assertEqual(
            received(forged, '2/QĐ-X').signature_state, 'tampered')
        self.assertEqual(
            received(pdf, '3/QĐ-X').signature_state, 'unsigned')
        from trytond.modules.qlvb_signature.signing import (
            PKCS12Signer, sign_as_signer)
        stranger = sign_as_signer(pdf,
            PKCS12Signer(pki.untrusted_p12, pki.passphrase),
            image_png=None, title="Giám đốc", name="Người Lạ")
        self.assertEqual(
            received(stranger, '4/QĐ-X').signature_state, 'untrusted')

    def test_internal_dispatch(self):
        "Issue to two agencies: each receives it; the sender sees statuses"
        self.setup_signing()
        self.login('chuyenvien')
        letter = draft("Về việc báo cáo kết quả thực hiện Chỉ thị", 'CV',
            "Sổ văn bản đi của UBND tỉnh",
            main_file=blank_pdf(text="Cong van"), main_filename='cv.pdf',
            internal_recipients=[
                record('qlvb.agency', [('abbreviation', '=', 'SNV')]),
                record('qlvb.agency', [('abbreviation', '=', 'STTTT')])])
        self.walk_to_approved(letter.id)
        self.login('chutich')
        sign(letter.id)
        self.login('vanthu')
        letter = Model.get('qlvb.outgoing')(letter.id)
        give_number(letter.id)
        letter.reload()
        # Not sealed: no dispatch yet.
        with refused(self, 'ir.msg_button_state_record', button='issue',
                record=letter.rec_name):
            letter.click('issue')
        seal(letter.id)
        letter = Model.get('qlvb.outgoing')(letter.id)
        letter.click('issue')
        self.assertEqual(letter.state, 'issued')
        self.assertEqual(sorted((d.agency.abbreviation, d.status)
                for d in letter.dispatches),
            [('SNV', 'arrived'), ('STTTT', 'arrived')])

        signed, reference = bytes(letter.signed_file), letter.reference

        # The recipient's clerk finds it waiting, verified, and registers it.
        self.login('vanthusnv')
        incoming = record('qlvb.incoming', [('reference', '=', reference)])
        self.assertEqual(incoming.state, 'received')
        # From the committee the Chairman signed for, not its Office.
        self.assertEqual(incoming.issuer.identifier, '000.00.00.H10')
        self.assertEqual(incoming.signature_state, 'valid')
        self.assertEqual(bytes(incoming.main_file), signed)
        incoming.click('register_arrival')
        self.login('vanthu')
        letter = Model.get('qlvb.outgoing')(letter.id)
        self.assertEqual(sorted((d.agency.abbreviation, d.status)
                for d in letter.dispatches),
            [('SNV', 'registered'), ('STTTT', 'arrived')])
        # The other recipient returns it with a reason the sender reads.
        self.login('admin')
        other = record('qlvb.incoming', [
                ('reference', '=', reference),
                ('company.party.name', '=', "Sở Thông tin và Truyền thông")])
        wizard = Wizard('qlvb.incoming.reject', [other])
        wizard.form.reason = "Không thuộc thẩm quyền"
        wizard.execute('apply')
        self.login('vanthu')
        letter = Model.get('qlvb.outgoing')(letter.id)
        returned, = [d for d in letter.dispatches
            if d.agency.abbreviation == 'STTTT']
        self.assertEqual(
            (returned.status, returned.reason),
            ('returned', "Không thuộc thẩm quyền"))
        # A user of the other agency never sees the sender's document.
        self.login('vanthusnv')
        self.assertEqual(Model.get('qlvb.outgoing').find(
                [('id', '=', letter.id)]), [])

    def test_requests_for_comments(self):
        "Two departments asked for comments; one answers late"
        self.login('chuyenvien')
        plan = draft("Kế hoạch cải cách hành chính năm 2027", 'KH',
            "Sổ văn bản đi của UBND tỉnh")
        Comment = Model.get('qlvb.outgoing.comment')
        requests = []
        for name, complexity in [("Phòng Văn hóa - Xã hội", 'simple'),
                ("Phòng Tổng hợp", 'complex')]:
            # Asked on Friday 24/4/2026, before Giỗ Tổ (Monday 27/4
            # observed), 30/4 and 1/5.
            request = Comment(outgoing=plan, question="Đề nghị góp ý",
                department=record('qlvb.department', [('name', '=', name)]),
                requested_date=dt.date(2026, 4, 24))
            request.complexity = complexity
            request.save()
            requests.append(request)
        # The suggestion counts working days from the request date: 3 for a
        # simple matter (28/4, 29/4, 4/5), 10 for a complex one (28/4,
        # 29/4, 4/5 to 8/5, 11/5 to 13/5).
        self.assertEqual([r.deadline for r in requests],
            [dt.date(2026, 5, 4), dt.date(2026, 5, 13)])
        vx, th = requests
        th.deadline = TODAY + dt.timedelta(days=15)  # editable suggestion
        th.save()
        for request in requests:
            request.click('send')
        self.assertEqual([r.state for r in requests],
            ['requested', 'requested'])
        with refused(self, 'qlvb_outgoing.msg_comment_sent',
                request=vx.rec_name):  # sent: no more changes
            vx.question = "Sửa"
            vx.save()

        self.login('truongphongvx')
        queue_tabs = queue('qlvb_outgoing.act_comment_to_answer')
        for tab, (count, ids) in queue_tabs.items():
            self.assertEqual(count, len(ids), tab)
        self.assertIn(vx.id, queue_tabs['Quá hạn'][1])
        # The requested department reads the draft it comments on.
        self.assertEqual(Model.get('qlvb.outgoing')(plan.id).subject,
            "Kế hoạch cải cách hành chính năm 2027")
        wizard = Wizard('qlvb.outgoing.comment.answer',
            [Comment(vx.id)])
        wizard.form.answer = "Thống nhất, đề nghị bổ sung chỉ tiêu."
        wizard.execute('answer')
        vx = Comment(vx.id)
        self.assertEqual(vx.state, 'answered')
        self.assertEqual(vx.timeliness, 'done_late')
        # Another department cannot answer for the one asked.
        with refused(self, 'qlvb.msg_duty_not_yours', duty=th.rec_name):
            wizard = Wizard('qlvb.outgoing.comment.answer', [Comment(th.id)])
            wizard.form.answer = "Không phải phòng mình"
            wizard.execute('answer')
        self.login('chuyenvien')
        th = Model.get('qlvb.outgoing.comment')(th.id)
        self.assertEqual((th.state, th.timeliness), ('requested', 'in_progress'))
