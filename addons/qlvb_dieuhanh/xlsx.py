"""The one XLSX writer of the product: registers, statistics and reports.

Vietnamese headers in bold with a frozen header row and filters, column
widths, real dates, a cover block (title, period, filters, generation time)
above each sheet, streamed with xlsxwriter's constant-memory mode. Text is
always written as text, so user data starting with =, +, -, @, tab or
carriage return can never become a formula.
"""
import datetime as dt
import io

import xlsxwriter

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.tools import timezone as tz
from trytond.transaction import Transaction

TIMEZONE = 'Asia/Ho_Chi_Minh'


class Sheet:
    "One sheet: cover lines, a header row, then rows written in order"

    def __init__(self, book, workbook, name, columns, cover=()):
        self.book = book
        self.sheet = workbook.add_worksheet(name[:31])
        self.columns = columns
        self.row = 0
        for line in cover:
            self.sheet.write_string(self.row, 0, str(line),
                book.bold if self.row == 0 else book.plain)
            self.row += 1
        if cover:
            self.row += 1
        self.header_row = self.row
        for col, (title, width, _) in enumerate(columns):
            self.sheet.set_column(col, col, width)
            self.sheet.write_string(self.row, col, title, book.header)
        self.sheet.freeze_panes(self.row + 1, 0)
        self.row += 1

    def write(self, values):
        for col, ((_, _, kind), value) in enumerate(zip(self.columns, values)):
            self.book.write_cell(self.sheet, self.row, col, kind, value)
        self.row += 1

    def close(self):
        last = max(self.row - 1, self.header_row)
        self.sheet.autofilter(
            self.header_row, 0, last, len(self.columns) - 1)


class Workbook:
    """Usage:

        book = Workbook()
        sheet = book.sheet("Sổ đến", [("Số đến", 8, 'int'), ...], cover)
        sheet.write([...])
        data = book.close()
    """

    def __init__(self):
        self.output = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.output, {
                'constant_memory': True,
                'strings_to_formulas': False,
                'strings_to_urls': False,
                'strings_to_numbers': False,
                })
        self.bold = self.workbook.add_format({'bold': True, 'font_size': 13})
        self.plain = self.workbook.add_format({})
        self.header = self.workbook.add_format({
                'bold': True, 'text_wrap': True, 'valign': 'vcenter',
                'align': 'center', 'border': 1, 'bg_color': '#DDEBF7'})
        self.date = self.workbook.add_format({'num_format': 'dd/mm/yyyy'})
        self.datetime = self.workbook.add_format(
            {'num_format': 'dd/mm/yyyy hh:mm'})
        self.percent = self.workbook.add_format({'num_format': '0.0%'})
        self.wrap = self.workbook.add_format({'text_wrap': True})
        self.sheets = []

    def sheet(self, name, columns, cover=()):
        """columns: (header, width, kind) with kind in text, wrap, int,
        number, percent, date, datetime"""
        sheet = Sheet(self, self.workbook, name, columns, cover)
        self.sheets.append(sheet)
        return sheet

    def write_cell(self, sheet, row, col, kind, value):
        if value is None or value == '':
            sheet.write_blank(row, col, None)
        elif kind == 'date' and isinstance(value, dt.date):
            sheet.write_datetime(row, col,
                dt.datetime.combine(value, dt.time()), self.date)
        elif kind == 'datetime' and isinstance(value, dt.datetime):
            sheet.write_datetime(row, col, value.replace(tzinfo=None),
                self.datetime)
        elif kind in {'int', 'number', 'percent'} and isinstance(
                value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, col, value,
                self.percent if kind == 'percent' else None)
        else:
            # write_string never interprets the text (no formula, no URL).
            sheet.write_string(row, col, str(value),
                self.wrap if kind == 'wrap' else None)

    def close(self):
        for sheet in self.sheets:
            sheet.close()
        self.workbook.close()
        return self.output.getvalue()


def cover_block(title, date_from=None, date_to=None, filters=()):
    "Lines above the header: title, period, filters and generation time"
    pool = Pool()
    Lang = pool.get('ir.lang')
    Company = pool.get('company.company')
    lang = Lang.get()
    company_id = Transaction().context.get('company')
    zone = (Company(company_id).timezone if company_id else None) or TIMEZONE
    now = dt.datetime.now(tz.ZoneInfo(zone))
    lines = [title]
    if date_from or date_to:
        lines.append(gettext('qlvb_dieuhanh.msg_xlsx_period',
                date_from=lang.strftime(date_from) if date_from else '',
                date_to=lang.strftime(date_to) if date_to else ''))
    for label, value in filters:
        if value:
            lines.append(f'{label}: {value}')
    lines.append(gettext('qlvb_dieuhanh.msg_xlsx_generated',
            date=lang.strftime(now, '%d/%m/%Y %H:%M')))
    return lines
