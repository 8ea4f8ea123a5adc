from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.qlvb.exceptions import WrongStateError
from trytond.modules.qlvb.tests import COMPANY_RULE_EXCEPTIONS
from trytond.modules.qlvb_incoming.exceptions import ReasonError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class QlvbIncomingTestCase(CompanyTestMixin, ModuleTestCase):
    "Test qlvb_incoming module"
    module = 'qlvb_incoming'

    @property
    def _skip_company_rule(self):
        return super()._skip_company_rule | COMPANY_RULE_EXCEPTIONS

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
