"""The whole incoming flow as the real users, through proteus (access rules
and record rules apply as in the web client)."""
import datetime as dt
import io

import openpyxl
from proteus import Model, Wizard

from trytond.exceptions import UserWarning
from trytond.model.exceptions import AccessError

from qlvb_demo.tools import (
    TODAY, DemoScenario, complete, direct, forward, new_incoming,
    queue, record, refused, submit)

DAY = dt.timedelta(days=1)


class IncomingScenario(DemoScenario):

    def test_whole_flow(self):
        "Clerk → chairman → office chief → departments → specialists"
        u = self.users
        self.login('vanthu')
        arrival = TODAY - 20 * DAY
        incoming = new_incoming("Về việc tăng cường kỷ luật, kỷ cương",
            arrival_date=arrival, reference='2719/BNV-CCHC')
        self.assertEqual(incoming.state, 'received')
        self.assertIsNone(incoming.arrival_number)
        incoming.click('register_arrival')
        self.assertEqual(incoming.state, 'registered')
        self.assertGreaterEqual(incoming.arrival_number, 1)
        submit(incoming, u['chutich'])
        self.assertEqual(incoming.state, 'submitted')

        # The chairman passes it to the office chief: history, not work.
        self.login('chutich')
        waiting = queue('qlvb_incoming.act_incoming_to_direct')
        self.assertIn(incoming.id, waiting['Trình tôi'][1])
        self.assertEqual(waiting['Trình tôi'][0], len(waiting['Trình tôi'][1]))
        incoming = Model.get('qlvb.incoming')(incoming.id)
        direct(incoming, "Giao Chánh Văn phòng chỉ đạo xử lý.",
            pass_to=u['chanhvp'])
        self.assertEqual(incoming.state, 'submitted')
        self.assertEqual(incoming.directing_leader.id, u['chanhvp'])
        self.assertEqual(incoming.assignments, [])

        # The office chief assigns a lead and a coordinating department.
        self.login('chanhvp')
        incoming = Model.get('qlvb.incoming')(incoming.id)
        lead_deadline = arrival + 10 * DAY
        direct(incoming, "Phòng NCKSTTHC chủ trì, Phòng VX phối hợp.", lines=[
                ('lead', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                    None, lead_deadline),
                ('coordinate', "Phòng Văn hóa - Xã hội", None,
                    lead_deadline),
                ])
        self.assertEqual(incoming.state, 'directed')
        self.assertIn("Nguyễn Văn An: Giao Chánh Văn phòng", incoming.direction)
        self.assertIn("Đặng Quốc Cường: Phòng NCKSTTHC chủ trì",
            incoming.direction)
        self.assertEqual(incoming.directed_by.id, u['chanhvp'])
        self.assertTrue(incoming.processing_file)

        # The department head sees it in "To handle / My department".
        self.login('truongphong')
        to_handle = queue('qlvb_incoming.act_assignment_to_handle')
        for tab, (count, ids) in to_handle.items():
            self.assertEqual(count, len(ids), tab)  # counter = its list
        Assignment = Model.get('qlvb.incoming.assignment')
        dept, = [a for a in Assignment.find([('id', 'in', to_handle['Của phòng tôi'][1])])
            if a.incoming.id == incoming.id]
        self.assertEqual(dept.role, 'lead')
        self.assertEqual(dept.timeliness, 'overdue')  # 10 days ago
        self.assertIn(dept.id, to_handle['Quá hạn'][1])
        self.assertNotIn(dept.id, to_handle['Của tôi'][1])
        forward(dept, [
                ('lead', "Bùi Thị Hạnh", lead_deadline),
                ('coordinate', "Lý Văn Khoa", lead_deadline - DAY),
                ], note="Đ/c Hạnh chủ trì, đ/c Khoa phối hợp.")
        self.assertEqual(dept.state, 'in_progress')
        self.assertEqual(len(dept.children), 2)
        incoming.reload()
        self.assertEqual(incoming.state, 'in_progress')

        # A specialist finishes on time, sees only his own duty.
        self.login('chuyenvien')
        mine = queue('qlvb_incoming.act_assignment_to_handle')['Của tôi']
        self.assertEqual(mine[0], len(mine[1]))
        duty, = [a for a in Model.get('qlvb.incoming.assignment').find(
                [('id', 'in', mine[1])]) if a.incoming.id == incoming.id]
        self.assertEqual(duty.employee.party.name, "Bùi Thị Hạnh")
        # She finished it on paper before the deadline: completion is dated
        # today, only a leader records the earlier date, with a reason.
        with refused(self, 'qlvb_incoming.msg_completion_backdate_forbidden',
                date=lead_deadline - 2 * DAY, today=TODAY):
            complete(duty, lead_deadline - 2 * DAY,
                "Đã dự thảo văn bản trả lời", backdate_reason="Quên nhập")
        self.login('chanhvp')
        duty = Model.get('qlvb.incoming.assignment')(duty.id)
        complete(duty, lead_deadline - 2 * DAY, "Đã dự thảo văn bản trả lời",
            backdate_reason="Đã trình bản giấy ngày đó")
        self.assertEqual(duty.timeliness, 'done_on_time')
        self.assertEqual(duty.completion_date, lead_deadline - 2 * DAY)

        # The head completes the department's duty today, late: a reason
        # is needed.
        self.login('truongphong')
        dept = Model.get('qlvb.incoming.assignment')(dept.id)
        with refused(self, 'qlvb_incoming.msg_late_reason_required',
                deadline=lead_deadline):
            complete(dept, TODAY)
        dept.reload()
        self.assertEqual(dept.state, 'in_progress')  # nothing half-written
        complete(dept, TODAY, late_reason="Chờ ý kiến Sở",
            result_reference='155/UBND-NCKSTTHC')
        self.assertEqual(dept.timeliness, 'done_late')
        self.assertEqual(dept.completion_date, TODAY)

        self.login('truongphongvx')
        coordinate = record('qlvb.incoming.assignment', [
                ('incoming', '=', incoming.id), ('role', '=', 'coordinate'),
                ('parent', '=', None)])
        complete(coordinate, TODAY, "Đã góp ý", late_reason="Chờ hồ sơ")
        self.assertEqual(coordinate.timeliness, 'done_late')

        self.login('vanthu')
        incoming = Model.get('qlvb.incoming')(incoming.id)
        self.assertEqual(incoming.state, 'completed')
        self.assertEqual(incoming.timeliness, 'done_late')
        # Trail: submit, pass, two assignments, two forwards, the
        # completion recorded at an earlier date.
        self.assertEqual([s.kind for s in incoming.trail],
            ['submit', 'pass', 'assign', 'assign', 'forward', 'forward',
                'backdate'])
        # Duties: two unit assignments (counted per unit), two personal.
        Assignment = Model.get('qlvb.incoming.assignment')
        self.assertEqual(len(Assignment.find([
                        ('incoming', '=', incoming.id),
                        ('parent', '=', None)])), 2)

    def test_forwarding_is_not_processing(self):
        "chairman → office chief → department head → two specialists"
        u = self.users
        self.login('vanthu')
        incoming = new_incoming("Kế hoạch kiểm tra công vụ", reference='05/KH-BNV')
        incoming.click('register_arrival')
        submit(incoming, u['chutich'])
        self.login('chutich')
        direct(Model.get('qlvb.incoming')(incoming.id), "Chuyển Chánh VP.",
            pass_to=u['chanhvp'])
        self.login('chanhvp')
        direct(Model.get('qlvb.incoming')(incoming.id), "Phòng NC chủ trì.",
            lines=[('lead', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                    None, TODAY + 10 * DAY)])
        self.login('truongphong')
        dept = record('qlvb.incoming.assignment', [
                ('incoming', '=', incoming.id), ('parent', '=', None)])
        forward(dept, [('lead', "Bùi Thị Hạnh", TODAY + 5 * DAY),
                ('coordinate', "Lý Văn Khoa", TODAY + 5 * DAY)])

        self.login('vanthu')
        incoming = Model.get('qlvb.incoming')(incoming.id)
        steps = [s for s in incoming.trail if s.kind != 'submit']
        self.assertEqual(len(steps), 4)
        self.assertEqual([s.kind for s in steps],
            ['pass', 'assign', 'forward', 'forward'])
        Assignment = Model.get('qlvb.incoming.assignment')
        units = Assignment.find([
                ('incoming', '=', incoming.id), ('parent', '=', None)])
        people = Assignment.find([
                ('incoming', '=', incoming.id), ('parent', '!=', None)])
        # One unit duty for the department; the leaders' passing counts 0.
        self.assertEqual([(a.role, a.department.abbreviation) for a in units],
            [('lead', 'NCKSTTHC')])
        self.assertEqual(sorted(a.employee.party.name for a in people),
            ["Bùi Thị Hạnh", "Lý Văn Khoa"])

    def test_bad_input(self):
        "Clear errors and nothing half-written"
        u = self.users
        self.login('vanthu')
        Incoming = Model.get('qlvb.incoming')
        # Issue date after arrival.
        with refused(self, 'qlvb_incoming.msg_issue_after_arrival',
                issue_date=TODAY + DAY, arrival_date=TODAY):
            new_incoming("Sai ngày", arrival_date=TODAY,
                issue_date=TODAY + DAY)
        # Registration without required fields.
        incoming = Incoming(subject="Thiếu thông tin", arrival_date=TODAY)
        incoming.save()
        # The fields are named by their labels in the user's language
        # (tests/test_vietnamese.py asserts the Vietnamese text).
        with refused(self, 'qlvb_incoming.msg_registration_missing'):
            incoming.click('register_arrival')
        incoming.reload()
        self.assertEqual(incoming.state, 'received')
        self.assertIsNone(incoming.arrival_number)
        # A main file that is not a PDF.
        incoming.main_file = b'MZ\x90\x00 not a pdf'
        incoming.main_filename = 'virus.exe'
        with refused(self, 'qlvb.msg_file_not_pdf',
                file='virus.exe'):
            incoming.save()
        # An oversized PDF (limit 20 MB by default).
        incoming.reload()
        incoming.main_file = b'%PDF-1.7\n' + b'0' * (21 * 1024 * 1024)
        incoming.main_filename = 'big.pdf'
        with refused(self, 'qlvb.msg_file_too_large',
                file='big.pdf', size=21.0, limit=20):
            incoming.save()

        incoming = new_incoming("Hạn trước ngày đến", arrival_date=TODAY,
            reference='77/BNV')
        incoming.click('register_arrival')
        submit(incoming, u['chutich'])
        self.login('chutich')
        incoming = Incoming(incoming.id)
        # Deadline before arrival.
        with refused(self, 'qlvb_incoming.msg_deadline_before_arrival',
                deadline=TODAY - DAY, arrival_date=TODAY):
            direct(incoming, "Xử lý", lines=[
                    ('lead', "Phòng Tổng hợp", None, TODAY - DAY)])
        incoming.reload()
        self.assertEqual(incoming.assignments, [])
        self.assertEqual(incoming.state, 'submitted')
        # Assigning a department of another agency.
        with refused(self, 'qlvb_incoming.msg_assignment_outside_agency',
                assignee="Phòng Cải cách hành chính",
                document=incoming.rec_name):
            direct(incoming, "Xử lý", lines=[
                    ('lead', "Phòng Cải cách hành chính", None,
                        TODAY + DAY)])
        incoming.reload()
        self.assertEqual(incoming.assignments, [])
        # Directing twice.
        direct(incoming, "Xử lý", lines=[
                ('lead', "Phòng Tổng hợp", None, TODAY + DAY)])
        incoming.reload()
        with refused(self, 'qlvb_incoming.msg_already_directed',
                document=incoming.rec_name,
                state=dict(Incoming._fields['state']['selection'])[
                    'directed']):
            direct(incoming, "Lần hai", lines=[
                    ('lead', "Phòng Tổng hợp", None, TODAY + DAY)])
        incoming.reload()
        self.assertEqual(len(incoming.assignments), 1)

    def test_duplicate_warning_and_cancel_keeps_number(self):
        self.login('vanthu')
        first = new_incoming("Văn bản gốc", reference='99/TB-BNV',
            issue_date=TODAY - 3 * DAY)
        first.click('register_arrival')
        second = new_incoming("Văn bản trùng", reference='99/TB-BNV',
            issue_date=TODAY - 3 * DAY)
        with refused(self, 'qlvb_incoming.msg_incoming_duplicate',
                exception=UserWarning, reference='99/TB-BNV',
                issuer=first.issuer.rec_name, other=first.rec_name,
                number=first.arrival_number):
            second.click('register_arrival')
        second.reload()
        self.assertIsNone(second.arrival_number)
        number = first.arrival_number
        wizard = Wizard('qlvb.incoming.cancel', [first])
        wizard.form.reason = "Vào sổ nhầm"
        wizard.execute('apply')
        first.reload()
        self.assertEqual((first.state, first.arrival_number),
            ('cancelled', number))
        third = new_incoming("Văn bản sau", reference='100/TB-BNV')
        third.click('register_arrival')
        self.assertEqual(third.arrival_number, number + 1)


    def test_registers_xlsx(self):
        "Both registers open as XLSX with the decree's columns and rows"
        u = self.users
        self.login('vanthu')
        incoming = new_incoming("=HYPERLINK(\"http://x\",\"bấm\") Công văn",
            reference='+88/CV-BNV', arrival_date=TODAY - 5 * DAY)
        incoming.click('register_arrival')
        submit(incoming, u['chutich'])
        self.login('chutich')
        direct(Model.get('qlvb.incoming')(incoming.id), "Phòng TH xử lý.",
            lines=[('lead', "Phòng Tổng hợp", None, TODAY - DAY)])
        self.login('vanthu')
        incoming = Model.get('qlvb.incoming')(incoming.id)

        def export(kind):
            wizard = Wizard('qlvb.incoming.register.print')
            wizard.form.register = incoming.register
            wizard.form.kind = kind
            wizard.form.date_from = TODAY - 30 * DAY
            wizard.form.date_to = TODAY
            wizard.execute('export')
            self.assertTrue(wizard.form.filename.endswith('.xlsx'))
            book = openpyxl.load_workbook(io.BytesIO(wizard.form.file))
            sheet = book.worksheets[0]
            rows = list(sheet.iter_rows(values_only=True))
            header = next(i for i, r in enumerate(rows)
                if r[0] in {"Ngày đến", "Số đến"})
            self.assertEqual(sheet.freeze_panes, f'A{header + 2}')
            self.assertTrue(sheet.auto_filter.ref)
            for row in sheet.iter_rows():
                for cell in row:  # nothing from user data is a formula
                    self.assertNotEqual(cell.data_type, 'f', cell.value)
            return rows[header], rows[header + 1:], rows[:header]

        header, rows, cover = export('arrival')
        self.assertEqual(list(header), [
                "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu",
                "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
                "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận",
                "Ghi chú"])
        self.assertIn("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", cover[0][0].upper())
        row, = [r for r in rows if r[1] == incoming.arrival_number]
        self.assertEqual(row[0].date(), TODAY - 5 * DAY)  # a real date
        self.assertEqual(row[2], "Bộ Nội vụ")
        self.assertEqual(row[3], '+88/CV-BNV')
        self.assertTrue(row[5].startswith("Công văn: =HYPERLINK"))
        self.assertEqual(row[6], "Phòng Tổng hợp (Chủ trì)")
        numbers = [r[1] for r in rows]
        self.assertEqual(numbers, sorted(numbers))

        header, rows, _ = export('tracking')
        self.assertEqual(len(header), 7)
        self.assertEqual(header[3], "Thời hạn giải quyết")
        row, = [r for r in rows if r[0] == incoming.arrival_number]
        self.assertEqual(row[3].date(), TODAY - DAY)
        self.assertIn("Quá hạn", row[4])

    def test_urgent_first_and_notified(self):
        "Urgent documents lead every queue; assignees are notified"
        u = self.users
        self.login('vanthu')
        normal = new_incoming("Thường", reference='1/TB-BNV')
        urgent = new_incoming("Hỏa tốc", reference='2/CĐ-BNV',
            urgency=record('qlvb.urgency', [('code', '=', 'HOA_TOC')]))
        self.assertTrue(urgent.urgent)
        to_register = queue('qlvb_incoming.act_incoming_to_register')[None][1]
        self.assertLess(to_register.index(urgent.id),
            to_register.index(normal.id))
        for incoming in [normal, urgent]:
            incoming.click('register_arrival')
            submit(incoming, u['chutich'])
        self.login('chutich')
        for incoming in [normal, urgent]:
            direct(Model.get('qlvb.incoming')(incoming.id), "Xử lý ngay.",
                lines=[('lead', "Phòng Tổng hợp", None, TODAY + 3 * DAY)])
        self.login('truongphong')
        Notification = Model.get('res.notification')
        before = len(Notification.find([]))
        self.login('vanthu')
        personal = new_incoming("Giao trực tiếp chuyên viên",
            reference='4/CV-BNV')
        personal.click('register_arrival')
        submit(personal, u['chutich'])
        self.login('chutich')
        direct(Model.get('qlvb.incoming')(personal.id), "Đ/c Hạnh xử lý.",
            lines=[('lead', None, "Bùi Thị Hạnh", TODAY + 3 * DAY),
                ('inform', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                    None, None)])
        self.login('chuyenvien')
        labels = [n.label for n in Model.get('res.notification').find([])]
        self.assertIn("Văn bản mới cần xử lý (Chủ trì)", labels)
        self.login('truongphong')  # head of the department informed
        self.assertEqual(len(Notification.find([])), before + 1)
        inform = queue('qlvb_incoming.act_assignment_inform')
        self.assertEqual(inform['Chưa đọc'][0], len(inform['Chưa đọc'][1]))
        mine = [a for a in Model.get('qlvb.incoming.assignment').find(
                [('id', 'in', inform['Chưa đọc'][1])])
            if a.incoming.id == personal.id]
        self.assertEqual(len(mine), 1)
        mine[0].click('mark_read')
        self.assertNotIn(mine[0].id,
            queue('qlvb_incoming.act_assignment_inform')['Chưa đọc'][1])
        # Urgent first in the department's queue too.
        self.login('vanthu')
        Assignment = Model.get('qlvb.incoming.assignment')
        order = [a.incoming.id for a in Assignment.find([
                    ('incoming', 'in', [normal.id, urgent.id])])]
        self.assertEqual(order, [urgent.id, normal.id])

    def test_assistant_and_two_lead_units(self):
        "An assistant directs for the chairman; two leads share one file"
        u = self.users
        self.login('vanthu')
        incoming = new_incoming("Hai đơn vị cùng trả lời", reference='9/CV-BNV')
        incoming.click('register_arrival')
        submit(incoming, u['chutich'])
        self.login('troly')
        incoming = Model.get('qlvb.incoming')(incoming.id)
        direct(incoming, "Phòng TH và Phòng NC mỗi phòng trả lời phần mình.",
            lines=[('lead', "Phòng Tổng hợp", None, TODAY + 5 * DAY),
                ('lead', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                    None, TODAY + 5 * DAY)])
        self.assertEqual(incoming.directed_by.id, u['troly'])
        self.assertEqual(incoming.directed_on_behalf_of.id, u['chutich'])
        self.assertIn("Nguyễn Văn An:", incoming.direction)
        self.assertEqual(incoming.trail[-1].on_behalf_of.id, u['chutich'])
        # A specialist cannot direct for a leader.
        self.login('vanthu')
        other = new_incoming("Không được bút phê thay", reference='10/CV-BNV')
        other.click('register_arrival')
        submit(other, u['chutich'])
        self.login('chuyenvien')
        # The wizard is not the specialist's to run.
        with refused(self, 'ir.msg_access_wizard_error',
                exception=AccessError, wizard='qlvb.incoming.direct'):
            direct(Model.get('qlvb.incoming')(other.id), "Tự phân công",
                lines=[('lead', "Phòng Tổng hợp", None, TODAY + DAY)])

        self.login('chanhvp')  # completes both department duties
        Assignment = Model.get('qlvb.incoming.assignment')
        first, second = Assignment.find([('incoming', '=', incoming.id)],
            order=[('id', 'ASC')])
        complete(first, TODAY, "Phần kinh tế",
            result_reference='12/UBND-TH')
        incoming.reload()
        self.assertEqual(incoming.state, 'in_progress')  # one lead is left
        complete(second, TODAY, "Phần thủ tục",
            result_reference='13/UBND-NCKSTTHC')
        incoming.reload()
        self.assertEqual(incoming.state, 'completed')
        incoming = Model.get('qlvb.incoming')(incoming.id)
        file = incoming.processing_file
        self.assertEqual(file.state, 'done')
        self.assertEqual(sorted(a.result_reference for a in file.assignments),
            ['12/UBND-TH', '13/UBND-NCKSTTHC'])
        self.assertEqual(
            len(Model.get('qlvb.processing.file').find(
                    [('id', '=', file.id)])), 1)
