"""Incoming-handling dashboard: per unit and role, how the documents
received in a reporting period are handled. The rows are the summary query
of the statistics report (statistics.incoming_summary_query), so the
dashboard and the XLSX report never disagree; every figure opens the list of
exactly the assignments it counts (statistics.incoming_domain).

Figures count only the assignments the user may read, as their lists do.
"""
from sql import Literal, Null
from sql.conditionals import Case

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.qlvb_incoming.assignment import ROLES
from trytond.modules.qlvb.dashboard import (
    FigureListMixin, PeriodContextMixin, dashboard_period)
from trytond.modules.qlvb.export_access import readable_query

from .statistics import Filters, incoming_domain, incoming_summary_query

# Row id: unit * 8 + role * 2 + 1 for a person assigned without department.
ROLE_INDEX = {'lead': 0, 'coordinate': 1, 'inform': 2}
# The classes behind each figure (None: every row).
FIGURES = {
    'received': [None],
    'done_on_time': ['done_on_time'],
    'done_late': ['done_late'],
    'in_progress': ['in_progress', 'due_soon'],
    'due_soon': ['due_soon'],
    'overdue': ['overdue'],
    'no_deadline': ['no_deadline'],
    }


def dashboard_filters():
    "The report filters the dashboard's context stands for"
    pool = Pool()
    Agency = pool.get('qlvb.agency')
    User = pool.get('res.user')
    Assignment = pool.get('qlvb.incoming.assignment')
    transaction = Transaction()
    start, end, as_of = dashboard_period()
    agency_id = transaction.context.get('qlvb_agency')
    if agency_id:
        company = Agency(agency_id).company
        allowed = {c.id for c in User(transaction.user).companies}
        # Another agency's figures are never shown.
        companies = [company.id if company and (
                not transaction.user or company.id in allowed) else -1]
    else:
        companies = [transaction.context.get('company') or -1]
    with transaction.set_context(qlvb_today=as_of):
        filters = Filters(companies=companies, date_from=start,
            date_to=end,
            assignments=readable_query(Assignment))
        filters.window()
    return filters


class DashboardContext(PeriodContextMixin, ModelView):
    __name__ = 'qlvb.incoming.dashboard.context'
    __string__ = "Incoming Dashboard Period"

    qlvb_agency = fields.Many2One('qlvb.agency', "Agency", required=True,
        domain=[
            ('internal', '=', True),
            ('company', 'in', Eval('context', {}).get('companies', [])),
            ])

    @classmethod
    def default_qlvb_agency(cls):
        Agency = Pool().get('qlvb.agency')
        context = Transaction().context
        if context.get('qlvb_agency'):
            return context['qlvb_agency']
        agency = (Agency.for_company(context['company'])
            if context.get('company') else None)
        return agency.id if agency else None


class Dashboard(FigureListMixin, ModelSQL, ModelView):
    "Incoming documents handled by a unit in a reporting period"
    __name__ = 'qlvb.incoming.dashboard'
    __string__ = "Incoming Dashboard"
    _figure_action = 'qlvb_incoming.act_incoming_dashboard_assignment'

    department = fields.Many2One('qlvb.department', "Department")
    employee = fields.Many2One('company.employee', "Employee")
    role = fields.Selection(ROLES, "Role")
    received = fields.Integer("Received")
    done_on_time = fields.Integer("Completed On Time")
    done_late = fields.Integer("Completed Late")
    in_progress = fields.Integer("In Progress Within Deadline")
    due_soon = fields.Integer("Of Which Due Soon")
    overdue = fields.Integer("Overdue")
    no_deadline = fields.Integer("No Deadline")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('department', 'ASC'), ('employee', 'ASC'),
            ('role', 'ASC'), ('id', 'ASC')]
        cls._buttons.update({'open_%s' % f: {} for f in FIGURES})

    @classmethod
    def table_query(cls):
        summary = incoming_summary_query(dashboard_filters())
        role = Case(*((summary.role == Literal(k), Literal(v))
                for k, v in ROLE_INDEX.items()), else_=Literal(3))
        unit = Case((summary.department != Null,
                summary.department * Literal(8)),
            else_=summary.employee * Literal(8) + Literal(1))
        return summary.select(
            (unit + role * Literal(2)).as_('id'),
            cls.create_uid.sql_cast(Null).as_('create_uid'),
            cls.create_date.sql_cast(Null).as_('create_date'),
            cls.write_uid.sql_cast(Null).as_('write_uid'),
            cls.write_date.sql_cast(Null).as_('write_date'),
            summary.department, summary.employee, summary.role,
            summary.received, summary.done_on_time, summary.done_late,
            (summary.in_progress + summary.due_soon).as_('in_progress'),
            summary.due_soon, summary.overdue, summary.no_deadline)

    def figure_domain(self, figure):
        "The domain of the assignments counted in the figure of this row"
        filters = dashboard_filters()
        department = self.department.id if self.department else None
        employee = self.employee.id if self.employee else None
        classes = [incoming_domain(filters, department, employee, self.role,
                k) for k in FIGURES[figure]]
        return classes[0] if len(classes) == 1 else ['OR', *classes]

    def figure_unit(self):
        return self.department or self.employee

    @classmethod
    @ModelView.button
    def open_received(cls, rows):
        return cls._open_first(rows, 'received')

    @classmethod
    @ModelView.button
    def open_no_deadline(cls, rows):
        return cls._open_first(rows, 'no_deadline')
