"""The papers of a transfer to the archive (Decree 30/2020 Appendix V):
the transfer list (mục lục hồ sơ, tài liệu nộp lưu) as XLSX and as the
form's document, and the receipt record (biên bản giao nhận hồ sơ, tài
liệu) of a received transfer as the form's document. The documents are
ODT rendered from the module's templates; their fixed text is the
Vietnamese of the forms. Every file listed must be one the user may
read."""
from trytond.i18n import gettext
from trytond.modules.qlvb.export_access import check_readable
from trytond.modules.qlvb.xlsx import Workbook, columns, cover_block
from trytond.modules.qlvb_outgoing.outgoing_template import place_date
from trytond.pool import Pool
from trytond.report import Report

from .exceptions import ArchiveError
from .file_list_report import XlsxReport

TRANSFER_COLUMNS = [
    ('number', 6, 'int'),
    ('file_code', 26, 'text'),
    ('symbol', 14, 'text'),
    ('file_title', 50, 'wrap'),
    ('start_date', 12, 'date'),
    ('end_date', 12, 'date'),
    ('retention', 14, 'text'),
    ('document_count', 10, 'int'),
    ('page_count', 10, 'int'),
    ('check', 14, 'text'),
    ('notes', 30, 'wrap'),
    ]
# What the clerk fills in by hand on the printed form
BLANK = '.' * 10

DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám',
    'chín']
SCALES = ['', 'nghìn', 'triệu', 'tỷ']


def _group_words(number, full):
    "Words of a group of three digits; full: within a larger number"
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words += [DIGITS[hundreds], 'trăm']
    if tens == 0:
        if units and (full or hundreds):
            words.append('linh')
    elif tens == 1:
        words.append('mười')
    else:
        words += [DIGITS[tens], 'mươi']
    if units:
        if units == 1 and tens >= 2:
            words.append('mốt')
        elif units == 5 and tens >= 1:
            words.append('lăm')
        else:
            words.append(DIGITS[units])
    return words


def number_words(number):
    """A count in Vietnamese words as a form writes it ("Viết bằng chữ"):
    21 → Hai mươi mốt, 105 → Một trăm linh năm"""
    if not number:
        return 'Không'
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words = []
    for scale in reversed(range(len(groups))):
        if groups[scale]:
            words += _group_words(groups[scale],
                full=scale < len(groups) - 1)
            if SCALES[scale % len(SCALES)]:
                words.append(SCALES[scale % len(SCALES)])
    text = ' '.join(words)
    return text[0].upper() + text[1:]


def person_title(user, company):
    "The position of the user's first post in the agency"
    Post = Pool().get('qlvb.post')
    posts = Post.of_user(user, company) if user else []
    return posts[0].position.rec_name if posts else ''


def dates_text(start, end):
    "The time of the documents: dd/mm/yyyy - dd/mm/yyyy"
    dates = [d.strftime('%d/%m/%Y') for d in [start, end] if d]
    if len(dates) == 2 and dates[0] == dates[1]:
        dates = dates[:1]
    return ' - '.join(dates)


class Row:
    "A file of the transfer list"

    def __init__(self, number, line, checks):
        file = line.file
        self.number = number
        self.code = file.code
        self.symbol = file.symbol
        self.title = file.title
        self.start_date, self.end_date = file.start_date, file.end_date
        self.period = dates_text(file.start_date, file.end_date)
        self.retention = file.retention.name
        self.permanent = file.retention.permanent
        self.documents = file.document_count
        self.pages = file.page_count or ''
        self.check = checks[line.state]
        self.returned = line.state == 'returned'
        notes = [file.notes] if file.notes else []
        if self.returned:
            notes.append(gettext('qlvb_archive.msg_transfer_list_returned',
                    reason=line.reason or ''))
        self.notes = '; '.join(notes)


class TransferPapers:
    "The values the transfer's sheet and documents show, computed once"

    def __init__(self, transfer):
        pool = Pool()
        Agency = pool.get('qlvb.agency')
        Line = pool.get('qlvb.archive.transfer.line')
        lines = list(transfer.lines)
        check_readable([l.file for l in lines],
            'qlvb_archive.msg_report_denied', transfer=transfer.rec_name)
        checks = dict(Line.fields_get(['state'])['state']['selection'])
        company = transfer.company
        agency = Agency.for_company(company.id)
        self.transfer = transfer
        self.agency = agency.name if agency else company.rec_name
        self.agency_name = self.agency.upper()
        self.unit = (transfer.department.name if transfer.department
            else self.agency)
        self.unit_name = (transfer.department.name.upper()
            if transfer.department else '')
        self.archive_name = 'LƯU TRỮ CƠ QUAN'
        self.archive_name_full = f'Lưu trữ cơ quan {self.agency}'
        self.place = agency.place_name if agency else ''
        self.rows = [Row(n, l, checks) for n, l in enumerate(lines, 1)]
        kept = [r for r in self.rows if not r.returned]
        self.count = len(kept)
        self.count_words = number_words(self.count).lower()
        self.permanent = sum(1 for r in kept if r.permanent)
        self.limited = self.count - self.permanent
        years = sorted({l.file.year for l in lines})
        self.years = (f'{years[0]}' if len(years) == 1
            else f'{years[0]}-{years[-1]}' if years else '')
        self.place_date = place_date(self.place, transfer.date)
        self.maker = (transfer.submitted_by.name if transfer.submitted_by
            else '')


