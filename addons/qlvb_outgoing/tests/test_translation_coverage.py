import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbOutgoingCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_outgoing'
