"""The one XLSX writer of the product: registers, statistics and reports.

Headers in bold with a frozen header row and filters, column widths, real
dates, a cover block (title, period, filters, generation time) above each
sheet, streamed with xlsxwriter's constant-memory mode. Its own texts
(headers, sheet names, titles) are messages in the user's language, see
columns(); a report for a Vietnamese user reads in Vietnamese. Text is
always written as text, so user data starting with =, +, -, @, tab or
carriage return can never become a formula.

Rows are the hot path (statistics of 100,000 rows): each column gets, once,
a function building the XML xlsxwriter writes for its cells, and a row goes
to the sheet's stream as one string. Through xlsxwriter's write_* methods a
cell costs ~6 µs (argument checks, a tuple, regexes, a file write per
cell); built here, ~1 µs, with the same bytes in the file.

What a reader gets back is the text as typed, with two documented
exceptions: characters XML cannot hold (C0 controls but tab and line feed,
U+FFFE, U+FFFF) and a literal "_xHHHH_" are written with the spec's _xHHHH_
escape (ECMA-376 ST_Xstring), which Excel and LibreOffice decode; a text
longer than Excel's limit of 32,767 characters is cut there.
"""
import datetime as dt
import io
import math
import re

import xlsxwriter
import xlsxwriter.worksheet
from xlsxwriter.utility import (
    _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name)

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.tools import timezone as tz
from trytond.transaction import Transaction

TIMEZONE = 'Asia/Ho_Chi_Minh'
# Text that may need xlsxwriter's escaping (control characters, its _xHHHH_
# escape, XML specials and its rich-string "<r>", non-characters); other
# text is written as is.
NEEDS_ESCAPE = re.compile(r'[\x00-\x08\x0b-\x1f&<>_\ufffe\uffff]')
# Characters the sheet's XML cannot hold, written as _xHHHH_ escapes.
CONTROL = re.compile(r'[\x00-\x08\x0b-\x1f\ufffe\uffff]')
# An underscore a reader would take as the start of an _xHHHH_ escape: one
# before x, four hex digits and an underscore or an escaped character.
ESCAPE_START = re.compile(
    r'_(?=x[0-9A-Fa-f]{4}(?:_|[\x00-\x08\x0b-\x1f\ufffe\uffff]))')
# The row XML below is the one xlsxwriter 3.3 writes (checked byte for byte
# against its write_* methods); other versions go through those methods.
FAST_ROWS = xlsxwriter.__version__.split('.')[:2] == ['3', '3']


class _Worksheet(xlsxwriter.worksheet.Worksheet):

    @staticmethod
    def _escape_control_characters(data):
        """Escape as ECMA-376 ST_Xstring: xlsxwriter's own escape misses
        overlapping and control-ended sequences ("_x005F_x0000_",
        "_x0041\x01"), which then read back as other characters"""
        return CONTROL.sub(lambda m: f'_x{ord(m[0]):04X}_',
            ESCAPE_START.sub('_x005F_', data))


