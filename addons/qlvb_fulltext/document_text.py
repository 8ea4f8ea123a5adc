"""The searchable text of the documents, one record a part of a document.

A document (incoming or outgoing) has a record for its own data (number
and symbol, subject, description), one for its file and one for each PDF
attached to it. The text is extracted in the background
(`index_documents`, queued by document.py and ir.py: trytond-worker in
production, right after the request's commit without a worker), kept as
extracted (`text`, for the snippets) and folded (`normalized`, for the
search: folding.py). A file whose checksum did not change is not read
again.

Nobody reads these records through RPC (the model is not a view: the
server answers 403 to any call): documents are searched through their own
`text_search` field, under their record rules, so the text of a secret
document never shows to a user who may not read it."""
import hashlib
import logging
import time
from functools import reduce

from sql import Null

from trytond import backend
from trytond.model import Index, ModelSQL, fields
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .extraction import ExtractionError, extract
from .folding import METADATA_WEIGHT, clean, fold, score, snippet

logger = logging.getLogger(__name__)

DOCUMENT_MODELS = {
    'qlvb.incoming': 'incoming',
    'qlvb.outgoing': 'outgoing',
    }
# Documents matching every word, at most, ranked by the search
MAX_CANDIDATES = 500
# Documents without text queued by one run of the cron
INDEX_BATCH = 500


