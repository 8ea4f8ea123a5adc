"""Working-day calendar: the one place every deadline is counted.

A day is a working day when it is Monday to Friday and not a public holiday
(from the `holidays` package, Vietnam, lunar holidays included), unless an
administrator declared it otherwise for that year: an extra day off, or a
make-up working day (usually a Saturday swapped for a bridge day off).
"""
import datetime as dt

import holidays

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import Model, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool

from .exceptions import CalendarError

# A deadline is never this many calendar days beyond its working-day count;
# the bound turns a misconfigured calendar into an error, not a hang.
MAX_CALENDAR_SPAN = 3660


class CalendarDay(ModelSQL, ModelView):
    "A day declared by an administrator, overriding the default calendar"
    __name__ = 'qlvb.calendar.day'
    __string__ = "Calendar Day"

    date = fields.Date("Date", required=True)
    kind = fields.Selection([
            ('day_off', "Day Off"),
            ('working_day', "Working Day"),
            ], "Kind", required=True)
    name = fields.Char("Reason", required=True)
    year = fields.Function(fields.Integer("Year"), 'get_year',
        searcher='search_year')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('date_unique', Unique(t, t.date),
                'qlvb.msg_calendar_day_unique'),
            ]
        cls._order.insert(0, ('date', 'DESC'))

    @classmethod
    def default_kind(cls):
        return 'day_off'

    def get_year(self, name):
        return self.date.year

    @classmethod
    def search_year(cls, name, clause):
        _, operator, value = clause[:3]
        if operator != '=' or not isinstance(value, int):
            return [('id', '=', -1)]
        return [
            ('date', '>=', dt.date(value, 1, 1)),
            ('date', '<=', dt.date(value, 12, 31)),
            ]

    @classmethod
    def on_modification(cls, mode, days, field_names=None):
        super().on_modification(mode, days, field_names=field_names)
        Pool().get('qlvb.working_calendar').clear_cache()


class WorkingCalendar(Model):
    "Working-day arithmetic shared by documents, tasks and recommendations"
    __name__ = 'qlvb.working_calendar'
    __string__ = "Working Calendar"

    _year_cache = Cache('qlvb.working_calendar.year', context=False)

    @classmethod
    def clear_cache(cls):
        cls._year_cache.clear()

    @classmethod
    def _year(cls, year):
        "Return (days off on weekdays, working days on weekends) of the year"
        cached = cls._year_cache.get(year)
        if cached is not None:
            return cached
        CalendarDay = Pool().get('qlvb.calendar.day')
        public = holidays.country_holidays('VN', years=year)
        days_off = {d for d in public if d.weekday() < 5}
        working = {d for d in public.weekend_workdays if d.year == year}
        for day in CalendarDay.search([('year', '=', year)]):
            if day.kind == 'day_off':
                days_off.add(day.date)
                working.discard(day.date)
            else:
                working.add(day.date)
                days_off.discard(day.date)
        # Keep only what differs from the Monday-Friday week.
        result = (
            sorted(d.isoformat() for d in days_off if d.weekday() < 5),
            sorted(d.isoformat() for d in working if d.weekday() >= 5))
        cls._year_cache.set(year, result)
        return result

    @classmethod
    def _exceptions(cls, year):
        days_off, working = cls._year(year)
        return (
            {dt.date.fromisoformat(d) for d in days_off},
            {dt.date.fromisoformat(d) for d in working})

    @classmethod
    def is_working_day(cls, date):
        days_off, working = cls._exceptions(date.year)
        if date in working:
            return True
        return date.weekday() < 5 and date not in days_off

    @classmethod
    def add_working_days(cls, date, days):
        """Return the date `days` working days after `date`.

        `date` itself is not counted, so a document received on Friday with
        a 1-day deadline is due on Monday. With 0 days, `date` is returned.
        """
        if days < 0:
            raise CalendarError(gettext(
                    'qlvb.msg_calendar_negative_days', days=days))
        exceptions, current, count = {}, date, 0
        limit = date + dt.timedelta(days=MAX_CALENDAR_SPAN)
        while count < days:
            current += dt.timedelta(days=1)
            if current > limit:
                raise CalendarError(gettext(
                        'qlvb.msg_calendar_no_working_day',
                        date=date))
            if current.year not in exceptions:
                exceptions[current.year] = cls._exceptions(current.year)
            days_off, working = exceptions[current.year]
            if current in working or (
                    current.weekday() < 5 and current not in days_off):
                count += 1
        return current

    @classmethod
    def count_working_days(cls, start, end):
        """Return the number of working days in ]start, end].

        The inverse of add_working_days: count(d, add(d, n)) == n.
        Negative when end is before start.
        """
        if end < start:
            return -cls.count_working_days(end, start)
        count = 0
        for year in range(start.year, end.year + 1):
            days_off, working = cls._exceptions(year)
            first = max(start + dt.timedelta(days=1), dt.date(year, 1, 1))
            last = min(end, dt.date(year, 12, 31))
            if first > last:
                continue
            span = (last - first).days + 1
            weeks, rest = divmod(span, 7)
            weekdays = weeks * 5 + sum(
                1 for i in range(rest)
                if (first + dt.timedelta(days=i)).weekday() < 5)
            count += weekdays
            count -= sum(1 for d in days_off if first <= d <= last)
            count += sum(1 for d in working if first <= d <= last)
        return count
