"""The export of a transfer as a self-contained package (package.py):
the accepted files with their documents' originals, their draft versions
and attachments (archive_part.py), and metadata. Run as
the user: every file and document must be readable by him."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.qlvb.access_log import log_export
from trytond.modules.qlvb.export_access import check_readable
from trytond.pool import Pool
from trytond.wizard import Button, StateView, Wizard

from .archive_file import document_date, document_pages, original_file
from .archive_part import parts
from .exceptions import ArchiveError
from .package import STANDARD, as_json, build


class ExportResult(ModelView):
    __name__ = 'qlvb.archive.transfer.export.result'
    __string__ = "Export of a Transfer"
    file = fields.Binary("Package", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)


class Export(Wizard):
    __name__ = 'qlvb.archive.transfer.export'
    start = StateView('qlvb.archive.transfer.export.result',
        'qlvb_archive.transfer_export_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        transfer = self.record
        check_readable([transfer], 'qlvb_archive.msg_export_denied')
        if transfer.state != 'done':
            raise ArchiveError(gettext(
                    'qlvb_archive.msg_export_not_received',
                    transfer=transfer.rec_name))
        files = [l.file for l in transfer.lines if l.state == 'accepted']
        check_readable(files, 'qlvb_archive.msg_export_denied')
        for file in files:
            check_readable(list(file.incomings),
                'qlvb_archive.msg_export_denied')
            check_readable(list(file.outgoings),
                'qlvb_archive.msg_export_denied')
        # In the access history of the archived files
        for model, name in [('qlvb.incoming', 'incomings'),
                ('qlvb.outgoing', 'outgoings')]:
            log_export(model, [d.id for f in files for d in getattr(f, name)])
        entries = {}
        index = []
        for file in files:
            metadata = file_metadata(file)
            for number, document in enumerate(file.documents, 1):
                name, data = original_file(document)
                stem = f'{file.code}/{number:03d}'
                doc = document_metadata(file, document, number, name)
                if data:
                    entries[f'{stem}.pdf'] = bytes(data)
                    doc['file'] = f'{number:03d}.pdf'
                # Its draft versions and attachments, unchanged, beside it
                doc['parts'] = []
                for part in parts(document):
                    path = f'{number:03d}-{part.suffix}'
                    if part.data:
                        entries[f'{file.code}/{path}'] = part.data
                    doc['parts'].append(part.as_metadata(path))
                entries[f'{stem}.json'] = as_json(doc)
            entries[f'{file.code}/file.json'] = as_json(metadata)
            index.append({'file_code': file.code, 'title': file.title,
                    'retention': file.retention.code,
                    'start_date': file.start_date,
                    'end_date': file.end_date,
                    'document_count': file.document_count})
        entries['transfer.json'] = as_json({
                'standard': STANDARD,
                'agency': file_agency(transfer.company),
                'transferring_unit': (transfer.department.rec_name
                    if transfer.department else None),
                'date': transfer.date,
                'files': index,
                })
        return {
            'file': build(entries),
            'filename': f'nop-luu-{transfer.id}.zip',
            }


def file_agency(company):
    from .archive_file import agency_identifier
    return {'identifier': agency_identifier(company),
        'name': company.rec_name}


def file_metadata(file):
    "Circular 02/2019 Article 7: the metadata of a file"
    return {
        'standard': STANDARD,
        'file_code': file.code,
        'agency': file_agency(file.company),
        'year': file.year,
        'file_number': file.symbol,
        'title': file.title,
        'retention': file.retention.code,
        'access_mode': file.access_mode,
        'language': file.language,
        'start_date': file.start_date,
        'end_date': file.end_date,
        'document_count': file.document_count,
        'page_count': file.page_count,
        'keywords': file.keywords,
        'notes': file.notes,
        'keeping_unit': file.department.rec_name if file.department
        else None,
        }


def document_metadata(file, document, number, filename):
    "Circular 02/2019 Article 8: the metadata of a document"
    pool = Pool()
    incoming = document.__name__ == 'qlvb.incoming'
    reference = document.reference or ''
    code_number, _, code_notation = reference.partition('/')
    if incoming:
        issuer = document.issuer.rec_name if document.issuer else None
        signer = document.signer_name
    else:
        issuer = file_agency(document.company)['name']
        # Who signed: the signer, or his delegate (KT./TUQ.)
        signer = document.signer_info()[2] or None
    secret = bool(document.confidentiality
        and document.confidentiality.secret)
    return {
        'standard': STANDARD,
        'file_code': file.code,
        'document_identifier': f'{file.code}.{number:07d}',
        'sequence_in_file': number,
        'kind': 'incoming' if incoming else 'outgoing',
        'type': (document.document_type.rec_name
            if document.document_type else None),
        'code_number': code_number or None,
        'code_notation': code_notation or None,
        'issue_date': document.issue_date,
        'date': document_date(document),
        'issuer': issuer,
        'subject': document.subject,
        'language': getattr(document, 'language', None) or file.language,
        'page_count': document_pages(document),
        'signer': signer,
        'confidentiality': (document.confidentiality.rec_name
            if document.confidentiality else None),
        'urgency': document.urgency.rec_name if document.urgency else None,
        'access_mode': 'restricted' if secret else 'public',
        'format': 'application/pdf',
        'original_filename': filename,
        'system_model': pool.get(document.__name__).__name__,
        'system_id': document.id,
        }
