import unittest

from trytond.modules.qlvb.tests.coverage import TranslationCoverage


class QlvbTaskCoverage(TranslationCoverage, unittest.TestCase):
    module = 'qlvb_task'
