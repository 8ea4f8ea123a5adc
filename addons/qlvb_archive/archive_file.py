"""A file (hồ sơ): opened from the file list or ad hoc by the person
responsible (ad hoc: waiting for a clerk's approval, unless a clerk opens
it), documents filed into it by the people handling them, closed
(biên mục) with its dates, counts and keywords computed from its
documents, and read-only from then on (Decree 30/2020 Articles 29-30).
Its code follows the identifier scheme of Circular 02/2019/TT-BNV:
agency identifier, year, file number and symbol. A closed file is due,
then overdue, for transfer to the archive (transfer_status)."""
import datetime as dt

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.qlvb.export_access import (
    ExportAccessMixin, check_readable, search_as_user)
from trytond.modules.qlvb.workflow import from_states
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .exceptions import ArchiveError

STATES = [
    ('proposed', "Waiting for Approval"),
    ('open', "Open"),
    ('closed', "Closed"),
    ('submitted', "Submitted to the Archive"),
    ('archived', "In the Archive"),
    ]
_OPEN = {'readonly': ~Eval('state').in_(['proposed', 'open'])}
# Documents are filed once the file is open
_FILING = {'readonly': Eval('state') != 'open'}
# A closed file is due for transfer in the last months before its transfer
# due date (the "Due for Transfer" tab of the files), overdue after it.
DUE_NOTICE = relativedelta(months=3)
TRANSFER_STATUS = [
    (None, ""),
    ('due', "Due for Transfer"),
    ('overdue', "Overdue for Transfer"),
    ]
# Set by the buttons only
SYSTEM_FIELDS = {'state', 'start_date', 'end_date', 'document_count',
    'page_count', 'closed_date', 'closed_by', 'transfer_due_date',
    'access_mode', 'opening_approved_by'}
# Who open a file outside the file list without a clerk's approval
OPENERS = [('qlvb', 'group_clerk'), ('qlvb', 'group_qlvb_admin'),
    ('qlvb_archive', 'group_archivist')]


def agency_identifier(company):
    "The electronic identifier of the agency of company"
    Agency = Pool().get('qlvb.agency')
    agencies = Agency.search([('company', '=', company.id)], limit=1)
    return agencies[0].identifier if agencies and agencies[0].identifier \
        else ''


def pdf_pages(data):
    "The number of pages of a PDF, None when it cannot be read"
    if not data:
        return None
    try:
        import io

        from pyhanko.pdf_utils.reader import PdfFileReader
        reader = PdfFileReader(io.BytesIO(bytes(data)), strict=False)
        return int(reader.root['/Pages']['/Count'])
    except Exception:
        return None


