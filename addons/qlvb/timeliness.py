"""Timeliness: the one rule that classes assignments, tasks and
recommendations as on time, late, due soon or overdue.

The class is computed by SQL from two stored, indexed columns (deadline and
completion date) and two parameters (today, and the last day of the "due
soon" window counted in working days), so lists can search and sort by it
without loading records into Python. Display, search, order and statistics
all use `timeliness_case`, the rule written once.
"""
from sql import Literal, Null
from sql.conditionals import Case

from trytond.model import fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

CLASSES = [
    ('done_on_time', "Completed On Time"),
    ('done_late', "Completed Late"),
    ('in_progress', "In Progress Within Deadline"),
    ('due_soon', "Due Soon"),
    ('overdue', "Overdue"),
    ('no_deadline', "No Deadline"),
    ]
# From the least to the most serious, for "the worst of" and for sorting.
SEVERITY = {
    'no_deadline': 0,
    'done_on_time': 1,
    'in_progress': 2,
    'due_soon': 3,
    'done_late': 4,
    'overdue': 5,
    }
DONE = {'done_on_time', 'done_late'}
# Not done and with a deadline: searched by bounds on the deadline.
OPEN = {'in_progress', 'due_soon', 'overdue'}


def _today():
    "Today, or the date frozen by the context key `qlvb_today`"
    Date = Pool().get('ir.date')
    return Transaction().context.get('qlvb_today') or Date.today()


def timeliness_window():
    """Return (today, last day of the due-soon window).

    The context key `qlvb_today` freezes "today" (reports as of a date,
    reminder runs, tests).
    """
    pool = Pool()
    Calendar = pool.get('qlvb.working_calendar')
    Configuration = pool.get('qlvb.configuration')
    today = _today()
    days = Configuration(1).due_soon_days or 0
    return today, Calendar.add_working_days(today, days)


def days_left(deadline, completed=None):
    """Working days left until the deadline, counted as deadlines are.

    Every deadline of the e-office is set in working days
    (`working_calendar.add_working_days`), so what is left is counted in
    working days too: 0 on the deadline itself, 1 the working day before,
    negative once overdue (-1 the working day after). None for work already
    completed or without a deadline. "Today" is the one of
    `timeliness_window` (the `qlvb_today` context freezes it).
    Calendar and working days of a year are cached, so a list of 100 rows
    costs no query per row.
    """
    if not deadline or completed:
        return None
    Calendar = Pool().get('qlvb.working_calendar')
    return Calendar.count_working_days(_today(), deadline)


def days_left_field():
    "The `days_left` column of a queue (its getter: get_days_left)"
    return fields.Function(
        fields.Integer("Days Left",
            help="Working days left until the deadline "
            "(negative when overdue)."),
        'get_days_left')


def overdue_rows(field='timeliness'):
    "The view attribute painting a list's overdue rows red"
    return ('/tree', 'visual',
        If(Eval(field) == 'overdue', 'danger', ''), [field])


def finished_late(deadline, completed):
    "Whether work completed on that date missed its deadline (as below)"
    return bool(deadline and completed and completed > deadline)


def timeliness_case(deadline, completed, today, due_soon_until):
    "SQL expression giving the class of a row"
    return Case(
        (deadline == Null, Literal('no_deadline')),
        (completed != Null,
            Case((completed <= deadline, Literal('done_on_time')),
                else_=Literal('done_late'))),
        (deadline < today, Literal('overdue')),
        (deadline <= due_soon_until, Literal('due_soon')),
        else_=Literal('in_progress'))


def severity_case(expression):
    "SQL expression turning a class into its severity"
    return Case(*((expression == Literal(k), Literal(v))
            for k, v in SEVERITY.items()), else_=Literal(0))


class TimelinessMixin:
    """Adds `timeliness` to a model with a stored deadline and completion.

    The model sets `_timeliness_deadline` and `_timeliness_completed` to the
    names of its date columns.
    """
    __slots__ = ()
    _timeliness_deadline = 'deadline'
    _timeliness_completed = 'completion_date'

    timeliness = fields.Function(
        fields.Selection(CLASSES, "Timeliness"),
        'get_timeliness', searcher='search_timeliness')
    days_left = days_left_field()

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [overdue_rows()]

    def get_days_left(self, name):
        return days_left(
            getattr(self, self._timeliness_deadline),
            getattr(self, self._timeliness_completed))

    @classmethod
    def _timeliness_expression(cls, table):
        today, until = timeliness_window()
        return timeliness_case(
            getattr(table, cls._timeliness_deadline),
            getattr(table, cls._timeliness_completed), today, until)

    @classmethod
    def get_timeliness(cls, records, name):
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        result = {}
        expression = cls._timeliness_expression(table)
        for sub in grouped_slice([r.id for r in records]):
            cursor.execute(*table.select(table.id, expression,
                    where=reduce_ids(table.id, sub)))
            result.update(cursor)
        return result

    @classmethod
    def search_timeliness(cls, name, clause):
        _, operator, value = clause[:3]
        table = cls.__table__()
        expression = cls._timeliness_expression(table)
        values = [value] if isinstance(value, str) else list(value or [])
        if operator in {'=', 'in'} and values and set(values) <= OPEN:
            # The classes of work not done, as bounds on the stored columns
            # (the cases of timeliness_case), so the lists' indexes are
            # used instead of classing every row of the table.
            today, until = timeliness_window()
            deadline = cls._timeliness_deadline
            bounds = {
                'overdue': [(deadline, '<', today)],
                'due_soon': [(deadline, '>=', today),
                    (deadline, '<=', until)],
                'in_progress': [(deadline, '>', until)],
                }
            return [(cls._timeliness_completed, '=', None),
                ['OR', *(bounds[v] for v in values)]]
        if operator in {'=', 'in'}:
            where = expression.in_(values)
        elif operator in {'!=', 'not in'}:
            where = ~expression.in_(values)
        else:
            return [('id', '=', -1)]
        return [('id', 'in', table.select(table.id, where=where))]

    @classmethod
    def order_timeliness(cls, tables):
        table, _ = tables[None]
        return [severity_case(cls._timeliness_expression(table))]
