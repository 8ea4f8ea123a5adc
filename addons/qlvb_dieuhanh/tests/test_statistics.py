"""Statistics: the contract that every summary cell equals the number of
detail rows with the same keys, on a dataset made through the real actions
(forwarding chains, two lead units, coordinating and informed units, a
person assigned directly, cancelled and returned documents, completions
recorded at an earlier date by a leader, refused back-dated, future-dated
and duplicate-line attempts, read for-information duties, corrected
routings: withdrawn, changed and returned assignments, and a specialist's
result accepted by the head), and the XLSX files read back with
openpyxl."""
import datetime as dt
import io
import unittest
from collections import Counter, defaultdict

import openpyxl
from proteus import Model, Wizard
from trytond.pyson import PYSONDecoder

from trytond.modules.qlvb_statistics.statistics_dashboard import FIGURES
from trytond.modules.qlvb.timeliness import SEVERITY

from qlvb_demo import setup_demo_signing
from qlvb_demo.pki import blank_pdf
from .test_scenario_outgoing import draft
from .test_scenario_task import accept, agency, report
from qlvb_demo.tools import (
    TODAY, DemoScenario, as_user, click, complete, direct, forward,
    new_incoming, record, refused, submit)

DAY = dt.timedelta(days=1)
# Asserts the refusals made while the dataset is built (a class method).
CHECK = unittest.TestCase()
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
READ = "Thông báo để biết"
BACKDATED = "Đã hoàn thành trên giấy, nhập bù"
WITHDRAWN = "Giao nhầm, thu hồi"
CHANGED = "Giao việc được điều chỉnh"
RETURNED = "Trả lại do giao sai"
FLOWED = "Kết quả chuyên viên được trưởng phòng chấp nhận"
# The class of every root assignment of the scenario, written by hand from
# its dates (deadline, completion, today): (subject, unit, role) -> class.
EXPECTED_CLASSES = {
    (INJECTIONS[0], NC, "Chủ trì"): 'done_on_time',  # done -17, due -15
    (INJECTIONS[0], VX, "Phối hợp"): 'done_late',  # done -10, due -15
    (INJECTIONS[1], NC, "Chủ trì"): 'overdue',  # open, due -2
    (INJECTIONS[1], VX, "Chủ trì"): 'in_progress',  # open, due +30
    (INJECTIONS[2], TH, "Chủ trì"): 'due_soon',  # open, due +1
    (INJECTIONS[2], VX, "Để biết"): 'no_deadline',
    (INJECTIONS[3], "Bùi Thị Hạnh", "Chủ trì"): 'no_deadline',  # done
    (INJECTIONS[4], KT, "Chủ trì"): 'overdue',  # open, due -20
    (INJECTIONS[4], NC, "Chủ trì"): 'done_late',  # done -5, due -20
    (READ, TH, "Chủ trì"): 'in_progress',  # open, due +30
    (READ, KT, "Để biết"): 'done_late',  # read today, due -1
    (READ, "Lý Văn Khoa", "Để biết"): 'done_on_time',  # read, due +3
    # Corrected routings: NC withdrawn (not a row), TH open.
    (WITHDRAWN, TH, "Chủ trì"): 'in_progress',  # open, due +30
    # VX lead changed to TH; KT coordinating changed to for information.
    (CHANGED, TH, "Chủ trì"): 'in_progress',  # open, due +30
    (CHANGED, KT, "Để biết"): 'no_deadline',
    # Lý Văn Khoa returned it (not a row); routed again to KT.
    (RETURNED, TH, "Chủ trì"): 'in_progress',  # open, due +30
    (RETURNED, KT, "Chủ trì"): 'in_progress',  # open, due +30
    # The specialist's result accepted by the head today.
    (FLOWED, NC, "Chủ trì"): 'done_on_time',  # done today, due +10
    }
