"""Tasks assigned by the province, played through proteus as the real users
(access rules apply): the directive of 14/4/2020 becomes tasks, units report,
the Office decides, reminders go out, recurring tasks are generated."""
import datetime as dt
import email
import email.policy
import pathlib
import socketserver
import threading

from proteus import Model, Wizard
from proteus import config as pconfig
from trytond.config import config as tconfig
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessButtonError, AccessError

from qlvb_demo.tools import TODAY, DemoScenario, record, refused

D = dt.date
DAY = dt.timedelta(days=1)
SEED = pathlib.Path(__file__).resolve().parents[3].parent / (
    'shared/seed/chi-dao-ubnd-binh-thuan-2020-04-14.txt')
SEED_TEXT = """Chủ tịch UBND tỉnh chỉ đạo như sau:
1. Tiếp tục phổ biến, quán triệt đường lối, chủ trương của Đảng.
2. Thực hiện nghiêm chỉ đạo của cấp trên, rà soát các nhiệm vụ được
UBND tỉnh, Chủ tịch UBND tỉnh giao.
3. Tăng cường kiểm tra, đôn đốc việc thực hiện nhiệm vụ được giao.
4. Tiếp tục giữ vững kỷ cương, kỷ luật hành chính.
5. Đối với các kiến nghị của Tổ Kiểm tra công vụ của tỉnh tại Báo cáo
số 549/BC-TKT ngày 23/3/2020; Chủ tịch UBND tỉnh có ý kiến như sau:
5.1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Thông tin và Truyền
thông và các cơ quan, đơn vị có liên quan nghiên cứu, xây dựng Đề án sáp
nhập, hợp nhất các đơn vị sự nghiệp.
5.2. Giao Sở Tài nguyên và Môi trường đánh giá chất lượng hoạt động
của Văn phòng Đăng ký đất đai tỉnh.
5.3. Yêu cầu các Sở, ngành, địa phương khi phát hành văn bản phải
thực hiện ký số theo đúng quy định tại Quyết định số 3143/QĐ-UBND ngày
14/11/2018 của UBND tỉnh.
5.4. Đối với Văn phòng UBND tỉnh:
- Nghiên cứu các đề xuất của Sở Công Thương.
- Chỉ đạo Trung tâm thông tin theo dõi, định kì đôn đốc, nhắc nhở.
Yêu cầu Thủ trưởng các cơ quan nghiêm túc triển khai thực hiện./.
Nơi nhận:
- Như trên;
"""


def agency(abbreviation):
    return record('qlvb.agency', [('abbreviation', '=', abbreviation),
            ('level', '!=', 'district')])


def expect_error(test, function, *args, message, exception=UserError,
        **variables):
    """The call fails with exception whose message is the ir.message
    message rendered with variables"""
    with refused(test, message, exception=exception, **variables):
        function(*args)


def report(task, completion_date, result="Đã hoàn thành", late_reason=None):
    wizard = Wizard('qlvb.task.report', [task])
    wizard.form.completion_date = completion_date
    wizard.form.result_note = result
    if late_reason:
        wizard.form.late_reason = late_reason
    wizard.execute('report')
    task.reload()


def accept(task, reason_valid=False):
    wizard = Wizard('qlvb.task.review', [task])
    wizard.form.late_reason_valid = reason_valid
    wizard.execute('accept')
    task.reload()


def dashboard(from_date, to_date):
    """{agency abbreviation: (row figures, {figure: ids of its list})}
    of the dashboard as the current user"""
    config = pconfig.get_config()
    context = dict(config.context, from_date=from_date, to_date=to_date)
    Dashboard = Model.get('qlvb.task.dashboard')
    Task = Model.get('qlvb.task')
    figures = ['assigned', 'done_on_time', 'done_late', 'in_progress',
        'due_soon', 'overdue']
    result = {}
    with config.set_context(from_date=from_date, to_date=to_date):
        rows = Dashboard.find([])
    for row in rows:
        lists = {}
        for figure in figures:
            action = getattr(Dashboard._proxy, 'open_%s' % figure)(
                [row.id], context)
            domain = PYSONDecoder().decode(action['pyson_domain'])
            list_context = PYSONDecoder().decode(action['pyson_context'])
            with config.set_context(list_context):
                lists[figure] = sorted(t.id for t in Task.find(domain))
        values = {f: getattr(row, f) for f in figures + [
                'unjustified', 'completion_rate', 'overdue_share']}
        result[row.lead_agency.abbreviation] = (values, lists)
    return result


