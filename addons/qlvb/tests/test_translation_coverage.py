import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb'
