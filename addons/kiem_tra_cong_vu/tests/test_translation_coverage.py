import unittest

from trytond.modules.qlvb_dieuhanh.tests.coverage import TranslationCoverage


class KiemTraCongVuCoverage(TranslationCoverage, unittest.TestCase):
    module = 'kiem_tra_cong_vu'
