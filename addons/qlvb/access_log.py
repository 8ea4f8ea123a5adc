"""History of access to secret documents (Circular 01/2019/TT-BNV).

Opening, downloading (the main file, the signed file, an attachment) or
exporting a secret document through the web client or RPC leaves a row: who,
when, what, which document. Reads of the client are done in read-only
transactions: the row is written in a transaction of its own, committed at
once. Nobody edits or deletes a row; the clerks of the agency's secret
register and its head list them (record rules with the context of
`rule.py`)."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .export_access import ExportAccessMixin

KINDS = [
    ('open', "Open"),
    ('download', "Download"),
    ('export', "Export"),
    ]
# Reads of these fields only (a name shown in another record's list) do not
# open the document.
_NAME_FIELDS = {'id', 'rec_name', '_timestamp', '_write', '_delete'}
# The same opening by the same user is logged once in this delay (the web
# client reads a record several times while it shows it).
_OPEN_DELAY = dt.timedelta(seconds=5)


class AccessLog(ExportAccessMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.access.log'
    __string__ = "Access to a Secret Document"

    date = fields.DateTime("Date", required=True, readonly=True)
    user = fields.Many2One(
        'res.user', "User", required=True, readonly=True, ondelete='RESTRICT')
    kind = fields.Selection(KINDS, "Access", required=True, readonly=True)
    document = fields.Reference(
        "Document", selection='get_documents', required=True, readonly=True)
    document_name = fields.Char("Document", readonly=True)
    file_name = fields.Char("File", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", readonly=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.document, Index.Equality()),
                    (t.date, Index.Range())),
                Index(t, (t.company, Index.Equality()),
                    (t.date, Index.Range())),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        return dt.datetime.now()

    @classmethod
    def get_documents(cls):
        "The models of documents: those with the document mixin"
        from .document import DocumentMixin
        pool = Pool()
        IrModel = pool.get('ir.model')
        return [(None, '')] + sorted(
            (name, IrModel.get_name(name))
            for name, Model in pool.iterobject()
            if isinstance(Model, type) and issubclass(Model, DocumentMixin))

    @classmethod
    def check_modification(cls, mode, logs, values=None, external=False):
        super().check_modification(
            mode, logs, values=values, external=external)
        # Written by the server only, never changed.
        if external or mode in {'write', 'delete'}:
            raise AccessError(gettext('qlvb.msg_access_log_readonly'))

    @classmethod
    def record(cls, kind, documents, file_names=None):
        """Log the access of kind by the user of the transaction to the
        secret ones of documents (records of a document model);
        file_names: {document: name of the file read}"""
        transaction = Transaction()
        user = transaction.user
        if not user:
            return
        file_names = file_names or {}
        now = dt.datetime.now()
        with without_check_access():
            documents = [d for d in documents if d.access_logged]
            if kind == 'open' and documents:
                recent = {l.document for l in cls.search([
                            ('document', 'in', [str(d) for d in documents]),
                            ('user', '=', user), ('kind', '=', 'open'),
                            ('date', '>=', now - _OPEN_DELAY)])}
                documents = [d for d in documents if d not in recent]
            vlist = [{
                    'date': now,
                    'user': user,
                    'kind': kind,
                    'document': str(d),
                    'document_name': d.rec_name,
                    'file_name': file_names.get(d),
                    'company': getattr(d, 'company', None) and d.company.id,
                    } for d in documents]
        if not vlist:
            return
        if transaction.readonly:
            # An access by a read-only call is logged all the same.
            with transaction.new_transaction(), without_check_access():
                cls.create(vlist)
        else:
            with without_check_access():
                cls.create(vlist)

    @classmethod
    def record_read(cls, Model, ids, fields_names, rows):
        """Log an RPC read of ids of a document model; rows: what the read
        returned"""
        transaction = Transaction()
        if not (transaction.check_access and ids):
            return
        names = {n.split('.')[0] for n in fields_names}
        binaries = {n for n in names if isinstance(
                    Model._fields.get(n), fields.Binary)
            and transaction.context.get(f'{Model.__name__}.{n}') != 'size'}
        if not names - _NAME_FIELDS:
            return
        documents = Model.browse(ids)
        with_file = {r['id'] for r in rows if any(r.get(n) for n in binaries)}
        if with_file:
            downloaded = [d for d in documents if d.id in with_file]
            with without_check_access():
                file_names = {}
                for document in downloaded:
                    labels = []
                    for name in sorted(binaries):
                        field = Model._fields[name]
                        label = (getattr(document, field.filename, None)
                            if field.filename else None)
                        labels.append(label or field.string)
                    file_names[document] = ', '.join(labels)
            cls.record('download', downloaded, file_names)
        if names - binaries - _NAME_FIELDS:
            cls.record('open', documents)


def log_export(model, ids):
    """Log as exported the secret documents among ids of the document model:
    the reports that print documents (registers, statistics details)"""
    pool = Pool()
    Model = pool.get(model)
    # Found by SQL: a report prints up to hundreds of thousands of rows, of
    # which few are secret.
    with without_check_access():
        secret = Model.search([('id', 'in', sorted(set(ids))),
                Model.access_logged_domain()], order=[('id', 'ASC')])
    pool.get('qlvb.access.log').record('export', secret)
