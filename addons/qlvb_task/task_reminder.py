"""Reminders about tasks that really reach people, each one logged.

A scheduled action runs `Reminder.send_reminders` daily. Three kinds:
- before the deadline (N working days), to the lead unit's head and focal
  person;
- overdue: the working day after the deadline, then every M working days;
  from the second one on also to the head of the lead agency and to the
  office official following the task;
- "please update": open tasks without progress report for K working days
  (the Information Center's duty in the directive).
Each (task, kind, event date, recipient) is sent once: the event date is
the deadline for "before", the day of the step for "overdue" and the day
the task became stale for "update", so a rerun the same day, or the next
day, sends nothing twice; an extension gives a new deadline, so new events.

Other modules remind their own records through the same log, configuration
and cron: they add a Many2One to the record in `_remindable` and extend
`_events` and `_message` (the inspection module does it for its
recommendations; duty_reminder.py for document duties and documents not
routed, comment_reminder.py for requests for comments, follow_up.py for the
Information Center's periodic reminders). A reminder is read as its record
is (ir.rule below).
"""
import datetime as dt
from email.message import EmailMessage
from email.utils import formataddr

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.sendmail import send_message_transactional
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.export_access import ExportAccessMixin
from .task import OPEN, agency_heads, unit_heads

KINDS = [
    ('before', "Before the Deadline"),
    ('overdue', "Overdue"),
    ('update', "Please Update"),
    ('unrouted', "Not Submitted or Directed"),
    ('nudge', "Periodic Reminder"),
    ]


def overdue_step(deadline, date, interval):
    """Return (step, event date) of a deadline missed as of date, or None
    when no working day passed since it: the working day after the
    deadline is step 0, then one step every interval working days"""
    Calendar = Pool().get('qlvb.working_calendar')
    late = Calendar.count_working_days(deadline, date)
    if late < 1:
        return None
    step = (late - 1) // interval
    return step, Calendar.add_working_days(deadline, 1 + step * interval)


