"""Statistics: the contract that every summary cell equals the number of
detail rows with the same keys, on a dataset made through the real actions
(forwarding chains, two lead units, coordinating and informed units, a
person assigned directly, cancelled and returned documents), and the XLSX
files read back with openpyxl."""
import datetime as dt
import io
from collections import Counter, defaultdict

import openpyxl
from proteus import Model, Wizard

from trytond.modules.qlvb_dieuhanh.timeliness import SEVERITY

from .tools import (
    TODAY, DemoScenario, as_user, complete, direct, forward, new_incoming,
    record, submit)

DAY = dt.timedelta(days=1)
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"
VX = "Phòng Văn hóa - Xã hội"
TH = "Phòng Tổng hợp"
KT = "Phòng Kinh tế"
# Subjects a spreadsheet would take for formulas if written carelessly.
# Subjects are single lines; tab and carriage return come in text fields.
INJECTIONS = ['=1+2 Công văn', '+84 Báo cáo', '-5 Tờ trình', '@SUM(A1:A2)',
    '=A1*2 Kế hoạch', '-Hủy']
TAB = '\t=cmd|" /c calc"!A0'
CR = '\r=2*3 Đã xong'


def read_sheet(sheet, first_header):
    "(cover lines, header, rows) of a sheet written by xlsx.py"
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == first_header)
    return rows[:header], rows[header], rows[header + 1:]


