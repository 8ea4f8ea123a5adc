import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbArchiveCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_archive'
