import unittest

from .coverage import TranslationCoverage


class QlvbDieuhanhCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_dieuhanh'
