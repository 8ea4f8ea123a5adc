"""Shared parts of the dashboards: a reporting period chosen by preset or
by dates, and rows whose every figure opens the list of what it counts."""
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If, PYSONEncoder
from trytond.transaction import Transaction

from .period import PERIODS, period_containing, period_dates


def dashboard_period():
    "Return (first day, last day, as-of day) from the context"
    pool = Pool()
    Date = pool.get('ir.date')
    context = Transaction().context
    today = context.get('qlvb_today') or Date.today()
    start, end = context.get('from_date'), context.get('to_date')
    if not (start and end):
        start, end = period_containing('month', today)
    return start, end, min(end, today)


class PeriodContextMixin:
    """A reporting period chosen by preset (Decree 09/2019) or by dates,
    shared by the dashboards' context models"""
    __slots__ = ()

    period = fields.Selection(PERIODS, "Period", required=True)
    year = fields.Integer("Year", required=True)
    number = fields.Integer("Month or Quarter",
        states={'invisible': ~Eval('period').in_(['month', 'quarter'])})
    from_date = fields.Date("From", required=True,
        states={'readonly': Eval('period') != 'custom'})
    to_date = fields.Date("To", required=True,
        domain=[If(Eval('from_date') & Eval('to_date'),
                ('to_date', '>=', Eval('from_date')), ())],
        states={'readonly': Eval('period') != 'custom'})

    @classmethod
    def default_period(cls):
        return 'month'

    @classmethod
    def _today(cls):
        return Transaction().context.get('qlvb_today') or (
            Pool().get('ir.date').today())

    @classmethod
    def default_year(cls):
        return period_containing('year', cls._today())[1].year

    @classmethod
    def default_number(cls):
        return period_containing('month', cls._today())[1].month

    @classmethod
    def default_from_date(cls):
        return Transaction().context.get('from_date') or period_containing(
            'month', cls._today())[0]

    @classmethod
    def default_to_date(cls):
        return Transaction().context.get('to_date') or period_containing(
            'month', cls._today())[1]

    @fields.depends('period', 'year', 'number')
    def on_change_period(self):
        if self.period == 'quarter' and self.number and self.number > 4:
            self.number = (self.number - 1) // 3 + 1
        self._set_dates()

    @fields.depends('period', 'year', 'number')
    def on_change_year(self):
        self._set_dates()

    @fields.depends('period', 'year', 'number')
    def on_change_number(self):
        self._set_dates()

    @fields.depends('period', 'year', 'number', 'from_date', 'to_date')
    def _set_dates(self):
        if not self.period or self.period == 'custom' or not self.year:
            return
        number = self.number or 1
        limit = 4 if self.period == 'quarter' else 12
        number = min(max(number, 1), limit)
        self.from_date, self.to_date = period_dates(
            self.period, self.year, number)


class FigureListMixin:
    """A dashboard row whose every figure opens the list of exactly the
    records it counts, classed as of the dashboard's date"""
    __slots__ = ()
    _figure_action = None  # 'module.xml_id' of the list action

    def figure_domain(self, figure):
        raise NotImplementedError

    def figure_unit(self):
        "The unit (or person) of the row, for the list's title"
        raise NotImplementedError

    def figure_context(self):
        return {'qlvb_today': dashboard_period()[2]}

    def _open(self, figure):
        pool = Pool()
        Action = pool.get('ir.action')
        ModelData = pool.get('ir.model.data')
        encoder = PYSONEncoder()
        action_id = ModelData.get_id(*self._figure_action.split('.', 1))
        action = Action.get_action_values(
            'ir.action.act_window', [action_id])[0]
        action['pyson_domain'] = encoder.encode(self.figure_domain(figure))
        action['pyson_context'] = encoder.encode(self.figure_context())
        unit = self.figure_unit()
        action['name'] = '%s - %s' % (unit.rec_name if unit else '',
            self.__class__.fields_get([figure])[figure]['string'])
        return action

    @classmethod
    def _open_first(cls, rows, figure):
        if rows:
            return rows[0]._open(figure)

    @classmethod
    @ModelView.button
    def open_done_on_time(cls, rows):
        return cls._open_first(rows, 'done_on_time')

    @classmethod
    @ModelView.button
    def open_done_late(cls, rows):
        return cls._open_first(rows, 'done_late')

    @classmethod
    @ModelView.button
    def open_in_progress(cls, rows):
        return cls._open_first(rows, 'in_progress')

    @classmethod
    @ModelView.button
    def open_due_soon(cls, rows):
        return cls._open_first(rows, 'due_soon')

    @classmethod
    @ModelView.button
    def open_overdue(cls, rows):
        return cls._open_first(rows, 'overdue')
