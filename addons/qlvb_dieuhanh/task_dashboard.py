"""Leader dashboard: per lead unit, how the tasks of a reporting period
stand. One SQL aggregate (no loop over tasks); every figure opens the list
of exactly the tasks it counts, because both use `task_domain`.

Figures count only the tasks the user may read. A task belongs to the
period when it was assigned on or before its last day and was not
completed before its first day; cancelled and transferred tasks are left
out (the new unit of a transfer counts it). Timeliness is the shared rule,
evaluated as of the last day of the period (or today).
"""
from sql import Literal, Null
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Case, Coalesce

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If, PYSONEncoder
from trytond.transaction import Transaction

from .period import PERIODS, period_containing, period_dates
from .timeliness import timeliness_case

# Row id: agency * UNIT + department (0 for the agency itself).
UNIT = 1000000
EXCLUDED = ['cancelled', 'transferred']
FIGURES = {
    'assigned': None,
    'done_on_time': ['done_on_time'],
    'done_late': ['done_late'],
    'in_progress': ['in_progress'],
    'due_soon': ['due_soon'],
    'overdue': ['overdue'],
    }


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


class DashboardContext(ModelView):
    __name__ = 'qlvb.task.dashboard.context'
    __string__ = "Task Dashboard Period"

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
    against_original = fields.Boolean("Against Original Deadlines",
        help="Count as if no extension had been granted.")

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


class Dashboard(ModelSQL, ModelView):
    "Tasks of a lead unit in a reporting period"
    __name__ = 'qlvb.task.dashboard'
    __string__ = "Task Dashboard"

    lead_agency = fields.Many2One('qlvb.agency', "Lead Agency")
    lead_department = fields.Many2One('qlvb.department', "Lead Department")
    assigned = fields.Integer("Assigned")
    done_on_time = fields.Integer("Finished On Time")
    done_late = fields.Integer("Finished Late")
    in_progress = fields.Integer("In Progress Within Deadline")
    due_soon = fields.Integer("Due Soon")
    overdue = fields.Integer("Overdue")
    unjustified = fields.Integer("Unjustified Delays")
    completion_rate = fields.Function(
        fields.Float("Completion Rate (%)", digits=(3, 1)), 'get_rates')
    overdue_share = fields.Function(
        fields.Float("Overdue Share (%)", digits=(3, 1)), 'get_rates')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('lead_agency', 'ASC'), ('id', 'ASC')]
        cls._buttons.update({
                'open_%s' % f: {} for f in FIGURES})

    @classmethod
    def table_query(cls):
        pool = Pool()
        Task = pool.get('qlvb.task')
        Calendar = pool.get('qlvb.working_calendar')
        Configuration = pool.get('qlvb.configuration')
        task = Task.__table__()
        start, end, as_of = dashboard_period()
        until = Calendar.add_working_days(
            as_of, Configuration(1).due_soon_days or 0)
        if Transaction().context.get('against_original'):
            timeliness = Task.original_timeliness_expression(
                task, as_of, until)
        else:
            timeliness = timeliness_case(
                task.deadline, task.completion_date, as_of, until)

        def count(classes):
            return Sum(Case((timeliness.in_(classes), Literal(1)),
                    else_=Literal(0)))
        where = (~task.state.in_(EXCLUDED)
            & (task.assignment_date <= end)
            & ((task.completion_date == Null)
                | (task.completion_date >= start)))
        # Only the tasks the user may read (record rules), so that a figure
        # never counts tasks its list would not show.
        where &= task.id.in_(Task.search([], order=[], query=True))
        return task.select(
            (task.lead_agency * UNIT
                + Coalesce(task.lead_department, 0)).as_('id'),
            Min(task.create_uid).as_('create_uid'),
            Min(task.create_date).as_('create_date'),
            cls.write_uid.sql_cast(Null).as_('write_uid'),
            cls.write_date.sql_cast(Null).as_('write_date'),
            task.lead_agency.as_('lead_agency'),
            task.lead_department.as_('lead_department'),
            Count(task.id).as_('assigned'),
            count(['done_on_time']).as_('done_on_time'),
            count(['done_late']).as_('done_late'),
            count(['in_progress']).as_('in_progress'),
            count(['due_soon']).as_('due_soon'),
            count(['overdue']).as_('overdue'),
            Sum(Case((task.unjustified_delay == Literal(True), Literal(1)),
                    else_=Literal(0))).as_('unjustified'),
            where=where,
            group_by=[task.lead_agency, task.lead_department])

    @classmethod
    def get_rates(cls, rows, names):
        result = {n: {} for n in names}
        for row in rows:
            total = row.assigned or 0
            done = (row.done_on_time or 0) + (row.done_late or 0)
            if 'completion_rate' in result:
                result['completion_rate'][row.id] = (
                    round(100.0 * done / total, 1) if total else 0.0)
            if 'overdue_share' in result:
                result['overdue_share'][row.id] = (
                    round(100.0 * (row.overdue or 0) / total, 1)
                    if total else 0.0)
        return result

    def task_domain(self, figure):
        "The domain of the tasks counted in the figure of this row"
        start, end, _ = dashboard_period()
        agency, department = divmod(self.id, UNIT)
        domain = [
            ('state', 'not in', EXCLUDED),
            ('assignment_date', '<=', end),
            ['OR', ('completion_date', '=', None),
                ('completion_date', '>=', start)],
            ('lead_agency', '=', agency),
            ('lead_department', '=', department or None),
            ]
        if FIGURES[figure]:
            field = ('timeliness_original'
                if Transaction().context.get('against_original')
                else 'timeliness')
            domain.append((field, 'in', FIGURES[figure]))
        return domain

    def task_context(self):
        "The context under which the list classes the tasks as counted"
        return {'qlvb_today': dashboard_period()[2]}

    def _open(self, figure):
        pool = Pool()
        Action = pool.get('ir.action')
        ModelData = pool.get('ir.model.data')
        encoder = PYSONEncoder()
        action_id = ModelData.get_id('qlvb_dieuhanh', 'act_task_form')
        action = Action.get_action_values(
            'ir.action.act_window', [action_id])[0]
        action['pyson_domain'] = encoder.encode(self.task_domain(figure))
        action['pyson_context'] = encoder.encode(self.task_context())
        action['name'] = '%s - %s' % (
            self.lead_department.rec_name if self.lead_department
            else self.lead_agency.rec_name,
            self.__class__.fields_get([figure])[figure]['string'])
        return action

    @classmethod
    def _open_first(cls, rows, figure):
        if rows:
            return rows[0]._open(figure)

    @classmethod
    @ModelView.button
    def open_assigned(cls, rows):
        return cls._open_first(rows, 'assigned')

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
