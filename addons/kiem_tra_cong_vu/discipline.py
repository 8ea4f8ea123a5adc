"""Disciplinary handling arising from findings. The forms are reference
data by law version and staff category (Decree 112/2020/NĐ-CP replaced
Decree 34/2011/NĐ-CP for civil servants), so a case is checked against the
forms valid on its decision date."""
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Workflow, fields,
    sequence_ordered)
from trytond.pyson import Eval, If

from trytond.modules.qlvb.workflow import WorkflowFieldsMixin

from .confidential import ConfidentialMixin
from .exceptions import DisciplineError

STAFF_CATEGORIES = [
    ('cadre', "Cadre (cán bộ)"),
    ('civil_servant', "Civil Servant (công chức)"),
    ('public_employee', "Public Employee (viên chức)"),
    ]


class DisciplineForm(
        sequence_ordered(), DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'inspection.discipline.form'
    __string__ = "Disciplinary Form"

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)
    staff_category = fields.Selection(
        STAFF_CATEGORIES, "Staff Category", required=True)
    legal_reference = fields.Many2One(
        'inspection.legal_reference', "Law", required=True,
        ondelete='RESTRICT')
    valid_from = fields.Date("Valid From", required=True)
    valid_to = fields.Date("Valid To",
        domain=[If(Eval('valid_to'),
                ('valid_to', '>=', Eval('valid_from')), ())])

    def get_rec_name(self, name):
        return '%s (%s)' % (self.name, self.legal_reference.number)

    def valid_on(self, date):
        return self.valid_from <= date and (
            not self.valid_to or date <= self.valid_to)


class Discipline(WorkflowFieldsMixin, ConfidentialMixin, Workflow, ModelSQL,
        ModelView):
    __name__ = 'inspection.discipline'
    __string__ = "Discipline Case"
    _system_fields = {'state'}

    finding = fields.Many2One(
        'inspection.finding', "Finding", required=True, ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'draft'})
    inspection = fields.Function(
        fields.Many2One('inspection.inspection', "Inspection"),
        'get_inspection', searcher='search_inspection')
    employee = fields.Many2One(
        'company.employee', "Official", required=True, ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'draft'})
    staff_category = fields.Selection(
        STAFF_CATEGORIES, "Staff Category", required=True,
        states={'readonly': Eval('state') != 'draft'})
    staff_category_string = staff_category.translated('staff_category')
    violation = fields.Text("Violation", required=True,
        states={'readonly': Eval('state') != 'draft'})
    form = fields.Many2One(
        'inspection.discipline.form', "Disciplinary Form",
        ondelete='RESTRICT',
        domain=[('staff_category', '=', Eval('staff_category'))],
        states={
            'readonly': Eval('state') != 'draft',
            'required': Eval('state') == 'decided',
            })
    decision_reference = fields.Char("Decision Number",
        states={
            'readonly': Eval('state') != 'draft',
            'required': Eval('state') == 'decided',
            })
    decision_date = fields.Date("Decision Date",
        states={
            'readonly': Eval('state') != 'draft',
            'required': Eval('state') == 'decided',
            })
    effect_start = fields.Date("Effective From",
        states={'readonly': Eval('state') != 'draft'})
    effect_end = fields.Date("Effective Until",
        domain=[If(Eval('effect_start') & Eval('effect_end'),
                ('effect_end', '>=', Eval('effect_start')), ())],
        states={'readonly': Eval('state') != 'draft'})
    state = fields.Selection([
            ('draft', "Under Consideration"),
            ('decided', "Decided"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('decision_date', 'DESC NULLS FIRST'))
        cls._transitions |= {
            ('draft', 'decided'),
            ('draft', 'cancelled'),
            ('decided', 'draft'),
            }
        cls._buttons.update({
                'decide': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                'draft': {
                    'invisible': Eval('state') != 'decided',
                    'depends': ['state']},
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_staff_category(cls):
        return 'civil_servant'

    @fields.depends('finding', '_parent_finding.employee',
        '_parent_finding.description', 'employee', 'violation')
    def on_change_finding(self):
        if self.finding:
            if not self.employee:
                self.employee = self.finding.employee
            if not self.violation:
                self.violation = self.finding.description

    def get_inspection(self, name):
        return self.finding.inspection.id

    @classmethod
    def search_inspection(cls, name, clause):
        return [('finding.' + clause[0],) + tuple(clause[1:])]

    def get_rec_name(self, name):
        return ' - '.join(filter(None, [self.employee.rec_name,
                    self.form.name if self.form else None,
                    self.decision_reference]))

    @classmethod
    def validate_fields(cls, cases, field_names):
        super().validate_fields(cases, field_names)
        if field_names & {'form', 'decision_date', 'staff_category'}:
            for case in cases:
                case.check_form()

    def check_form(self):
        "The form must exist for the staff category on the decision date"
        if not self.form:
            return
        date = self.decision_date
        if (self.form.staff_category != self.staff_category
                or (date and not self.form.valid_on(date))):
            raise DisciplineError(gettext(
                    'kiem_tra_cong_vu.msg_discipline_form_invalid',
                    form=self.form.rec_name,
                    category=self.staff_category_string,
                    date=date or ''))

    @classmethod
    @ModelView.button
    @Workflow.transition('decided')
    def decide(cls, cases):
        for case in cases:
            if not (case.form and case.decision_reference
                    and case.decision_date):
                raise DisciplineError(gettext(
                        'kiem_tra_cong_vu.msg_discipline_incomplete',
                        case=case.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, cases):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, cases):
        pass
