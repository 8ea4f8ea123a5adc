"""The annual inspection plan of a team, approved by its competent
leader; the inspections it schedules are planned, the others unannounced."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.workflow import WorkflowFieldsMixin, from_states

from .exceptions import PlanError

STATES = [
    ('draft', "Draft"),
    ('submitted', "Submitted"),
    ('approved', "Approved"),
    ]


class Plan(ExportAccessMixin, WorkflowFieldsMixin, Workflow, ModelSQL,
        ModelView):
    __name__ = 'inspection.plan'
    __string__ = "Inspection Plan"
    _system_fields = {'state', 'approved_by', 'approval_date'}

    team = fields.Many2One(
        'inspection.team', "Team", required=True, ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'draft'})
    year = fields.Integer("Year", required=True,
        states={'readonly': Eval('state') != 'draft'})
    name = fields.Char("Name", required=True,
        states={'readonly': Eval('state') == 'approved'})
    inspections = fields.One2Many(
        'inspection.inspection', 'plan', "Planned Inspections",
        domain=[('team', '=', Eval('team', -1))],
        add_remove=[('plan', '=', None)],
        states={'readonly': Eval('state') == 'approved'})
    state = fields.Selection(STATES, "State", readonly=True, required=True,
        sort=False)
    approved_by = fields.Many2One('res.user', "Approved By", readonly=True)
    approval_date = fields.Date("Approval Date", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('team_year_unique', Unique(t, t.team, t.year),
                'kiem_tra_cong_vu.msg_plan_team_year_unique'),
            ]
        cls._order.insert(0, ('year', 'DESC'))
        cls._transitions |= {
            ('draft', 'submitted'),
            ('submitted', 'draft'),
            ('submitted', 'approved'),
            }
        cls._buttons.update({
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                'draft': {
                    'invisible': Eval('state') != 'submitted',
                    'depends': ['state']},
                'approve': {
                    'invisible': Eval('state') != 'submitted',
                    'depends': ['state']},
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_year(cls):
        return Pool().get('ir.date').today().year

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def submit(cls, plans):
        for plan in plans:
            if not plan.inspections:
                raise PlanError(gettext(
                        'kiem_tra_cong_vu.msg_plan_empty', plan=plan.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, plans):
        pass

    @classmethod
    @ModelView.button
    @from_states('submitted')
    @Workflow.transition('approved')
    def approve(cls, plans):
        "Only the team's competent leader approves its plan"
        Date = Pool().get('ir.date')
        user = Transaction().user
        for plan in plans:
            if plan.team.competent_leader.id != user:
                raise PlanError(gettext(
                        'kiem_tra_cong_vu.msg_plan_not_competent',
                        plan=plan.rec_name,
                        leader=plan.team.competent_leader.rec_name))
        cls.write(plans, {'approved_by': user,
                'approval_date': Date.today()})
