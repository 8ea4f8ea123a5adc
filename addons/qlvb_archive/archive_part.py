"""The parts of a document filed in a file (Decree 30/2020 Article 28:
a file holds the documents of a matter with their drafts and
attachments): beside its original, an outgoing document brings its draft
versions (each a document of the file, the drafts the signer approved
from) and every document brings its attachments (appendices and papers
attached to it, part of their document). Closing counts them: each
version as a document, the pages of versions and attachments in the
file's pages; the export of a transfer packs them unchanged beside the
document's original."""
import mimetypes

from trytond.modules.qlvb.document import PDF_MAGIC
from trytond.pool import Pool

from .archive_file import document_pages, original_file, pdf_pages


class Part:
    "A version or an attachment of a filed document, as exported"

    def __init__(self, kind, number, filename, data, **metadata):
        self.kind = kind
        self.number = number
        self.filename = filename or f'{kind}-{number}'
        self.data = bytes(data) if data else None
        self.metadata = metadata

    @property
    def pages(self):
        if self.data and self.data[:5] == PDF_MAGIC:
            return pdf_pages(self.data)

    @property
    def suffix(self):
        "The entry's name after the document's number in the package"
        extension = self.filename.rsplit('.', 1)[-1].lower() \
            if '.' in self.filename else 'bin'
        prefix = 'v' if self.kind == 'version' else 'a'
        return f'{prefix}{self.number:02d}.{extension}'

    def as_metadata(self, path):
        return {
            'kind': self.kind,
            'number': self.number,
            'original_filename': self.filename,
            'format': (mimetypes.guess_type(self.filename)[0]
                or 'application/octet-stream'),
            'page_count': self.pages,
            'file': path if self.data else None,
            **self.metadata,
            }


def versions(document):
    """The draft versions of an outgoing document, the oldest first; a
    version whose file is the document's original is not repeated"""
    if document.__name__ != 'qlvb.outgoing':
        return []
    original = original_file(document)[1]
    original = bytes(original) if original else None
    return [Part('version', v.number, v.main_filename, v.main_file,
            date=v.date, author=v.author.rec_name if v.author else None,
            step=v.state, subject=v.subject)
        for v in sorted(document.versions, key=lambda v: (v.number, v.id))
        if v.main_file and bytes(v.main_file) != original]


def attachments(document):
    "The attachments (files) of a document, in the order they were added"
    Attachment = Pool().get('ir.attachment')
    found = Attachment.search([
            ('resource', '=', str(document)), ('type', '=', 'data')],
        order=[('create_date', 'ASC'), ('id', 'ASC')])
    return [Part('attachment', n, a.name, a.data,
            description=a.description or None)
        for n, a in enumerate(found, 1)]


def parts(document):
    "The versions then the attachments of a filed document"
    return versions(document) + attachments(document)


def counts(document):
    """(documents, pages) a filed document adds to its file: itself and
    its versions; the pages of all its parts (None for a part whose pages
    cannot be read)"""
    found = parts(document)
    pages = [document_pages(document)] + [p.pages for p in found]
    return (1 + sum(1 for p in found if p.kind == 'version'),
        sum(p or 0 for p in pages))
