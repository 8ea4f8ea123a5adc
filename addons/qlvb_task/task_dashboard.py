"""Leader dashboard: per lead unit, how the tasks of a reporting period
stand. One SQL aggregate (no loop over tasks); every figure opens the list
of exactly the tasks it counts, because both use `figure_domain`.

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
from trytond.transaction import Transaction

from trytond.modules.qlvb.dashboard import (
    FigureListMixin, PeriodContextMixin, dashboard_period)
from trytond.modules.qlvb.export_access import readable_query
from trytond.modules.qlvb.timeliness import timeliness_case

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


def task_rows(start, end, as_of, until, against_original=False):
    """The tasks a period counts, one row each (columns task, company,
    lead_agency, lead_department, timeliness, unjustified, extensions,
    create_uid, create_date): the one rule of the dashboard and of the
    task report."""
    Task = Pool().get('qlvb.task')
    task = Task.__table__()
    if against_original:
        timeliness = Task.original_timeliness_expression(task, as_of, until)
    else:
        timeliness = timeliness_case(
            task.deadline, task.completion_date, as_of, until)
    where = (~task.state.in_(EXCLUDED)
        & (task.assignment_date <= end)
        & ((task.completion_date == Null)
            | (task.completion_date >= start)))
    # Only the tasks the user may read (record rules, also in a wizard
    # step where access checks are off), so that a figure never counts
    # tasks its list would not show.
    where &= task.id.in_(readable_query(Task))
    return task.select(
        task.id.as_('task'), task.company.as_('company'),
        task.lead_agency.as_('lead_agency'),
        task.lead_department.as_('lead_department'),
        timeliness.as_('timeliness'),
        Case((task.unjustified_delay == Literal(True), Literal(1)),
            else_=Literal(0)).as_('unjustified'),
        Coalesce(task.extension_count, 0).as_('extensions'),
        task.create_uid.as_('create_uid'),
        task.create_date.as_('create_date'),
        where=where)


def task_rates(assigned, done, overdue):
    """(completion rate, overdue share) as fractions, None without tasks:
    finished tasks, and overdue unfinished ones, over the tasks assigned"""
    if not assigned:
        return None, None
    return done / assigned, overdue / assigned


class DashboardContext(PeriodContextMixin, ModelView):
    __name__ = 'qlvb.task.dashboard.context'
    __string__ = "Task Dashboard Period"

    against_original = fields.Boolean("Against Original Deadlines",
        help="Count as if no extension had been granted.")


class Dashboard(FigureListMixin, ModelSQL, ModelView):
    "Tasks of a lead unit in a reporting period"
    __name__ = 'qlvb.task.dashboard'
    __string__ = "Task Dashboard"
    _figure_action = 'qlvb_task.act_task_form'

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
        Calendar = pool.get('qlvb.working_calendar')
        Configuration = pool.get('qlvb.configuration')
        start, end, as_of = dashboard_period()
        until = Calendar.add_working_days(
            as_of, Configuration(1).due_soon_days or 0)
        rows = task_rows(start, end, as_of, until,
            Transaction().context.get('against_original'))

        def count(classes):
            return Sum(Case((rows.timeliness.in_(classes), Literal(1)),
                    else_=Literal(0)))
        return rows.select(
            (rows.lead_agency * UNIT
                + Coalesce(rows.lead_department, 0)).as_('id'),
            Min(rows.create_uid).as_('create_uid'),
            Min(rows.create_date).as_('create_date'),
            cls.write_uid.sql_cast(Null).as_('write_uid'),
            cls.write_date.sql_cast(Null).as_('write_date'),
            rows.lead_agency.as_('lead_agency'),
            rows.lead_department.as_('lead_department'),
            Count(rows.task).as_('assigned'),
            count(['done_on_time']).as_('done_on_time'),
            count(['done_late']).as_('done_late'),
            count(['in_progress']).as_('in_progress'),
            count(['due_soon']).as_('due_soon'),
            count(['overdue']).as_('overdue'),
            Sum(rows.unjustified).as_('unjustified'),
            group_by=[rows.lead_agency, rows.lead_department])

    @classmethod
    def get_rates(cls, rows, names):
        result = {n: {} for n in names}
        for row in rows:
            rates = dict(zip(['completion_rate', 'overdue_share'],
                    task_rates(row.assigned or 0,
                        (row.done_on_time or 0) + (row.done_late or 0),
                        row.overdue or 0)))
            for name in names:
                rate = rates[name]
                result[name][row.id] = (
                    round(100.0 * rate, 1) if rate is not None else 0.0)
        return result

    def figure_domain(self, figure):
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

    def figure_unit(self):
        return self.lead_department or self.lead_agency

    @classmethod
    @ModelView.button
    def open_assigned(cls, rows):
        return cls._open_first(rows, 'assigned')