class Reminder(ExportAccessMixin, ModelSQL, ModelView):
    "A reminder sent about a task: to whom, when, how and what"
    __name__ = 'qlvb.reminder'
    __string__ = "Reminder"

    # Not required: a reminder of another module's record has no task.
    task = fields.Many2One('qlvb.task', "Task", readonly=True,
        ondelete='CASCADE')
    kind = fields.Selection(KINDS, "Kind", required=True, readonly=True)
    event_date = fields.Date("Event Date", required=True, readonly=True,
        help="The deadline, overdue step or stale date reminded.")
    recipient = fields.Many2One('res.user', "Recipient", required=True,
        readonly=True, ondelete='CASCADE')
    sent_at = fields.DateTime("Sent At", required=True, readonly=True)
    channel = fields.Selection([
            ('in_app', "In the Application"),
            ('email', "E-mail"),
            ], "Channel", required=True, readonly=True)
    address = fields.Char("Address", readonly=True)
    message = fields.Text("Message", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('event_unique', Unique(t, t.task, t.kind, t.event_date,
                    t.recipient, t.channel),
                'qlvb_task.msg_reminder_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.recipient, Index.Equality()),
                (t.sent_at, Index.Range())))
        cls._order = [('sent_at', 'DESC'), ('id', 'DESC')]

    @classmethod
    def check_modification(cls, mode, reminders, values=None,
            external=False):
        super().check_modification(
            mode, reminders, values=values, external=external)
        if external:
            raise AccessError(gettext('qlvb_task.msg_reminder_log'))

    @classmethod
    def _remindable(cls):
        "Return {model name: field of the reminder} of the reminded records"
        return {'qlvb.task': 'task'}

    @classmethod
    def send_reminders(cls, date=None):
        "Send the reminders due on date (default today); return them"
        pool = Pool()
        Date = pool.get('ir.date')
        date = date or Transaction().context.get('qlvb_today') or (
            Date.today())
        # Server work: every record is considered, also when an
        # administrator runs the scheduled action from the client.
        with without_check_access():
            events = cls._events(date)
            return cls._send(events)

    @classmethod
    def _events(cls, date):
        "Return [(record, kind, event date, [users])] due on date"
        pool = Pool()
        Task = pool.get('qlvb.task')
        Calendar = pool.get('qlvb.working_calendar')
        config = pool.get('qlvb.configuration')(1)
        events = []
        until = Calendar.add_working_days(date, config.reminder_before_days)
        for task in Task.search([
                    ('state', 'in', OPEN),
                    ('deadline', '>=', date),
                    ('deadline', '<=', until),
                    ]):
            events.append((task, 'before', task.deadline,
                    cls._unit_recipients(task)))

        interval = config.reminder_overdue_interval
        for task in Task.search([
                    ('state', 'in', OPEN),
                    ('deadline', '<', date),
                    ]):
            overdue = overdue_step(task.deadline, date, interval)
            if not overdue:
                continue
            step, event = overdue
            users = cls._unit_recipients(task)
            if step >= 1:
                users += agency_heads(task.lead_agency)
                if task.follow_up_user:
                    users.append(task.follow_up_user)
            events.append((task, 'overdue', event, users))

        days = config.reminder_update_days
        for task in Task.search([('state', 'in', OPEN)]):
            last = task.last_update or task.assignment_date
            stale = Calendar.add_working_days(last, days)
            if stale <= date:
                events.append((task, 'update', stale,
                        cls._unit_recipients(task)))
        return events

    @staticmethod
    def _unit_recipients(task):
        users = list(unit_heads(task))
        if task.focal_person:
            users.append(task.focal_person)
        return users

    @classmethod
    def _send(cls, events, once=True):
        """Send events [(record, kind, event date, [users])]; with once,
        skip those already sent (a manual reminder is sent at each click)"""
        pool = Pool()
        Configuration = pool.get('qlvb.configuration')
        by_email = Configuration(1).reminder_email
        remindable = cls._remindable()
        # Already sent: one query per reminded model for the whole run.
        sent = set()
        by_model = {}
        for record, *_ in events:
            by_model.setdefault(record.__name__, set()).add(record.id)
        for model, ids in (by_model.items() if once else ()):
            field = remindable[model]
            sent.update(((model, getattr(r, field).id), r.kind,
                        r.event_date, r.recipient.id, r.channel)
                for r in cls.search([(field, 'in', list(ids))]))
        now = dt.datetime.now()
        to_save = []
        for record, kind, event, users in events:
            origin = (record.__name__, record.id)
            seen = set()
            for user in users:
                if user.id in seen:
                    continue
                seen.add(user.id)
                message = cls._message(record, kind, event, user)
                channels = ['in_app']
                if by_email and user.email:
                    channels.append('email')
                for channel in channels:
                    key = (origin, kind, event, user.id, channel)
                    if key in sent:
                        continue
                    sent.add(key)
                    if channel == 'in_app':
                        subject, _, body = message.partition('\n\n')
                        record.__class__.notify_user([record],
                            'tryton-notification', subject,
                            '; '.join(body.splitlines()), user=user.id)
                    else:
                        cls._email(user, record, message)
                    reminder = cls(kind=kind, event_date=event,
                        recipient=user, sent_at=now, channel=channel,
                        message=message,
                        address=user.email if channel == 'email' else None)
                    setattr(reminder, remindable[record.__name__], record)
                    to_save.append(reminder)
        cls.save(to_save)
        return to_save

    @classmethod
    def _message(cls, task, kind, event, user):
        pool = Pool()
        Lang = pool.get('ir.lang')
        with Transaction().set_context(language=user.language.code
                if user.language else None):
            lang = Lang.get()
            deadline = lang.strftime(task.deadline) if task.deadline else ''
            subject = gettext('qlvb_task.msg_reminder_%s' % kind,
                task=task.rec_name, deadline=deadline)
            body = gettext('qlvb_task.msg_reminder_body',
                task=task.rec_name, unit=task.lead_unit, deadline=deadline,
                progress=task.progress or 0,
                last_update=lang.strftime(task.last_update)
                if task.last_update else '-')
        return '%s\n\n%s' % (subject, body)

    @classmethod
    def _email(cls, user, record, message):
        subject, _, body = message.partition('\n\n')
        msg = EmailMessage()
        msg['From'] = config.get('email', 'from')
        msg['To'] = formataddr((user.name, user.email))
        msg['Subject'] = subject
        msg.set_content(body)
        send_message_transactional(msg)
