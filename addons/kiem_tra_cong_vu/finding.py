"""Findings (vi phạm) of an inspection, per unit or official, with their
evidence files. Confidential: see the record rules in finding.xml."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval

from .checklist import CATEGORIES
from .confidential import ConfidentialMixin
from .exceptions import InspectionError

SEVERITIES = [
    ('minor', "Minor"),
    ('serious', "Serious"),
    ('very_serious', "Very Serious"),
    ]
_EDITABLE = {'readonly': Eval('inspection_state') != 'in_progress'}


class Finding(ConfidentialMixin, ModelSQL, ModelView):
    __name__ = 'inspection.finding'
    __string__ = "Inspection Finding"
    _rec_name = 'description'

    inspection = fields.Many2One(
        'inspection.inspection', "Inspection", required=True,
        ondelete='CASCADE', states=_EDITABLE)
    inspection_state = fields.Function(
        fields.Selection('get_inspection_states', "Inspection State"),
        'on_change_with_inspection_state')
    agency = fields.Many2One(
        'qlvb.agency', "Agency", ondelete='RESTRICT',
        domain=[('internal', '=', True)], states=_EDITABLE,
        help="Empty for the inspected agency.")
    department = fields.Many2One(
        'qlvb.department', "Department", ondelete='RESTRICT',
        domain=[('agency', '=', Eval('agency', -1))], states=_EDITABLE)
    employee = fields.Many2One(
        'company.employee', "Official", ondelete='RESTRICT',
        states=_EDITABLE, help="Empty for a finding about the unit.")
    position = fields.Char("Official's Position", states=_EDITABLE)
    criterion = fields.Many2One(
        'inspection.criterion', "Criterion", required=True,
        ondelete='RESTRICT', states=_EDITABLE)
    category = fields.Function(
        fields.Selection(CATEGORIES, "Type"), 'get_category',
        searcher='search_category')
    description = fields.Text("Description", required=True,
        states=_EDITABLE)
    severity = fields.Selection(SEVERITIES, "Severity", required=True,
        states=_EDITABLE)
    severity_string = severity.translated('severity')
    head_responsible = fields.Boolean("Head Responsible for Delays",
        states=_EDITABLE,
        help="The head of the unit answers for delays without good reason "
        "(seed directive §3).")
    head = fields.Many2One(
        'company.employee', "Head of Unit", ondelete='RESTRICT',
        states={
            'required': Bool(Eval('head_responsible')),
            'invisible': ~Eval('head_responsible'),
            'readonly': _EDITABLE['readonly'],
            })
    evidence = fields.One2Many(
        'inspection.finding.evidence', 'finding', "Evidence Files",
        states=_EDITABLE)
    disciplines = fields.One2Many(
        'inspection.discipline', 'finding', "Discipline Cases")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('inspection', 'DESC'))

    @classmethod
    def default_severity(cls):
        return 'minor'

    @classmethod
    def get_inspection_states(cls):
        from .inspection import STATES
        return STATES

    @fields.depends('inspection', '_parent_inspection.state')
    def on_change_with_inspection_state(self, name=None):
        return self.inspection.state if self.inspection else None

    @fields.depends('inspection', '_parent_inspection.agency',
        '_parent_inspection.department', 'agency')
    def on_change_inspection(self):
        if self.inspection and not self.agency:
            self.agency = self.inspection.agency
            self.department = self.inspection.department

    @fields.depends('employee', 'position')
    def on_change_employee(self):
        Post = Pool().get('qlvb.post')
        if self.employee and not self.position:
            posts = Post.active_posts([self.employee.id])
            if posts:
                self.position = posts[0].rec_name

    @classmethod
    def preprocess_values(cls, mode, values):
        "A finding without a unit is about the inspected unit"
        Inspection = Pool().get('inspection.inspection')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('agency') and values.get(
                'inspection'):
            inspection = Inspection(values['inspection'])
            values['agency'] = inspection.agency.id
            if not values.get('department') and inspection.department:
                values['department'] = inspection.department.id
        return values

    def get_category(self, name):
        return self.criterion.category

    @classmethod
    def search_category(cls, name, clause):
        return [('criterion.category',) + tuple(clause[1:])]

    def summary(self):
        "One line of the conclusion"
        who = self.employee.rec_name if self.employee else (
            self.department or self.agency).rec_name
        text = '%s (%s; %s): %s' % (who, self.criterion.rec_name,
            self.severity_string, self.description)
        if self.head_responsible and self.head:
            text += ' ' + gettext(
                'kiem_tra_cong_vu.msg_conclusion_head_responsible',
                head=self.head.rec_name)
        return text

    @classmethod
    def check_modification(cls, mode, findings, values=None,
            external=False):
        super().check_modification(
            mode, findings, values=values, external=external)
        if mode in {'write', 'delete'} and external:
            for finding in findings:
                if finding.inspection.state != 'in_progress':
                    raise InspectionError(gettext(
                            'kiem_tra_cong_vu.msg_finding_closed',
                            inspection=finding.inspection.rec_name))


class FindingEvidence(ConfidentialMixin, ModelSQL, ModelView):
    __name__ = 'inspection.finding.evidence'
    __string__ = "Finding Evidence"

    finding = fields.Many2One(
        'inspection.finding', "Finding", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    file = fields.Binary("File", filename='filename', file_id='file_id')
    filename = fields.Char("File Name")
    file_id = fields.Char("File ID", readonly=True)
    description = fields.Text("Description")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('finding')

    @fields.depends('filename', 'name')
    def on_change_filename(self):
        if self.filename and not self.name:
            self.name = self.filename
