"""Recommendations reminded like tasks: the same log (qlvb.reminder), the
same configuration and the same daily cron of qlvb_task.

Before the deadline and overdue (the working day after it, then every M
working days), to the leaders of the responsible unit; from the second
overdue reminder on, also to the head of the responsible agency and to the
team leader who follows the recommendation. The team's "remind" button
sends a manual reminder at each click, logged in the same place.

Reminders of a recommendation are as confidential as the recommendation:
qlvb_task reads a reminder under the record rules of its record."""
from sql.operators import Equal

from trytond.i18n import gettext
from trytond.model import Exclude, fields
from trytond.modules.qlvb.organisation import users_for
from trytond.modules.qlvb_task.task import agency_heads
from trytond.modules.qlvb_task.task_reminder import overdue_step
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

from .exceptions import RecommendationError


def unit_leaders(recommendation):
    "Users leading the responsible unit: its department, else its agency"
    with without_check_access():
        if recommendation.responsible_department:
            return users_for(
                departments=[recommendation.responsible_department])
        return agency_heads(recommendation.responsible_agency)


def escalation(recommendation):
    "Users reminded from the second overdue step on"
    User = Pool().get('res.user')
    users = []
    if recommendation.responsible_department:
        users += agency_heads(recommendation.responsible_agency)
    leader = recommendation.inspection.team.leader
    if leader:
        with without_check_access():
            users += User.search([('employees', '=', leader.id)])
    return users


class Reminder(metaclass=PoolMeta):
    __name__ = 'qlvb.reminder'

    recommendation = fields.Many2One(
        'inspection.recommendation', "Recommendation", readonly=True,
        ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.append(('manual', "By the Inspection Team"))
        t = cls.__table__()
        # Manual reminders are sent at each click; the others once.
        cls._sql_constraints.append(
            ('recommendation_event_unique', Exclude(t,
                    (t.recommendation, Equal), (t.kind, Equal),
                    (t.event_date, Equal), (t.recipient, Equal),
                    (t.channel, Equal), where=t.kind != 'manual'),
                'qlvb_task.msg_reminder_unique'))

    @classmethod
    def _remindable(cls):
        return {**super()._remindable(),
            'inspection.recommendation': 'recommendation'}

    @classmethod
    def _events(cls, date):
        pool = Pool()
        Recommendation = pool.get('inspection.recommendation')
        Calendar = pool.get('qlvb.working_calendar')
        config = pool.get('qlvb.configuration')(1)
        events = super()._events(date)
        until = Calendar.add_working_days(date, config.reminder_before_days)
        interval = config.reminder_overdue_interval
        # Once reported, the team has to answer, not the unit.
        for recommendation in Recommendation.search([
                    ('state', '=', 'open'),
                    ('deadline', '!=', None),
                    ('deadline', '<=', until),
                    ]):
            deadline = recommendation.deadline
            users = unit_leaders(recommendation)
            if deadline >= date:
                events.append((recommendation, 'before', deadline, users))
                continue
            overdue = overdue_step(deadline, date, interval)
            if not overdue:
                continue
            step, event = overdue
            if step >= 1:
                users += escalation(recommendation)
            events.append((recommendation, 'overdue', event, users))
        return events

    @classmethod
    def remind(cls, recommendations):
        "The team reminds the units now: sent at each call"
        Date = Pool().get('ir.date')
        today = Transaction().context.get('qlvb_today') or Date.today()
        events = []
        for recommendation in recommendations:
            users = unit_leaders(recommendation)
            if not users:
                raise RecommendationError(gettext(
                        'kiem_tra_cong_vu.msg_recommendation_no_leader',
                        recommendation=recommendation.rec_name[:80],
                        unit=recommendation.unit.rec_name))
            events.append((recommendation, 'manual', today, users))
        with without_check_access():
            return cls._send(events, once=False)

    @classmethod
    def _message(cls, record, kind, event, user):
        if record.__name__ != 'inspection.recommendation':
            return super()._message(record, kind, event, user)
        Lang = Pool().get('ir.lang')
        with Transaction().set_context(language=user.language.code
                if user.language else None):
            lang = Lang.get()
            deadline = (lang.strftime(record.deadline)
                if record.deadline else '')
            name = record.rec_name[:80]
            subject = gettext({
                    'before': 'kiem_tra_cong_vu.msg_recommendation_before',
                    'overdue': 'kiem_tra_cong_vu.msg_recommendation_overdue',
                    'manual': 'kiem_tra_cong_vu.msg_recommendation_reminder',
                    }[kind], recommendation=name, deadline=deadline)
            body = gettext('kiem_tra_cong_vu.msg_recommendation_remind_body',
                recommendation=name, inspection=record.inspection.rec_name,
                unit=record.unit.rec_name, deadline=deadline)
        return '%s\n\n%s' % (subject, body)

