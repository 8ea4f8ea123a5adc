"""The Information Center's follow-up (directive: it follows up and
periodically urges the units to update the results of the tasks of the
Provincial People's Committee).

One row per unit: its open tasks and document duties without an update for
K working days (K: "Ask for Update After" of the configuration), and those
whose reminders were left unanswered (no progress nor completion after the
last reminder). The "Send Periodic Reminder" button sends the stale ones a
reminder of kind "nudge" through the reminder engine: logged, once a day.

Set-based SQL: one query of the stale and reminded records (stale_rows),
grouped per unit by the view and filtered per unit by the button. Tasks
count when the user may read them; duties when they belong to the user's
agencies (figures only: not the documents of a secret register)."""
import datetime as dt

from sql import Literal, Null, Union
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.operators import Exists

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.export_access import readable_query
from trytond.modules.qlvb.xlsx import company_zone

from .duty_reminder import OPEN_DUTY, duty_assignees
from .task import OPEN

# Row id: agency * UNIT + department (0 for the agency itself).
UNIT = 1000000


def stale_since(date, days):
    """The last day whose records are stale on date: an update on it or
    before is at least `days` working days old (the rule of the task
    reminders: count_working_days(last, date) >= days)"""
    Calendar = Pool().get('qlvb.working_calendar')
    count = 0
    while count < days:
        if Calendar.is_working_day(date):
            count += 1
        date -= dt.timedelta(days=1)
    return date


def day_end_utc(date):
    "The naive UTC timestamp at which date ends in the company's zone"
    end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(),
        tzinfo=company_zone())
    return end.astimezone(dt.timezone.utc).replace(tzinfo=None)


def follow_up_date():
    Date = Pool().get('ir.date')
    return Transaction().context.get('qlvb_today') or Date.today()


def stale_rows():
    """SQL of the open tasks and root duties that are stale or have an
    unanswered reminder: columns model, record, agency, department, stale
    (1/0), unanswered (1/0)"""
    pool = Pool()
    Task = pool.get('qlvb.task')
    Progress = pool.get('qlvb.task.progress')
    Assignment = pool.get('qlvb.incoming.assignment')
    Incoming = pool.get('qlvb.incoming')
    Register = pool.get('qlvb.incoming.register')
    Department = pool.get('qlvb.department')
    Agency = pool.get('qlvb.agency')
    Reminder = pool.get('qlvb.reminder')
    User = pool.get('res.user')
    Configuration = pool.get('qlvb.configuration')
    today = follow_up_date()
    threshold = stale_since(today, Configuration(1).reminder_update_days)

    task = Task.__table__()
    reminder = Reminder.__table__()
    progress = Progress.__table__()
    last = Coalesce(task.last_update, task.assignment_date)
    # Answered: a progress report made after the reminder (the completion
    # closes the task).
    unanswered = Exists(reminder.select(reminder.id,
            where=(reminder.task == task.id)
            # As of the screen's day: a later reminder is not yet sent.
            & (reminder.event_date <= today)
            & ~Exists(progress.select(progress.id,
                    where=(progress.task == task.id)
                    & (progress.create_date > reminder.sent_at)))))
    tasks = task.select(
        Literal('qlvb.task').as_('model'), task.id.as_('record'),
        task.lead_agency.as_('agency'),
        task.lead_department.as_('department'),
        Case((last <= threshold, Literal(1)), else_=Literal(0)).as_('stale'),
        Case((unanswered, Literal(1)), else_=Literal(0)).as_('unanswered'),
        where=task.state.in_(OPEN)
        & task.id.in_(readable_query(Task))
        & ((last <= threshold) | unanswered))

    duty = Assignment.__table__()
    incoming = Incoming.__table__()
    register = Register.__table__()
    department = Department.__table__()
    agency = Agency.__table__()
    reminder = Reminder.__table__()
    # Any action on a duty (start, forwarding, a result proposed, the
    # completion) writes it.
    changed = Coalesce(duty.write_date, duty.create_date)
    unanswered = Exists(reminder.select(reminder.id,
            where=(reminder.assignment == duty.id)
            & (reminder.event_date <= today)
            & (reminder.sent_at > changed)))
    # Timestamps are stored in UTC: the threshold day ends at midnight of
    # the agency's time zone (in Vietnam the UTC date lags from 17:00 on).
    stale = changed < day_end_utc(threshold)
    user = User(Transaction().user)
    companies = [c.id for c in user.companies] or [-1]
    company_agency = agency.select(Min(agency.id),
        where=agency.company == duty.company)
    duties = duty.join(incoming, condition=incoming.id == duty.incoming
        ).join(register, 'LEFT', condition=register.id == incoming.register
        ).join(department, 'LEFT', condition=department.id == duty.department
        ).select(
            Literal('qlvb.incoming.assignment').as_('model'),
            duty.id.as_('record'),
            Coalesce(department.agency, company_agency).as_('agency'),
            duty.department.as_('department'),
            Case((stale, Literal(1)), else_=Literal(0)).as_('stale'),
            Case((unanswered, Literal(1)), else_=Literal(0)
                ).as_('unanswered'),
            where=duty.state.in_(OPEN_DUTY)
            & (duty.parent == Null) & (duty.role != 'inform')
            & duty.company.in_(companies)
            & (Coalesce(register.secret, False) == Literal(False))
            & (stale | unanswered))
    return Union(tasks, duties, all_=True)