class SMTPSink(socketserver.ThreadingTCPServer):
    "A local SMTP server keeping the messages it receives"
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        self.messages = []
        super().__init__(('127.0.0.1', 0), SMTPHandler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def uri(self):
        return 'smtp://127.0.0.1:%s' % self.server_address[1]

    def stop(self):
        self.shutdown()
        self.server_close()


class SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        def send(line):
            self.wfile.write(line.encode() + b'\r\n')
        send('220 sink')
        recipients, sender = [], None
        while True:
            line = self.rfile.readline().decode('utf-8', 'replace')
            if not line:
                return
            command = line.strip().upper()
            if command.startswith(('EHLO', 'HELO')):
                send('250 sink')
            elif command.startswith('MAIL FROM'):
                sender, recipients = line.split(':', 1)[1].strip(), []
                send('250 ok')
            elif command.startswith('RCPT TO'):
                recipients.append(line.split(':', 1)[1].strip().strip('<>'))
                send('250 ok')
            elif command == 'DATA':
                send('354 end with .')
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if chunk in {b'.\r\n', b'.\n', b''}:
                        break
                    data.append(chunk)
                self.server.messages.append(
                    (sender, recipients, b''.join(data)))
                send('250 ok')
            elif command == 'QUIT':
                send('221 bye')
                return
            else:
                send('250 ok')


class TaskScenario(DemoScenario):

    def test_directive_to_dashboard(self):
        "The directive of 14/4/2020 becomes tasks followed to the dashboard"
        self.login('chuyenvien')  # follows tasks for the Office
        assigned = TODAY - 40 * DAY
        wizard = Wizard('qlvb.task.import')
        wizard.form.source_reference = '1274/UBND-NCKSTTHC'
        wizard.form.source_date = assigned
        wizard.form.source_title = ("Về việc tăng cường kỷ luật, kỷ cương "
            "hành chính theo Chỉ thị số 26-CT/TTg")
        wizard.form.signer = "Nguyễn Ngọc Hai"
        wizard.form.assignment_date = assigned
        wizard.form.deadline_days = 30
        wizard.form.text = SEED.read_text() if SEED.exists() else SEED_TEXT
        wizard.execute('lines')
        lines = {l.item: l for l in wizard.form.lines}
        # Leaf items only: 5 is the heading of 5.1-5.4.
        self.assertEqual(list(lines),
            ['1', '2', '3', '4', '5.1', '5.2', '5.3', '5.4'])
        self.assertEqual(lines['5.1'].lead_agency.abbreviation, 'SNV')
        self.assertEqual([a.abbreviation
                for a in lines['5.1'].coordinating_agencies], ['STTTT'])
        self.assertEqual(lines['5.2'].lead_agency.abbreviation, 'STNMT')
        self.assertEqual(lines['5.4'].lead_agency.abbreviation, 'VP')
        self.assertIsNone(lines['5.3'].lead_agency)  # every unit: no task
        for item in ['1', '2', '3', '4', '5.3']:
            wizard.form.lines.remove(lines[item])
        lines['5.1'].deadline = TODAY + 10 * DAY
        lines['5.2'].deadline = TODAY - 5 * DAY
        lines['5.4'].deadline = TODAY - 3 * DAY
        wizard.execute('create_')
        Task = Model.get('qlvb.task')
        tasks = {t.item: t for t in Task.find([
                    ('source_reference', '=', '1274/UBND-NCKSTTHC')])}
        self.assertEqual(sorted(tasks), ['5.1', '5.2', '5.4'])
        self.assertEqual(tasks['5.1'].original_deadline, TODAY + 10 * DAY)
        self.assertEqual(tasks['5.1'].state, 'assigned')
        self.assertEqual(tasks['5.4'].timeliness, 'overdue')

        # The same directive cannot be imported twice.
        again = Wizard('qlvb.task.import')
        again.form.source_reference = '1274/UBND-NCKSTTHC'
        again.form.source_date = assigned
        again.form.assignment_date = assigned
        again.form.text = SEED_TEXT
        expect_error(self, again.execute, 'lines',
            message='qlvb_task.msg_task_import_duplicate',
            reference='1274/UBND-NCKSTTHC', date=assigned)
        self.assertEqual(len(Task.find([
                        ('source_reference', '=', '1274/UBND-NCKSTTHC')])), 3)

        # A deadline before the assignment date is refused.
        bad = Task(name="Sai hạn", lead_agency=agency('SNV'),
            assignment_date=TODAY, deadline=TODAY - DAY)
        expect_error(self, bad.save,
            message='qlvb_task.msg_task_deadline_before_assignment',
            task="Sai hạn", deadline=TODAY - DAY, assignment_date=TODAY)

        # Sở Nội vụ reports progress, asks for and gets an extension.
        self.login('giamdocsnv')
        t51 = Task(tasks['5.1'].id)
        Progress = Model.get('qlvb.task.progress')
        progress = Progress(task=t51, percent=40,
            description="Đã xây dựng dự thảo Đề án.",
            difficulties="Cần ý kiến của Sở TT&TT.")
        progress.save()
        t51.reload()
        self.assertEqual(t51.state, 'in_progress')
        self.assertEqual(t51.progress, 40)
        self.assertEqual(t51.last_update, TODAY)
        self.assertIn(t51.id, [t.id for t in Task.find(
                    [('last_update', '=', TODAY)])])
        Extension = Model.get('qlvb.task.extension')
        short = Extension(task=t51, requested_deadline=TODAY + 5 * DAY,
            reason="Chờ ý kiến")
        expect_error(self, short.save,
            message='qlvb_task.msg_task_extension_shorter',
            task=t51.rec_name, deadline=TODAY + 10 * DAY,
            requested=TODAY + 5 * DAY)
        extension = Extension(task=t51, requested_deadline=TODAY + 30 * DAY,
            reason="Chờ ý kiến góp ý của các sở, ngành.")
        extension.save()
        # A unit cannot decide on its own request nor move the deadline.
        expect_error(self, extension.click, 'approve',
            message='ir.msg_access_button_error',
            exception=AccessButtonError, button='approve')
        t51.deadline = TODAY + 60 * DAY
        expect_error(self, t51.save,
            message='qlvb_task.msg_task_office_only',
            exception=AccessError, task=t51.rec_name)

        # Sở TT&TT coordinates: sees the task and reports its contribution.
        self.login('giamdocstttt')
        Progress(task=Task(t51.id), percent=0,
            description="Đã góp ý dự thảo Đề án.").save()
        self.assertEqual(Task(t51.id).progress, 40)  # the lead's figure

        self.login('chuyenvien')
        extension = Extension(extension.id)
        extension.click('approve')
        t51 = Task(t51.id)
        self.assertEqual(t51.deadline, TODAY + 30 * DAY)
        self.assertEqual(t51.original_deadline, TODAY + 10 * DAY)
        self.assertEqual(t51.extension_count, 1)

        # On time: reported today, accepted.
        self.login('giamdocsnv')
        t51 = Task(t51.id)
        expect_error(self, report, t51, TODAY, "",  # no result
            message='qlvb_task.msg_task_result_required')
        report(t51, TODAY, "Đã trình Đề án", None)
        self.assertEqual(t51.state, 'reported')
        self.login('chuyenvien')
        t51 = Task(t51.id)
        accept(t51)
        self.assertEqual(t51.state, 'finished')
        self.assertEqual(t51.timeliness, 'done_on_time')
        self.assertFalse(t51.unjustified_delay)
        self.assertEqual(t51.timeliness_original, 'done_on_time')

        # Late: a reason is required; the office does not accept it.
        self.login('giamdocstnmt')
        t52 = Task(tasks['5.2'].id)
        expect_error(self, report, t52, TODAY, "Đã báo cáo", None,
            message='qlvb_task.msg_task_late_reason_required',
            task=t52.rec_name, deadline=TODAY - 5 * DAY)
        report(t52, TODAY, "Đã báo cáo UBND tỉnh", "Chờ số liệu chi nhánh")
        self.login('chuyenvien')
        t52 = Task(t52.id)
        accept(t52, reason_valid=False)
        self.assertEqual(t52.timeliness, 'done_late')
        self.assertTrue(t52.unjustified_delay)
        # A finished task cannot be transferred.
        wizard = Wizard('qlvb.task.transfer', [t52])
        wizard.form.agency = agency('SCT')
        wizard.form.reason = "Chuyển"
        expect_error(self, wizard.execute, 'transfer',
            message='qlvb.msg_wrong_state',
            record=t52.rec_name,
            state=dict(Task._fields['state']['selection'])['finished'])

        # The chairman sees the dashboard; each figure equals its list.
        self.login('chutich')
        board = dashboard(TODAY - 60 * DAY, TODAY)
        snv, lists = board['SNV']
        self.assertEqual((snv['assigned'], snv['done_on_time']), (1, 1))
        self.assertEqual(lists['done_on_time'], [t51.id])
        stnmt, lists = board['STNMT']
        self.assertEqual((stnmt['done_late'], stnmt['unjustified']), (1, 1))
        self.assertEqual(lists['done_late'], [t52.id])
        vp, lists = board['VP']
        self.assertEqual((vp['assigned'], vp['overdue']), (1, 1))
        self.assertEqual(vp['overdue_share'], 100.0)
        self.assertEqual(lists['overdue'], [tasks['5.4'].id])
        for key, (values, lists) in board.items():
            for figure, ids in lists.items():
                self.assertEqual(values[figure], len(ids), (key, figure))

        # Urging letter for the Office's own overdue task, and criticism.
        self.login('chuyenvien')
        wizard = Wizard('qlvb.task.urge')
        wizard.form.agency = agency('VP')
        wizard.execute('draft')
        Outgoing = Model.get('qlvb.outgoing')
        letter, = Outgoing.find([('urged_agency', '=', agency('VP').id)])
        self.assertEqual(letter.state, 'draft')
        self.assertIn(tasks['5.4'].name, letter.content)
        Criticism = Model.get('qlvb.task.criticism')
        criticism = Criticism(agency=agency('STNMT'),
            reason="Chậm trễ không có lý do chính đáng",
            reference='99/UBND-NCKSTTHC')
        criticism.tasks.append(Task(t52.id))
        criticism.save()
        self.assertEqual(len(agency('STNMT').task_criticisms), 1)

    def test_transfer_keeps_history(self):
        "A transfer hands the task to the new unit; the old one is history"
        self.login('chuyenvien')
        Task = Model.get('qlvb.task')
        task = Task(name="Rà soát quy hoạch", lead_agency=agency('STNMT'),
            assignment_date=TODAY, deadline=TODAY + 20 * DAY)
        task.save()
        wizard = Wizard('qlvb.task.transfer', [task])
        wizard.form.agency = agency('SCT')
        wizard.form.reason = "Đúng chức năng của Sở Công Thương"
        wizard.execute('transfer')
        task.reload()
        self.assertEqual(task.state, 'transferred')
        new = task.transferred_to
        self.assertEqual(new.lead_agency.abbreviation, 'SCT')
        self.assertEqual(new.transferred_from.id, task.id)
        self.assertEqual(new.deadline, TODAY + 20 * DAY)
        self.assertEqual(new.state, 'assigned')

    def test_reminders(self):
        """Frozen days around Tết 2026: who is reminded on which working
        day; nothing twice, nothing after the report; e-mails arrive"""
        sink = SMTPSink()
        self.addCleanup(sink.stop)
        old_uri = tconfig.get('email', 'uri')
        tconfig.set('email', 'uri', sink.uri)
        self.addCleanup(tconfig.set, 'email', 'uri', old_uri)
        logins = ['giamdocstttt', 'chuyenvien', 'truongphongvx']
        self.login('admin')
        User = Model.get('res.user')
        for user in User.find([('login', 'in', logins)]):
            user.email = '%s@binhthuan.gov.vn' % user.login
            user.save()
        Configuration = Model.get('qlvb.configuration')
        configuration = Configuration(1)
        configuration.reminder_before_days = 3
        configuration.reminder_overdue_interval = 5
        configuration.reminder_update_days = 10
        configuration.reminder_email = True
        configuration.save()
        self.login('chuyenvien')
        Task = Model.get('qlvb.task')
        task = Task(name="Báo cáo chuyển đổi số", lead_agency=agency('STTTT'),
            assignment_date=D(2026, 1, 26), deadline=D(2026, 2, 13),
            focal_person=User(self.users['truongphongvx']))
        task.save()

        sent = []
        day = D(2026, 1, 26)
        while day <= D(2026, 3, 13):
            if day == D(2026, 2, 4):
                self.progress(task.id, day)
            if day == D(2026, 3, 4):
                self.report(task.id, day)
            for reminder in self.run_reminders(day, task.id):
                sent.append((day, reminder))
            day += DAY
        by_day = {}
        for day, (kind, login, channel) in sent:
            if channel == 'in_app':
                by_day.setdefault(day, set()).add((kind, login))
        unit = {'giamdocstttt', 'truongphongvx'}
        self.assertEqual(by_day, {
                        # 3 working days before the deadline of Friday 13/2.
                D(2026, 2, 10): {('before', l) for l in unit},
                # Tết 16-20/2: the first working day after is overdue day 1.
                D(2026, 2, 23): {('overdue', l) for l in unit},
                # The progress report of 4/2 was 10 working days ago.
                D(2026, 2, 25): {('update', l) for l in unit},
                # 5 working days later: escalated to the agency head and
                # the Office official following the task.
                D(2026, 3, 2): {('overdue', l) for l in unit | {
                        'chuyenvien'}},
                })
        emails = []
        for _, recipients, data in sink.messages:
            message = email.message_from_bytes(
                data, policy=email.policy.default)
            if task.name in message['Subject']:
                emails.append((recipients, message))
        self.assertEqual(len(emails), len(sent) - sum(
                1 for _, (_, _, c) in sent if c == 'in_app'))
        self.assertEqual(len(emails), 9)
        self.assertIn(['chuyenvien@binhthuan.gov.vn'], [r for r, _ in emails])
        self.assertTrue(all('Sở Thông tin và Truyền thông'
                in m.get_content() for _, m in emails))

    def run_reminders(self, day, task_id):
        "Run the scheduled action as of day; return (kind, login, channel)"
        with Transaction().start(DB_NAME, 0, context={'qlvb_today': day}):
            Reminder = Pool().get('qlvb.reminder')
            reminders = Reminder.send_reminders(day)
            result = [(r.kind, r.recipient.login, r.channel)
                for r in reminders if r.task.id == task_id]
            Transaction().commit()
        return result

    def progress(self, task_id, day):
        with Transaction().start(DB_NAME, 0, context={'qlvb_today': day}):
            pool = Pool()
            Progress = pool.get('qlvb.task.progress')
            Progress.create([{'task': task_id, 'percent': 30,
                        'description': "Đang thực hiện"}])
            Transaction().commit()

    def report(self, task_id, day):
        with Transaction().start(DB_NAME, 0):
            Task = Pool().get('qlvb.task')
            Task.do_report([Task(task_id)], day, result_note="Đã báo cáo",
                late_reason="Trùng nghỉ Tết")
            Transaction().commit()

    def test_recurring_across_year_and_tet(self):
        "Monthly occurrences across the new year; a deadline in Tết moves"
        self.login('chuyenvien')
        Task = Model.get('qlvb.task')
        task = Task(name="Báo cáo tình hình kỷ luật, kỷ cương",
            lead_agency=agency('SCT'), recurrence='monthly',
            assignment_date=D(2025, 11, 3), deadline=D(2025, 11, 17))
        task.save()
        for _ in range(2):  # the second run creates nothing
            with Transaction().start(DB_NAME, 0):
                Pool().get('qlvb.task').generate_occurrences(D(2026, 3, 10))
                Transaction().commit()
        series = Task.find([('name', '=', task.name)],
            order=[('assignment_date', 'ASC')])
        self.assertEqual([(t.assignment_date, t.deadline) for t in series], [
                (D(2025, 11, 3), D(2025, 11, 17)),
                (D(2025, 12, 3), D(2025, 12, 17)),
                (D(2026, 1, 3), D(2026, 1, 19)),  # 17/1 is a Saturday
                (D(2026, 2, 3), D(2026, 2, 23)),  # 17/2 is in Tết
                (D(2026, 3, 3), D(2026, 3, 17)),
                ])
        self.assertEqual({t.state for t in series}, {'assigned'})
