from trytond.tests.test_tryton import ModuleTestCase


class KiemTraCongVuTestCase(ModuleTestCase):
    "Test Kiem Tra Cong Vu module"
    module = 'kiem_tra_cong_vu'


del ModuleTestCase
