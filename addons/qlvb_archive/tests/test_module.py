from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.qlvb.tests import COMPANY_RULE_EXCEPTIONS
from trytond.tests.test_tryton import ModuleTestCase


class QlvbArchiveTestCase(CompanyTestMixin, ModuleTestCase):
    "Test qlvb_archive module"
    module = 'qlvb_archive'
    extras = ['qlvb_task']

    @property
    def _skip_company_rule(self):
        return super()._skip_company_rule | COMPANY_RULE_EXCEPTIONS


del ModuleTestCase
