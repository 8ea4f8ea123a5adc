"""Recommendations (kiến nghị) of a conclusion, followed to the end like
tasks: a responsible unit, a deadline in working days from the conclusion's
issue, the unit's follow-up reports, the team's acceptance, reminders, and
the shared timeliness classes of qlvb; reminders go through the
task reminders of qlvb_task (reminder.py)."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.qlvb.duty import DutyActors, DutyMixin, check_actor
from trytond.modules.qlvb.timeliness import TimelinessMixin
from trytond.modules.qlvb.workflow import WorkflowFieldsMixin, from_states
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import without_check_access

from .confidential import ConfidentialMixin
from .exceptions import RecommendationError

STATES = [
    ('open', "Open"),
    ('reported', "Reported"),
    ('done', "Done"),
    ('cancelled', "Cancelled"),
    ]
REPORT_STATES = [
    ('submitted', "Submitted"),
    ('accepted', "Accepted"),
    ('returned', "Returned"),
    ]
_OPEN = {'readonly': Eval('state') != 'open'}


class Recommendation(DutyMixin, WorkflowFieldsMixin,
        ConfidentialMixin, TimelinessMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'inspection.recommendation'
    __string__ = "Recommendation"
    _system_fields = {'state', 'completion_date', 'reminders'}
    _rec_name = 'description'

    inspection = fields.Many2One(
        'inspection.inspection', "Inspection", required=True,
        ondelete='CASCADE', states=_OPEN)
    finding = fields.Many2One(
        'inspection.finding', "Finding", ondelete='SET NULL',
        domain=[('inspection', '=', Eval('inspection', -1))], states=_OPEN)
    description = fields.Text("Recommendation", required=True, states=_OPEN)
    responsible_agency = fields.Many2One(
        'qlvb.agency', "Responsible Agency", required=True,
        ondelete='RESTRICT', domain=[('internal', '=', True)], states=_OPEN)
    responsible_department = fields.Many2One(
        'qlvb.department', "Responsible Department", ondelete='RESTRICT',
        domain=[('agency', '=', Eval('responsible_agency', -1))],
        states=_OPEN)
    working_days = fields.Integer("Working Days", required=True,
        domain=[('working_days', '>', 0)], states=_OPEN,
        help="Counted from the issue of the conclusion.")
    start_date = fields.Date("Start Date", states=_OPEN,
        help="The issue date of the conclusion, set when it is issued.")
    deadline = fields.Date("Deadline", readonly=True)
    completion_date = fields.Date("Completion Date", readonly=True,
        help="The date of the accepted report of the unit.")
    reports = fields.One2Many(
        'inspection.recommendation.report', 'recommendation',
        "Follow-up Reports",
        states={'readonly': ~Eval('state').in_(['open', 'reported'])})
    reminders = fields.One2Many(
        'qlvb.reminder', 'recommendation', "Reminders", readonly=True)
    reinspection = fields.Many2One(
        'inspection.inspection', "Re-inspection", ondelete='SET NULL',
        states={'readonly': Eval('state').in_(['done', 'cancelled'])},
        help="The inspection that verified the recommendation on site.")
    state = fields.Selection(STATES, "State", readonly=True, required=True,
        sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.deadline, Index.Range())),
                Index(t, (t.responsible_agency, Index.Equality()),
                    (t.state, Index.Equality())),
                })
        cls._order.insert(0, ('deadline', 'ASC NULLS LAST'))
        cls._transitions |= {
            ('open', 'reported'),
            ('reported', 'open'),
            ('reported', 'done'),
            ('open', 'cancelled'),
            }
        cls._buttons.update({
                'accept': {
                    'invisible': Eval('state') != 'reported',
                    'depends': ['state']},
                'send_back': {
                    'invisible': Eval('state') != 'reported',
                    'depends': ['state']},
                'remind': {
                    'invisible': ~Eval('state').in_(['open', 'reported'])
                    | ~Eval('deadline'),
                    'depends': ['state', 'deadline']},
                'cancel': {
                    'invisible': Eval('state') != 'open',
                    'depends': ['state']},
                })

    @classmethod
    def default_state(cls):
        return 'open'

    @fields.depends('inspection', '_parent_inspection.agency',
        '_parent_inspection.department', 'responsible_agency')
    def on_change_inspection(self):
        if self.inspection and not self.responsible_agency:
            self.responsible_agency = self.inspection.agency
            self.responsible_department = self.inspection.department

    def duty_actors(self):
        "The responsible unit, the heads above it, the agency's leaders"
        if self.responsible_department:
            return DutyActors(departments={self.responsible_department},
                heads={self.responsible_department},
                company=self.responsible_agency.company)
        return DutyActors(agencies={self.responsible_agency},
            company=self.responsible_agency.company)

    @property
    def unit(self):
        return self.responsible_department or self.responsible_agency

    def summary(self):
        "One line of the conclusion"
        return gettext('kiem_tra_cong_vu.msg_conclusion_recommendation',
            unit=self.unit.rec_name, description=self.description,
            days=self.working_days)

    @classmethod
    def on_modification(cls, mode, recommendations, field_names=None):
        super().on_modification(
            mode, recommendations, field_names=field_names)
        if mode == 'create' or set(field_names or ()) & {
                'start_date', 'working_days'}:
            cls.start_deadlines(recommendations)

    @classmethod
    def start_deadlines(cls, recommendations):
        """Deadline = start date + working days; the start date defaults
        to the issue date of the conclusion"""
        Calendar = Pool().get('qlvb.working_calendar')
        to_write = []
        for recommendation in recommendations:
            start = recommendation.start_date or (
                recommendation.inspection.conclusion_date)
            deadline = (Calendar.add_working_days(
                    start, recommendation.working_days)
                if start and recommendation.working_days else None)
            if (start != recommendation.start_date
                    or deadline != recommendation.deadline):
                to_write.extend([[recommendation],
                        {'start_date': start, 'deadline': deadline}])
        if to_write:
            with without_check_access():
                cls.write(*to_write)

    @classmethod
    @Workflow.transition('reported')
    def report_submitted(cls, recommendations):
        """The unit reported: the open recommendations wait for the team's
        acceptance"""
        pass

    @classmethod
    @ModelView.button
    @from_states('reported')
    @Workflow.transition('done')
    def accept(cls, recommendations):
        """The team accepts the last report: done on the report's date"""
        Report = Pool().get('inspection.recommendation.report')
        reports = []
        for recommendation in recommendations:
            report = recommendation.last_report()
            if not report:
                raise RecommendationError(gettext(
                        'kiem_tra_cong_vu.msg_recommendation_no_report',
                        recommendation=recommendation.rec_name))
            recommendation.completion_date = report.date
            report.state = 'accepted'
            reports.append(report)
        Report.save(reports)
        cls.save(recommendations)

    @classmethod
    @ModelView.button
    @Workflow.transition('open')
    def send_back(cls, recommendations):
        "The report is not enough: the unit goes on"
        Report = Pool().get('inspection.recommendation.report')
        reports = [r.last_report() for r in recommendations]
        Report.write([r for r in reports if r], {'state': 'returned'})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, recommendations):
        pass

    def last_report(self):
        submitted = [r for r in self.reports if r.state == 'submitted']
        return max(submitted, key=lambda r: (r.date, r.id)) \
            if submitted else None

    @classmethod
    @ModelView.button
    def remind(cls, recommendations):
        """Remind the leaders of the responsible unit now, as the cron does
        before the deadline and when overdue"""
        Reminder = Pool().get('qlvb.reminder')
        Reminder.remind([r for r in recommendations
                if r.state in {'open', 'reported'}])


