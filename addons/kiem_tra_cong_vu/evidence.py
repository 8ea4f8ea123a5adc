"""Compliance evidence: what the document and task modules show for the
inspected unit and period, copied into the inspection when it starts (a
snapshot, so the conclusion rests on what the team saw). One line per
record and indicator: every count is the number of its lines."""
import datetime as dt

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.qlvb.timeliness import CLASSES
from trytond.modules.qlvb_incoming.assignment import VOID_STATES
from trytond.pool import Pool
from trytond.transaction import without_check_access

from .confidential import ConfidentialMixin

INDICATORS = [
    ('task', "Tasks Due in the Period"),
    ('task_on_time', "Tasks Completed On Time"),
    ('task_late', "Tasks Completed Late"),
    ('task_overdue', "Tasks Overdue"),
    ('unjustified_delay', "Delays without Good Reason"),
    ('assignment_late', "Incoming Documents Handled Late"),
    ('criticism', "Criticisms Received"),
    ('reminder', "Reminders Sent"),
    ]
TASK_INDICATORS = {
    'done_on_time': 'task_on_time',
    'done_late': 'task_late',
    'overdue': 'task_overdue',
    }


def _model(name):
    "The model if its module is installed (tasks come with another issue)"
    try:
        return Pool().get(name)
    except KeyError:
        return None


class Evidence(ConfidentialMixin, ModelSQL, ModelView):
    __name__ = 'inspection.evidence'
    __string__ = "Compliance Evidence"

    inspection = fields.Many2One(
        'inspection.inspection', "Inspection", required=True,
        ondelete='CASCADE', readonly=True)
    indicator = fields.Selection(INDICATORS, "Indicator", required=True,
        readonly=True)
    indicator_string = indicator.translated('indicator')
    record = fields.Reference("Record", selection='get_records',
        readonly=True)
    description = fields.Text("Description", readonly=True)
    date = fields.Date("Date", readonly=True)
    deadline = fields.Date("Deadline", readonly=True)
    completion_date = fields.Date("Completion Date", readonly=True)
    timeliness = fields.Selection([(None, "")] + CLASSES, "Timeliness",
        readonly=True)
    note = fields.Text("Note", readonly=True,
        help="The reason given for a delay.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('indicator', 'ASC'), ('deadline', 'ASC NULLS LAST'),
            ('id', 'ASC')]

    @classmethod
    def get_records(cls):
        Model = Pool().get('ir.model')
        names = ['qlvb.task', 'qlvb.incoming.assignment',
            'qlvb.task.criticism', 'qlvb.reminder']
        return [(None, '')] + [(m.name, m.string)
            for m in Model.search([('name', 'in', names)])]

    @classmethod
    def collect(cls, inspection):
        "Unsaved evidence lines of the inspection's unit and period"
        with without_check_access():
            return (cls._collect_tasks(inspection)
                + cls._collect_assignments(inspection)
                + cls._collect_criticisms(inspection)
                + cls._collect_reminders(inspection))

    @classmethod
    def _unit_domain(cls, inspection, department, agency):
        if inspection.department:
            return [(department, '=', inspection.department.id)]
        return [(agency, '=', inspection.agency.id)]

    @classmethod
    def _tasks(cls, inspection):
        Task = _model('qlvb.task')
        if not Task:
            return []
        return Task.search([
                cls._unit_domain(inspection, 'lead_department',
                    'lead_agency'),
                ('deadline', '>=', inspection.period_start),
                ('deadline', '<=', inspection.period_end),
                ], order=[('deadline', 'ASC'), ('id', 'ASC')])

    @classmethod
    def _collect_tasks(cls, inspection):
        lines = []
        for task in cls._tasks(inspection):
            values = dict(inspection=inspection, record=task,
                description=task.rec_name, deadline=task.deadline,
                completion_date=task.completion_date,
                timeliness=task.timeliness,
                note=getattr(task, 'late_reason', None))
            lines.append(cls(indicator='task', **values))
            if task.timeliness in TASK_INDICATORS:
                lines.append(cls(
                        indicator=TASK_INDICATORS[task.timeliness], **values))
            if getattr(task, 'unjustified_delay', False):
                lines.append(cls(indicator='unjustified_delay', **values))
        return lines

    @classmethod
    def _collect_assignments(cls, inspection):
        "Processing assignments of the unit (root ones) handled late"
        Assignment = Pool().get('qlvb.incoming.assignment')
        if inspection.department:
            unit = [('department', '=', inspection.department.id)]
        else:
            unit = [('department.agency', '=', inspection.agency.id)]
        assignments = Assignment.search([unit,
                ('parent', '=', None),
                ('role', '!=', 'inform'),
                ('state', 'not in', VOID_STATES),
                ('deadline', '>=', inspection.period_start),
                ('deadline', '<=', inspection.period_end),
                ('timeliness', 'in', ['done_late', 'overdue']),
                ], order=[('deadline', 'ASC'), ('id', 'ASC')])
        return [cls(inspection=inspection, indicator='assignment_late',
                record=a, description=a.incoming.rec_name,
                deadline=a.deadline, completion_date=a.completion_date,
                timeliness=a.timeliness, note=a.late_reason)
            for a in assignments]

    @classmethod
    def _collect_criticisms(cls, inspection):
        Criticism = _model('qlvb.task.criticism')
        if not Criticism:
            return []
        if inspection.department:
            unit = [('department', '=', inspection.department.id)]
        else:
            unit = ['OR', ('agency', '=', inspection.agency.id),
                ('department.agency', '=', inspection.agency.id)]
        criticisms = Criticism.search([unit,
                ('date', '>=', inspection.period_start),
                ('date', '<=', inspection.period_end),
                ], order=[('date', 'ASC'), ('id', 'ASC')])
        return [cls(inspection=inspection, indicator='criticism',
                record=c, description=c.reason, date=c.date,
                note=', '.join(t.rec_name for t in c.tasks) or None)
            for c in criticisms]

    @classmethod
    def _collect_reminders(cls, inspection):
        Reminder = _model('qlvb.reminder')
        Task = _model('qlvb.task')
        if not Reminder or not Task:
            return []
        start = dt.datetime.combine(inspection.period_start, dt.time())
        end = dt.datetime.combine(
            inspection.period_end + dt.timedelta(days=1), dt.time())
        reminders = Reminder.search([
                ('task', 'where', cls._unit_domain(
                        inspection, 'lead_department', 'lead_agency')),
                ('sent_at', '>=', start),
                ('sent_at', '<', end),
                ], order=[('sent_at', 'ASC'), ('id', 'ASC')])
        return [cls(inspection=inspection, indicator='reminder',
                record=r, description=r.task.rec_name,
                date=r.sent_at.date(),
                note=r.recipient.rec_name if r.recipient else None)
            for r in reminders]
