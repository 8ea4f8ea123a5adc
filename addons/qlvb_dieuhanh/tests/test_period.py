"""Reporting periods of Decree 09/2019 (pure functions, no database)."""
import datetime as dt
import unittest

from trytond.modules.qlvb.period import (
    period_containing, period_dates)

D = dt.date


class PeriodTestCase(unittest.TestCase):

    def test_presets(self):
        self.assertEqual(period_dates('month', 2026, 1),
            (D(2025, 12, 15), D(2026, 1, 14)))
        self.assertEqual(period_dates('month', 2026, 3),
            (D(2026, 2, 15), D(2026, 3, 14)))
        self.assertEqual(period_dates('quarter', 2026, 1),
            (D(2025, 12, 15), D(2026, 3, 14)))
        self.assertEqual(period_dates('quarter', 2026, 4),
            (D(2026, 9, 15), D(2026, 12, 14)))
        self.assertEqual(period_dates('half_year', 2026),
            (D(2025, 12, 15), D(2026, 6, 14)))
        self.assertEqual(period_dates('nine_months', 2026),
            (D(2025, 12, 15), D(2026, 9, 14)))
        self.assertEqual(period_dates('year', 2026),
            (D(2025, 12, 15), D(2026, 12, 14)))
        with self.assertRaises(ValueError):
            period_dates('custom', 2026)

    def test_containing(self):
        "After the 14th a date belongs to the next month's period"
        self.assertEqual(period_containing('month', D(2026, 11, 27)),
            (D(2026, 11, 15), D(2026, 12, 14)))
        self.assertEqual(period_containing('month', D(2026, 11, 14)),
            (D(2026, 10, 15), D(2026, 11, 14)))
        self.assertEqual(period_containing('year', D(2026, 12, 20)),
            (D(2026, 12, 15), D(2027, 12, 14)))
        self.assertEqual(period_containing('quarter', D(2026, 12, 16)),
            (D(2026, 12, 15), D(2027, 3, 14)))
