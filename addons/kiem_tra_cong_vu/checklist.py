"""Checklists: configurable templates of criteria, copied into each
inspection where the team records what it observed."""
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.pyson import Eval

from .confidential import ConfidentialMixin

CATEGORIES = [
    ('working_hours', "Working Hours and Attendance"),
    ('conduct', "Conduct towards Citizens and Businesses"),
    ('harassment', "Harassment"),
    ('discipline', "Administrative Discipline"),
    ('procedures', "Administrative Procedures"),
    ('tasks', "Assigned Tasks on Time"),
    ('internal_control', "Internal Control"),
    ('other', "Other"),
    ]
RESULTS = [
    (None, ""),
    ('compliant', "Compliant"),
    ('non_compliant', "Not Compliant"),
    ('not_applicable', "Not Applicable"),
    ]


class ChecklistTemplate(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'inspection.checklist.template'
    __string__ = "Checklist Template"

    name = fields.Char("Name", required=True, translate=True)
    criteria = fields.One2Many(
        'inspection.criterion', 'template', "Criteria")


class Criterion(sequence_ordered(), DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'inspection.criterion'
    __string__ = "Inspection Criterion"

    template = fields.Many2One(
        'inspection.checklist.template', "Template", required=True,
        ondelete='CASCADE')
    name = fields.Char("Name", required=True, translate=True)
    category = fields.Selection(CATEGORIES, "Category", required=True)
    category_string = category.translated('category')
    description = fields.Text("What to Check", translate=True)
    legal_reference = fields.Many2One(
        'inspection.legal_reference', "Legal Reference", ondelete='RESTRICT')


class ChecklistLine(
        ConfidentialMixin, sequence_ordered(), ModelSQL, ModelView):
    __name__ = 'inspection.checklist.line'
    __string__ = "Checklist Line"

    inspection = fields.Many2One(
        'inspection.inspection', "Inspection", required=True,
        ondelete='CASCADE')
    criterion = fields.Many2One(
        'inspection.criterion', "Criterion", required=True,
        ondelete='RESTRICT')
    category = fields.Function(
        fields.Selection(CATEGORIES, "Category"), 'get_category')
    legal_reference = fields.Function(
        fields.Many2One('inspection.legal_reference', "Legal Reference"),
        'get_legal_reference')
    result = fields.Selection(RESULTS, "Result",
        states={'readonly': Eval('inspection_state') != 'in_progress'})
    note = fields.Text("Observation",
        states={'readonly': Eval('inspection_state') != 'in_progress'})
    inspection_state = fields.Function(
        fields.Selection('get_inspection_states', "Inspection State"),
        'on_change_with_inspection_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('inspection')

    def get_category(self, name):
        return self.criterion.category if self.criterion else None

    def get_legal_reference(self, name):
        if self.criterion and self.criterion.legal_reference:
            return self.criterion.legal_reference.id

    @classmethod
    def get_inspection_states(cls):
        from .inspection import STATES
        return STATES

    @fields.depends('inspection', '_parent_inspection.state')
    def on_change_with_inspection_state(self, name=None):
        return self.inspection.state if self.inspection else None
