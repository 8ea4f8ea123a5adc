"""Incoming and outgoing documents searched by their text.

`text_search` is the search box's field: "Tìm trong văn bản: quyet dinh
dat dai" in the list of documents finds those whose data (number and
symbol, subject, description...), file or attached PDFs hold every word,
accents ignored, among the documents the user may read (the list's own
search, under its record rules). Being a domain on a field, the search is
saved and reused as the web client's saved filters (the star of the search
box, stored as ir.ui.view_search).

A change of the data, the file or an attached PDF queues the extraction of
the document's text (document_text.py)."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .folding import words

PDF_MAGIC = b'%PDF-'


class DocumentTextMixin:
    __slots__ = ()
    # Fields of the document's own data that are searched
    _fulltext_fields = ()
    # Binary fields holding the document's file, the first set is read
    _fulltext_files = ()

    text_search = fields.Function(fields.Char("Search in Text",
            help="Words of the document's data, file and attached PDFs, "
            "in any order, with or without accents."),
        'get_text_search', searcher='search_text_search')

    def get_text_search(self, name):
        return None

    @classmethod
    def search_text_search(cls, name, clause):
        _, operator, value = clause[:3]
        Text = Pool().get('qlvb.fulltext.text')
        query_words = words(value if isinstance(value, str) else '')
        if not query_words:
            return []
        query = Text.documents_query(cls.__name__, query_words)
        if operator.startswith(('not', '!')):
            return [('id', 'not in', query)]
        return [('id', 'in', query)]

    @classmethod
    def _fulltext_triggers(cls):
        return set(cls._fulltext_fields) | set(cls._fulltext_files) | {
            f + '_id' for f in cls._fulltext_files}

    @classmethod
    def on_modification(cls, mode, documents, field_names=None):
        super().on_modification(mode, documents, field_names=field_names)
        if mode == 'create' or (mode == 'write'
                and set(field_names or ()) & cls._fulltext_triggers()):
            cls.__queue__.index_fulltext(documents)

    @classmethod
    def index_fulltext(cls, documents):
        "Extract the text of the documents (run by the queue)"
        Pool().get('qlvb.fulltext.text').index_documents(documents)

    def fulltext_metadata(self):
        return '\n'.join(str(getattr(self, name, None) or '')
            for name in self._fulltext_fields)

    def fulltext_file(self):
        "(data, file name) of the document's file"
        for name in self._fulltext_files:
            data = getattr(self, name, None)
            if data:
                field = self._fields[name]
                return data, getattr(self, field.filename, None) \
                    if field.filename else None
        return None, None

    def fulltext_attachments(self):
        "The PDF attachments of the document"
        Attachment = Pool().get('ir.attachment')
        return [a for a in Attachment.search([('resource', '=', str(self))],
                order=[('id', 'ASC')])
            if a.data and bytes(a.data[:1024]).lstrip().startswith(PDF_MAGIC)]


class Incoming(DocumentTextMixin, metaclass=PoolMeta):
    __name__ = 'qlvb.incoming'
    _fulltext_fields = ('reference', 'subject', 'signer_name',
        'description', 'direction')
    _fulltext_files = ('main_file',)


class Outgoing(DocumentTextMixin, metaclass=PoolMeta):
    __name__ = 'qlvb.outgoing'
    _fulltext_fields = ('reference', 'subject', 'content')
    # The signed file once there is one: the text is the same
    _fulltext_files = ('signed_file', 'main_file')
