"""Issue 4's whole path in one scenario: a decision drafted, commented on
by two departments (one late), reviewed, approved, signed, numbered
NN/QĐ-UBND, sealed and issued to two agencies in the system and to the
Ministry outside it, which replies through edXML."""
import datetime as dt
import os
import re

from proteus import Model, Wizard

from qlvb_demo.pki import blank_pdf
from .test_scenario_edxml import BNV, PeerScenario, run_exchange, use
from .test_scenario_outgoing import OutgoingSteps, draft
from qlvb_demo.tools import TODAY, click, record


class OutgoingDoneScenario(OutgoingSteps, PeerScenario):

    def test_decision_from_draft_to_replies(self):
        self.login('chuyenvien')
        decision = draft("Về việc ban hành Quy chế phối hợp cải cách hành "
            "chính", 'QĐ', "Sổ văn bản đi của UBND tỉnh",
            content="Điều 1. Ban hành kèm theo Quyết định này Quy chế.",
            main_file=blank_pdf(text="Quyet dinh"),
            main_filename='quyet-dinh.pdf',
            internal_recipients=[
                record('qlvb.agency', [('abbreviation', '=', 'SNV')]),
                record('qlvb.agency', [('abbreviation', '=', 'STTTT')])],
            external_recipients=[
                record('qlvb.agency', [('identifier', '=', BNV)])])

        # Comments from two departments; one answers after its deadline.
        Comment = Model.get('qlvb.outgoing.comment')
        late = Comment(outgoing=decision, question="Đề nghị góp ý",
            department=record('qlvb.department',
                [('name', '=', "Phòng Văn hóa - Xã hội")]),
            requested_date=TODAY - dt.timedelta(days=30), complexity='simple')
        late.save()
        on_time = Comment(outgoing=decision, question="Đề nghị góp ý",
            department=record('qlvb.department',
                [('name', '=', "Phòng Hành chính - Tổ chức")]),
            complexity='normal')
        on_time.save()
        for request in [late, on_time]:
            request.click('send')
        for login, request, answer in [
                ('truongphongvx', late, "Đề nghị bổ sung Điều 2."),
                ('vanthu', on_time, "Thống nhất.")]:
            self.login(login)
            request = Model.get('qlvb.outgoing.comment')(request.id)
            wizard = Wizard('qlvb.outgoing.comment.answer', [request])
            wizard.form.answer = answer
            wizard.execute('answer')
        self.login('chuyenvien')
        decision = Model.get('qlvb.outgoing')(decision.id)
        self.assertEqual(sorted((r.department.name, r.timeliness)
                for r in decision.comment_requests), [
                ("Phòng Hành chính - Tổ chức", 'done_on_time'),
                ("Phòng Văn hóa - Xã hội", 'done_late')])

        # Reviews, approval, both signatures, the number.
        self.walk_to_approved(decision.id)
        decision = self.sign_number_seal(decision.id)
        self.assertRegex(decision.reference, r'^\d{2}/QĐ-UBND$')
        self.assertEqual(decision.signature_state, 'valid')
        decision.click('issue')
        self.assertEqual(decision.state, 'issued')
        self.assertEqual(sorted((d.agency.abbreviation, d.status)
                for d in decision.dispatches), [
                ('BNV', None), ('SNV', 'arrived'), ('STTTT', 'arrived')])
        reference = decision.reference

        # Both agencies in the system receive it; one registers and replies.
        reply = self.reply_from_snv(self._received('vanthusnv', reference),
            "Sở Nội vụ triển khai Quy chế")
        self.assertIsNotNone(reply.reference)
        self.login('admin')
        other = record('qlvb.incoming', [('reference', '=', reference),
                ('company.party.name', '=', "Sở Thông tin và Truyền thông")])
        self.assertEqual(other.state, 'received')

        # The Ministry, outside the system, gets it through edXML, registers
        # it and replies the same way.
        run_exchange()
        self.assertTrue(os.listdir(os.path.join(self.exchange, BNV, 'inbox')))
        use(self.peer)
        run_exchange()
        Incoming = Model.get('qlvb.incoming')
        received, = Incoming.find([('reference', '=', reference)])
        self.assertEqual(received.state, 'received')
        self.assertEqual(received.signature_state, 'valid')
        received.click('register_arrival')
        answer = Model.get('qlvb.outgoing')(
            subject="Bộ Nội vụ góp ý Quy chế phối hợp",
            document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
            drafting_department=record('qlvb.department', []),
            signer=record('res.user', [('login', '=', 'admin')]),
            signer_title="Vụ trưởng", reply_to=[received],
            main_file=blank_pdf(text="Tra loi"), main_filename='tra-loi.pdf',
            external_recipients=[received.issuer])
        answer.save()
        for button in ['to_review', 'to_format_check', 'to_approval',
                'approve', 'sign', 'give_number', 'sign_organisation',
                'issue']:
            click(answer, button)
        run_exchange()

        # The sender sees every recipient's status and both replies.
        use(self.config)
        run_exchange()
        self.login('vanthu')
        decision = Model.get('qlvb.outgoing')(decision.id)
        statuses = {d.agency.abbreviation: d for d in decision.dispatches}
        self.assertEqual(statuses['SNV'].status, 'registered')
        self.assertEqual([r.id for r in statuses['SNV'].replies], [reply.id])
        self.assertEqual(statuses['STTTT'].status, 'arrived')
        self.assertEqual(statuses['BNV'].status, 'registered')
        imported, = statuses['BNV'].reply_incomings
        self.assertTrue(re.match(r'^\d{2}/BNV-', imported.reference))
        self.assertEqual(imported.state, 'received')
        self.assertEqual(imported.subject, "Bộ Nội vụ góp ý Quy chế phối hợp")

    def _received(self, login, reference):
        "The id of the copy that arrived at the clerk's agency"
        self.login(login)
        return record('qlvb.incoming', [('reference', '=', reference)]).id
