"""Tìm trong văn bản: one box, ranked documents with the text around the
hit.

The words are searched in the incoming and outgoing documents the user
may read (readable_query: their record rules, as the lists apply them),
through the same `text_search` field as the lists' search box
(document.py); the matching documents are ranked by where and how often
the words occur (folding.py: the document's data weighs more than its
files, the phrase as typed more than scattered words) and each shows the
snippet of its best part. The form stays open for the next search."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.qlvb.export_access import readable_query
from trytond.pool import Pool
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .document_text import DOCUMENT_MODELS, MAX_CANDIDATES
from .exceptions import SearchError
from .folding import words

# Documents listed at most
MAX_RESULTS = 50


class SearchStart(ModelView):
    "Search in the documents"
    __name__ = 'qlvb.fulltext.search.start'
    __string__ = "Search in Documents"

    query = fields.Char("Words", required=True,
        help="Words of the number and symbol, the subject or the text of "
        "the documents and their attachments, in any order, with or "
        "without accents.")
    kinds = fields.Selection([
            ('all', "Incoming and Outgoing"),
            ('qlvb.incoming', "Incoming"),
            ('qlvb.outgoing', "Outgoing"),
            ], "Documents", required=True)
    hits = fields.One2Many('qlvb.fulltext.search.hit', None, "Results",
        readonly=True)

    @classmethod
    def default_kinds(cls):
        return 'all'


class SearchHit(ModelView):
    "A document found, with the text around the hit"
    __name__ = 'qlvb.fulltext.search.hit'
    __string__ = "Document Found"

    document = fields.Reference("Document", [
            ('qlvb.incoming', "Incoming"),
            ('qlvb.outgoing', "Outgoing"),
            ], readonly=True)
    score = fields.Integer("Relevance", readonly=True)
    found_in = fields.Char("Found In", readonly=True)
    snippet = fields.Text("Excerpt", readonly=True)


class Search(Wizard):
    "Search in the documents"
    __name__ = 'qlvb.fulltext.search'
    start = StateView('qlvb.fulltext.search.start',
        'qlvb_fulltext.search_start_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Search", 'search', 'tryton-search', default=True),
            ])
    search = StateTransition()

    def transition_search(self):
        if not words(self.start.query):
            raise SearchError(gettext('qlvb_fulltext.msg_search_no_words'))
        return 'start'

    def default_start(self, fields):
        query = getattr(self.start, 'query', None)
        kinds = getattr(self.start, 'kinds', None) or 'all'
        values = {'query': query, 'kinds': kinds}
        if query:
            values['hits'] = hits(query, kinds)
        return values


def hits(query, kinds='all'):
    """[{document, score, found_in, snippet}] of the documents the user may
    read holding every word of query, best first"""
    pool = Pool()
    Text = pool.get('qlvb.fulltext.text')
    query_words = words(query)
    if not query_words:
        return []
    ranked = []
    for model in DOCUMENT_MODELS:
        if kinds not in {'all', model}:
            continue
        Document = pool.get(model)
        with_rules = readable_query(Document,
            [('text_search', 'ilike', query)])
        # The most recent documents when too many match
        ids = [d.id for d in Document.search([('id', 'in', with_rules)],
                order=[('id', 'DESC')], limit=MAX_CANDIDATES)]
        ranked.extend((score, model, document, record)
            for score, document, record in Text.rank(model, ids,
                query_words))
    ranked.sort(key=lambda r: (-r[0], r[1], -r[2]))
    return [{
            'document': f'{model},{document}',
            'score': score,
            'found_in': found_in(record),
            'snippet': record.snippet(query_words),
            } for score, model, document, record in ranked[:MAX_RESULTS]]


def found_in(record):
    if record.source == 'metadata':
        return gettext('qlvb_fulltext.msg_found_in_metadata')
    if record.source == 'file':
        return gettext('qlvb_fulltext.msg_found_in_file',
            name=record.name or '')
    return gettext('qlvb_fulltext.msg_found_in_attachment',
        name=record.name or '')
