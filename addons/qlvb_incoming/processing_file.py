"""Processing file (hồ sơ xử lý), directive fix 3.

One file per incoming document being handled; an administrator may attach
further incoming documents on the same matter. It links the incoming
documents to every result produced in response: when two or more lead units
must each reply, each lead assignment records its own result inside the
same file and no extra job or copy of the document is created.
"""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, check_access

from trytond.modules.qlvb.export_access import ExportAccessMixin

from .assignment import VOID_STATES


class ProcessingFile(ExportAccessMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.processing.file'
    __string__ = "Processing File"

    name = fields.Char("Matter", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        ondelete='RESTRICT')
    incomings = fields.One2Many(
        'qlvb.incoming', 'processing_file', "Incoming Documents",
        add_remove=[('company', '=', Eval('company', -1))])
    assignments = fields.Function(fields.Many2Many(
            'qlvb.incoming.assignment', None, None, "Lead Assignments"),
        'get_assignments')
    state = fields.Function(fields.Selection([
                ('open', "Open"),
                ('done', "Done"),
                ], "State"), 'get_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('create_date', 'DESC'))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_assignments(self, name):
        Assignment = Pool().get('qlvb.incoming.assignment')
        return [a.id for a in Assignment.search([
                    ('incoming.processing_file', '=', self.id),
                    ('role', '=', 'lead'),
                    ('parent', '=', None),
                    ('state', 'not in', VOID_STATES),
                    ])]

    def get_state(self, name):
        if self.incomings and all(
                i.state in {'completed', 'cancelled', 'rejected'}
                for i in self.incomings):
            return 'done'
        return 'open'

    @classmethod
    def check_attach(cls, incomings, file_id):
        """Refuse to attach incomings to the file (or to take them out of
        theirs) unless the user may change files and the file is of the
        documents' agency"""
        ModelAccess = Pool().get('ir.model.access')
        # check_modification runs with access checks off: as the user.
        with check_access():
            ModelAccess.check(cls.__name__, 'write')
        if file_id is None:
            return
        file = cls(file_id)
        for incoming in incomings:
            if incoming.company != file.company:
                raise AccessError(gettext(
                        'qlvb_incoming.msg_processing_file_other_agency',
                        document=incoming.rec_name, file=file.rec_name))

    @classmethod
    def for_incoming(cls, incoming):
        "Return the document's file, creating it on its first direction"
        if incoming.processing_file:
            return incoming.processing_file
        if incoming.is_secret:  # a secret document: no subject
            name = gettext('qlvb_incoming.msg_secret_file_name',
                number=incoming.arrival_number)
        else:
            name = (incoming.subject or '').splitlines()[0][:200]
        file = cls(name=name, company=incoming.company)
        file.save()
        return file
