import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbFulltextCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_fulltext'
