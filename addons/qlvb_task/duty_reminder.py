"""Document duties and unrouted documents reminded like tasks: the same log
(qlvb.reminder), configuration and daily cron.

- A duty (qlvb.incoming.assignment) still open is reminded to its assignee
  (the official, or the leaders of the department) before its deadline and
  when overdue: the working day after the deadline, then every M working
  days; from the second overdue step on also to the head of the unit, to
  whoever gave the duty and to the leader who directed the document. Done,
  cancelled, withdrawn duties and read for-information duties are never
  reminded: only the states of OPEN_DUTY are.
- A registered document nobody submitted or directed by the next working
  day after its arrival (Decree 30/2020, Art. 22) is reminded to the clerks
  of its register and the clerk who registered it, the working day after,
  then every M working days; from the second step on also to the office
  chief.
A reminder of a duty or a document is read as its record is (ir.py)."""
from trytond.i18n import gettext
from trytond.model import Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.organisation import users_for

from .task import agency_heads
from .task_reminder import overdue_step

# The duties the assignee still has to act on; any other state (done, read,
# cancelled, withdrawn...) is never reminded.
OPEN_DUTY = ['assigned', 'in_progress']
# Registered documents nobody submitted or directed yet.
UNROUTED = ['registered', 'returned']
# The position of the office chief (Chánh Văn phòng).
OFFICE_CHIEF = 'CVP'


def duty_assignees(assignment):
    "The official of the duty, else the leaders of its department"
    with without_check_access():
        if assignment.employee:
            return users_for([assignment.employee])
        return users_for([], [assignment.department])


def duty_escalation(assignment):
    """The head of the unit, whoever gave the duty and the leader who
    directed the document"""
    incoming = assignment.incoming
    with without_check_access():
        users = []
        if assignment.employee and assignment.department:
            users += users_for([], [assignment.department])
        for user in [assignment.assigned_by,
                incoming.directed_on_behalf_of or incoming.directed_by]:
            if user:
                users.append(user)
    return users


def register_clerks(incoming):
    "The clerks of the document's register and the one who registered it"
    users = list(incoming.register.clerks) if incoming.register else []
    if incoming.registered_by:
        users.append(incoming.registered_by)
    return users


def office_chiefs(company):
    """The office chief of the agency kept by company, else the head of the
    agency"""
    pool = Pool()
    Agency = pool.get('qlvb.agency')
    Post = pool.get('qlvb.post')
    User = pool.get('res.user')
    with without_check_access():
        agency = Agency.for_company(company.id)
        if not agency:
            return []
        employees = [p.employee.id for p in Post.search([
                    ('agency', '=', agency.id),
                    ('position.code', '=', OFFICE_CHIEF),
                    ])]
        if employees:
            return User.search([('employees', 'in', employees)])
        return agency_heads(agency)


class Reminder(metaclass=PoolMeta):
    __name__ = 'qlvb.reminder'

    assignment = fields.Many2One('qlvb.incoming.assignment', "Duty",
        readonly=True, ondelete='CASCADE')
    incoming = fields.Many2One('qlvb.incoming', "Incoming Document",
        readonly=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('assignment_event_unique', Unique(t, t.assignment, t.kind,
                    t.event_date, t.recipient, t.channel),
                'qlvb_task.msg_reminder_unique'),
            ('incoming_event_unique', Unique(t, t.incoming, t.kind,
                    t.event_date, t.recipient, t.channel),
                'qlvb_task.msg_reminder_unique'),
            ]

    @classmethod
    def _remindable(cls):
        return {**super()._remindable(),
            'qlvb.incoming.assignment': 'assignment',
            'qlvb.incoming': 'incoming',
            }

    @classmethod
    def _events(cls, date):
        pool = Pool()
        Assignment = pool.get('qlvb.incoming.assignment')
        Incoming = pool.get('qlvb.incoming')
        Calendar = pool.get('qlvb.working_calendar')
        config = pool.get('qlvb.configuration')(1)
        events = super()._events(date)
        until = Calendar.add_working_days(date, config.reminder_before_days)
        interval = config.reminder_overdue_interval
        for duty in Assignment.search([
                    ('state', 'in', OPEN_DUTY),
                    ('completion_date', '=', None),
                    ('deadline', '!=', None),
                    ('deadline', '<=', until),
                    ]):
            users = duty_assignees(duty)
            if duty.deadline >= date:
                events.append((duty, 'before', duty.deadline, users))
                continue
            overdue = overdue_step(duty.deadline, date, interval)
            if not overdue:
                continue
            step, event = overdue
            if step >= 1:
                users = users + duty_escalation(duty)
            events.append((duty, 'overdue', event, users))

        for incoming in Incoming.search([
                    ('state', 'in', UNROUTED),
                    ('arrival_date', '<', date),
                    ]):
            # Submitted or directed by the next working day at the latest
            due = Calendar.add_working_days(incoming.arrival_date, 1)
            overdue = overdue_step(due, date, interval)
            if not overdue:
                continue
            step, event = overdue
            users = register_clerks(incoming)
            if step >= 1:
                users += office_chiefs(incoming.company)
            events.append((incoming, 'unrouted', event, users))
        return events

    @classmethod
    def _message(cls, record, kind, event, user):
        if record.__name__ not in {
                'qlvb.incoming.assignment', 'qlvb.incoming'}:
            return super()._message(record, kind, event, user)
        Lang = Pool().get('ir.lang')
        with Transaction().set_context(language=user.language.code
                if user.language else None):
            lang = Lang.get()
            if record.__name__ == 'qlvb.incoming':
                subject = gettext('qlvb_task.msg_reminder_unrouted',
                    document=record.rec_name[:120],
                    arrival_date=lang.strftime(record.arrival_date))
                body = gettext('qlvb_task.msg_reminder_unrouted_body',
                    document=record.rec_name,
                    register=record.register.rec_name
                    if record.register else '-',
                    arrival_date=lang.strftime(record.arrival_date))
                return '%s\n\n%s' % (subject, body)
            deadline = (lang.strftime(record.deadline)
                if record.deadline else '-')
            name = record.incoming.rec_name[:120]
            subject = gettext('qlvb_task.msg_reminder_duty_%s' % kind,
                document=name, deadline=deadline)
            body = gettext('qlvb_task.msg_reminder_duty_body',
                document=record.incoming.rec_name,
                assignee=(record.employee or record.department).rec_name,
                role=record.role_string, deadline=deadline)
        return '%s\n\n%s' % (subject, body)