class FollowUp(ModelSQL, ModelView):
    "Per unit, the tasks and duties waiting for an update"
    __name__ = 'qlvb.task.follow_up'
    __string__ = "Follow-up of Updates"

    agency = fields.Many2One('qlvb.agency', "Agency")
    department = fields.Many2One('qlvb.department', "Department")
    stale_tasks = fields.Integer("Tasks Without Update",
        help="Open tasks without a progress report for the configured "
        "number of working days.")
    stale_duties = fields.Integer("Duties Without Update",
        help="Open duties of documents with no action for the configured "
        "number of working days.")
    unanswered = fields.Integer("Reminders Left Unanswered",
        help="Open tasks and duties with no progress nor completion since "
        "their last reminder.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('agency', 'ASC'), ('id', 'ASC')]
        cls._buttons.update({'nudge': {}})

    @classmethod
    def table_query(cls):
        rows = stale_rows()

        def count(condition):
            return Sum(Case((condition, Literal(1)), else_=Literal(0)))
        return rows.select(
            (rows.agency * UNIT + Coalesce(rows.department, 0)).as_('id'),
            cls.create_uid.sql_cast(Null).as_('create_uid'),
            cls.create_date.sql_cast(Null).as_('create_date'),
            cls.write_uid.sql_cast(Null).as_('write_uid'),
            cls.write_date.sql_cast(Null).as_('write_date'),
            rows.agency.as_('agency'),
            rows.department.as_('department'),
            count((rows.model == 'qlvb.task')
                & (rows.stale == 1)).as_('stale_tasks'),
            count((rows.model == 'qlvb.incoming.assignment')
                & (rows.stale == 1)).as_('stale_duties'),
            Count(Case((rows.unanswered == 1, rows.record))
                ).as_('unanswered'),
            group_by=[rows.agency, rows.department])

    @classmethod
    @ModelView.button
    def nudge(cls, units):
        """Remind the stale tasks and duties of the units now, to whom the
        daily reminders go: once a day, logged"""
        pool = Pool()
        Reminder = pool.get('qlvb.reminder')
        cursor = Transaction().connection.cursor()
        rows = stale_rows()
        ids = [u.id for u in units]
        cursor.execute(*rows.select(rows.model, rows.record,
                where=(rows.stale == 1)
                & (rows.agency * UNIT + Coalesce(rows.department, 0)
                    ).in_(ids or [-1])))
        found = {}
        for model, record in cursor:
            found.setdefault(model, []).append(record)
        today = follow_up_date()
        events = []
        with without_check_access():
            for task in pool.get('qlvb.task').browse(
                    found.get('qlvb.task', [])):
                events.append((task, 'nudge', today,
                        Reminder._unit_recipients(task)))
            for duty in pool.get('qlvb.incoming.assignment').browse(
                    found.get('qlvb.incoming.assignment', [])):
                events.append((duty, 'nudge', today, duty_assignees(duty)))
            Reminder._send(events)
