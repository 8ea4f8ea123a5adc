import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class KiemTraCongVuCoverage(TranslationCoverage, unittest.TestCase):
    module = 'kiem_tra_cong_vu'
