"""The file list (danh mục hồ sơ) as XLSX and as the form's document
(ODT template file_list.odt), in the columns of the form of Decree
30/2020 Appendix V: number and symbol of the file, heading or title,
retention period, keeping unit or person, notes. Headings come in their
order with their files under them; below, the count of files by retention
as the form ends ("Bản Danh mục hồ sơ này có ... hồ sơ, bao gồm ..."),
and the document is signed by the head of the agency who approved it."""
from trytond.i18n import gettext
from trytond.modules.qlvb.xlsx import Workbook, columns, cover_block
from trytond.pool import Pool
from trytond.report import Report

FILE_LIST_COLUMNS = [
    ('symbol', 16, 'text'),
    ('title', 60, 'wrap'),
    ('retention', 16, 'text'),
    ('keeper', 34, 'wrap'),
    ('notes', 30, 'wrap'),
    ]


def ordered_lines(lines):
    """The lines depth first: each heading followed by its lines, each
    level in the list's order (sequence, empty first, then creation)"""
    def key(line):
        return (line.sequence is not None, line.sequence or 0, line.id)

    def walk(level):
        for line in sorted(level, key=key):
            yield line
            yield from walk(line.children)
    return list(walk([l for l in lines if not l.parent]))


def keeper_name(line):
    "The keeping unit and/or the person keeping the file"
    names = []
    if line.keeper_department:
        names.append(line.keeper_department.name)
    if line.keeper:
        names.append(line.keeper.rec_name)
    return ' / '.join(names)


class XlsxReport(Report):
    "A report of one record of the action's model as the XLSX of cls.xlsx"

    @staticmethod
    def xlsx(record):
        raise NotImplementedError

    @classmethod
    def _execute(cls, records, header, data, action):
        Model = Pool().get(action.model)
        return 'xlsx', cls.xlsx(Model(records[0].id))


def file_list_xlsx(file_list):
    "The XLSX bytes of the file list (read by the report's user)"
    pool = Pool()
    FileList = pool.get('qlvb.archive.file_list')
    Lang = pool.get('ir.lang')
    lang = Lang.get()
    names = FileList.fields_get(['state', 'approved_by', 'approved_date'])
    states = dict(names['state']['selection'])
    title = gettext('qlvb_archive.msg_file_list_title',
        agency=file_list.company.rec_name, year=file_list.year)
    filters = [(names['state']['string'], states[file_list.state])]
    if file_list.approved_by:
        filters.append((names['approved_by']['string'],
                file_list.approved_by.rec_name))
    if file_list.approved_date:
        filters.append((names['approved_date']['string'],
                lang.strftime(file_list.approved_date)))
    book = Workbook()
    sheet = book.sheet(gettext('qlvb_archive.msg_file_list_sheet'),
        columns('qlvb_archive', FILE_LIST_COLUMNS),
        cover_block(title.upper(), filters=filters))
    files = permanent = 0
    for line in ordered_lines(file_list.lines):
        if line.kind == 'heading':
            sheet.write([line.number, line.title, None, None, line.notes])
            continue
        files += 1
        permanent += bool(line.retention and line.retention.permanent)
        sheet.write([line.symbol, line.title,
                line.retention.name if line.retention else None,
                keeper_name(line), line.notes])
    sheet.write([])
    sheet.write([None, gettext('qlvb_archive.msg_file_list_summary',
                files=files, permanent=permanent,
                limited=files - permanent)])
    return book.close()


class FileListXlsx(XlsxReport):
    "Danh mục hồ sơ as XLSX"
    __name__ = 'qlvb.archive.file_list.xlsx'
    xlsx = staticmethod(file_list_xlsx)


class FileListRow:
    "A heading or a file of the file list's document"

    def __init__(self, line):
        self.heading = line.kind == 'heading'
        if self.heading:
            self.title = ' '.join(filter(None, [
                        f'{line.number}.' if line.number else '',
                        line.title]))
        else:
            self.title = line.title
        self.symbol = line.symbol or ''
        self.retention = line.retention.name if line.retention else ''
        self.permanent = bool(line.retention and line.retention.permanent)
        self.keeper = keeper_name(line)
        self.notes = line.notes or ''


class FileListPapers:
    "The values of the file list's document (Decree 30/2020 Appendix V)"

    def __init__(self, file_list):
        # Late imports: transfer_report imports this module
        from trytond.modules.qlvb_outgoing.outgoing_template import (
            place_date)

        from .transfer_report import person_title
        Agency = Pool().get('qlvb.agency')
        company = file_list.company
        agency = Agency.for_company(company.id)
        name = agency.name if agency else company.rec_name
        self.agency_name = name.upper()
        self.parent_name = (agency.parent.name.upper()
            if agency and agency.parent else '')
        self.year = file_list.year
        self.place_date = place_date(agency.place_name if agency else '',
            file_list.approved_date)
        self.rows = [FileListRow(l) for l in ordered_lines(file_list.lines)]
        files = [r for r in self.rows if not r.heading]
        self.count = len(files)
        self.permanent = sum(1 for r in files if r.permanent)
        self.limited = self.count - self.permanent
        head = file_list.approved_by
        title = person_title(head, company) if head else ''
        self.head_title = (title.upper() if title
            else 'NGƯỜI ĐỨNG ĐẦU CƠ QUAN, TỔ CHỨC')
        self.head_name = head.name if head else ''


class FileListDocument(Report):
    "Danh mục hồ sơ as the form's document"
    __name__ = 'qlvb.archive.file_list.document'

    @classmethod
    def get_context(cls, records, header, data):
        FileList = Pool().get('qlvb.archive.file_list')
        context = super().get_context(records, header, data)
        context['doc'] = FileListPapers(FileList(records[0].id))
        return context
