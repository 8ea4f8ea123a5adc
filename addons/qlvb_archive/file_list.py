"""The file list (danh mục hồ sơ) of an agency for a year: headings and
the files the units expect to open, each with its number and symbol,
title, retention period and keeper (Decree 30/2020 Article 28). The
office drafts it, the agency head approves it, and it is copied forward
to the next year."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.workflow import from_states
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ArchiveError

_DRAFT = {'readonly': Eval('list_state', 'draft') != 'draft'}


class FileList(ExportAccessMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'qlvb.archive.file_list'
    __string__ = "File List"
    company = fields.Many2One('company.company', "Agency", required=True,
        states={'readonly': Eval('state') != 'draft'})
    year = fields.Integer("Year", required=True,
        states={'readonly': Eval('state') != 'draft'})
    lines = fields.One2Many('qlvb.archive.file_list.line', 'list', "Lines",
        states={'readonly': Eval('state') != 'draft'})
    state = fields.Selection([
            ('draft', "Draft"),
            ('approved', "Approved"),
            ], "State", readonly=True, required=True)
    approved_by = fields.Many2One('res.user', "Approved By", readonly=True)
    approved_date = fields.Date("Approved On", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'approved')}
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'copy_forward': {
                    'invisible': Eval('state') != 'approved',
                    'depends': ['state'],
                    },
                })
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_year_uniq', Unique(t, t.company, t.year),
                'qlvb_archive.msg_file_list_unique'),
            ]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_year():
        return Pool().get('ir.date').today().year

    @staticmethod
    def default_state():
        return 'draft'

    def get_rec_name(self, name):
        return f'{self.company.rec_name} {self.year}'

    @classmethod
    def check_modification(cls, mode, records, values=None,
            external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        if mode == 'write' and set(values or ()) & {
                'state', 'approved_by', 'approved_date'}:
            raise AccessError(gettext('qlvb_archive.msg_file_list_buttons'))
        if mode in {'write', 'delete'}:
            for file_list in records:
                if file_list.state != 'draft':
                    raise AccessError(gettext(
                            'qlvb_archive.msg_file_list_approved',
                            list=file_list.rec_name))

    @classmethod
    @ModelView.button
    @from_states('draft')
    @Workflow.transition('approved')
    def approve(cls, lists):
        for file_list in lists:
            if not file_list.lines:
                raise ArchiveError(gettext(
                        'qlvb_archive.msg_file_list_empty',
                        list=file_list.rec_name))
        cls.write(lists, {
                'approved_by': Transaction().user,
                'approved_date': Pool().get('ir.date').today(),
                })

    @classmethod
    @ModelView.button
    def copy_forward(cls, lists):
        "A draft list of the next year with the same headings and files"
        Line = Pool().get('qlvb.archive.file_list.line')
        for file_list in lists:
            year = file_list.year + 1
            if cls.search([('company', '=', file_list.company.id),
                        ('year', '=', year)]):
                raise ArchiveError(gettext(
                        'qlvb_archive.msg_file_list_exists',
                        agency=file_list.company.rec_name, year=year))
            next_list, = cls.create([{
                        'company': file_list.company.id, 'year': year}])
            Line.copy([l for l in file_list.lines if not l.parent],
                default={'list': next_list.id})


class FileListLine(ExportAccessMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.archive.file_list.line'
    __string__ = "File List Line"
    list = fields.Many2One('qlvb.archive.file_list', "File List",
        required=True, ondelete='CASCADE', states=_DRAFT)
    list_state = fields.Function(fields.Selection('get_list_states',
            "List State"), 'on_change_with_list_state')
    parent = fields.Many2One('qlvb.archive.file_list.line', "Heading",
        ondelete='CASCADE', states=_DRAFT,
        domain=[('list', '=', Eval('list', -1)), ('kind', '=', 'heading')])
    children = fields.One2Many('qlvb.archive.file_list.line', 'parent',
        "Lines", states=_DRAFT)
    sequence = fields.Integer("Sequence", states=_DRAFT)
    kind = fields.Selection([
            ('heading', "Heading"),
            ('file', "File"),
            ], "Kind", required=True, states=_DRAFT)
    number = fields.Char("File Number", states=_DRAFT,
        help="The number of the file in the list, e.g. 01.")
    symbol = fields.Char("File Symbol", states={
            'readonly': _DRAFT['readonly'],
            'required': Eval('kind') == 'file',
            'invisible': Eval('kind') != 'file',
            },
        help="Number and symbol of the file, e.g. 01.TH: the end of "
        "the file code.")
    title = fields.Char("Title", required=True, states=_DRAFT)
    retention = fields.Many2One('qlvb.archive.retention', "Retention",
        states={
            'readonly': _DRAFT['readonly'],
            'required': Eval('kind') == 'file',
            'invisible': Eval('kind') != 'file',
            })
    keeper_department = fields.Many2One('qlvb.department',
        "Keeping Unit", states={
            'readonly': _DRAFT['readonly'],
            'invisible': Eval('kind') != 'file',
            })
    keeper = fields.Many2One('company.employee', "Keeper", states={
            'readonly': _DRAFT['readonly'],
            'invisible': Eval('kind') != 'file',
            })
    document_type = fields.Many2One('qlvb.document.type', "Document Type",
        states={
            'readonly': _DRAFT['readonly'],
            'invisible': Eval('kind') != 'file',
            },
        help="Documents of this type handled by the keeping unit are "
        "proposed for this file.")
    notes = fields.Text("Notes", states=_DRAFT)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('list')
        cls._order = [('sequence', 'ASC NULLS FIRST'), ('id', 'ASC')]

    @classmethod
    def get_list_states(cls):
        return Pool().get('qlvb.archive.file_list').fields_get(
            ['state'])['state']['selection']

    @fields.depends('list', '_parent_list.state')
    def on_change_with_list_state(self, name=None):
        return self.list.state if self.list else 'draft'

    @staticmethod
    def default_kind():
        return 'file'

    @fields.depends('parent', '_parent_parent.list')
    def on_change_parent(self):
        if self.parent and self.parent.list:
            self.list = self.parent.list

    def get_rec_name(self, name):
        if self.kind == 'file' and self.symbol:
            return f'{self.symbol} {self.title}'
        return self.title

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('title', operator, operand, *extra),
            ('symbol', operator, operand, *extra),
            ]

    @classmethod
    def copy(cls, lines, default=None):
        "Each line with its sub-lines, in the list given by default"
        default = dict(default or {})
        new = []
        for line in lines:
            copied, = super().copy([line], default={
                    **default, 'children': []})
            if line.children:
                cls.copy(line.children, default={
                        **default, 'parent': copied.id})
            new.append(copied)
        return new

    @classmethod
    def check_modification(cls, mode, records, values=None,
            external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        # Lines are added, changed and removed in draft lists only
        for file_list in {r.list for r in records}:
            if file_list.state != 'draft':
                raise AccessError(gettext(
                        'qlvb_archive.msg_file_list_approved',
                        list=file_list.rec_name))