class DocumentText(ModelSQL):
    "The text of a document's data, file or attachment, to search in"
    __name__ = 'qlvb.fulltext.text'
    __string__ = "Document Text"

    incoming = fields.Many2One('qlvb.incoming', "Incoming Document",
        ondelete='CASCADE', readonly=True)
    outgoing = fields.Many2One('qlvb.outgoing', "Outgoing Document",
        ondelete='CASCADE', readonly=True)
    source = fields.Selection([
            ('metadata', "Document Data"),
            ('file', "Main File"),
            ('attachment', "Attachment"),
            ], "Source", required=True, readonly=True)
    attachment = fields.Many2One('ir.attachment', "Attachment",
        ondelete='CASCADE', readonly=True)
    name = fields.Char("Name", readonly=True)
    checksum = fields.Char("Checksum", readonly=True)
    method = fields.Selection([
            ('metadata', "Document Data"),
            ('text', "Text Layer"),
            ('ocr', "OCR"),
            ('mixed', "Text Layer and OCR"),
            ('none', "No Text"),
            ('error', "Unreadable"),
            ], "Method", readonly=True)
    pages = fields.Integer("Pages", readonly=True)
    ocr_pages = fields.Integer("Pages Read by OCR", readonly=True)
    text = fields.Text("Text", readonly=True)
    normalized = fields.Text("Normalized Text", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.incoming, Index.Equality())),
                Index(t, (t.outgoing, Index.Equality())),
                Index(t, (t.attachment, Index.Equality())),
                # A GIN trigram index where pg_trgm is installed (it serves
                # LIKE '%word%'), a plain one otherwise
                Index(t, (t.normalized, Index.Similarity())),
                })

    @classmethod
    def __register__(cls, module):
        # The trigram index needs pg_trgm: created where the database
        # allows it (a trusted extension since PostgreSQL 13), else the
        # search runs without it.
        database = Transaction().database
        if backend.name == 'postgresql' and not database.has_extension(
                'pg_trgm'):
            cursor = Transaction().connection.cursor()
            try:
                cursor.execute('SAVEPOINT qlvb_fulltext_trgm')
                cursor.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
                cursor.execute('RELEASE SAVEPOINT qlvb_fulltext_trgm')
            except Exception:
                cursor.execute('ROLLBACK TO SAVEPOINT qlvb_fulltext_trgm')
                logger.warning("pg_trgm is not available: the text search "
                    "runs without its index")
            database._extensions[database.name].pop('pg_trgm', None)
        super().__register__(module)

    # Indexing --------------------------------------------------------------

    @classmethod
    def index_documents(cls, documents):
        "Bring the text records of the documents up to date"
        with without_check_access():
            for document in documents:
                cls._index_document(document)

    @classmethod
    def _index_document(cls, document):
        field = DOCUMENT_MODELS[document.__name__]
        existing = cls.search([(field, '=', document.id)])
        by_key = {(r.source, r.attachment.id if r.attachment else None): r
            for r in existing}
        parts = [('metadata', None, None, document.fulltext_metadata())]
        data, name = document.fulltext_file()
        if data:
            parts.append(('file', None, name, data))
        for attachment in document.fulltext_attachments():
            parts.append(('attachment', attachment, attachment.name,
                    attachment.data))
        to_save, kept = [], set()
        for source, attachment, name, content in parts:
            key = (source, attachment.id if attachment else None)
            record = by_key.get(key) or cls(**{field: document.id},
                source=source, attachment=attachment, checksum=None)
            kept.add(key)
            if source == 'metadata':
                record.name = None
                record.method = 'metadata'
                record.set_text(content)
            else:
                checksum = hashlib.sha256(bytes(content)).hexdigest()
                record.name = name
                if record.checksum == checksum:
                    to_save.append(record)
                    continue
                record.checksum = checksum
                record.extract(content)
            to_save.append(record)
        cls.save(to_save)
        cls.delete([r for k, r in by_key.items() if k not in kept])

    @classmethod
    def index_missing(cls):
        """Queue the documents that have no text yet (registered before the
        module, or loaded without a worker), a batch a run (cron)"""
        pool = Pool()
        for model, column in DOCUMENT_MODELS.items():
            Document = pool.get(model)
            document = Document.__table__()
            text = cls.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*document.select(document.id,
                    where=~document.id.in_(text.select(getattr(text, column),
                            where=(text.source == 'metadata')
                            & (getattr(text, column) != Null))),
                    order_by=[document.id.desc], limit=INDEX_BATCH))
            ids = [i for i, in cursor]
            if ids:
                Document.__queue__.index_fulltext(Document.browse(ids))

    def set_text(self, text):
        self.text = clean(text)
        self.normalized = fold(self.text)

    def extract(self, data):
        start = time.monotonic()
        try:
            text, self.method, self.pages, self.ocr_pages = extract(data)
            logger.info("Text of %s read in %.1f s: %s page(s), %s by OCR",
                self.name, time.monotonic() - start, self.pages,
                self.ocr_pages)
        except ExtractionError:
            logger.info("Unreadable PDF %s", self.name, exc_info=True)
            text, self.method, self.pages, self.ocr_pages = (
                '', 'error', None, None)
        self.set_text(text)

    # Searching -------------------------------------------------------------

    @classmethod
    def documents_query(cls, model, query_words):
        """A query of the ids of the documents of model whose data, file or
        attachments hold every word (anywhere: not necessarily in one
        part)"""
        column = DOCUMENT_MODELS[model]
        queries = []
        for word in query_words:
            table = cls.__table__()
            document = getattr(table, column)
            queries.append(table.select(document,
                    where=(document != Null)
                    & table.normalized.like(f'%{word}%')))
        # Documents holding each word: the first word's, restricted to
        # those of each other word
        table = cls.__table__()
        document = getattr(table, column)
        return table.select(document,
            where=reduce(lambda a, b: a & b,
                [document.in_(q) for q in queries]),
            group_by=[document])

    @classmethod
    def rank(cls, model, document_ids, query_words):
        """[(score, document id, text record)] of the documents, best
        first, the text record the part with the best hit"""
        column = DOCUMENT_MODELS[model]
        best = {}
        for sub_ids in grouped_slice(document_ids,
                backend.MAX_QUERY_PARAMS // 2):
            for record in cls.search([(column, 'in', list(sub_ids))],
                    order=[('id', 'ASC')]):
                weight = (METADATA_WEIGHT if record.source == 'metadata'
                    else 1)
                points = score(record.normalized or '', query_words, weight)
                document = getattr(record, column).id
                total, top, top_record = best.get(document, (0, -1, None))
                if points > top:
                    top, top_record = points, record
                best[document] = (total + points, top, top_record)
        ranked = [(total, document, record)
            for document, (total, _, record) in best.items()]
        ranked.sort(key=lambda r: (-r[0], -r[1]))
        return ranked

    def snippet(self, query_words):
        return snippet(self.text or '', self.normalized or '', query_words)
