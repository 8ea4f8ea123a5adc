"""A living demo: a month of the province's work played through the real
flows, each act by the user who does it (buttons and wizards through
proteus, so access rules, record rules and trails are the real ones).

Run after the demo data (python -m qlvb_demo), on the same database:

    python -m qlvb_demo.month -c trytond.conf -d DB

Deterministic: a fixed random seed; the dates are relative to today, so
that some work is overdue, some due soon, some done on time, some late.
The test templates never run it (it is not one of qlvb_demo.PARTS)."""
import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from proteus import Model, Wizard
from proteus import config as pconfig

from .flows import TODAY, click, complete, set_user
from .pki import blank_pdf

SEED = 2026
DAY = dt.timedelta(days=1)
# Days back the month starts.
MONTH = 30
# Inside the checkout: the directive the tasks come from, and the package
# a deployed system writes (the scenario tests' copy).
SEED_DIRECTIVE = Path(__file__).resolve().parent / (
    'data/chi-dao-ubnd-binh-thuan-2020-04-14.txt')
EDXML_SAMPLE = Path(__file__).resolve().parents[3] / (
    'addons/qlvb_dieuhanh/tests/data/sample-document.edxml')

NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"
VX = "Phòng Văn hóa - Xã hội"
KT = "Phòng Kinh tế"
TH = "Phòng Tổng hợp"
TTTT = "Trung tâm Thông tin"
CCHC = "Phòng Cải cách hành chính"

# What the Office receives in a month: (subject, issuer key, type code).
SUBJECTS = [
    "Về việc tăng cường kỷ luật, kỷ cương hành chính",
    "Về việc báo cáo kết quả thực hiện nhiệm vụ tháng",
    "Về việc góp ý dự thảo Nghị định",
    "Về việc triển khai dịch vụ công trực tuyến toàn trình",
    "Về việc rà soát thủ tục hành chính",
    "Về việc đôn đốc giải ngân vốn đầu tư công",
    "Về việc phòng, chống thiên tai mùa mưa bão",
    "Về việc tổ chức hội nghị sơ kết",
    "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính",
    "Về việc chuyển đổi số trong cơ quan nhà nước",
    "Về việc xử lý kiến nghị của cử tri",
    "Về việc cấp giấy chứng nhận quyền sử dụng đất",
    "Về việc quản lý giá và bình ổn thị trường",
    "Về việc bảo đảm an toàn thông tin mạng",
    "Về việc tuyển dụng công chức năm nay",
    "Về việc thực hiện chế độ báo cáo thống kê",
    "Về việc phòng, chống dịch bệnh trên gia súc",
    "Về việc đề nghị bổ sung kinh phí",
    "Về việc giải quyết đơn thư khiếu nại",
    "Về việc sắp xếp đơn vị hành chính cấp xã",
    ]
# issuer: (identifier of the agency, symbol of its documents)
ISSUERS = [
    ('000.00.00.G09', 'BNV'), ('000.00.00.G12', 'VPCP'),
    ('000.00.02.H10', 'SNV'), ('000.00.03.H10', 'STTTT'),
    ('000.00.04.H10', 'STNMT'), ('000.00.05.H10', 'SCT'),
    ('000.00.31.H10', 'UBND'), ('000.00.32.H10', 'UBND'),
    ('000.00.35.H10', 'UBND'),
    ]
RESULTS = ["Đã dự thảo văn bản trả lời", "Đã tham mưu UBND tỉnh",
    "Đã báo cáo kết quả", "Đã xử lý theo chỉ đạo"]
LATE_REASONS = ["Chờ ý kiến các sở, ngành", "Chờ số liệu của địa phương",
    "Hồ sơ phải bổ sung"]