class Sheet:
    "One sheet: cover lines, a header row, then rows written in order"

    def __init__(self, book, workbook, name, columns, cover=()):
        self.book = book
        self.sheet = workbook.add_worksheet(name[:31], _Worksheet)
        self.columns = columns
        self.row = 0
        for line in cover:
            self.sheet.write_string(self.row, 0, as_text(str(line)),
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
        self.cells = book.cell_writers(self.sheet, columns)

    def write(self, values):
        if self.cells is None:
            for col, ((_, _, kind), value) in enumerate(
                    zip(self.columns, values)):
                self.book.write_cell(self.sheet, self.row, col, kind, value)
        elif self.row < self.sheet.xls_rowmax:  # xlsxwriter drops the rest
            sheet = self.sheet
            if sheet.table:  # the cover and header rows xlsxwriter holds
                sheet._write_single_row(self.row)
            r = str(self.row + 1)
            xml = ''.join([cell(r, value)
                    for cell, value in zip(self.cells, values)])
            if xml:
                sheet.fh.write(f'<row r="{r}">{xml}</row>')
                sheet.dim_rowmax = self.row
        self.row += 1

    def close(self):
        last = max(self.row - 1, self.header_row)
        self.sheet.autofilter(
            self.header_row, 0, last, len(self.columns) - 1)


class Workbook:
    """Usage:

        book = Workbook()
        sheet = book.sheet(gettext('module.msg_xlsx_sheet_x'),
            columns('module', [('arrival_number', 8, 'int'), ...]), cover)
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
            sheet.write_string(row, col, as_text(str(value)),
                self.wrap if kind == 'wrap' else None)

    def cell_writers(self, sheet, columns):
        """One function (row number text, value) -> cell XML per column,
        writing what write_cell writes; None when xlsxwriter's row writing
        is not the one these functions follow"""
        if not (FAST_ROWS and sheet.constant_memory
                and sheet.excel_version == 2007 and not sheet.row_info
                and sheet.default_row_height == sheet.original_row_height):
            return None
        return [self._cell_writer(sheet, xl_col_to_name(col), kind)
            for col, (_, _, kind) in enumerate(columns)]

    def _cell_writer(self, sheet, letter, kind):
        text = _text_writer(
            sheet, letter, self.wrap if kind == 'wrap' else None)
        if kind in {'int', 'number', 'percent'}:
            number = _number_writer(
                letter, self.percent if kind == 'percent' else None)

            def cell(r, value):
                if isinstance(value, (int, float)) and not isinstance(
                        value, bool):
                    return number(r, value)
                return text(r, value)
        elif kind == 'date':
            number = _number_writer(letter, self.date)
            serials = {}

            def cell(r, value):
                if isinstance(value, dt.date):
                    serial = serials.get(value)
                    if serial is None:
                        serial = serials[value] = sheet._convert_date_time(
                            dt.datetime.combine(value, dt.time()))
                    return number(r, serial)
                return text(r, value)
        elif kind == 'datetime':
            number = _number_writer(letter, self.datetime)

            def cell(r, value):
                if isinstance(value, dt.datetime):
                    return number(r, sheet._convert_date_time(
                            value.replace(tzinfo=None)))
                return text(r, value)
        else:
            cell = text
        return cell

    def close(self):
        for sheet in self.sheets:
            sheet.close()
        self.workbook.close()
        return self.output.getvalue()


def _style(cell_format):
    # Formats get their index at their first use, as in xlsxwriter.
    return f' s="{cell_format._get_xf_index()}"' if cell_format else ''


def _number_writer(letter, cell_format):
    "Number cells of a column, as write_number writes them"
    style = None

    def number(r, value):
        nonlocal style
        if style is None:
            style = _style(cell_format)
        if not math.isfinite(value):
            raise TypeError("NAN/INF not supported in write_number()")
        return f'<c r="{letter}{r}"{style}><v>{value:.16G}</v></c>'
    return number


def _text_writer(sheet, letter, cell_format):
    """Text cells of a column (nothing for None and ''), as write_string
    writes them in constant-memory mode: an inline string, never a formula"""
    style = None
    longest = sheet.xls_strmax // 2

    def text(r, value):
        nonlocal style
        if value is None or value == '':
            return ''
        if style is None:
            style = _style(cell_format)
        value = str(value)
        if len(value) <= longest and not NEEDS_ESCAPE.search(value):
            preserve = value[:1].isspace() or value[-1:].isspace()
        else:
            # Rare: what xlsxwriter does, with its own functions.
            if (len(value) > longest
                    and _utf16_len(value) > sheet.xls_strmax):
                value = _utf16_truncate(value, sheet.xls_strmax)
            # Always escaped: xlsxwriter's shortcut writing <r>…</r> raw
            # as a rich string would let a user write the sheet's XML.
            value = sheet._escape_control_characters(value)
            preserve = _preserve_whitespace(value)
            value = sheet._escape_data(value)
        space = ' xml:space="preserve"' if preserve else ''
        return (f'<c r="{letter}{r}"{style} t="inlineStr">'
            f'<is><t{space}>{value}</t></is></c>')
    return text


def as_text(value, limit=32767):
    """value as xlsxwriter's write_string must receive it to write it as
    typed. write_string writes a text of the form <r>…</r> raw into the
    sheet's XML, as a rich string: such a text goes as one rich run holding
    the escaped text, cut to Excel's limit with its wrapper."""
    if not (value.startswith('<r>') and value.endswith('</r>')):
        return value
    while True:
        run = ('<r><t xml:space="preserve">'
            + value.replace('&', '&amp;').replace('<', '&lt;').replace(
                '>', '&gt;')
            + '</t></r>')
        if len(run) <= limit:
            return run
        value = value[:limit - len(run)]


def columns(module, specs):
    """The (header, width, kind) columns of specs (key, width, kind): each
    header is the message module.msg_xlsx_col_<key> in the user's
    language"""
    return [(gettext(f'{module}.msg_xlsx_col_{key}'), width, kind)
        for key, width, kind in specs]


def company_zone():
    "The time zone of the context's company (Vietnam's when it has none)"
    Company = Pool().get('company.company')
    company_id = Transaction().context.get('company')
    return tz.ZoneInfo(
        (Company(company_id).timezone if company_id else None) or TIMEZONE)


def cover_block(title, date_from=None, date_to=None, filters=()):
    "Lines above the header: title, period, filters and generation time"
    lang = Pool().get('ir.lang').get()
    now = dt.datetime.now(company_zone())
    lines = [title]
    if date_from or date_to:
        lines.append(gettext('qlvb.msg_xlsx_period',
                date_from=lang.strftime(date_from) if date_from else '',
                date_to=lang.strftime(date_to) if date_to else ''))
    for label, value in filters:
        if value:
            lines.append(f'{label}: {value}')
    lines.append(gettext('qlvb.msg_xlsx_generated',
            date=lang.strftime(now, '%d/%m/%Y %H:%M')))
    return lines
