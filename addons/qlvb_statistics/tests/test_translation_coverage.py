import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbStatisticsCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_statistics'