class Month:
    "The month, played act by act"

    def __init__(self, config):
        self.config = config
        self.random = random.Random(SEED)
        self.counter = 0
        self.contexts = {}
        self.set_user(1)
        User = Model.get('res.user')
        self.users = {u.login: u.id for u in User.find([])}
        Department = Model.get('qlvb.department')
        self.departments = {(d.agency.abbreviation, d.name): d.id
            for d in Department.find([])}
        Employee = Model.get('company.employee')
        self.employees = {e.party.name: e.id for e in Employee.find([])}
        Agency = Model.get('qlvb.agency')
        self.agencies = {a.identifier: a.id for a in Agency.find([])}
        self.by_abbreviation = {a.abbreviation: a.id for a in Agency.find(
                [('level', 'not in', ['district'])])}
        self.types = {t.code: t.id
            for t in Model.get('qlvb.document.type').find([])}
        self.urgencies = {u.code: u.id
            for u in Model.get('qlvb.urgency').find([])}
        self.confidentialities = {c.code: c.id
            for c in Model.get('qlvb.confidentiality').find([])}
        Register = Model.get('qlvb.incoming.register')
        self.secret_register, = [r.id for r in Register.find(
                [('secret', '=', True)])]
        self.documents = {}  # kind: [incoming ids]

    # The users -------------------------------------------------------------
    def set_user(self, user_id):
        "Act as user_id (his preferences read once)"
        config = self.config
        if config.user == user_id and user_id in self.contexts:
            return
        if user_id in self.contexts:
            config.user = user_id
            config._context = self.contexts[user_id]
        else:
            set_user(user_id, config)
            self.contexts[user_id] = config._context

    def login(self, login):
        self.set_user(self.users[login])

    def get(self, model, id_):
        return Model.get(model)(id_)

    def department(self, name, agency='VP'):
        return self.get('qlvb.department', self.departments[agency, name])

    def employee(self, name):
        return self.get('company.employee', self.employees[name])

    def user(self, login):
        return self.get('res.user', self.users[login])

    def agency(self, abbreviation):
        return self.get('qlvb.agency', self.by_abbreviation[abbreviation])

    # Incoming documents ----------------------------------------------------
    def receive(self, days_ago, secret=False, urgent=None, login='vanthu',
            subject=None, issuer=None):
        "A paper document arrived days_ago, entered by the clerk"
        self.login(login)
        self.counter += 1
        arrival = TODAY - days_ago * DAY
        identifier, symbol = issuer or self.random.choice(ISSUERS)
        subject = subject or self.random.choice(SUBJECTS)
        values = {}
        if urgent or (urgent is None and self.random.random() < 0.15):
            values['urgency'] = self.get('qlvb.urgency',
                self.urgencies[self.random.choice(['KHAN', 'THUONG_KHAN'])])
        if secret:
            values['confidentiality'] = self.get(
                'qlvb.confidentiality', self.confidentialities['MAT'])
            values['register'] = self.get(
                'qlvb.incoming.register', self.secret_register)
        type_code = self.random.choice(['CV', 'CV', 'CV', 'BC', 'KH', 'TB'])
        Incoming = Model.get('qlvb.incoming')
        incoming = Incoming(subject=subject,
            reference='%s/%s-%s' % (100 + self.counter,
                type_code if type_code != 'CV' else symbol, symbol)
            if type_code != 'CV' else '%s/%s-VP' % (100 + self.counter,
                symbol),
            arrival_date=arrival,
            issue_date=arrival - self.random.randint(1, 3) * DAY,
            issuer=self.get('qlvb.agency', self.agencies[identifier]),
            document_type=self.get('qlvb.document.type',
                self.types[type_code]),
            page_count=self.random.randint(1, 12),
            **values)
        incoming.save()
        return incoming

    def register(self, incoming, login='vanthu'):
        self.login(login)
        incoming = self.get('qlvb.incoming', incoming.id)
        incoming.click('register_arrival')
        return incoming

    def submit(self, incoming, leader, login='vanthu'):
        self.login(login)
        wizard = Wizard('qlvb.incoming.submit',
            [self.get('qlvb.incoming', incoming.id)])
        wizard.form.leader = self.user(leader)
        wizard.execute('submit')

    def direct(self, incoming, login, direction, pass_to=None, lines=(),
            agency='VP'):
        """lines: (role, department name or None, employee name or None,
        deadline)"""
        self.login(login)
        wizard = Wizard('qlvb.incoming.direct',
            [self.get('qlvb.incoming', incoming.id)])
        wizard.form.direction = direction
        if pass_to:
            wizard.form.pass_to = self.user(pass_to)
        for role, department, employee, deadline in lines:
            line = wizard.form.lines.new()
            line.role = role
            if department:
                line.department = self.department(department, agency)
            if employee:
                line.employee = self.employee(employee)
            line.deadline = deadline
        wizard.execute('direct')

    def assignments(self, incoming, **domain):
        "The assignments of incoming (as the current user)"
        Assignment = Model.get('qlvb.incoming.assignment')
        return Assignment.find([('incoming', '=', incoming.id)] + [
                (k, '=', v) for k, v in domain.items()])

    def forward(self, assignment, login, lines, note=None):
        "lines: (role, employee name, deadline)"
        self.login(login)
        wizard = Wizard('qlvb.incoming.assignment.forward',
            [self.get('qlvb.incoming.assignment', assignment.id)])
        wizard.form.note = note
        for role, employee, deadline in lines:
            line = wizard.form.lines.new()
            line.role = role
            line.employee = self.employee(employee)
            line.deadline = deadline
        wizard.execute('forward')

    def complete(self, assignment, login, date, deadline=None):
        """Completion of assignment on date: before today it is recorded by
        the office chief with the reason; after its deadline with the
        reason of the delay"""
        late = deadline and date > deadline
        backdate = date < TODAY
        self.login('chanhvp' if backdate else login)
        assignment = self.get('qlvb.incoming.assignment', assignment.id)
        complete(assignment, date, self.random.choice(RESULTS),
            late_reason=(self.random.choice(LATE_REASONS)
                if late else None),
            backdate_reason=("Đã báo cáo bằng văn bản giấy ngày đó"
                if backdate else None))

    def reason_wizard(self, name, incoming, login, reason):
        self.login(login)
        wizard = Wizard(name, [self.get('qlvb.incoming', incoming.id)])
        wizard.form.reason = reason
        wizard.execute('apply')

    def delegate(self, leader, delegate, start, end, note):
        "The leader gives the delegate his power to direct, start to end"
        self.login(leader)
        delegation = Model.get('qlvb.delegation')(
            delegate=self.user(delegate), start_date=start, end_date=end,
            direct=True, note=note)
        delegation.save()
        delegation.click('give')

    def incoming_month(self):
        """The Office's incoming documents of the month in every state"""
        rnd = self.random
        leaders = ['chutich', 'phochutich']
        # Not yet registered, registered, waiting for the leaders.
        for _ in range(8):
            self.receive(rnd.randint(0, 1))
        for _ in range(6):
            self.register(self.receive(rnd.randint(0, 2)))
        for i in range(14):
            incoming = self.register(self.receive(rnd.randint(0, 4),
                    secret=(i == 0)))
            self.submit(incoming, leaders[i % 2])
        # Passed on to the office's leaders, who have to direct them.
        for i in range(10):
            incoming = self.register(self.receive(rnd.randint(1, 6)))
            leader = leaders[i % 2]
            self.submit(incoming, leader)
            self.direct(incoming, leader, "Giao Văn phòng chỉ đạo xử lý.",
                pass_to=['chanhvp', 'phochanhvp'][i % 2])
        # Returned to the clerk, cancelled.
        for _ in range(2):
            incoming = self.register(self.receive(rnd.randint(2, 10)))
            self.submit(incoming, 'chutich')
            self.reason_wizard('qlvb.incoming.return', incoming, 'chutich',
                "Thiếu phụ lục kèm theo")
        for _ in range(2):
            incoming = self.register(self.receive(rnd.randint(2, 10)))
            self.reason_wizard('qlvb.incoming.cancel', incoming, 'vanthu',
                "Vào sổ nhầm")
        # The chairman away on a mission this week: the vice-chairman
        # directs in his name, his documents waiting in her queue too.
        self.delegate('chutich', 'phochutich', TODAY - DAY, TODAY + 3 * DAY,
            "Chủ tịch đi công tác, Phó Chủ tịch cho ý kiến chỉ đạo thay.")

        # The work of the departments: directed by the office chief, some
        # after the chairman passed them on (a forwarding chain).
        start = time.monotonic()
        for i in range(120):
            if i % 25 == 0:
                print("  %s documents directed, %.0f s" % (
                        i, time.monotonic() - start), flush=True)
            days_ago = rnd.randint(1, MONTH)
            incoming = self.register(self.receive(days_ago,
                    secret=(i % 40 == 7)))
            self.work(incoming, i, days_ago)

    def work(self, incoming, i, days_ago):
        "Direction, forwarding and completion of one document"
        rnd = self.random
        arrival = TODAY - days_ago * DAY
        if i % 3 == 0:
            self.submit(incoming, 'chutich')
            self.direct(incoming, 'chutich', "Giao Chánh Văn phòng chỉ đạo.",
                pass_to='chanhvp')
        else:
            self.submit(incoming, 'chanhvp')
        # Deadlines: from overdue to due soon to later; some without.
        deadline = arrival + rnd.choice([5, 7, 10, 15, 20]) * DAY
        if i % 25 == 3:
            deadline = None
        lead = rnd.choice([NC, NC, VX, KT, TH])
        lines = [('lead', lead, None, deadline)]
        if i % 10 == 4:  # two lead units on one matter
            other = VX if lead != VX else NC
            lines.append(('lead', other, None, deadline))
        elif i % 4 == 1:
            lines.append(('coordinate', rnd.choice(
                        [d for d in [NC, VX, KT, TTTT] if d != lead]), None,
                    deadline))
        if i % 7 == 2:
            lines.append(('lead', None, "Trịnh Văn Minh", deadline))
        if i % 9 == 5:
            named = {line[1] for line in lines}
            lines.append(('inform', [d for d in [TH, KT, VX, NC]
                        if d not in named][0], None, None))
        leader = 'phochanhvp' if i % 5 == 0 else 'chanhvp'
        if i % 3 == 0:
            leader = 'chanhvp'
        self.direct(incoming, leader, "%s chủ trì xử lý, báo cáo kết quả."
            % lead, lines=lines)
        # Stages: 0 directed, 1 forwarded, 2 completed.
        stage = rnd.choice([0, 1, 1, 2, 2, 2]) if days_ago > 3 else (
            rnd.choice([0, 1]))
        if stage == 0:
            return
        self.login('chanhvp')
        for assignment in self.assignments(incoming, parent=None):
            if assignment.role == 'inform':
                continue
            head = self.head(assignment)
            if head is None:  # a personal duty
                if stage == 2:
                    self.finish(assignment, 'ttthongtin', arrival, deadline)
                continue
            if assignment.department.name == NC:
                # The head forwards to his two specialists.
                self.forward(assignment, head, [
                        ('lead', "Bùi Thị Hạnh", deadline),
                        ('coordinate', "Lý Văn Khoa", deadline)],
                    note="Đ/c Hạnh chủ trì, đ/c Khoa phối hợp.")
            if stage == 2:
                if assignment.department.name == NC:
                    self.login('chanhvp')
                    for duty in self.assignments(
                            incoming, parent=assignment.id):
                        self.finish(duty, 'chuyenvien' if duty.role == 'lead'
                            else 'chuyenvien2', arrival, deadline)
                self.finish(assignment, head, arrival, deadline)

    def head(self, assignment):
        "The login of the head of the assignment's department"
        if not assignment.department:
            return None
        return {NC: 'truongphong', VX: 'truongphongvx'}.get(
            assignment.department.name, 'chanhvp')

    def finish(self, assignment, login, arrival, deadline):
        "Completed on time (earlier) or late (today, with the reason)"
        rnd = self.random
        if deadline is None or deadline >= TODAY or rnd.random() < 0.6:
            latest = min(TODAY, deadline or TODAY)
            span = max((latest - arrival).days, 0)
            date = arrival + rnd.randint(min(1, span), span) * DAY
        else:
            date = TODAY
        # Imported once trytond is configured (it picks its backend then).
        from trytond.exceptions import UserError
        from trytond.model.exceptions import AccessError
        try:
            self.complete(assignment, login, date, deadline)
        except (UserError, AccessError) as error:
            # Left open, as work waiting, and said in the log.
            print("  left open: %s" % error.message, flush=True)

    # Outgoing documents ----------------------------------------------------
    # (login, button) of each step; a paper document skips the signatures.
    STEPS = [('chuyenvien', 'to_review'), ('truongphong', 'to_format_check'),
        ('vanthu', 'to_approval'), ('chutich', 'approve'),
        ('chutich', 'sign'), ('vanthu', 'give_number'),
        ('vanthu', 'sign_organisation'), ('vanthu', 'issue')]

    def draft(self, subject, type_code='CV', recipients=('SNV',),
            register="Sổ văn bản đi của UBND tỉnh", **values):
        "An outgoing draft of the Office's specialist, to sign by the chairman"
        self.login('chuyenvien')
        Outgoing = Model.get('qlvb.outgoing')
        Register = Model.get('qlvb.outgoing.register')
        outgoing = Outgoing(subject=subject,
            document_type=self.get('qlvb.document.type',
                self.types[type_code]),
            drafting_department=self.department(NC),
            register=Register.find([('name', '=', register)])[0],
            signer=self.user('chutich'), signer_authority='TM.',
            signer_title="Chủ tịch",
            content="Ủy ban nhân dân tỉnh có ý kiến như sau: ...",
            main_file=blank_pdf(text=subject[:40].encode(
                    'ascii', 'ignore').decode() or "Van ban"),
            main_filename='du-thao.pdf',
            internal_recipients=[self.agency(a) for a in recipients],
            **values)
        outgoing.save()
        return outgoing

    def walk(self, outgoing, steps):
        "The first steps of the workflow, each by its user"
        for login, button in self.STEPS[:steps]:
            self.login(login)
            click(outgoing.id, button)
        return self.get('qlvb.outgoing', outgoing.id)

    def outgoing_month(self):
        "Drafts at every step, issued ones with replies, a recall"
        for steps, subjects in enumerate([
                ["Về việc triển khai Kế hoạch cải cách hành chính",
                    "Về việc báo cáo tình hình kinh tế - xã hội"],
                ["Về việc tổ chức tiếp công dân định kỳ",
                    "Về việc rà soát văn bản quy phạm pháp luật"],
                ["Về việc kiểm tra công tác văn thư, lưu trữ"],
                ["Về việc phân công nhiệm vụ trực Tết",
                    "Về việc giao chỉ tiêu thu ngân sách"],
                ["Về việc phê duyệt danh mục dự án"],
                ["Về việc triệu tập hội nghị trực tuyến"],
                ["Về việc chấn chỉnh lề lối làm việc"],
                ["Về việc tăng cường quản lý đất đai"],
                ]):
            for subject in subjects:
                self.walk(self.draft(subject), steps)
        cancelled = self.draft("Về việc điều chỉnh lịch làm việc")
        self.login('chuyenvien')
        self.get('qlvb.outgoing', cancelled.id).click('cancel')

        # Requests for comments waiting for the departments.
        plan = self.draft("Kế hoạch chuyển đổi số năm sau", 'KH')
        Comment = Model.get('qlvb.outgoing.comment')
        for department, login in [(VX, 'truongphongvx'), (TH, None)]:
            request = Comment(outgoing=self.get('qlvb.outgoing', plan.id),
                question="Đề nghị góp ý dự thảo Kế hoạch",
                department=self.department(department),
                requested_date=TODAY - 2 * DAY, complexity='simple')
            request.save()
            request.click('send')

        # Issued to the departments of the province: they register the
        # copies, Sở Nội vụ directs, answers some; one is recalled.
        issued = []
        for subject in ["Về việc triển khai Đề án vị trí việc làm",
                "Về việc báo cáo công tác cải cách hành chính quý",
                "Về việc đánh giá chỉ số hài lòng của người dân",
                "Về việc tổ chức thi nâng ngạch công chức",
                "Về việc rà soát quy hoạch cán bộ",
                "Về việc thực hiện ký số văn bản điện tử"]:
            issued.append(self.walk(self.draft(subject,
                        recipients=('SNV', 'STTTT')), len(self.STEPS)))
        references = [o.reference for o in issued]
        self.login('admin')  # the copies at Sở Nội vụ
        Incoming = Model.get('qlvb.incoming')
        snv = self.agency('SNV').company.id
        copies = [Incoming.find([('reference', '=', r),
                    ('company', '=', snv)])[0] for r in references]
        # The first is recalled before it is registered; the second
        # returned as not for Sở Nội vụ; the others registered.
        self.login('vanthu')
        wizard = Wizard('qlvb.outgoing.recall',
            [self.get('qlvb.outgoing', issued[0].id)])
        wizard.form.reason = "Ban hành nhầm đối tượng"
        wizard.execute('apply')
        self.reason_wizard('qlvb.incoming.reject', copies[1], 'vanthusnv',
            "Không thuộc thẩm quyền của Sở Nội vụ")
        for i, copy in enumerate(copies[2:]):
            self.register(copy, 'vanthusnv')
            if i == 0:
                continue  # registered, waiting for the director
            self.submit(copy, 'giamdocsnv', 'vanthusnv')
            if i == 1:
                continue  # waiting for direction
            self.direct(copy, 'giamdocsnv', "Phòng CCHC chủ trì tham mưu.",
                lines=[('lead', CCHC, None, TODAY + (i * 3 - 4) * DAY)],
                agency='SNV')
            if i == 3:
                self.reply(copy)
        # Sở Nội vụ's own documents arriving on paper, for its clerk.
        for _ in range(3):
            self.receive(self.random.randint(0, 2), login='vanthusnv')

    def reply(self, incoming):
        "Sở Nội vụ answers a document of the province: numbered, issued"
        self.login('truongphongsnv')
        reply = Model.get('qlvb.outgoing')(
            subject="Sở Nội vụ báo cáo kết quả triển khai",
            document_type=self.get('qlvb.document.type', self.types['BC']),
            drafting_department=self.department(CCHC, 'SNV'),
            signer=self.user('giamdocsnv'), signer_title="Giám đốc",
            main_file=blank_pdf(text="Bao cao"), main_filename='bao-cao.pdf',
            reply_to=[self.get('qlvb.incoming', incoming.id)],
            internal_recipients=[self.agency('VP')])
        reply.save()
        for login, button in [('truongphongsnv', 'to_review'),
                ('truongphongsnv', 'to_format_check'),
                ('vanthusnv', 'to_approval'), ('giamdocsnv', 'approve'),
                ('giamdocsnv', 'sign'), ('vanthusnv', 'give_number'),
                ('vanthusnv', 'sign_organisation'), ('vanthusnv', 'issue')]:
            self.login(login)
            click(reply.id, button)

    def edxml_month(self):
        "A package of the Government Office received through edXML"
        if not EDXML_SAMPLE.exists():
            return
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        data = EDXML_SAMPLE.read_bytes().replace(
            b'000.00.00.H12', b'000.00.01.H10')
        with Transaction().start(self.config.database_name, 0,
                context={'company': None}) as transaction:
            pool = Pool()
            Company = pool.get('company.company')
            Agency = pool.get('qlvb.agency')
            office, = Agency.search([('level', '=', 'office')])
            pool.get('qlvb.edxml.package').import_package(
                Company(office.company.id), data, 'sample-document.edxml')
            transaction.commit()

    # Tasks -----------------------------------------------------------------
    def task_month(self):
        """The directive of 14/4/2020 (items 5.1, 5.2, 5.4) made tasks and
        followed: progress, an extension, reminders, a criticism; the
        Office's other tasks of the month, reported on time or late"""
        Task = Model.get('qlvb.task')
        self.login('chuyenvien')
        assigned = TODAY - 25 * DAY
        wizard = Wizard('qlvb.task.import')
        wizard.form.source_reference = '1274/UBND-NCKSTTHC'
        wizard.form.source_date = assigned
        wizard.form.source_title = ("Về việc tăng cường kỷ luật, kỷ cương "
            "hành chính theo Chỉ thị số 26-CT/TTg")
        wizard.form.signer = "Nguyễn Ngọc Hai"
        wizard.form.assignment_date = assigned
        wizard.form.deadline_days = 30
        wizard.form.text = SEED_DIRECTIVE.read_text(encoding='utf-8')
        wizard.execute('lines')
        deadlines = {'5.1': TODAY + 10 * DAY, '5.2': TODAY - 5 * DAY,
            '5.4': TODAY - 3 * DAY}
        for line in list(wizard.form.lines):
            if line.item in deadlines:
                line.deadline = deadlines[line.item]
            else:
                wizard.form.lines.remove(line)
        wizard.execute('create_')
        tasks = {t.item: t.id for t in Task.find(
                [('source_reference', '=', '1274/UBND-NCKSTTHC')])}

        # Sở Nội vụ reports progress and gets a longer deadline; Sở TT&TT
        # reports its contribution.
        Progress = Model.get('qlvb.task.progress')
        Extension = Model.get('qlvb.task.extension')
        self.login('giamdocsnv')
        Progress(task=Task(tasks['5.1']), percent=40,
            description="Đã xây dựng dự thảo Đề án.",
            difficulties="Cần ý kiến của Sở TT&TT.").save()
        extension = Extension(task=Task(tasks['5.1']),
            requested_deadline=TODAY + 30 * DAY,
            reason="Chờ ý kiến góp ý của các sở, ngành.")
        extension.save()
        self.login('giamdocstttt')
        Progress(task=Task(tasks['5.1']), percent=0,
            description="Đã góp ý dự thảo Đề án.").save()
        self.login('chuyenvien')
        Extension(extension.id).click('approve')
        # Sở TN&MT, late, asks for more time: waiting for the Office.
        self.login('giamdocstnmt')
        Progress(task=Task(tasks['5.2']), percent=60,
            description="Đã làm việc với Văn phòng Đăng ký đất đai.").save()
        Extension(task=Task(tasks['5.2']),
            requested_deadline=TODAY + 15 * DAY,
            reason="Chờ số liệu của các chi nhánh.").save()

        # The Office's tasks of the month for the departments, districts.
        specs = [
            # (name, lead, department, assigned days ago, days to deadline,
            #  reported days ago or None, late reason)
            ("Báo cáo tình hình thực hiện dịch vụ công trực tuyến", 'STTTT',
                None, 28, -20, 22, None),
            ("Báo cáo kết quả chuyển đổi số tháng", 'STTTT', None, 20, 2,
                None, None),
            ("Rà soát biên chế các đơn vị sự nghiệp", 'SNV', None, 27, -12,
                0, "Chờ số liệu của các đơn vị"),
            ("Tham mưu kiện toàn Hội đồng thi đua", 'SNV', None, 15, 10,
                None, None),
            ("Báo cáo giải quyết hồ sơ đất đai tồn đọng", 'STNMT',
                "Phòng Đất đai", 26, -8, None, None),
            ("Rà soát quỹ đất công", 'STNMT', "Phòng Đất đai", 10, 20,
                None, None),
            ("Báo cáo kết quả bảo đảm an toàn thông tin", 'STTTT', None,
                29, -20, 16, "Chờ số liệu của các địa phương"),
            ("Báo cáo kết quả thu ngân sách", 'VP', None, 22, -2, None,
                None),
            ]
        self.login('chuyenvien')
        created = []
        for (name, lead, department, ago, due, reported, reason) in specs:
            task = Task(name=name, lead_agency=self.agency(lead),
                assignment_date=TODAY - ago * DAY,
                deadline=TODAY + due * DAY)
            if department:
                task.lead_department = self.department(department, lead)
            task.save()
            created.append((task.id, lead, reported, reason))
        phanthiet = Task(name="Báo cáo kết quả sắp xếp đơn vị hành chính",
            lead_agency=self.get('qlvb.agency',
                self.agencies['000.00.31.H10']),
            assignment_date=TODAY - 12 * DAY, deadline=TODAY + 1 * DAY)
        phanthiet.save()
        leaders = {'STTTT': 'giamdocstttt', 'SNV': 'giamdocsnv',
            'STNMT': 'giamdocstnmt', 'VP': 'chanhvp'}
        for task_id, lead, reported, reason in created:
            if reported is None:
                continue
            self.login(leaders[lead])
            wizard = Wizard('qlvb.task.report', [Task(task_id)])
            wizard.form.completion_date = TODAY - reported * DAY
            wizard.form.result_note = "Đã hoàn thành, có báo cáo kèm theo"
            if reason:
                wizard.form.late_reason = reason
            wizard.execute('report')
            if reported > 15:  # accepted long ago; the others wait
                self.login('chuyenvien')
                wizard = Wizard('qlvb.task.review', [Task(task_id)])
                wizard.form.late_reason_valid = False
                wizard.execute('accept')

        # The daily reminders, as the scheduler sends them, then a
        # criticism of the unit late without a good reason.
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        with Transaction().start(self.config.database_name, 0,
                context={'company': None}) as transaction:
            Pool().get('qlvb.reminder').send_reminders(TODAY)
            transaction.commit()
        self.login('chuyenvien')
        Criticism = Model.get('qlvb.task.criticism')
        criticism = Criticism(agency=self.agency('STNMT'),
            reason="Chậm triển khai nhiệm vụ UBND tỉnh giao",
            reference='1390/UBND-NCKSTTHC')
        criticism.tasks.append(Task(tasks['5.2']))
        criticism.save()

    # The inspection ---------------------------------------------------------
    def inspection_month(self):
        """The provincial team inspects the land registration office:
        findings, a conclusion issued, recommendations followed"""
        self.login('chuyenvien')
        Team = Model.get('inspection.team')
        Plan = Model.get('inspection.plan')
        Inspection = Model.get('inspection.inspection')
        Recommendation = Model.get('inspection.recommendation')
        team, = Team.find([('level', '=', 'province')])
        land_office = self.department("Văn phòng Đăng ký đất đai", 'STNMT')
        plan = Plan(team=team, year=TODAY.year,
            name="Kế hoạch kiểm tra công vụ năm %s" % TODAY.year)
        plan.inspections.new(team=team,
            name="Kiểm tra công vụ tại Văn phòng Đăng ký đất đai",
            agency=self.agency('STNMT'), department=land_office,
            planned_date=TODAY - 20 * DAY,
            period_start=TODAY - 180 * DAY, period_end=TODAY - 20 * DAY,
            template=Model.get('inspection.checklist.template').find([])[0],
            scope="Việc thực hiện nhiệm vụ UBND tỉnh giao; kỷ luật, "
            "kỷ cương hành chính.")
        plan.inspections.new(team=team,
            name="Kiểm tra công vụ tại Phòng Đất đai",
            agency=self.agency('STNMT'),
            department=self.department("Phòng Đất đai", 'STNMT'),
            planned_date=TODAY + 20 * DAY,
            period_start=TODAY - 180 * DAY, period_end=TODAY,
            scope="Việc giải quyết thủ tục hành chính về đất đai.")
        plan.save()
        plan.click('submit')
        self.login('chutich')
        Plan(plan.id).click('approve')

        self.login('chuyenvien')
        inspection = Inspection.find([('plan', '=', plan.id)],
            order=[('planned_date', 'ASC')])[0]
        inspection.click('start')
        for line in inspection.checklist:
            line.result = ('non_compliant' if line.category in {
                    'tasks', 'discipline'} else 'compliant')
        criterion = {c.category: c
            for c in Model.get('inspection.criterion').find([])}
        finding = inspection.findings.new(criterion=criterion['tasks'],
            description="Nhiều hồ sơ cấp giấy chứng nhận quá hạn; một "
            "nhiệm vụ trễ hạn không có lý do chính đáng.",
            severity='serious', head_responsible=True,
            head=self.employee("Nguyễn Hữu Phước"))
        evidence = finding.evidence.new(name="Biên bản kiểm tra")
        evidence.file = blank_pdf(text="Bien ban kiem tra")
        evidence.filename = 'bien-ban.pdf'
        inspection.findings.new(criterion=criterion['discipline'],
            employee=self.employee("Lê Văn Tâm"), position="Chuyên viên",
            description="Tự ý bỏ vị trí công tác trong giờ làm việc.",
            severity='minor')
        inspection.save()
        finding = inspection.findings[0]
        for description, days in [
                ("Giải quyết dứt điểm hồ sơ quá hạn.", 5),
                ("Xây dựng quy trình kiểm soát nội bộ.", 10),
                ("Kiểm điểm trách nhiệm cá nhân vi phạm.", 3)]:
            Recommendation(inspection=inspection, finding=finding,
                description=description, working_days=days).save()
        inspection.reload()
        inspection.click('draft_conclusion')
        conclusion = inspection.conclusion
        conclusion.issue_date = TODAY - 12 * DAY
        conclusion.main_file = blank_pdf(text="Thong bao ket luan kiem tra")
        conclusion.main_filename = 'ket-luan.pdf'
        conclusion.signer_authority = 'TM.'
        conclusion.signer_title = "Chủ tịch"
        conclusion.internal_recipients.append(self.agency('STNMT'))
        conclusion.save()
        self.walk(conclusion, len(self.STEPS))

        # The land office reports on the first; the second is late.
        self.login('truongvpdk')
        first = Recommendation.find([('inspection', '=', inspection.id)],
            order=[('id', 'ASC')])[0]
        Model.get('inspection.recommendation.report')(
            recommendation=first, date=TODAY - DAY,
            content="Đã giải quyết xong 42 hồ sơ quá hạn.").save()

    # Summary ---------------------------------------------------------------
    STEPS_ORDER = ['incoming', 'outgoing', 'edxml', 'task', 'inspection']

    def run(self, steps=None):
        for name in steps or self.STEPS_ORDER:
            step = getattr(self, name + '_month')
            start = time.monotonic()
            step()
            print("%s: %.0f s" % (step.__name__, time.monotonic() - start),
                flush=True)


def build_month(config=None, steps=None):
    "Play the month (or some of its steps) on the demo database of config"
    config = config or pconfig.get_config()
    start = time.monotonic()
    Month(config).run(steps)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('-c', '--config', dest='config_file')
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--steps', help="only these steps, comma separated "
        "(%s)" % ','.join(Month.STEPS_ORDER))
    args = parser.parse_args()
    config = pconfig.set_trytond(
        database=args.database, config_file=args.config_file)
    seconds = build_month(config,
        args.steps.split(',') if args.steps else None)
    print("The month of work was played in %.0f s" % seconds)


if __name__ == '__main__':
    sys.exit(main())