class File(ExportAccessMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'qlvb.archive.file'
    __string__ = "File"
    company = fields.Many2One('company.company', "Agency", required=True,
        states=_OPEN)
    year = fields.Integer("Year", required=True, states=_OPEN)
    list_line = fields.Many2One('qlvb.archive.file_list.line',
        "File List Entry", states=_OPEN,
        domain=[('kind', '=', 'file'),
            ('list.company', '=', Eval('company', -1)),
            ('list.state', '=', 'approved')],
        help="Leave empty for a file opened outside the list.")
    code = fields.Function(fields.Char("File Code"), 'get_code',
        searcher='search_code')
    symbol = fields.Char("File Number and Symbol", required=True,
        states=_OPEN)
    title = fields.Char("Title", required=True, states=_OPEN)
    retention = fields.Many2One('qlvb.archive.retention', "Retention",
        required=True, states=_OPEN)
    department = fields.Many2One('qlvb.department', "Keeping Unit",
        states=_OPEN)
    responsible = fields.Many2One('company.employee', "Responsible",
        states=_OPEN)
    incomings = fields.Many2Many('qlvb.archive.file-qlvb.incoming', 'file',
        'incoming', "Incoming Documents", states=_FILING,
        domain=[('company', '=', Eval('company', -1))])
    outgoings = fields.Many2Many('qlvb.archive.file-qlvb.outgoing', 'file',
        'outgoing', "Outgoing Documents", states=_FILING,
        domain=[('company', '=', Eval('company', -1))])
    language = fields.Char("Language", required=True, states=_OPEN)
    keywords = fields.Char("Keywords", states=_OPEN)
    notes = fields.Text("Notes", states=_OPEN)
    start_date = fields.Date("Start Date", readonly=True)
    end_date = fields.Date("End Date", readonly=True)
    document_count = fields.Integer("Number of Documents", readonly=True)
    page_count = fields.Integer("Number of Pages", readonly=True)
    access_mode = fields.Selection([
            ('public', "Public"),
            ('restricted', "Restricted"),
            ], "Access Mode", readonly=True, required=True,
        help="Restricted when the file holds a secret document.")
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    opening_approved_by = fields.Many2One('res.user', "Opening Approved By",
        readonly=True,
        help="The clerk who approved a file opened outside the file list.")
    closed_date = fields.Date("Closed On", readonly=True)
    closed_by = fields.Many2One('res.user', "Closed By", readonly=True)
    transfer_due_date = fields.Date("Transfer Due", readonly=True,
        help="One year after closing (Decree 30/2020 Article 31).")
    transfer_status = fields.Function(fields.Selection(TRANSFER_STATUS,
            "Transfer Status",
            help="A closed file not yet transferred: due in the last three "
            "months before its transfer due date, overdue after it."),
        'get_transfer_status', searcher='search_transfer_status')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('symbol', 'ASC'), ('id', 'DESC')]
        cls._transitions |= {
            ('proposed', 'open'),
            ('open', 'closed'),
            ('closed', 'submitted'),
            ('submitted', 'closed'),
            ('submitted', 'archived'),
            }
        cls._buttons.update({
                'approve_opening': {
                    'invisible': Eval('state') != 'proposed',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'open',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('transfer_status') == 'overdue',
                    'danger', If(Eval('transfer_status') == 'due',
                        'warning', '')), ['transfer_status']),
            ]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_year():
        return Pool().get('ir.date').today().year

    @staticmethod
    def default_state():
        return 'open'

    @staticmethod
    def default_access_mode():
        return 'public'

    @staticmethod
    def default_language():
        return 'Tiếng Việt'

    @classmethod
    def default_responsible(cls):
        return Transaction().context.get('employee')

    @fields.depends('list_line', 'symbol', 'title', 'retention',
        'department', 'responsible', 'year')
    def on_change_list_line(self):
        line = self.list_line
        if not line:
            return
        self.symbol = line.symbol
        self.title = line.title
        self.retention = line.retention
        self.department = line.keeper_department or self.department
        self.responsible = line.keeper or self.responsible
        self.year = line.list.year

    def get_code(self, name):
        "agency identifier.year.file number and symbol"
        parts = [agency_identifier(self.company), str(self.year or ''),
            self.symbol or '']
        return '.'.join(p for p in parts if p)

    @classmethod
    def search_code(cls, name, clause):
        _, operator, operand, *extra = clause
        if isinstance(operand, str) and operator in {'=', 'ilike', 'like'}:
            operand = operand.rsplit('.', 1)[-1] if operator == '=' \
                else operand
            return [('symbol', operator, operand, *extra)]
        return [('symbol', operator, operand, *extra)]

    def get_transfer_status(self, name):
        return transfer_status(self.state, self.transfer_due_date,
            archive_today())

    @classmethod
    def search_transfer_status(cls, name, clause):
        "On the stored state and due date (their indexes serve)"
        _, operator, value = clause[:3]
        today = archive_today()
        domains = {
            'overdue': [('state', '=', 'closed'),
                ('transfer_due_date', '<', today)],
            'due': [('state', '=', 'closed'),
                ('transfer_due_date', '>=', today),
                ('transfer_due_date', '<=', today + DUE_NOTICE)],
            }
        values = [value] if not isinstance(value, (list, tuple)) \
            else list(value)
        matching = ['OR'] + [domains[v] for v in values if v in domains]
        if None in values:
            matching.append(['OR', ('state', '!=', 'closed'),
                    ('transfer_due_date', '=', None),
                    ('transfer_due_date', '>', today + DUE_NOTICE)])
        if operator in {'=', 'in'}:
            return matching if len(matching) > 1 else [('id', '=', -1)]
        if operator in {'!=', 'not in'}:
            if len(matching) == 1:
                return []
            return [('id', 'not in', cls.search(
                        matching, order=[], query=True))]
        raise ValueError(f"operator {operator} on transfer_status")

    def get_rec_name(self, name):
        return f'{self.symbol} {self.title}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('title', operator, operand, *extra),
            ('symbol', operator, operand, *extra),
            ]

    @property
    def documents(self):
        "The documents of the file in the order of their dates"
        def key(document):
            return (document_date(document) or dt.date.max, document.id)
        return (sorted(self.incomings, key=key)
            + sorted(self.outgoings, key=key))

    @classmethod
    def check_modification(cls, mode, records, values=None,
            external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        if mode == 'write' and set(values or ()) & SYSTEM_FIELDS:
            raise AccessError(gettext('qlvb_archive.msg_file_buttons'))
        if mode in {'write', 'delete'}:
            for file in records:
                if file.state not in {'proposed', 'open'}:
                    raise AccessError(gettext(
                            'qlvb_archive.msg_file_closed',
                            file=file.rec_name))
                if (mode == 'write' and file.state == 'proposed'
                        and set(values or ()) & {'incomings', 'outgoings'}):
                    raise AccessError(gettext(
                            'qlvb_archive.msg_file_not_approved',
                            file=file.rec_name))
        if mode == 'delete':
            for file in records:
                if file.incomings or file.outgoings:
                    raise AccessError(gettext(
                            'qlvb_archive.msg_file_delete_documents',
                            file=file.rec_name))
        if mode == 'create':
            for file in records:
                if file.state == 'proposed' and (
                        file.incomings or file.outgoings):
                    raise AccessError(gettext(
                            'qlvb_archive.msg_file_not_approved',
                            file=file.rec_name))
        if mode in {'create', 'write'}:
            cls._check_documents_readable(records, values)

    @classmethod
    def _check_documents_readable(cls, records, values):
        "Only documents the user may read are filed"
        pool = Pool()
        for name, model in [('incomings', 'qlvb.incoming'),
                ('outgoings', 'qlvb.outgoing')]:
            if values is not None:
                ids = set()
                for action in values.get(name, []):
                    if action[0] in {'add', 'set'}:
                        ids.update(action[1])
                documents = pool.get(model).browse(list(ids))
            else:
                documents = [d for r in records for d in getattr(r, name)]
            check_readable(documents, 'qlvb_archive.msg_file_document_denied')

    @classmethod
    def preprocess_values(cls, mode, values):
        """A file opened outside the file list waits for the approval of a
        clerk, unless a clerk opens it"""
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            values['state'] = ('open' if values.get('list_line')
                or may_open_ad_hoc() else 'proposed')
        return values

    @classmethod
    @ModelView.button
    @from_states('proposed', message='qlvb_archive.msg_file_wrong_state')
    @Workflow.transition('open')
    def approve_opening(cls, files):
        cls.write(files, {'opening_approved_by': Transaction().user})

    @classmethod
    @ModelView.button
    @from_states('open', message='qlvb_archive.msg_file_wrong_state')
    @Workflow.transition('closed')
    def close(cls, files):
        "Biên mục: dates, counts and access mode from the documents"
        from .archive_part import counts
        today = Pool().get('ir.date').today()
        for file in files:
            documents = file.documents
            if not documents:
                raise ArchiveError(gettext(
                        'qlvb_archive.msg_file_empty', file=file.rec_name))
            dates = [d for d in map(document_date, documents) if d]
            secret = any(d.confidentiality and d.confidentiality.secret
                for d in documents)
            filed = [counts(d) for d in documents]
            cls.write([file], {
                    'start_date': min(dates) if dates else None,
                    'end_date': max(dates) if dates else None,
                    # With the versions and attachments (archive_part)
                    'document_count': sum(c[0] for c in filed),
                    'page_count': sum(c[1] for c in filed),
                    'access_mode': 'restricted' if secret else 'public',
                    'closed_date': today,
                    'closed_by': Transaction().user,
                    'transfer_due_date': add_year(today),
                    })

    @classmethod
    @Workflow.transition('submitted')
    def submit(cls, files):
        pass

    @classmethod
    @Workflow.transition('closed')
    def give_back(cls, files):
        pass

    @classmethod
    @Workflow.transition('archived')
    def archive(cls, files):
        pass

    @classmethod
    def propose(cls, document):
        """The open file a document should go to, among those the user may
        read: the file holding documents of its processing file, else a
        file of the list for its type in the user's units"""
        context = Transaction().context
        processing_file = getattr(document, 'processing_file', None)
        if processing_file is None and document.__name__ == 'qlvb.outgoing':
            processing_file = next((i.processing_file
                    for i in document.reply_to if i.processing_file), None)
        base = [('state', '=', 'open'),
            ('company', '=', document.company.id)]
        if processing_file:
            files = search_as_user(cls, base + [
                    ('incomings.processing_file', '=', processing_file.id)],
                order=[('id', 'DESC')])
            if files:
                return files[0]
        if document.document_type:
            employee = context.get('employee')
            files = search_as_user(cls, base + [
                    ('list_line.document_type', '=',
                        document.document_type.id),
                    ['OR', ('responsible', '=', employee),
                        ('department', 'in',
                            user_departments(employee))]],
                order=[('id', 'DESC')])
            if files:
                return files[0]


def may_open_ad_hoc():
    "Whether the user opens a file outside the list without approval"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    if not Transaction().user:
        return True
    groups = set(User.get_groups())
    return any(ModelData.get_id(module, xml_id) in groups
        for module, xml_id in OPENERS)


def archive_today():
    "Today, or the day the scheduled reminders run as (qlvb_today)"
    return (Transaction().context.get('qlvb_today')
        or Pool().get('ir.date').today())


def transfer_status(state, due_date, today):
    "due or overdue for a closed file as of today, else None"
    if state != 'closed' or not due_date:
        return None
    if due_date < today:
        return 'overdue'
    if due_date <= today + DUE_NOTICE:
        return 'due'
    return None


def user_departments(employee_id):
    "The departments of the employee's current posts"
    if not employee_id:
        return []
    Post = Pool().get('qlvb.post')
    return list({p.department.id for p in Post.search([
                    ('employee', '=', employee_id)]) if p.department})


def document_date(document):
    return (getattr(document, 'issue_date', None)
        or getattr(document, 'arrival_date', None)
        or (document.create_date.date() if document.create_date else None))


def document_pages(document):
    pages = getattr(document, 'page_count', None)
    if pages:
        return pages
    return pdf_pages(original_file(document)[1])


def original_file(document):
    "(filename, data) of the document's original electronic file"
    signed = getattr(document, 'signed_file', None)
    if signed:
        return document.signed_filename or 'signed.pdf', signed
    return document.main_filename or 'document.pdf', document.main_file


def add_year(date):
    try:
        return date.replace(year=date.year + 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year + 1, day=28)


class _FileDocument(ExportAccessMixin, ModelSQL):
    "A document filed in a file: seen by who may read both"
    __slots__ = ()
    file = fields.Many2One('qlvb.archive.file', "File", required=True,
        ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.update({'file'})


class FileIncoming(_FileDocument):
    __name__ = 'qlvb.archive.file-qlvb.incoming'
    __string__ = "File - Incoming Document"
    incoming = fields.Many2One('qlvb.incoming', "Incoming Document",
        required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('incoming')


class FileOutgoing(_FileDocument):
    __name__ = 'qlvb.archive.file-qlvb.outgoing'
    __string__ = "File - Outgoing Document"
    outgoing = fields.Many2One('qlvb.outgoing', "Outgoing Document",
        required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('outgoing')


class _Proposed:
    __slots__ = ()
    archive_file = fields.Function(fields.Many2One('qlvb.archive.file',
            "Proposed File",
            help="The open file this document should be filed in."),
        'get_archive_file')

    def get_archive_file(self, name):
        File = Pool().get('qlvb.archive.file')
        file = File.propose(self)
        return file.id if file else None


class Incoming(_Proposed, metaclass=PoolMeta):
    __name__ = 'qlvb.incoming'


class Outgoing(_Proposed, metaclass=PoolMeta):
    __name__ = 'qlvb.outgoing'
