"""Overdue requests for comments reminded through the task reminders (with
qlvb_outgoing).

A request still unanswered after its response deadline is reminded to the
leaders of the department asked (or the head of the agency asked, whose
incoming copy is also a duty reminded on its own), the working day after
the deadline, then every M working days; from the second step on also to
the author of the draft, who waits for the answer."""
from trytond.i18n import gettext
from trytond.model import Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.organisation import users_for

from .task import agency_heads
from .task_reminder import overdue_step


def comment_recipients(request):
    with without_check_access():
        if request.department:
            return users_for([], [request.department])
        return agency_heads(request.agency) if request.agency else []


class Reminder(metaclass=PoolMeta):
    __name__ = 'qlvb.reminder'

    comment_request = fields.Many2One('qlvb.outgoing.comment',
        "Request for Comments", readonly=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints.append(
            ('comment_request_event_unique', Unique(t, t.comment_request,
                    t.kind, t.event_date, t.recipient, t.channel),
                'qlvb_task.msg_reminder_unique'))

    @classmethod
    def _remindable(cls):
        return {**super()._remindable(),
            'qlvb.outgoing.comment': 'comment_request'}

    @classmethod
    def _events(cls, date):
        pool = Pool()
        Request = pool.get('qlvb.outgoing.comment')
        config = pool.get('qlvb.configuration')(1)
        events = super()._events(date)
        for request in Request.search([
                    ('state', '=', 'requested'),
                    ('deadline', '<', date),
                    ]):
            overdue = overdue_step(
                request.deadline, date, config.reminder_overdue_interval)
            if not overdue:
                continue
            step, event = overdue
            users = comment_recipients(request)
            if step >= 1 and request.outgoing.create_uid:
                users = users + [request.outgoing.create_uid]
            events.append((request, 'overdue', event, users))
        return events

    @classmethod
    def _message(cls, record, kind, event, user):
        if record.__name__ != 'qlvb.outgoing.comment':
            return super()._message(record, kind, event, user)
        Lang = Pool().get('ir.lang')
        with Transaction().set_context(language=user.language.code
                if user.language else None):
            lang = Lang.get()
            deadline = lang.strftime(record.deadline)
            subject = gettext('qlvb_task.msg_reminder_comment_overdue',
                draft=record.outgoing.rec_name[:120], deadline=deadline)
            body = gettext('qlvb_task.msg_reminder_comment_body',
                draft=record.outgoing.rec_name,
                asked=(record.department or record.agency).rec_name,
                question=record.question, deadline=deadline)
        return '%s\n\n%s' % (subject, body)