# Summary lines by hand: (received, on time, late, in progress with due
# soon, of which due soon, overdue, no deadline).
EXPECTED_UNITS = {
    (NC, "Chủ trì"): (4, 2, 1, 0, 0, 1, 0),
    (VX, "Chủ trì"): (1, 0, 0, 1, 0, 0, 0),
    (VX, "Phối hợp"): (1, 0, 1, 0, 0, 0, 0),
    (VX, "Để biết"): (1, 0, 0, 0, 0, 0, 1),
    (TH, "Chủ trì"): (5, 0, 0, 5, 1, 0, 0),
    (KT, "Chủ trì"): (2, 0, 0, 1, 0, 1, 0),
    (KT, "Để biết"): (2, 0, 1, 0, 0, 0, 1),
    ("Bùi Thị Hạnh", "Chủ trì"): (1, 0, 0, 0, 0, 0, 1),
    ("Lý Văn Khoa", "Để biết"): (1, 1, 0, 0, 0, 0, 0),
    }


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
        # Completed on paper: the office chief records the earlier dates
        # with a reason; the assignees could only complete today.
        login('chuyenvien')
        Assignment = Model.get('qlvb.incoming.assignment')
        duty, = Assignment.find([('parent', '=', nc.id),
                ('role', '=', 'lead')])
        with refused(CHECK,
                'qlvb_incoming.msg_completion_backdate_forbidden'):
            complete(duty, TODAY - 18 * DAY, "Đã dự thảo")
        login('chanhvp')
        complete(Assignment(duty.id), TODAY - 18 * DAY, "Đã dự thảo",
            backdate_reason=BACKDATED)
        complete(Assignment(nc.id), TODAY - 17 * DAY,
            result_reference='12/BC-VP', backdate_reason=BACKDATED)
        complete(root(d1, VX), TODAY - 10 * DAY, "Đã góp ý",
            late_reason="Chờ số liệu", backdate_reason=BACKDATED)

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
        # A completion dated in the future is refused: VX stays open.
        login('truongphongvx')
        with refused(CHECK, 'qlvb_incoming.msg_completion_future'):
            complete(root(d2, VX), TODAY + 5 * DAY, "Sẽ xong")

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
        # Fifteen days late, the head gives its deadline as completion
        # date: refused; the office chief records the real earlier date.
        login('truongphong')
        with refused(CHECK,
                'qlvb_incoming.msg_completion_backdate_forbidden'):
            complete(root(d5, NC), TODAY - 20 * DAY, "Đã báo cáo")
        login('chanhvp')
        complete(root(d5, NC), TODAY - 5 * DAY, "Đã báo cáo",
            late_reason=TAB, backdate_reason=BACKDATED)

        # 10. Lead TH; two duties for information, read today: KT after
        # its deadline, Lý Văn Khoa before. Directions naming a unit twice
        # (twice lead, or lead and for information) are refused first.
        d10 = received('d10', READ, 5)
        for lines in [
                [('lead', TH, None, TODAY + 30 * DAY),
                    ('lead', TH, None, TODAY + 30 * DAY)],
                [('lead', TH, None, TODAY + 30 * DAY),
                    ('inform', TH, None, None)]]:
            with refused(CHECK, 'qlvb_incoming.msg_assignment_duplicate'):
                directed(d10, 'chanhvp', lines)
        directed(d10, 'chanhvp', [
                ('lead', TH, None, TODAY + 30 * DAY),
                ('inform', KT, None, TODAY - DAY),
                ('inform', None, "Lý Văn Khoa", TODAY + 3 * DAY)])
        root(d10, KT).click('mark_read')
        login('chuyenvien2')
        root(d10, employee="Lý Văn Khoa").click('mark_read')

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
        cls.make_corrections()
        d9 = received('d9', "Kỳ trước", 90)
        directed(d9, 'chanhvp', [('lead', TH, None, TODAY - 80 * DAY)])
        cls.make_tasks()
        cls.make_outgoing()

    @classmethod
    def make_tasks(cls):
        """Tasks of the Office to three agencies and one of its departments,
        one per class, with an extension, an unjustified delay and
        criticisms; a cancelled one and one finished before the period are
        not counted."""
        def login(name):
            as_user(cls.users, name, cls.config)
        login('chuyenvien')
        Task = Model.get('qlvb.task')
        tasks = cls.tasks = {}
        nc = record('qlvb.department', [('name', '=', NC)])

        def new(key, lead, deadline, assigned=40, **values):
            task = Task(name=f'Nhiệm vụ {key}', item=key,
                source_reference='15/TB-UBND', source_title="Kết luận họp",
                lead_agency=agency(lead), assignment_date=TODAY
                - assigned * DAY, deadline=deadline, **values)
            task.save()
            tasks[key] = task
            return task
        new('t1', 'SNV', TODAY - 10 * DAY)
        new('t2', 'STNMT', TODAY - 20 * DAY)
        new('t3', 'SNV', TODAY + 10 * DAY)
        new('t4', 'VP', TODAY - 3 * DAY)
        new('t5', 'STNMT', TODAY + DAY)
        new('t6', 'SNV', None)
        new('t7', 'VP', TODAY - 2 * DAY, lead_department=nc)
        new('t8', 'SNV', TODAY - 5 * DAY).click('cancel')
        new('t9', 'SNV', TODAY - 100 * DAY, assigned=120)

        login('giamdocsnv')
        report(Task(tasks['t1'].id), TODAY - 12 * DAY, "Đã trình Đề án")
        report(Task(tasks['t9'].id), TODAY - 100 * DAY, "Kỳ trước")
        Extension = Model.get('qlvb.task.extension')
        extension = Extension(task=Task(tasks['t3'].id),
            requested_deadline=TODAY + 30 * DAY, reason="Chờ ý kiến các sở")
        extension.save()
        login('giamdocstnmt')
        report(Task(tasks['t2'].id), TODAY - 5 * DAY, "Đã báo cáo",
            "=Chờ số liệu")
        login('chuyenvien')
        Extension(extension.id).click('approve')
        for key, valid in [('t1', True), ('t2', False), ('t9', True)]:
            accept(Task(tasks[key].id), reason_valid=valid)
        Criticism = Model.get('qlvb.task.criticism')
        for lead, keys in [('STNMT', ['t2']), ('VP', ['t4', 't7']),
                ('VP', ['t4'])]:
            criticism = Criticism(agency=agency(lead),
                reason="Chậm trễ không có lý do chính đáng",
                reference='99/UBND-NCKSTTHC')
            criticism.tasks.extend([Task(tasks[k].id) for k in keys])
            criticism.save()

    @classmethod
    def make_outgoing(cls):
        """Outgoing documents numbered today in one register: a decision
        of NC issued to SNV (registered there) and STTTT (returned), with
        three requests for comments (answered on time, answered late,
        overdue); two NC letters replying to d1 and d4, the first issued
        to SNV (arrived), the second only numbered; a VX letter numbered;
        an NC letter issued to STTTT then recalled; an NC draft never
        numbered (not counted)."""
        def login(name):
            as_user(cls.users, name, cls.config)
        login('admin')
        setup_demo_signing(cls.config)
        Outgoing = Model.get('qlvb.outgoing')
        Incoming = Model.get('qlvb.incoming')
        Comment = Model.get('qlvb.outgoing.comment')
        register = "Sổ văn bản đi của UBND tỉnh"
        out = cls.outgoings = {}

        def new(key, subject, type_code, department=NC, recipients=(),
                **values):
            login('chuyenvien')
            if recipients:
                values['internal_recipients'] = [record('qlvb.agency',
                        [('abbreviation', '=', a)]) for a in recipients]
            out[key] = draft(subject, type_code, register,
                department=department, main_file=blank_pdf(text=key),
                main_filename=f'{key}.pdf', **values)
            return out[key]

        def walk(key, steps):
            reviewer = ('truongphongvx' if out[key].drafting_department.name
                == VX else 'truongphong')
            for name, button in [('chuyenvien', 'to_review'),
                    (reviewer, 'to_format_check'),
                    ('vanthu', 'to_approval'), ('chutich', 'approve'),
                    ('chutich', 'sign'), ('vanthu', 'give_number'),
                    ('vanthu', 'sign_organisation'), ('vanthu', 'issue')
                    ][:steps]:
                login(name)
                click(out[key].id, button)
            out[key] = Outgoing(out[key].id)

        o1 = new('o1', "Quyết định ban hành quy chế", 'QĐ',
            recipients=['SNV', 'STTTT'])
        for name, days_ago, complexity in [(VX, 30, 'simple'),
                (TH, 30, 'simple'), ("Phòng Hành chính - Tổ chức", 0,
                    'normal')]:
            request = Comment(outgoing=o1, question="Đề nghị góp ý",
                department=record('qlvb.department', [('name', '=', name)]),
                requested_date=TODAY - days_ago * DAY,
                complexity=complexity)
            request.save()
            request.click('send')
            out[name] = request
        for name, key in [('truongphongvx', VX),
                ('vanthu', "Phòng Hành chính - Tổ chức")]:
            login(name)
            wizard = Wizard('qlvb.outgoing.comment.answer',
                [Comment(out[key].id)])
            wizard.form.answer = "Thống nhất."
            wizard.execute('answer')
        walk('o1', 8)
        new('o2', "Trả lời văn bản 1", 'CV', recipients=['SNV'],
            reply_to=[Incoming(cls.docs['d1'].id)])
        walk('o2', 8)
        new('o3', "Trả lời văn bản 4", 'CV',
            reply_to=[Incoming(cls.docs['d4'].id)])
        walk('o3', 6)
        new('o4', "Công văn của phòng VX", 'CV', department=VX)
        walk('o4', 6)
        new('o5', "Công văn thu hồi", 'CV', recipients=['STTTT'])
        walk('o5', 8)
        new('o6', "Dự thảo chưa cấp số", 'CV')

        # Sở Nội vụ registers the decision; Sở TT&TT returns it.
        decision = out['o1'].reference
        login('vanthusnv')
        record('qlvb.incoming', [('reference', '=', decision)]
            ).click('register_arrival')
        login('admin')
        wizard = Wizard('qlvb.incoming.reject', [record('qlvb.incoming', [
                        ('reference', '=', decision),
                        ('company.party.name', '=',
                            "Sở Thông tin và Truyền thông")])])
        wizard.form.reason = "Không thuộc thẩm quyền"
        wizard.execute('apply')
        login('vanthu')
        wizard = Wizard('qlvb.outgoing.recall', [Outgoing(out['o5'].id)])
        wizard.form.reason = "Ban hành nhầm"
        wizard.execute('apply')

    @classmethod
    def make_corrections(cls):
        """Routing corrected through the real actions (arrived 4 days ago:
        after the end of the dashboard's earlier period), and a result that
        flows up"""
        u = cls.users
        docs = cls.docs
        Assignment = Model.get('qlvb.incoming.assignment')

        def login(name):
            as_user(u, name, cls.config)

        def directed(key, subject, lines):
            login('vanthu')
            incoming = new_incoming(subject, arrival_date=TODAY - 4 * DAY,
                reference=f'{len(docs) + 1}/BC-TKT')
            incoming.click('register_arrival')
            docs[key] = incoming
            login('chanhvp')
            direct(Model.get('qlvb.incoming')(incoming.id), "Giao xử lý.",
                lines=lines)
            return {(a.department.name if not a.employee
                        else a.employee.rec_name): a
                for a in Assignment.find([('incoming', '=', incoming.id)])}

        def correct(wizard, assignment, reason, **values):
            act = Wizard(f'qlvb.incoming.assignment.{wizard}',
                [Assignment(assignment.id)])
            act.form.reason = reason
            for name, value in values.items():
                setattr(act.form, name, value)
            act.execute('apply')

        def unit(name):
            return record('qlvb.department', [('name', '=', name)])

        # 11. NC lead given by mistake, already forwarded: withdrawn with
        # its specialist's duty; TH stays lead. The head may not withdraw.
        d11 = directed('d11', WITHDRAWN, [
                ('lead', NC, None, TODAY + 10 * DAY),
                ('lead', TH, None, TODAY + 30 * DAY)])
        login('truongphong')
        forward(Assignment(d11[NC].id), [('lead', "Bùi Thị Hạnh", None)])
        with refused(CHECK, 'qlvb_incoming.msg_correction_not_giver'):
            correct('withdraw', d11[NC], "Không phải việc của phòng")
        login('chanhvp')
        correct('withdraw', d11[NC], "Giao nhầm phòng")

        # 12. VX lead changed to TH (VX's withdrawn, TH's new); KT
        # coordinating changed to for information without deadline.
        d12 = directed('d12', CHANGED, [
                ('lead', VX, None, TODAY + 10 * DAY),
                ('coordinate', KT, None, TODAY + 10 * DAY)])
        correct('change', d12[VX], "Thuộc lĩnh vực tổng hợp",
            department=unit(TH), deadline=TODAY + 30 * DAY)
        correct('change', d12[KT], "Chỉ để biết", role='inform',
            deadline=None)

        # 13. A person directed to lead returns it as misrouted; the
        # office chief routes it again to KT.
        d13 = directed('d13', RETURNED, [
                ('lead', None, "Lý Văn Khoa", TODAY + 30 * DAY),
                ('lead', TH, None, TODAY + 30 * DAY)])
        login('chuyenvien2')
        correct('return_misrouted', d13["Lý Văn Khoa"],
            "Không thuộc lĩnh vực được phân công")
        login('chanhvp')
        correct('change', d13["Lý Văn Khoa"], "Giao Phòng Kinh tế",
            department=unit(KT), employee=None)

        # 14. NC's specialist completes; the head accepts her result: the
        # unit's result, done today.
        d14 = directed('d14', FLOWED, [('lead', NC, None, TODAY + 10 * DAY)])
        login('truongphong')
        forward(Assignment(d14[NC].id), [('lead', "Bùi Thị Hạnh", None)])
        login('chuyenvien')
        duty, = Assignment.find([('parent', '=', d14[NC].id)])
        complete(duty, TODAY, "Đã trả lời", result_reference='21/BC-NC')
        login('truongphong')
        Assignment(d14[NC].id).click('accept_result')

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
        # 2 + 2 + 2 + 1 + 2 + 3 + 1 + 2 + 2 + 1 root assignments;
        # documents 6-9 are not rows, nor the refused duplicate lines of
        # d10, nor the withdrawn, changed and returned assignments.
        self.assertEqual(len(detail), 18)
        class_of = self.class_of()
        self.assertEqual({(r[col["Trích yếu"]], r[col["Đơn vị xử lý"]],
                    r[col["Vai trò"]]): class_of[r[col["Tình trạng"]]]
                for r in detail}, EXPECTED_CLASSES)
        # Every class, counted by hand over the rows.
        self.assertEqual(Counter(class_of[r[col["Tình trạng"]]]
                for r in detail), {'done_on_time': 3, 'done_late': 3,
                'in_progress': 6, 'due_soon': 1, 'overdue': 2,
                'no_deadline': 3})
        rows = {(r[0], r[1]): r[2:9] for r in summary[:-1]}
        self.assertEqual(rows, EXPECTED_UNITS)
        self.assertNotIn(("Lý Văn Khoa", "Phối hợp"), rows)  # forwarding
        # Ten documents, each once by its worst lead: 2 on time (d1,
        # d14), 2 overdue (d2, d5), 1 due soon (d3), 1 without deadline
        # (d4), 4 in progress (d10: its duties for information are read;
        # d11, d12, d13 as corrected).
        self.assertEqual(summary[-1][2:9], (10, 2, 0, 5, 1, 2, 1))
        # The result the head accepted is the unit's, in the detail.
        flowed, = [r for r in detail if r[col["Trích yếu"]] == FLOWED]
        self.assertIn('21/BC-NC', flowed[col["Kết quả xử lý"]])
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
        self.assertEqual([(r[0], r[1]) + r[2:9] for r in summary[:-1]],
            [(NC, "Chủ trì") + EXPECTED_UNITS[NC, "Chủ trì"]])
        self.assertEqual(len(detail), 4)
        # d1 and d14 on time, d2 overdue, d5 late (KT's overdue lead is
        # not his; NC's withdrawn d11 is no row).
        self.assertEqual(summary[-1][2:9], (4, 2, 1, 0, 0, 1, 0))
        self.login('chanhvp')
        book = self.export(department=record(
                'qlvb.department', [('name', '=', VX)]))
        _, summary, _, detail, _ = self.check_contract(book)
        self.assertEqual(len(detail), 3)
        self.assertEqual({(r[0], r[1]): r[2:9] for r in summary[:-1]},
            {k: v for k, v in EXPECTED_UNITS.items() if k[0] == VX})
        # A coordinating unit alone: its documents still count once; d1
        # (coordinated, late), d2 (lead, in progress), d3 (informed).
        self.assertEqual(summary[-1][2:9], (3, 0, 1, 1, 0, 0, 1))

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
        snv = record('qlvb.agency', [('abbreviation', '=', 'SNV')])
        wizard.form.agency = snv
        with refused(self, 'qlvb_statistics.msg_statistics_agency_denied',
                agency=snv.rec_name) as error:
            wizard.execute('export')
        self.assertIn("Sở Nội vụ", error.exception.message)

    def test_outgoing_report(self):
        "The outgoing report: every figure as the scenario made it"
        self.login('chanhvp')
        book = self.export('outgoing')
        _, header, summary = read_sheet(book.worksheets[0],
            "Đơn vị soạn thảo")
        _, _, detail = read_sheet(book.worksheets[1], "Đơn vị soạn thảo")
        _, _, recipients = read_sheet(book.worksheets[2], "Đơn vị soạn thảo")
        self.assertEqual(list(header[:5]), ["Đơn vị soạn thảo",
                "Loại văn bản", "Số văn bản phát hành",
                "Trong đó: trả lời văn bản đến", "Lượt gửi liên thông"])
        self.assertEqual(list(header[-4:]), ["Xin ý kiến",
                "Trả lời đúng hạn", "Trả lời trễ hạn",
                "Quá hạn chưa trả lời"])
        status_of = {label: key for key, label in Model.get(
                'qlvb.outgoing.dispatch')._fields['status']['selection']}
        self.assertEqual([status_of[h] for h in header[5:14]], [
                'arrived', 'registered', 'assigned', 'in_progress',
                'completed', 'returned', 'recall_requested', 'recalled',
                'recall_refused'])
        # (issued, replies, dispatches, arrived, registered, assigned,
        # in progress, completed, returned, recall requested, recalled,
        # recall refused, comments, on time, late, overdue)
        self.assertEqual([tuple(r) for r in summary], [
                (NC, "Công văn", 3, 2, 2, 1, 0, 0, 0, 0, 0, 0, 1, 0,
                    0, 0, 0, 0),
                (NC, "Quyết định", 1, 0, 2, 0, 1, 0, 0, 0, 1, 0, 0, 0,
                    3, 1, 1, 1),
                (VX, "Công văn", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0),
                ("Tổng cộng", None, 5, 2, 4, 1, 1, 0, 0, 0, 1, 0, 1, 0,
                    3, 1, 1, 1)])
        # Numbered in this order in one register; the draft o6 is not.
        self.assertEqual([(r[0], r[1], r[2], r[3].date(), r[4], r[5], r[6])
                for r in detail], [
                (NC, "Công văn", '02/UBND-NCKSTTHC', TODAY,
                    "Trả lời văn bản 1", 1, 1),
                (NC, "Công văn", '03/UBND-NCKSTTHC', TODAY,
                    "Trả lời văn bản 4", 1, 0),
                (NC, "Công văn", '05/UBND-NCKSTTHC', TODAY,
                    "Công văn thu hồi", 0, 1),
                (NC, "Quyết định", '01/QĐ-UBND', TODAY,
                    "Quyết định ban hành quy chế", 0, 2),
                (VX, "Công văn", '04/UBND-VX', TODAY,
                    "Công văn của phòng VX", 0, 0)])
        self.assertEqual(sorted((r[2], r[4], status_of[r[5]], r[6])
                for r in recipients), [
                ('01/QĐ-UBND', "Sở Nội vụ", 'registered', None),
                ('01/QĐ-UBND', "Sở Thông tin và Truyền thông", 'returned',
                    "Không thuộc thẩm quyền"),
                ('02/UBND-NCKSTTHC', "Sở Nội vụ", 'arrived', None),
                ('05/UBND-NCKSTTHC', "Sở Thông tin và Truyền thông",
                    'recalled', None)])

    def test_task_report(self):
        "Task report: summary per lead unit = its detail rows, typed cells"
        self.login('chanhvp')
        book = self.export('task')
        self.assertEqual([s.title for s in book.worksheets],
            ["Tổng hợp", "Chi tiết"])
        cover, header, summary = read_sheet(book.worksheets[0],
            "Đơn vị chủ trì")
        _, detail_header, detail = read_sheet(book.worksheets[1],
            "Đơn vị chủ trì")
        self.assertIn("NHIỆM VỤ", cover[0][0])
        self.assertEqual(list(header), [
                "Đơn vị chủ trì", "Tổng số nhiệm vụ được giao",
                "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                "Đang thực hiện trong hạn", "Trong đó: sắp đến hạn",
                "Quá hạn chưa hoàn thành", "Không có thời hạn",
                "Tỷ lệ hoàn thành", "Tỷ lệ quá hạn chưa hoàn thành",
                "Số lần gia hạn", "Chậm trễ không có lý do chính đáng",
                "Số lượt phê bình"])
        self.assertEqual(list(detail_header), [
                "Đơn vị chủ trì", "Số thứ tự", "Nhiệm vụ", "Văn bản giao",
                "Ngày giao", "Hạn xử lý", "Ngày hoàn thành", "Tình trạng",
                "Số lần gia hạn", "Chậm trễ không có lý do chính đáng",
                "Số lượt phê bình", "Lý do trễ hạn"])
        col = {h: i for i, h in enumerate(detail_header)}
        class_of = {label: key for key, label in Model.get(
                'qlvb.task')._fields['timeliness']['selection']}
        # Cancelled (t8) and finished before the period (t9): not rows.
        self.assertEqual(sorted(r[col["Số thứ tự"]] for r in detail),
            ['t1', 't2', 't3', 't4', 't5', 't6', 't7'])
        # Each task's class, by hand from its dates: t1 reported 2 days
        # before its deadline, t2 15 days after it; t3 (extended to +30)
        # and t5 (due tomorrow) open, t4 and t7 past their deadline, t6
        # without one.
        self.assertEqual({r[col["Số thứ tự"]]: class_of[r[col["Tình trạng"]]]
                for r in detail}, {'t1': 'done_on_time', 't2': 'done_late',
                't3': 'in_progress', 't4': 'overdue', 't5': 'due_soon',
                't6': 'no_deadline', 't7': 'overdue'})
        by_unit = defaultdict(list)
        for row in detail:
            by_unit[row[0]].append(row)
        *units, total = summary
        self.assertEqual(len(units), len(by_unit))
        for (unit, assigned, on_time, late, in_progress, due_soon, overdue,
                no_deadline, rate, share, extensions, unjustified,
                criticisms) in units:
            rows = by_unit[unit]
            counts = Counter(class_of[r[col["Tình trạng"]]] for r in rows)
            self.assertEqual(
                [assigned, on_time, late, in_progress, due_soon, overdue,
                    no_deadline],
                [len(rows), counts['done_on_time'], counts['done_late'],
                    counts['in_progress'] + counts['due_soon'],
                    counts['due_soon'], counts['overdue'],
                    counts['no_deadline']], unit)
            self.assertAlmostEqual(rate, (on_time + late) / assigned)
            self.assertAlmostEqual(share, overdue / assigned)
            self.assertEqual(extensions,
                sum(r[col["Số lần gia hạn"]] for r in rows), unit)
            self.assertEqual(unjustified, sum(
                    r[col["Chậm trễ không có lý do chính đáng"]] == "Có"
                    for r in rows), unit)
            self.assertEqual(criticisms,
                sum(r[col["Số lượt phê bình"]] for r in rows), unit)
        self.assertEqual(total[1:8], tuple(map(sum, zip(
                        *(u[1:8] for u in units)))))
        self.assertEqual(total[10:], tuple(map(sum, zip(
                        *(u[10:] for u in units)))))
        rows = {r[0]: r[1:8] + r[10:] for r in units}
        self.assertEqual(rows["Sở Nội vụ"], (3, 1, 0, 1, 0, 0, 1, 1, 0, 0))
        self.assertEqual(rows[agency('STNMT').rec_name],
            (2, 0, 1, 1, 1, 0, 0, 0, 1, 1))
        self.assertEqual(rows[agency('VP').rec_name],
            (1, 0, 0, 0, 0, 1, 0, 0, 0, 2))
        self.assertEqual(rows[NC], (1, 0, 0, 0, 0, 1, 0, 0, 0, 1))
        # Typed cells: real dates, numbers, text kept as text.
        t2, = [r for r in detail if r[col["Số thứ tự"]] == 't2']
        self.assertEqual(t2[col["Hạn xử lý"]].date(), TODAY - 20 * DAY)
        self.assertEqual(t2[col["Ngày hoàn thành"]].date(), TODAY - 5 * DAY)
        self.assertEqual(t2[col["Ngày giao"]].date(), TODAY - 40 * DAY)
        self.assertEqual(t2[col["Lý do trễ hạn"]], "=Chờ số liệu")
        self.assertEqual(t2[col["Văn bản giao"]], "15/TB-UBND - Kết luận họp")
        self.assertEqual(class_of[t2[col["Tình trạng"]]], 'done_late')
        t3, = [r for r in detail if r[col["Số thứ tự"]] == 't3']
        self.assertEqual(t3[col["Hạn xử lý"]].date(), TODAY + 30 * DAY)
        self.assertIsInstance(t3[col["Số lần gia hạn"]], int)
        self.assertIsNone(t3[col["Ngày hoàn thành"]])
        snv, = [r for r in book.worksheets[0].iter_rows()
            if r[0].value == "Sở Nội vụ"]
        self.assertAlmostEqual(snv[8].value, 1 / 3)
        self.assertEqual(snv[8].number_format, '0.0%')

        # A department head sees only the tasks his unit leads.
        self.login('truongphong')
        _, _, summary = read_sheet(self.export('task').worksheets[0],
            "Đơn vị chủ trì")
        self.assertEqual([r[:2] for r in summary], [(NC, 1), ("Tổng cộng", 1)])

    def test_report_in_english(self):
        "The report's own texts follow its reader's language: English here"
        self.set_language('chanhvp', 'en')
        try:
            self.login('chanhvp')
            book = self.export('task')
        finally:
            self.set_language('chanhvp', 'vi')
        self.assertEqual([s.title for s in book.worksheets],
            ["Summary", "Detail"])
        cover, header, summary = read_sheet(book.worksheets[0], "Lead unit")
        _, detail_header, detail = read_sheet(book.worksheets[1],
            "Lead unit")
        self.assertIn("REPORT ON THE TASKS ASSIGNED", cover[0][0])
        self.assertEqual(header[:2], ("Lead unit", "Tasks assigned"))
        for text in header + detail_header:
            self.assertTrue(text.isascii(), text)
        unjustified = detail_header.index("Delay without a valid reason")
        self.assertEqual({r[unjustified] for r in detail}, {"Yes", "No"})
        self.assertEqual(summary[-1][0], "Total")

    def set_language(self, login, code):
        self.login('admin')
        user = Model.get('res.user')(self.users[login])
        user.language, = Model.get('ir.lang').find([('code', '=', code)])
        user.save()

    def test_incoming_dashboard(self):
        "Every figure of the dashboard opens exactly the rows it counts"
        figures = self.check_dashboard(TODAY)
        self.assertEqual(figures, EXPECTED_UNITS)
        # A period over before today: work completed after its end is
        # still open there (d5 by NC, completed 5 days ago, is overdue;
        # d2 due 6 days after the end is open), documents received after
        # it (d3, d4) are not counted.
        figures = self.check_dashboard(TODAY - 8 * DAY)
        # Whether d2 (6 calendar days ahead) is due soon depends on the
        # holidays in between: the due-soon column is left out.
        self.assertEqual({k: v[:4] + v[5:] for k, v in figures.items()}, {
                (NC, "Chủ trì"): (3, 1, 0, 1, 1, 0),
                (VX, "Chủ trì"): (1, 0, 0, 1, 0, 0),
                (VX, "Phối hợp"): (1, 0, 1, 0, 0, 0),
                (KT, "Chủ trì"): (1, 0, 0, 0, 1, 0)})

        # Another agency's figures are not shown.
        config = self.login('chanhvp')
        with config.set_context(from_date=TODAY - 60 * DAY, to_date=TODAY,
                qlvb_agency=agency('SNV').id):
            self.assertEqual(
                Model.get('qlvb.incoming.dashboard').find([]), [])

    def check_dashboard(self, date_to):
        """For every line and figure of the dashboard, the list it opens is
        the report's detail rows of that unit, role and class"""
        self.login('chanhvp')
        book = self.export(date_to=date_to)
        _, _, summary, = read_sheet(book.worksheets[0], "Đơn vị xử lý")
        _, detail_header, detail = read_sheet(book.worksheets[1], "Số đến")
        col = {h: i for i, h in enumerate(detail_header)}
        class_of = self.class_of()
        expected = defaultdict(list)
        for row in detail:
            key = (row[col["Đơn vị xử lý"]], row[col["Vai trò"]])
            klass = class_of[row[col["Tình trạng"]]]
            for figure, classes in FIGURES.items():
                if classes == [None] or klass in classes:
                    expected[key + (figure,)].append(row[col["Số đến"]])

        config = self.login('chanhvp')
        context = dict(config.context, from_date=TODAY - 60 * DAY,
            to_date=date_to, qlvb_agency=agency('VP').id)
        Dashboard = Model.get('qlvb.incoming.dashboard')
        Assignment = Model.get('qlvb.incoming.assignment')
        roles = dict(Assignment._fields['role']['selection'])
        with config.set_context(context):
            rows = Dashboard.find([])
        figures = {}
        for row in rows:
            unit = (row.department or row.employee).rec_name
            key = (unit, roles[row.role])
            figures[key] = tuple(getattr(row, f) for f in FIGURES)
            for figure in FIGURES:
                action = getattr(Dashboard._proxy, 'open_%s' % figure)(
                    [row.id], context)
                domain = PYSONDecoder().decode(action['pyson_domain'])
                with config.set_context(
                        PYSONDecoder().decode(action['pyson_context'])):
                    found = Assignment.find(domain)
                self.assertEqual(len(found), getattr(row, figure),
                    (key, figure))
                self.assertEqual(
                    sorted(a.incoming.arrival_number for a in found),
                    sorted(expected[key + (figure,)]), (key, figure))
        # The same figures as the report's summary, unit by unit.
        self.assertEqual(figures, {(r[0], r[1]): r[2:9]
                for r in summary[:-1]})
        return figures
