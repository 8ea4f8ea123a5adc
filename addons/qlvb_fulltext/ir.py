"""A PDF attached to a document is searched with it (document.py); the
cron that queues the documents without text yet."""
from collections import defaultdict

from trytond.pool import Pool, PoolMeta

from .document_text import DOCUMENT_MODELS


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(('qlvb.fulltext.text|index_missing',
                "Extract the Text of Documents without Text"))


class Attachment(metaclass=PoolMeta):
    __name__ = 'ir.attachment'

    @classmethod
    def on_modification(cls, mode, attachments, field_names=None):
        super().on_modification(mode, attachments, field_names=field_names)
        if mode == 'create' or (mode == 'write'
                and set(field_names or ()) & {'data', 'resource'}):
            documents = defaultdict(set)
            for attachment in attachments:
                resource = attachment.resource
                if resource and resource.__name__ in DOCUMENT_MODELS:
                    documents[resource.__name__].add(resource.id)
            pool = Pool()
            for model, ids in documents.items():
                Document = pool.get(model)
                Document.__queue__.index_fulltext(Document.browse(ids))
