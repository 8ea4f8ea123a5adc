import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbSignatureCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_signature'
