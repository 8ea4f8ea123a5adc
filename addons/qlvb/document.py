"""What incoming and outgoing documents share: the subject and number and
symbol they are found by, confidentiality, and a main file that must be a
PDF within the configured size."""
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.model import Index
from trytond.pool import Pool
from trytond.transaction import Transaction

from .exceptions import DocumentFileError
from .workflow import WorkflowFieldsMixin

PDF_MAGIC = b'%PDF-'


def check_pdf(data, label):
    "Refuse a file that is not a PDF or exceeds the configured size"
    Configuration = Pool().get('qlvb.configuration')
    if data is None:
        return
    limit = Configuration(1).max_file_size * 1024 * 1024
    if len(data) > limit:
        raise DocumentFileError(gettext(
                'qlvb.msg_file_too_large', file=label,
                size=round(len(data) / 1024 / 1024, 1),
                limit=limit // 1024 // 1024))
    if not bytes(data[:1024]).lstrip().startswith(PDF_MAGIC):
        raise DocumentFileError(gettext(
                'qlvb.msg_file_not_pdf', file=label))



class DocumentMixin(WorkflowFieldsMixin):
    """Needs the fields subject, reference, confidentiality and main_file,
    and names the workflow fields that only the logged actions change"""
    __slots__ = ()

    @property
    def is_secret(self):
        "A document with a confidentiality level (never discussed in chat)"
        return bool(self.confidentiality and self.confidentiality.secret)

    @property
    def access_logged(self):
        """A secret document, or one in a secret register: its access is
        logged (access_log.py)"""
        register = getattr(self, 'register', None)
        return self.is_secret or bool(
            register and getattr(register, 'secret', False))

    @classmethod
    def access_logged_domain(cls):
        "The domain of the documents whose access is logged (access_logged)"
        domain = ['OR', ('confidentiality.secret', '=', True)]
        register = cls._fields.get('register')
        if register and 'secret' in Pool().get(
                register.model_name)._fields:
            domain.append(('register.secret', '=', True))
        return domain

    @classmethod
    def read(cls, ids, fields_names):
        result = super().read(ids, fields_names)
        if Transaction().check_access:
            Pool().get('qlvb.access.log').record_read(
                cls, ids, fields_names, result)
        return result

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        result = super().export_data(records, fields_names, header=header)
        if Transaction().check_access:
            Pool().get('qlvb.access.log').record('export', records)
        return result

    @property
    def short_subject(self):
        return (self.subject or '').splitlines()[0][:80] if self.subject \
            else ''

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator in {'ilike', 'not ilike'} and isinstance(operand, str):
            # Every word, in any order and with words between: "quyet
            # dinh dat dai" finds "Quyết định ... đất đai" (accents are
            # ignored where the database has unaccent, see
            # docs/administration.md).
            words = operand.replace('%', ' ').split()
            if len(words) > 1:
                domain = ['AND', *(['OR',
                            ('subject', 'ilike', f'%{w}%'),
                            ('reference', 'ilike', f'%{w}%'),
                            ] for w in words)]
                return domain if operator == 'ilike' else ['NOT', domain]
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('subject', operator, operand, *extra),
            ('reference', operator, operand, *extra),
            ]

    @classmethod
    def search_indexes(cls, table):
        """Trigram indexes matching the accent-free search of the fields,
        and equality on the number and symbol (duplicate check)"""
        return {
            # trytond compares a Char that is not required as
            # COALESCE(column, ''): the index must hold that expression.
            Index(table, (Coalesce(table.reference, ''), Index.Equality())),
            Index(table, (Index.Unaccent(table.subject),
                    Index.Similarity())),
            Index(table, (Index.Unaccent(Coalesce(table.reference, '')),
                    Index.Similarity())),
            }

    @classmethod
    def validate_fields(cls, documents, field_names):
        super().validate_fields(documents, field_names)
        if field_names & {'main_file', 'main_file_id'}:
            for document in documents:
                check_pdf(document.main_file, document.main_filename
                    or gettext('qlvb.msg_main_file'))
