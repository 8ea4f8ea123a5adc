"""Inspections (cuộc kiểm tra công vụ) of an agency or one of its
departments for a period: planned in the team's annual plan or unannounced,
run with a checklist and the compliance evidence of the document and task
modules, concluded when the conclusion drafted from the findings and
recommendations is issued as an outgoing document."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import without_check_access

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.workflow import (
    WorkflowFieldsMixin, check_state, from_states)

from .confidential import ConfidentialMixin
from .exceptions import InspectionError

STATES = [
    ('planned', "Planned"),
    ('in_progress', "In Progress"),
    ('concluding', "Conclusion Drafted"),
    ('concluded', "Concluded"),
    ('cancelled', "Cancelled"),
    ]
KINDS = [
    ('planned', "Planned"),
    ('unannounced', "Unannounced"),
    ]
_OPEN = {'readonly': ~Eval('state').in_(['planned', 'in_progress'])}


class Inspection(WorkflowFieldsMixin, ConfidentialMixin, Workflow, ModelSQL,
        ModelView):
    __name__ = 'inspection.inspection'
    __string__ = "Inspection"
    _system_fields = {'state', 'start_date', 'evidence_date',
        'conclusion', 'conclusion_date'}

    name = fields.Char("Name", required=True, states=_OPEN)
    team = fields.Many2One(
        'inspection.team', "Team", required=True, ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'planned'})
    plan = fields.Many2One(
        'inspection.plan', "Plan", ondelete='RESTRICT',
        domain=[('team', '=', Eval('team', -1))],
        states={'readonly': Eval('state') != 'planned'},
        help="Empty for an unannounced inspection.")
    kind = fields.Function(
        fields.Selection(KINDS, "Kind"), 'get_kind', searcher='search_kind')
    agency = fields.Many2One(
        'qlvb.agency', "Inspected Agency", required=True,
        ondelete='RESTRICT', domain=[('internal', '=', True)],
        states=_OPEN)
    department = fields.Many2One(
        'qlvb.department', "Inspected Department", ondelete='RESTRICT',
        domain=[('agency', '=', Eval('agency', -1))], states=_OPEN,
        help="Empty to inspect the whole agency.")
    planned_date = fields.Date("Planned Date", states=_OPEN)
    decision = fields.Many2One(
        'qlvb.outgoing', "Inspection Decision", ondelete='RESTRICT',
        domain=[('state', '=', 'issued')], states=_OPEN)
    decision_number = fields.Char("Decision Number", states=_OPEN)
    decision_date = fields.Date("Decision Date", states=_OPEN)
    period_start = fields.Date("Inspected Period From", required=True,
        states=_OPEN)
    period_end = fields.Date("Inspected Period To", required=True,
        domain=[If(Eval('period_start') & Eval('period_end'),
                ('period_end', '>=', Eval('period_start')), ())],
        states=_OPEN)
    scope = fields.Text("Scope", states=_OPEN)
    members = fields.Many2Many(
        'inspection.inspection-inspection.team.member', 'inspection',
        'member', "Members", domain=[('team', '=', Eval('team', -1))],
        states=_OPEN)
    template = fields.Many2One(
        'inspection.checklist.template', "Checklist Template",
        ondelete='RESTRICT', states={'readonly': Eval('state') != 'planned'})
    checklist = fields.One2Many(
        'inspection.checklist.line', 'inspection', "Checklist",
        states={'readonly': Eval('state') != 'in_progress'})
    start_date = fields.Date("Start Date", readonly=True)
    evidence = fields.One2Many(
        'inspection.evidence', 'inspection', "Compliance Evidence",
        readonly=True)
    evidence_date = fields.Date("Evidence Taken On", readonly=True)
    evidence_summary = fields.Function(
        fields.Text("Evidence Summary"), 'get_evidence_summary')
    findings = fields.One2Many(
        'inspection.finding', 'inspection', "Findings",
        states={'readonly': Eval('state') != 'in_progress'})
    recommendations = fields.One2Many(
        'inspection.recommendation', 'inspection', "Recommendations",
        states={'readonly': ~Eval('state').in_(['in_progress', 'concluded'])})
    conclusion = fields.Many2One(
        'qlvb.outgoing', "Conclusion", readonly=True, ondelete='RESTRICT')
    conclusion_date = fields.Date("Conclusion Date", readonly=True)
    state = fields.Selection(STATES, "State", readonly=True, required=True,
        sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.team, Index.Equality()),
                    (t.period_end, Index.Range())),
                Index(t, (t.conclusion, Index.Equality())),
                })
        cls._order.insert(0, ('planned_date', 'DESC NULLS FIRST'))
        cls._transitions |= {
            ('planned', 'in_progress'),
            ('planned', 'cancelled'),
            ('in_progress', 'concluding'),
            ('in_progress', 'cancelled'),
            ('concluding', 'in_progress'),
            ('concluding', 'concluded'),
            }
        cls._buttons.update({
                'start': {
                    'invisible': Eval('state') != 'planned',
                    'depends': ['state']},
                'take_evidence': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state']},
                'draft_conclusion': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state']},
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['planned', 'in_progress']),
                    'depends': ['state']},
                })

    @classmethod
    def default_state(cls):
        return 'planned'

    def get_kind(self, name):
        return 'planned' if self.plan else 'unannounced'

    @classmethod
    def search_kind(cls, name, clause):
        _, operator, value = clause[:3]
        planned = (operator == '=') == (value == 'planned')
        return [('plan', '!=' if planned else '=', None)]

    @property
    def unit(self):
        "The inspected unit: the department, else the agency"
        return self.department or self.agency

    @fields.depends('decision')
    def on_change_decision(self):
        if self.decision:
            self.decision_number = self.decision.reference
            self.decision_date = self.decision.issue_date

    @fields.depends('team', 'members')
    def on_change_team(self):
        if self.team and not self.members:
            self.members = list(self.team.members)

    def get_evidence_summary(self, name):
        Evidence = Pool().get('inspection.evidence')
        counts = self.evidence_counts()
        labels = dict(Evidence.fields_get(['indicator'])['indicator'][
                'selection'])
        return '\n'.join('%s: %s' % (labels[k], counts[k])
            for k, _ in Evidence.indicator.selection)

    def evidence_counts(self):
        "{indicator: number of evidence lines}"
        Evidence = Pool().get('inspection.evidence')
        counts = {k: 0 for k, _ in Evidence.indicator.selection}
        for line in self.evidence:
            counts[line.indicator] += 1
        return counts

    @classmethod
    def check_modification(cls, mode, inspections, values=None,
            external=False):
        super().check_modification(
            mode, inspections, values=values, external=external)
        if mode == 'delete':
            for inspection in inspections:
                if inspection.state not in {'planned', 'cancelled'}:
                    raise InspectionError(gettext(
                            'kiem_tra_cong_vu.msg_inspection_delete',
                            inspection=inspection.rec_name))

    @classmethod
    @ModelView.button
    @from_states('planned')
    @Workflow.transition('in_progress')
    def start(cls, inspections):
        """Start on site: the checklist from the template and the evidence
        of the inspected unit for the period"""
        pool = Pool()
        Line = pool.get('inspection.checklist.line')
        Date = pool.get('ir.date')
        lines = []
        for inspection in inspections:
            if not inspection.members:
                raise InspectionError(gettext(
                        'kiem_tra_cong_vu.msg_inspection_no_members',
                        inspection=inspection.rec_name))
            if inspection.template and not inspection.checklist:
                lines += [Line(inspection=inspection, criterion=c,
                        sequence=c.sequence)
                    for c in inspection.template.criteria if c.active]
        Line.save(lines)
        cls.write(inspections, {'start_date': Date.today()})
        cls.take_evidence_snapshot(inspections)

    @classmethod
    @ModelView.button
    def take_evidence(cls, inspections):
        "Take the evidence again (it is a snapshot: it does not move)"
        check_state(inspections, {'in_progress'})
        cls.take_evidence_snapshot(inspections)

    @classmethod
    def take_evidence_snapshot(cls, inspections):
        pool = Pool()
        Evidence = pool.get('inspection.evidence')
        Date = pool.get('ir.date')
        Evidence.delete([e for i in inspections for e in i.evidence])
        Evidence.save([line for i in inspections
                for line in Evidence.collect(i)])
        cls.write(inspections, {'evidence_date': Date.today()})

    @classmethod
    @ModelView.button
    @from_states('in_progress')
    @Workflow.transition('concluding')
    def draft_conclusion(cls, inspections):
        """The conclusion as a draft outgoing document of the team's
        secretariat, with the findings and recommendations"""
        pool = Pool()
        Outgoing = pool.get('qlvb.outgoing')
        ModelData = pool.get('ir.model.data')
        document_type = ModelData.get_id(
            'qlvb', 'document_type_thong_bao')
        for inspection in inspections:
            team = inspection.team
            if not team.secretariat:
                raise InspectionError(gettext(
                        'kiem_tra_cong_vu.msg_team_no_secretariat',
                        team=team.rec_name))
            if not inspection.findings and not inspection.checklist:
                raise InspectionError(gettext(
                        'kiem_tra_cong_vu.msg_inspection_nothing_to_conclude',
                        inspection=inspection.rec_name))
        for inspection in inspections:
            team = inspection.team
            outgoing = Outgoing(
                company=team.secretariat.agency.company,
                drafting_department=team.secretariat,
                document_type=document_type,
                register=team.register,
                signer=team.competent_leader,
                subject=gettext(
                    'kiem_tra_cong_vu.msg_conclusion_subject',
                    unit=inspection.unit.rec_name),
                content=inspection.conclusion_text(),
                internal_recipients=[inspection.agency],
                )
            outgoing.save()
            inspection.conclusion = outgoing
        cls.save(inspections)

    def conclusion_text(self):
        "The body of the conclusion: period, findings, recommendations"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        lines = [gettext('kiem_tra_cong_vu.msg_conclusion_intro',
                team=self.team.rec_name, unit=self.unit.rec_name,
                start=lang.strftime(self.period_start),
                end=lang.strftime(self.period_end),
                decision=self.decision_number or '')]
        lines.append('')
        lines.append(gettext('kiem_tra_cong_vu.msg_conclusion_findings'))
        for i, finding in enumerate(self.findings, 1):
            lines.append('%s. %s' % (i, finding.summary()))
        if not self.findings:
            lines.append(gettext('kiem_tra_cong_vu.msg_conclusion_none'))
        lines.append('')
        lines.append(gettext(
                'kiem_tra_cong_vu.msg_conclusion_recommendations'))
        for i, recommendation in enumerate(self.recommendations, 1):
            lines.append('%s. %s' % (i, recommendation.summary()))
        if not self.recommendations:
            lines.append(gettext('kiem_tra_cong_vu.msg_conclusion_none'))
        return '\n'.join(lines)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, inspections):
        pass

    @classmethod
    def conclusions_issued(cls, outgoings):
        "Conclude the inspections whose conclusion was issued"
        cls.conclude(cls.search([
                    ('conclusion', 'in', [o.id for o in outgoings]),
                    ('state', '=', 'concluding'),
                    ]))

    @classmethod
    @Workflow.transition('concluded')
    def conclude(cls, inspections):
        """Concluded by the issue of the conclusion: the recommendations'
        deadlines run from the issue date"""
        Recommendation = Pool().get('inspection.recommendation')
        for inspection in inspections:
            inspection.conclusion_date = inspection.conclusion.issue_date
        cls.save(inspections)
        Recommendation.start_deadlines([r for i in inspections
                for r in i.recommendations])


class InspectionMember(ExportAccessMixin, ModelSQL):
    __name__ = 'inspection.inspection-inspection.team.member'
    __string__ = "Inspection - Team Member"

    inspection = fields.Many2One(
        'inspection.inspection', "Inspection", required=True,
        ondelete='CASCADE')
    member = fields.Many2One(
        'inspection.team.member', "Member", required=True,
        ondelete='CASCADE')


class Outgoing(metaclass=PoolMeta):
    __name__ = 'qlvb.outgoing'

    @classmethod
    def on_modification(cls, mode, outgoings, field_names=None):
        super().on_modification(mode, outgoings, field_names=field_names)
        if mode == 'write' and 'state' in (field_names or ()):
            issued = [o for o in outgoings if o.state == 'issued']
            if issued:
                with without_check_access():
                    Pool().get('inspection.inspection').conclusions_issued(
                        issued)
