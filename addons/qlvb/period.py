"""Reporting periods of Decree 09/2019/NĐ-CP as provinces apply them.

A month runs from the 15th of the previous month to the 14th; a quarter
from the 15th of the month before it to the 14th of its last month;
6 months from 15/12 of the previous year to 14/6; 9 months to 14/9; the
year to 14/12. Pure functions, shared by dashboards and statistics.
"""
import datetime as dt

PERIODS = [
    ('month', "Month"),
    ('quarter', "Quarter"),
    ('half_year', "6 Months"),
    ('nine_months', "9 Months"),
    ('year', "Year"),
    ('custom', "Custom"),
    ]
CUT_OFF = 14


def _start(year, month):
    "The 15th of the month before (year, month)"
    if month == 1:
        return dt.date(year - 1, 12, CUT_OFF + 1)
    return dt.date(year, month - 1, CUT_OFF + 1)


def period_dates(kind, year, number=1):
    """Return (first day, last day) of a reporting period.

    number is the month (1-12) for 'month', the quarter (1-4) for
    'quarter' and ignored for the others.
    """
    if kind == 'month':
        return _start(year, number), dt.date(year, number, CUT_OFF)
    if kind == 'quarter':
        first = 3 * (number - 1) + 1
        return _start(year, first), dt.date(year, first + 2, CUT_OFF)
    last_month = {'half_year': 6, 'nine_months': 9, 'year': 12}.get(kind)
    if last_month is None:
        raise ValueError(kind)
    return _start(year, 1), dt.date(year, last_month, CUT_OFF)


def period_containing(kind, date):
    """Return (first day, last day) of the period of the kind that holds
    date (a date after the 14th of December belongs to the next year)."""
    year, month = date.year, date.month
    if date.day > CUT_OFF:
        month += 1
        if month > 12:
            year, month = year + 1, 1
    if kind == 'month':
        return period_dates('month', year, month)
    if kind == 'quarter':
        return period_dates('quarter', year, (month - 1) // 3 + 1)
    return period_dates(kind, year)