class Receipt(TransferPapers):
    "The receipt record: who gave, who received, what and in what state"

    def __init__(self, transfer):
        if transfer.state != 'done':
            raise ArchiveError(gettext(
                    'qlvb_archive.msg_receipt_not_received',
                    transfer=transfer.rec_name))
        super().__init__(transfer)
        date = transfer.received_date or transfer.date
        self.place_date = place_date(self.place, date)
        month = f'{date.month:02d}' if date.month < 3 else str(date.month)
        self.day_text = (f'ngày {date.day:02d} tháng {month} '
            f'năm {date.year}')
        giver, receiver = transfer.submitted_by, transfer.received_by
        self.giver = giver.name if giver else ''
        self.giver_title = person_title(giver, transfer.company)
        self.receiver = receiver.name if receiver else ''
        self.receiver_title = person_title(receiver, transfer.company)
        self.block_name = f'Hồ sơ, tài liệu của {self.unit}'
        accepted = [l.file for l in transfer.lines
            if l.state == 'accepted']
        self.accepted = len(accepted)
        self.accepted_words = number_words(self.accepted).lower()
        starts = [f.start_date for f in accepted if f.start_date]
        ends = [f.end_date for f in accepted if f.end_date]
        self.period = dates_text(min(starts) if starts else None,
            max(ends) if ends else None)
        self.documents = sum(f.document_count or 0 for f in accepted)
        self.pages = sum(f.page_count or 0 for f in accepted)
        self.boxes = BLANK
        self.shelf = BLANK
        returned = [l for l in transfer.lines if l.state == 'returned']
        self.condition = (f'{self.accepted} hồ sơ được nhận vào Lưu trữ '
            f'cơ quan; {len(returned)} hồ sơ trả lại đơn vị')
        self.returned = [f'{l.file.code} {l.file.title}: trả lại, lý do: '
            f'{l.reason}' for l in returned]


def transfer_xlsx(transfer):
    "The XLSX bytes of the transfer list"
    pool = Pool()
    Transfer = pool.get('qlvb.archive.transfer')
    Lang = pool.get('ir.lang')
    lang = Lang.get()
    papers = TransferPapers(transfer)
    names = Transfer.fields_get(['department', 'date', 'state',
            'submitted_by', 'received_by'])
    states = dict(names['state']['selection'])
    title = gettext('qlvb_archive.msg_transfer_list_title',
        unit=papers.unit, years=papers.years)
    filters = [
        (names['department']['string'], papers.unit),
        (names['date']['string'], lang.strftime(transfer.date)),
        (names['state']['string'], states[transfer.state]),
        (names['submitted_by']['string'], papers.maker),
        (names['received_by']['string'], transfer.received_by.rec_name
            if transfer.received_by else None),
        ]
    book = Workbook()
    sheet = book.sheet(gettext('qlvb_archive.msg_transfer_list_sheet'),
        columns('qlvb_archive', TRANSFER_COLUMNS),
        cover_block(title.upper(), filters=filters))
    for row in papers.rows:
        sheet.write([row.number, row.code, row.symbol, row.title,
                row.start_date, row.end_date, row.retention, row.documents,
                row.pages or None, row.check, row.notes])
    sheet.write([])
    sheet.write([None, None, None, gettext(
                'qlvb_archive.msg_transfer_list_summary',
                files=papers.count, permanent=papers.permanent,
                limited=papers.limited)])
    return book.close()


class TransferXlsx(XlsxReport):
    "Mục lục hồ sơ, tài liệu nộp lưu as XLSX"
    __name__ = 'qlvb.archive.transfer.xlsx'
    xlsx = staticmethod(transfer_xlsx)


class _TransferDocument(Report):
    "A document of a transfer, its values in doc"
    papers = TransferPapers

    @classmethod
    def get_context(cls, records, header, data):
        Transfer = Pool().get('qlvb.archive.transfer')
        context = super().get_context(records, header, data)
        context['doc'] = cls.papers(Transfer(records[0].id))
        return context


class TransferList(_TransferDocument):
    "Mục lục hồ sơ, tài liệu nộp lưu as the form's document"
    __name__ = 'qlvb.archive.transfer.list'


class TransferReceipt(_TransferDocument):
    "Biên bản giao nhận hồ sơ, tài liệu as the form's document"
    __name__ = 'qlvb.archive.transfer.receipt'
    papers = Receipt
