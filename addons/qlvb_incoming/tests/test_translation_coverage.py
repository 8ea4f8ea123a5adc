import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbIncomingCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_incoming'
