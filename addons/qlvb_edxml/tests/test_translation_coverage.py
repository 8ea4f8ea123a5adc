import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbEdxmlCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_edxml'
