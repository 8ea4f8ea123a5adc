"""Access history of archived files: opening, downloading or exporting a
document of a file in the archive's custody is logged as the access to a
secret document is (qlvb/access_log.py), each row naming the file. The
agency's archive clerks read the rows of the archived files, on the file
(its Access History) and in the access log, beside those who read the
history of secret documents."""
from trytond.model import fields
from trytond.modules.qlvb.export_access import search_as_user
from trytond.pool import Pool, PoolMeta
from trytond.transaction import (
    Transaction, check_access, without_check_access)

# {model of a document: (model linking it to files, its field)}
LINKS = {
    'qlvb.incoming': ('qlvb.archive.file-qlvb.incoming', 'incoming'),
    'qlvb.outgoing': ('qlvb.archive.file-qlvb.outgoing', 'outgoing'),
    }
# Set while logging accesses: {'model,id': archived file id or None} of
# the documents logged, found in one query a model.
CONTEXT_KEY = 'qlvb_archived_documents'


def archived_files(documents):
    """{'model,id': id of the archived file holding it, or None} of the
    documents"""
    pool = Pool()
    by_model = {}
    for document in documents:
        by_model.setdefault(document.__name__, set()).add(document.id)
    result = dict.fromkeys(map(str, documents))
    with without_check_access():
        for model, ids in by_model.items():
            if model not in LINKS:
                continue
            link_model, field = LINKS[model]
            Link = pool.get(link_model)
            for link in Link.search([
                        (field, 'in', list(ids)),
                        ('file.state', '=', 'archived'),
                        ], order=[('id', 'ASC')]):
                key = f'{model},{getattr(link, field).id}'
                result[key] = result.get(key) or link.file.id
    return result


def archived_file(document):
    "The id of the archived file holding the document, or None"
    known = Transaction().context.get(CONTEXT_KEY)
    if known is not None and str(document) in known:
        return known[str(document)]
    return archived_files([document]).get(str(document))


class AccessLog(metaclass=PoolMeta):
    __name__ = 'qlvb.access.log'

    archive_file = fields.Many2One('qlvb.archive.file', "Archived File",
        readonly=True, ondelete='RESTRICT')

    @classmethod
    def record(cls, kind, documents, file_names=None):
        "The archived files of the documents found once for all of them"
        with Transaction().set_context(
                {CONTEXT_KEY: archived_files(documents)}):
            return super().record(kind, documents, file_names=file_names)

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        document = values.get('document')
        if (mode == 'create' and document and isinstance(document, str)
                and not values.get('archive_file')):
            model, id_ = document.split(',')
            if model in LINKS and int(id_) >= 0:
                values['archive_file'] = archived_file(
                    Pool().get(model)(int(id_)))
        return values


class File(metaclass=PoolMeta):
    __name__ = 'qlvb.archive.file'

    access_logs = fields.Function(fields.One2Many('qlvb.access.log', None,
            "Access History", readonly=True,
            help="Who opened, downloaded or exported its documents since "
            "it is in the archive."),
        'get_access_logs', setter='set_access_logs')

    @classmethod
    def get_access_logs(cls, files, name):
        "The rows the user may read (none without access to the log)"
        pool = Pool()
        AccessLog = pool.get('qlvb.access.log')
        ModelAccess = pool.get('ir.model.access')
        result = {f.id: [] for f in files}
        with check_access():
            if not ModelAccess.check(
                    'qlvb.access.log', 'read', raise_exception=False):
                return result
        for log in search_as_user(AccessLog, [
                    ('archive_file', 'in', list(result)),
                    ], order=[('date', 'DESC'), ('id', 'DESC')]):
            result[log.archive_file.id].append(log.id)
        return result

    @classmethod
    def set_access_logs(cls, files, name, value):
        "Read-only: the rows are written by the server only"
        pass


class _Archived:
    __slots__ = ()

    @property
    def access_logged(self):
        "Also a document of an archived file"
        return super().access_logged or bool(archived_file(self))

    @classmethod
    def access_logged_domain(cls):
        "Also the documents of the archived files"
        link_model, field = LINKS[cls.__name__]
        Link = Pool().get(link_model)
        with without_check_access():
            links = Link.search([('file.state', '=', 'archived')])
        return ['OR', super().access_logged_domain(),
            ('id', 'in', sorted({getattr(l, field).id for l in links}))]


class Incoming(_Archived, metaclass=PoolMeta):
    __name__ = 'qlvb.incoming'


class Outgoing(_Archived, metaclass=PoolMeta):
    __name__ = 'qlvb.outgoing'


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def domain_get(cls, model_name, mode='read'):
        """The archive clerks also read the access history of the archived
        files of their agencies"""
        domain = super().domain_get(model_name, mode=mode)
        if (model_name != 'qlvb.access.log' or mode != 'read'
                or not domain or not Transaction().check_access):
            return domain
        companies = archivist_companies()
        if not companies:
            return domain
        return ['OR', domain, [
                ('archive_file', '!=', None),
                ('company', 'in', companies),
                ]]


def archivist_companies():
    "The companies of the user when the user is an archive clerk"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    user_id = Transaction().user
    if not user_id:
        return []
    group = ModelData.get_id('qlvb_archive', 'group_archivist')
    if group not in User.get_groups():
        return []
    with without_check_access():
        return [c.id for c in User(user_id).companies]
