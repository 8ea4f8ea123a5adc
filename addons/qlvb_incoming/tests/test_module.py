import datetime as dt

from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.qlvb.exceptions import WrongStateError
from trytond.modules.qlvb.tests import COMPANY_RULE_EXCEPTIONS
from trytond.modules.qlvb_incoming.exceptions import ReasonError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

D = dt.date


class QlvbIncomingTestCase(CompanyTestMixin, ModuleTestCase):
    "Test qlvb_incoming module"
    module = 'qlvb_incoming'

    @property
    def _skip_company_rule(self):
        return super()._skip_company_rule | COMPANY_RULE_EXCEPTIONS

    @with_transaction()
    def test_timeliness_classes_search_and_order(self):
        """The shared timeliness classes, searched and ordered in SQL, with
        only qlvb and qlvb_incoming (and its signature module) activated"""
        pool = Pool()
        Agency = pool.get('qlvb.agency')
        Department = pool.get('qlvb.department')
        Incoming = pool.get('qlvb.incoming')
        Assignment = pool.get('qlvb.incoming.assignment')
        company = create_company()
        agency, = Agency.create([{
                    'name': "VP", 'abbreviation': 'VP', 'level': 'office',
                    'identifier': '000.00.01.H10', 'company': company.id}])
        today = D(2026, 3, 2)  # a Monday
        incoming, = Incoming.create([{
                    'company': company.id, 'subject': "x",
                    'arrival_date': D(2026, 2, 2)}])
        cases = {
            'done_on_time': (D(2026, 2, 27), D(2026, 2, 26)),
            'done_late': (D(2026, 2, 27), D(2026, 3, 2)),
            'overdue': (D(2026, 2, 27), None),
            'due_soon': (D(2026, 3, 5), None),  # 3 working days ahead
            'in_progress': (D(2026, 3, 6), None),  # 4 working days ahead
            'no_deadline': (None, None),
            }
        ids = {}
        for name, (deadline, done) in cases.items():
            # One unit a case: a document names each unit once.
            department, = Department.create([{
                        'name': name, 'agency': agency.id}])
            assignment, = Assignment.create([{
                        'incoming': incoming.id, 'role': 'lead',
                        'department': department.id, 'deadline': deadline,
                        'completion_date': done,
                        'state': 'done' if done else 'assigned'}])
            ids[name] = assignment.id
        with Transaction().set_context(qlvb_today=today):
            for name, id_ in ids.items():
                self.assertEqual(Assignment(id_).timeliness, name)
                self.assertEqual([a.id for a in Assignment.search(
                                [('timeliness', '=', name)])], [id_])
            self.assertEqual(
                len(Assignment.search([('timeliness', 'in',
                                ['overdue', 'due_soon'])])), 2)
            ordered = [a.id for a in Assignment.search(
                    [], order=[('timeliness', 'DESC'), ('id', 'ASC')])]
            self.assertEqual(ordered[0], ids['overdue'])
            self.assertEqual(ordered[-1], ids['no_deadline'])
            # The document is as late as its worst lead assignment.
            self.assertEqual(Incoming(incoming.id).timeliness, 'overdue')
            self.assertEqual(Incoming.search(
                    [('timeliness', '=', 'overdue')]), [incoming])
        with Transaction().set_context(qlvb_today=D(2026, 2, 20)):
            self.assertEqual(
                Assignment(ids['overdue']).timeliness, 'in_progress')

    @with_transaction()
    def test_transition_refuses_wrong_state(self):
        "A transition refuses, with a message, what it would skip silently"
        pool = Pool()
        Incoming = pool.get('qlvb.incoming')
        Register = pool.get('qlvb.incoming.register')
        company = create_company()
        with set_company(company):
            Register.create([{'name': "Sổ đến", 'company': company.id}])
            incoming, = Incoming.create([{'subject': "Văn bản thử"}])
            self.assertEqual(incoming.state, 'received')

            # Only a registered document can be cancelled.
            with self.assertRaises(WrongStateError) as error:
                Incoming.do_cancel([incoming], "Nhầm")
            self.assertIn(incoming.rec_name, error.exception.message)
            self.assertIn("Received", error.exception.message)
            self.assertEqual(incoming.state, 'received')

            with self.assertRaises(ReasonError):
                Incoming.do_reject([incoming], " ")
            Incoming.do_reject([incoming], " Gửi nhầm cơ quan ")
            self.assertEqual(
                (incoming.state, incoming.state_reason),
                ('rejected', "Gửi nhầm cơ quan"))


del ModuleTestCase
