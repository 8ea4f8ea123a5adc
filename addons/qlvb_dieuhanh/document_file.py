"""Files of documents: the main file of a document must be a PDF within
the configured size."""
from trytond.i18n import gettext
from trytond.pool import Pool

from .exceptions import DocumentFileError

PDF_MAGIC = b'%PDF-'


def check_pdf(data, label):
    "Refuse a file that is not a PDF or exceeds the configured size"
    Configuration = Pool().get('qlvb.configuration')
    if data is None:
        return
    limit = Configuration(1).max_file_size * 1024 * 1024
    if len(data) > limit:
        raise DocumentFileError(gettext(
                'qlvb_dieuhanh.msg_file_too_large', file=label,
                size=round(len(data) / 1024 / 1024, 1),
                limit=limit // 1024 // 1024))
    if not bytes(data[:1024]).lstrip().startswith(PDF_MAGIC):
        raise DocumentFileError(gettext(
                'qlvb_dieuhanh.msg_file_not_pdf', file=label))