class RecommendationReport(WorkflowFieldsMixin, ConfidentialMixin, ModelSQL,
        ModelView):
    "A follow-up report of the responsible unit"
    __name__ = 'inspection.recommendation.report'
    __string__ = "Recommendation Follow-up Report"
    _system_fields = {'state'}

    recommendation = fields.Many2One(
        'inspection.recommendation', "Recommendation", required=True,
        ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    content = fields.Text("Content", required=True)
    reference = fields.Char("Report Number and Symbol")
    file = fields.Binary("File", filename='filename', file_id='file_id')
    filename = fields.Char("File Name")
    file_id = fields.Char("File ID", readonly=True)
    state = fields.Selection(REPORT_STATES, "State", readonly=True,
        required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('recommendation')
        cls._order.insert(0, ('date', 'DESC'))

    @classmethod
    def default_state(cls):
        return 'submitted'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def on_modification(cls, mode, reports, field_names=None):
        super().on_modification(mode, reports, field_names=field_names)
        if mode == 'create':
            Recommendation = Pool().get('inspection.recommendation')
            with without_check_access():
                Recommendation.report_submitted(
                    list({r.recommendation for r in reports}))

    @classmethod
    def check_modification(cls, mode, reports, values=None, external=False):
        super().check_modification(
            mode, reports, values=values, external=external)
        if mode == 'create' and external:
            # Reported by the responsible unit only.
            check_actor([r.recommendation for r in reports])
            for report in reports:
                if report.recommendation.state not in {'open', 'reported'}:
                    raise RecommendationError(gettext(
                            'kiem_tra_cong_vu.msg_recommendation_closed',
                            recommendation=report.recommendation.rec_name))