class StatisticsScenario(DemoScenario):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_dataset()

    @classmethod
    def make_dataset(cls):
        u = cls.users

        def login(name):
            as_user(u, name, cls.config)
        docs = cls.docs = {}

        def received(key, subject, days_ago, **values):
            login('vanthu')
            incoming = new_incoming(subject,
                arrival_date=TODAY - days_ago * DAY, reference=f'{len(docs) + 1}/BC-TKT', **values)
            incoming.click('register_arrival')
            docs[key] = incoming
            return incoming

        def directed(incoming, leader, lines, text="Giao xử lý."):
            login(leader)
            incoming = Model.get('qlvb.incoming')(incoming.id)
            direct(incoming, text, lines=lines)
            return incoming

        def root(incoming, department=None, employee=None):
            Assignment = Model.get('qlvb.incoming.assignment')
            domain = [('incoming', '=', incoming.id), ('parent', '=', None)]
            if department:
                domain.append(('department.name', '=', department))
            if employee:
                domain.append(('employee.party.name', '=', employee))
            return record('qlvb.incoming.assignment', domain) \
                if department or employee else Assignment.find(domain)

        # 1. Lead NC forwarded to two specialists, coordinating VX; NC done
        # on time, VX done late.
        d1 = received('d1', INJECTIONS[0], 30)
        directed(d1, 'chanhvp', [
                ('lead', NC, None, TODAY - 15 * DAY),
                ('coordinate', VX, None, TODAY - 15 * DAY)],
            text="=HYPERLINK(\"http://x\") Phòng NC chủ trì")
        login('truongphong')
        nc = root(d1, NC)
        forward(nc, [('lead', "Bùi Thị Hạnh", TODAY - 16 * DAY),
                ('coordinate', "Lý Văn Khoa", TODAY - 16 * DAY)])
        login('chuyenvien')
        Assignment = Model.get('qlvb.incoming.assignment')
        duty, = Assignment.find([('parent', '=', nc.id),
                ('role', '=', 'lead')])
        complete(duty, TODAY - 18 * DAY, "Đã dự thảo")
        login('truongphong')
        complete(Assignment(nc.id), TODAY - 17 * DAY,
            result_reference='12/BC-VP')
        login('truongphongvx')
        complete(root(d1, VX), TODAY - 10 * DAY, "Đã góp ý",
            late_reason="Chờ số liệu")

        # 2. Two lead units, NC overdue and VX in progress; submitted to
        # the chairman who passes it to the office chief (history only).
        d2 = received('d2', INJECTIONS[1], 20)
        login('vanthu')
        submit(d2, u['chutich'])
        login('chutich')
        direct(Model.get('qlvb.incoming')(d2.id), "Chuyển CVP.",
            pass_to=u['chanhvp'])
        directed(d2, 'chanhvp', [
                ('lead', NC, None, TODAY - 2 * DAY),
                ('lead', VX, None, TODAY + 30 * DAY)])

        # 3. Lead TH due soon, VX for information without deadline.
        d3 = received('d3', INJECTIONS[2], 5)
        directed(d3, 'chanhvp', [
                ('lead', TH, None, TODAY + DAY),
                ('inform', VX, None, None)])

        # 4. A person assigned directly, no deadline; she completes it.
        d4 = received('d4', INJECTIONS[3], 3)
        directed(d4, 'chanhvp', [('lead', None, "Bùi Thị Hạnh", None)])
        login('chuyenvien')
        complete(root(d4, employee="Bùi Thị Hạnh"), TODAY, CR)

        # 5. Lead KT overdue, lead NC done late: two leads, one document.
        d5 = received('d5', INJECTIONS[4], 25)
        directed(d5, 'chanhvp', [
                ('lead', KT, None, TODAY - 20 * DAY),
                ('lead', NC, None, TODAY - 20 * DAY)])
        login('truongphong')
        complete(root(d5, NC), TODAY - 5 * DAY, "Đã báo cáo",
            late_reason=TAB)

        # 6. Cancelled after registration, 7. returned to the clerk,
        # 8. registered, not yet directed, 9. before the period.
        d6 = received('d6', INJECTIONS[5], 4)
        login('vanthu')
        wizard = Wizard('qlvb.incoming.cancel', [d6])
        wizard.form.reason = "Vào sổ nhầm"
        wizard.execute('apply')
        d7 = received('d7', "Văn bản trả lại", 4)
        submit(d7, u['chutich'])
        login('chutich')
        wizard = Wizard('qlvb.incoming.return',
            [Model.get('qlvb.incoming')(d7.id)])
        wizard.form.reason = "Thiếu phụ lục"
        wizard.execute('apply')
        received('d8', "Chờ chỉ đạo", 2)
        d9 = received('d9', "Kỳ trước", 90)
        directed(d9, 'chanhvp', [('lead', TH, None, TODAY - 80 * DAY)])

    def export(self, report='incoming', **values):
        wizard = Wizard('qlvb.statistics')
        wizard.form.report = report
        wizard.form.preset = 'custom'
        wizard.form.date_from = TODAY - 60 * DAY
        wizard.form.date_to = TODAY
        for name, value in values.items():
            setattr(wizard.form, name, value)
        wizard.execute('export')
        self.assertTrue(wizard.form.filename.endswith('.xlsx'))
        book = openpyxl.load_workbook(io.BytesIO(wizard.form.file))
        for sheet in book.worksheets:
            self.assertTrue(sheet.auto_filter.ref, sheet.title)
            for row in sheet.iter_rows():
                for cell in row:  # nothing from user data is a formula
                    self.assertNotEqual(cell.data_type, 'f', cell.value)
        return book

    def class_of(self):
        "Timeliness label (as the user reads it) -> class"
        return {label: key for key, label in Model.get(
                'qlvb.incoming.assignment')._fields['timeliness']['selection']}

    def check_contract(self, book):
        "Every summary cell is the count of the detail rows with its keys"
        _, header, summary = read_sheet(book.worksheets[0], "Đơn vị xử lý")
        cover, detail_header, detail = read_sheet(
            book.worksheets[1], "Số đến")
        self.assertEqual(book.worksheets[0].freeze_panes,
            f'A{len(cover) + 2}')
        col = {h: i for i, h in enumerate(detail_header)}
        class_of = self.class_of()
        by_key = defaultdict(Counter)
        documents = defaultdict(list)
        for row in detail:
            klass = class_of[row[col["Tình trạng"]]]
            by_key[row[col["Đơn vị xử lý"]], row[col["Vai trò"]]][klass] += 1
            documents[row[col["Số đến"]], row[col["Ngày đến"]]].append(
                (row[col["Vai trò"]] == "Chủ trì", SEVERITY[klass]))
        *units, total = summary
        self.assertEqual(len(units), len(by_key))
        for (unit, role, received, on_time, late, in_progress, due_soon,
                overdue, no_deadline, rate, share) in units:
            counts = by_key[unit, role]
            self.assertEqual(received, sum(counts.values()), (unit, role))
            self.assertEqual([on_time, late, in_progress, due_soon, overdue,
                    no_deadline],
                [counts['done_on_time'], counts['done_late'],
                    counts['in_progress'] + counts['due_soon'],
                    counts['due_soon'], counts['overdue'],
                    counts['no_deadline']], (unit, role))
            self.assertAlmostEqual(rate, (on_time + late) / received)
            self.assertAlmostEqual(share, (late + overdue) / received)
        # The agency-wide line counts documents once, by their worst lead.
        worst = Counter()
        by_severity = {v: k for k, v in SEVERITY.items()}
        for rows in documents.values():
            leads = [s for lead, s in rows if lead] or [s for _, s in rows]
            worst[by_severity[max(leads)]] += 1
        self.assertEqual(total[2], len(documents))
        self.assertEqual(list(total[3:9]), [worst['done_on_time'],
                worst['done_late'], worst['in_progress'] + worst['due_soon'],
                worst['due_soon'], worst['overdue'], worst['no_deadline']])
        return header, summary, detail_header, detail, cover

    def test_incoming_contract(self):
        "Summary = detail rows; forwarding, cancelled, returned not counted"
        self.login('chanhvp')
        book = self.export()
        header, summary, detail_header, detail, cover = self.check_contract(
            book)
        self.assertEqual(list(header), [
                "Đơn vị xử lý", "Vai trò", "Tổng số văn bản nhận xử lý",
                "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                "Đang thực hiện trong hạn", "Trong đó: sắp đến hạn",
                "Quá hạn chưa hoàn thành", "Không có thời hạn",
                "Tỷ lệ hoàn thành", "Tỷ lệ quá hạn"])
        self.assertIn("BÁO CÁO", cover[0][0])
        col = {h: i for i, h in enumerate(detail_header)}
        # 2 + 2 + 2 + 1 + 2 root assignments; documents 6-9 are not rows.
        self.assertEqual(len(detail), 9)
        rows = {(r[0], r[1]): r[2:9] for r in summary[:-1]}
        self.assertEqual(rows[NC, "Chủ trì"], (3, 1, 1, 0, 0, 1, 0))
        self.assertEqual(rows[VX, "Chủ trì"], (1, 0, 0, 1, 0, 0, 0))
        self.assertEqual(rows[VX, "Phối hợp"], (1, 0, 1, 0, 0, 0, 0))
        self.assertEqual(rows[VX, "Để biết"], (1, 0, 0, 0, 0, 0, 1))
        self.assertEqual(rows[TH, "Chủ trì"], (1, 0, 0, 1, 1, 0, 0))
        self.assertEqual(rows["Bùi Thị Hạnh", "Chủ trì"],
            (1, 0, 0, 0, 0, 0, 1))
        self.assertNotIn(("Lý Văn Khoa", "Phối hợp"), rows)  # forwarding
        # Five documents, each once: 2 and 5 overdue by a lead.
        self.assertEqual(summary[-1][2:9], (5, 1, 0, 1, 1, 2, 1))
        # The detail reads as the register does: real dates, the
        # direction, the result and the late reason, text kept as text.
        subjects = {r[col["Trích yếu"]] for r in detail}
        self.assertTrue(set(INJECTIONS[:5]) <= subjects)
        self.assertNotIn(INJECTIONS[5], subjects)  # cancelled
        nc_d1, = [r for r in detail if r[col["Trích yếu"]] == INJECTIONS[0]
            and r[col["Đơn vị xử lý"]] == NC]
        self.assertIsInstance(nc_d1[col["Ngày đến"]], dt.datetime)
        self.assertEqual(nc_d1[col["Hạn xử lý"]].date(), TODAY - 15 * DAY)
        self.assertIn('=HYPERLINK("http://x") Phòng NC chủ trì',
            nc_d1[col["Ý kiến chỉ đạo"]])
        self.assertIn('12/BC-VP', nc_d1[col["Kết quả xử lý"]])
        late, = [r for r in detail if r[col["Lý do trễ hạn"]] == TAB]
        self.assertEqual(self.class_of()[late[col["Tình trạng"]]],
            'done_late')
        done, = [r for r in detail
            if '=2*3 Đã xong' in (r[col["Kết quả xử lý"]] or '')]
        self.assertEqual(done[col["Đơn vị xử lý"]], "Bùi Thị Hạnh")

    def test_incoming_filters(self):
        "A department head sees only his unit; filters keep the contract"
        self.login('truongphong')
        book = self.export()
        _, summary, _, detail, _ = self.check_contract(book)
        self.assertEqual({r[0] for r in summary[:-1]}, {NC})
        self.assertEqual(len(detail), 3)
        self.login('chanhvp')
        book = self.export(department=record(
                'qlvb.department', [('name', '=', VX)]))
        _, summary, _, detail, _ = self.check_contract(book)
        self.assertEqual(len(detail), 3)
        # A coordinating unit alone: its documents still count once.
        self.assertEqual(summary[-1][2], 3)

    def test_agency_denied(self):
        "Another agency's statistics are refused"
        self.login('chanhvp')
        wizard = Wizard('qlvb.statistics')
        wizard.form.report = 'incoming'
        wizard.form.preset = 'year'
        wizard.form.year = 2026
        self.assertEqual((wizard.form.date_from, wizard.form.date_to),
            (dt.date(2025, 12, 15), dt.date(2026, 12, 14)))
        wizard.form.preset = 'quarter'
        wizard.form.quarter = 2
        self.assertEqual((wizard.form.date_from, wizard.form.date_to),
            (dt.date(2026, 3, 15), dt.date(2026, 6, 14)))
        wizard.form.agency = record('qlvb.agency', [('abbreviation', '=',
                    'SNV')])
        with self.assertRaises(Exception) as error:
            wizard.execute('export')
        self.assertIn("Sở Nội vụ", str(error.exception))

    def test_outgoing_report(self):
        "The outgoing report opens; its total is its detail"
        self.login('chanhvp')
        book = self.export('outgoing')
        _, header, summary = read_sheet(book.worksheets[0],
            "Đơn vị soạn thảo")
        _, _, detail = read_sheet(book.worksheets[1], "Đơn vị soạn thảo")
        _, _, recipients = read_sheet(book.worksheets[2], "Đơn vị soạn thảo")
        self.assertEqual(summary[-1][2], len(detail))
        self.assertEqual(summary[-1][4], len(recipients))
        self.assertEqual(header[2], "Số văn bản phát hành")
