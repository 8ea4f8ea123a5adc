"""Every text reaches the XLSX exactly as typed: the one writer of the
registers, statistics and reports (qlvb/xlsx.py) is fed arbitrary Unicode,
markup-like and formula-like text and the file is read back with openpyxl.
The registers, statistics, task and inspection reports all write through
it (test_one_writer), so what holds here holds for each of them.
"""
import datetime as dt
import io
import pathlib
import re
import unittest
from unittest import mock

import openpyxl
from hypothesis import HealthCheck, given, settings, strategies as st

from trytond.modules.qlvb import xlsx

KINDS = ['text', 'wrap', 'int', 'number', 'percent', 'date', 'datetime']
MARKUP = st.sampled_from([
        '<r><t>x</t></r>', '<r>', '</r>', '<r><rPr><b/></rPr><t>b</t></r>',
        '</t></is></c><c r="Z1" t="str"><f>1+1</f></c><c><is><t>',
        '<![CDATA[x]]>', '&amp;', '&lt;', '_x0041_', '_x005F_x0000_',
        '=HYPERLINK("http://x","bấm")', '=1+2', '+84 912', '-1', '@SUM(A1)',
        '\t=1', '\r=1', ' ', '\n', 'Công văn'])
# Any character but surrogates (which cannot be encoded).
CHARS = st.characters(blacklist_categories=['Cs'])
TEXTS = st.lists(st.one_of(MARKUP, st.text(CHARS, max_size=8)),
    min_size=1, max_size=5).map(''.join)


def read_back(value):
    """The text Excel shows for a cell: openpyxl leaves the spec's _xHHHH_
    escape (ECMA-376 ST_Xstring) of inline strings undecoded"""
    if value is None:
        return ''
    return re.sub(r'_x([0-9A-Fa-f]{4})_',
        lambda m: chr(int(m[1], 16)), value)


def expected(text):
    "What the writer promises: the text as typed, nothing dropped"
    return text


class XlsxTestCase(unittest.TestCase):

    def write(self, cover, rows):
        book = xlsx.Workbook()
        columns = [(kind, 12, kind) for kind in KINDS]
        sheet = book.sheet('Sheet', columns, cover)
        for row in rows:
            sheet.write(row)
        return openpyxl.load_workbook(io.BytesIO(book.close())).active

    def check(self, texts):
        cover = texts[:2]
        rows = [[text] * len(KINDS) for text in texts]
        sheet = self.write(cover, rows)
        for row, text in enumerate(cover, 1):
            self.assertEqual(read_back(sheet.cell(row, 1).value),
                expected(text))
        first = len(cover) + 3  # a blank line and the header row
        for row, text in enumerate(texts, first):
            for col in range(1, len(KINDS) + 1):
                cell = sheet.cell(row, col)
                self.assertEqual(read_back(cell.value), expected(text),
                    (row, col))
                self.assertIn(cell.data_type, {'s', 'n'} if text == ''
                    else {'s'})

    @settings(max_examples=300, deadline=None,
        suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(TEXTS, min_size=1, max_size=6))
    def test_text_as_typed(self, texts):
        "Rows and cover lines hold the typed text, never markup or formula"
        self.check(texts)

    @settings(max_examples=100, deadline=None)
    @given(st.lists(TEXTS, min_size=1, max_size=6))
    def test_text_as_typed_without_fast_rows(self, texts):
        "The same through xlsxwriter's own cell writing"
        with mock.patch.object(xlsx, 'FAST_ROWS', False):
            self.check(texts)

    def test_rich_string_markup(self):
        "A subject that looks like a rich string is shown as typed"
        text = '<r><t>Kết luận</t></r>'
        for fast in [True, False]:
            with mock.patch.object(xlsx, 'FAST_ROWS', fast):
                sheet = self.write([text], [[text] * len(KINDS)])
                self.assertEqual(sheet.cell(1, 1).value, text)
                self.assertEqual(
                    [sheet.cell(4, c).value for c in range(1, 8)],
                    [text] * len(KINDS))

    def test_values_keep_their_type(self):
        "Numbers and dates are still numbers and dates"
        sheet = self.write([], [[None, '', 3, 2.5, 0.25,
                    dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4)]])
        self.assertEqual([sheet.cell(2, c).value for c in range(1, 8)],
            [None, None, 3, 2.5, 0.25, dt.datetime(2026, 1, 2),
                dt.datetime(2026, 1, 2, 3, 4)])

    def test_one_writer(self):
        "No module writes XLSX but through qlvb/xlsx.py"
        addons = pathlib.Path(xlsx.__file__).resolve().parents[1]
        writers = {path.relative_to(addons).as_posix()
            for path in addons.glob('*/*.py')
            if re.search(r'^\s*(import|from) (xlsxwriter|openpyxl)',
                path.read_text(), re.MULTILINE)}
        self.assertEqual(writers, {'qlvb/xlsx.py'})
