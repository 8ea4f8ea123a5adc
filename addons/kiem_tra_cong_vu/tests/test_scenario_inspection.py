"""The provincial inspection team plans and runs an inspection of the land
registration office, as the real users through proteus: evidence from the
task module, findings, the conclusion issued as an outgoing document,
recommendations followed to the end, a discipline case and the reports."""
import datetime as dt
import io
import unittest

import openpyxl

from proteus import Model, Wizard

from qlvb_demo.tools import (
    TODAY, as_user, record, refused)
from trytond.tests.test_tryton import drop_db

from .tools import (
    LAND_OFFICE, activate_inspection_demo, as_root, criticise_and_remind,
    department_tasks, issue_conclusion)


D = dt.date


def sheet_rows(data, name):
    "Rows under the header of a sheet, as values"
    sheet = openpyxl.load_workbook(io.BytesIO(data))[name]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows)
        if r[0] and r[1] and all(c is not None for c in r[:3]))
    return [r for r in rows[header + 1:] if any(c is not None for c in r)]


class InspectionScenario(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        drop_db()
        cls.config, cls.users = activate_inspection_demo()

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def login(self, login):
        return as_user(self.users, login, self.config)

    def test_districts_without_team(self):
        "The seed's check: districts whose chairman set up no team"
        self.login('admin')
        Agency = Model.get('qlvb.agency')
        missing = Agency.find([('level', '=', 'district'),
                ('inspection_team_active', '=', False)])
        names = {a.name for a in missing}
        self.assertEqual(len(names), 9)
        self.assertNotIn("Ủy ban nhân dân thành phố Phan Thiết", names)

    def test_inspection_of_the_land_office(self):
        period_start = TODAY - dt.timedelta(days=150)
        # The task module: two overdue tasks, one late without good
        # reason, one on time, one outside the period.
        department_tasks(LAND_OFFICE, [
                ("Cấp giấy chứng nhận tồn đọng", TODAY - dt.timedelta(30),
                    None, None, False),
                ("Số hóa hồ sơ địa chính", TODAY - dt.timedelta(10),
                    None, None, False),
                ("Báo cáo đất công", TODAY - dt.timedelta(60),
                    TODAY - dt.timedelta(50), "Chưa bố trí được người",
                    True),
                ("Rà soát thủ tục đăng ký", TODAY - dt.timedelta(40),
                    TODAY - dt.timedelta(45), None, False),
                ("Kế hoạch năm sau", TODAY + dt.timedelta(40),
                    None, None, False),
                ])
        criticise_and_remind(LAND_OFFICE, "Cấp giấy chứng nhận tồn đọng",
            TODAY - dt.timedelta(days=20), 'truongvpdk')

        # The team's secretary prepares the annual plan.
        self.login('chuyenvien')
        Team = Model.get('inspection.team')
        Plan = Model.get('inspection.plan')
        Inspection = Model.get('inspection.inspection')
        team, = Team.find([('level', '=', 'province')])
        self.assertEqual(team.leader.party.name, "Đỗ Thị Ngọc")
        plan = Plan(team=team, year=TODAY.year,
            name="Kế hoạch kiểm tra công vụ năm %s" % TODAY.year)
        planned = plan.inspections.new(team=team,
            name="Kiểm tra công vụ tại Văn phòng Đăng ký đất đai",
            agency=record('qlvb.agency', [('abbreviation', '=', 'STNMT')]),
            department=record('qlvb.department',
                [('name', '=', LAND_OFFICE)]),
            planned_date=TODAY, period_start=period_start,
            period_end=TODAY,
            template=record('inspection.checklist.template', []),
            scope="Việc thực hiện nhiệm vụ UBND tỉnh giao; kỷ luật, "
            "kỷ cương hành chính.")
        self.assertEqual(len(planned.members), 3)  # the whole team
        plan.save()
        plan.click('submit')
        # Only the competent leader approves.
        self.login('phochutich')
        with refused(self, 'kiem_tra_cong_vu.msg_plan_not_competent',
                plan=plan.rec_name, leader="Nguyễn Văn An"):
            Plan(plan.id).click('approve')
        self.login('chutich')
        plan = Plan(plan.id)
        plan.click('approve')
        self.assertEqual(plan.state, 'approved')

        # An unannounced inspection outside the plan.
        self.login('chuyenvien')
        unannounced = Inspection(team=team, name="Kiểm tra đột xuất "
            "Phòng Đất đai", agency=record('qlvb.agency',
                [('abbreviation', '=', 'STNMT')]),
            department=record('qlvb.department',
                [('name', '=', "Phòng Đất đai")]),
            planned_date=TODAY, period_start=period_start, period_end=TODAY)
        unannounced.save()
        self.assertEqual(unannounced.kind, 'unannounced')

        # On site: the checklist of the template and the evidence.
        inspection, = Inspection.find([('plan', '=', plan.id)])
        self.assertEqual(inspection.kind, 'planned')
        inspection.click('start')
        self.assertEqual(inspection.state, 'in_progress')
        self.assertEqual(len(inspection.checklist), 7)
        counts = {}
        for line in inspection.evidence:
            counts.setdefault(line.indicator, []).append(
                line.record.name if line.record.__class__.__name__
                == 'qlvb.task' else line.description)
        self.assertEqual(len(counts['task']), 4)
        self.assertEqual(sorted(counts['task_overdue']), [
                "Cấp giấy chứng nhận tồn đọng", "Số hóa hồ sơ địa chính"])
        self.assertEqual(counts['unjustified_delay'], ["Báo cáo đất công"])
        self.assertEqual(counts['task_late'], ["Báo cáo đất công"])
        self.assertEqual(counts['task_on_time'], ["Rà soát thủ tục đăng ký"])
        self.assertEqual(len(counts['criticism']), 1)
        self.assertEqual(len(counts['reminder']), 1)
        self.assertIn("Chậm trễ không có lý do chính đáng: 1",
            inspection.evidence_summary)

        # Findings with an evidence file; the head named responsible.
        for line in inspection.checklist:
            line.result = ('non_compliant' if line.category in {
                    'tasks', 'discipline'} else 'compliant')
        criterion = {c.category: c for c in
            Model.get('inspection.criterion').find([])}
        official = record('company.employee',
            [('party.name', '=', "Lê Văn Tâm")])
        head = record('company.employee',
            [('party.name', '=', "Nguyễn Hữu Phước")])
        finding = inspection.findings.new(criterion=criterion['tasks'],
            description="Hai nhiệm vụ quá hạn chưa hoàn thành; một nhiệm "
            "vụ trễ hạn không có lý do chính đáng.", severity='serious',
            head_responsible=True, head=head)
        evidence = finding.evidence.new(name="Biên bản kiểm tra")
        evidence.file = b'%PDF-1.4 bien ban'
        evidence.filename = 'bien-ban.pdf'
        inspection.findings.new(criterion=criterion['discipline'],
            employee=official, position="Chuyên viên",
            description="Tự ý bỏ vị trí công tác trong giờ làm việc.",
            severity='serious')
        inspection.save()
        self.assertEqual(len(inspection.findings), 2)
        finding = inspection.findings[0]
        self.assertEqual(finding.agency.abbreviation, 'STNMT')
        self.assertEqual(len(finding.evidence), 1)

        # Two recommendations, in working days from the conclusion.
        Recommendation = Model.get('inspection.recommendation')
        first = Recommendation(inspection=inspection, finding=finding,
            description="Hoàn thành hai nhiệm vụ quá hạn.", working_days=10)
        first.save()
        second = Recommendation(inspection=inspection,
            description="Xây dựng quy trình kiểm soát nội bộ.",
            working_days=5)
        second.save()
        self.assertIsNone(first.deadline)

        # The conclusion: an outgoing draft, concluded once issued.
        inspection.reload()
        inspection.click('draft_conclusion')
        self.assertEqual(inspection.state, 'concluding')
        conclusion = inspection.conclusion
        self.assertIn("Hai nhiệm vụ quá hạn", conclusion.content)
        self.assertIn("Xây dựng quy trình kiểm soát nội bộ",
            conclusion.content)
        self.assertIn("Nguyễn Hữu Phước", conclusion.content)
        # Dated Friday 24/4/2026 by the secretary: the deadlines run from
        # there, across Giỗ Tổ (Sunday 26/4, Monday 27/4 off), 30/4 and
        # 1/5 (the calendar of the holidays package, Vietnam).
        conclusion.issue_date = D(2026, 4, 24)
        conclusion.save()
        issued = issue_conclusion(conclusion.id, self.login)
        self.assertEqual(issued.state, 'issued')
        self.assertEqual(issued.reference, '01/TB-TKT')
        self.assertEqual(issued.issue_date, D(2026, 4, 24))
        self.login('chuyenvien')
        inspection = Inspection(inspection.id)
        self.assertEqual(inspection.state, 'concluded')
        self.assertEqual(inspection.conclusion_date, D(2026, 4, 24))
        first, second = Recommendation(first.id), Recommendation(second.id)
        # 10 working days: 28/4, 29/4, 4/5 to 8/5, 11/5 to 13/5.
        self.assertEqual(first.deadline, D(2026, 5, 13))
        # 5 working days: 28/4, 29/4, 4/5, 5/5, 6/5.
        self.assertEqual(second.deadline, D(2026, 5, 6))
        with self.config.set_context(qlvb_today=D(2026, 4, 24)):
            self.assertEqual(Recommendation(first.id).timeliness,
                'in_progress')

        # The land office reports; the team accepts: done on time.
        self.login('truongvpdk')
        Report = Model.get('inspection.recommendation.report')
        Report(recommendation=Recommendation(first.id), date=D(2026, 5, 11),
            content="Đã hoàn thành hai nhiệm vụ.").save()
        self.login('chuyenvien')
        first = Recommendation(first.id)
        self.assertEqual(first.state, 'reported')
        first.click('accept')
        self.assertEqual(first.state, 'done')
        self.assertEqual(first.timeliness, 'done_on_time')

        # The second one, seen after its deadline: overdue and reminded by
        # the daily task reminders, then by the team, in the same log.
        deadline = D(2026, 5, 6)
        later = D(2026, 5, 11)  # 3 working days after: 7/5, 8/5, 11/5

        def send_reminders(date):
            return as_root(lambda pool: [
                    (r.kind, r.event_date, r.recipient.login)
                    for r in pool.get('qlvb.reminder').send_reminders(date)
                    if r.recommendation
                    and r.recommendation.id == second.id])
        # Overdue from the first working day after the deadline.
        self.assertEqual(send_reminders(later), [
                ('overdue', D(2026, 5, 7), 'truongvpdk')])
        self.assertEqual(send_reminders(later), [])  # once per event
        with self.config.set_context(qlvb_today=later):
            second = Recommendation(second.id)
            self.assertEqual(second.timeliness, 'overdue')
            second.click('remind')
            second.reload()
            self.assertEqual(
                sorted((r.kind, r.recipient.login) for r in second.reminders),
                [('manual', 'truongvpdk'), ('overdue', 'truongvpdk')])
        # Still open at the next step: also to the head of the department
        # of natural resources and to the team leader.
        # 6 working days after the deadline: 7/5, 8/5, 11/5 to 14/5.
        self.assertEqual(
            {(k, l) for k, _, l in send_reminders(D(2026, 5, 14))},
            {('overdue', 'truongvpdk'), ('overdue', 'giamdocstnmt'),
                ('overdue', 'giamdocsnv')})
        self.login('truongvpdk')  # the head of the land office
        Reminder = Model.get('qlvb.reminder')
        self.assertEqual(len(Reminder.find(
                    [('recommendation', '=', second.id)])), 5)
        labels = [n.label for n in Model.get('res.notification').find([])]
        self.assertIn("Kiến nghị quá hạn (hạn 06/05/2026): %s" % (
                second.description[:80]), labels)
        self.assertTrue(any(l.startswith("Nhắc nhở: kiến nghị")
                for l in labels), labels)
        self.login('chuyenvien')

        # A discipline case: warning (cảnh cáo) under Decree 112/2020.
        Discipline = Model.get('inspection.discipline')
        Form = Model.get('inspection.discipline.form')
        old, = Form.find([('code', '=', 'canh_cao'),
                ('legal_reference.number', '=', '34/2011/NĐ-CP')])
        form, = Form.find([('code', '=', 'canh_cao'),
                ('staff_category', '=', 'civil_servant'),
                ('valid_to', '=', None)])
        case = Discipline(finding=inspection.findings[1], employee=official,
            violation="Tự ý bỏ vị trí công tác", form=old,
            decision_reference='45/QĐ-STNMT', decision_date=TODAY,
            effect_start=TODAY, effect_end=TODAY + dt.timedelta(days=365))
        with refused(self, 'kiem_tra_cong_vu.msg_discipline_form_invalid',
                form=old.rec_name, date=TODAY) as error:  # repealed
            case.save()
        self.assertIn('34/2011/NĐ-CP', error.exception.message)
        case.form = form
        case.save()
        case.click('decide')
        self.assertEqual(case.state, 'decided')

        # The reports: every number agrees with its list.
        with self.config.set_context(qlvb_today=later):
            wizard = Wizard('inspection.report')
            wizard.form.date_from = dt.date(TODAY.year - 1, 1, 1)
            wizard.form.date_to = TODAY
            wizard.execute('export')
            data = bytes(wizard.form.file)
        inspections = sheet_rows(data, "Cuộc kiểm tra")
        self.assertEqual(len(inspections), 2)
        done = [r for r in inspections if r[8] == '01/TB-TKT']
        self.assertEqual(len(done), 1)
        self.assertEqual(done[0][10:12], (2, 2))
        findings = sheet_rows(data, "Vi phạm")
        by_type = sheet_rows(data, "Vi phạm theo loại")
        self.assertEqual(len(findings), 2)
        self.assertEqual(sum(r[2] for r in by_type), len(findings))
        follow_up = sheet_rows(data, "Theo dõi kiến nghị")
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up[0][1:6], (2, 1, 0, 0, 1))
        listed = sheet_rows(data, "Kiến nghị")
        self.assertEqual(len(listed), 2)
        self.assertEqual(sorted(r[5] for r in listed),
            sorted(["Hoàn thành đúng hạn", "Quá hạn"]))
        # Reminded three times: overdue by the cron, by the team, and
        # overdue again by the cron.
        self.assertEqual(sorted(r[6] for r in listed), [0, 3])
        disciplines = sheet_rows(data, "Kỷ luật")
        self.assertEqual([(r[0], r[3]) for r in disciplines],
            [("Lê Văn Tâm", "Cảnh cáo")])
        summary = sheet_rows(data, "Tổng hợp nhiều kỳ")
        total = summary[-1]
        self.assertEqual(total[1:], (2, 1, 1, 2, 2, 2, 1, 0, 1, 1))
        self.assertEqual(len(summary), 3)  # two years and the total
        self.assertEqual(summary[-2][1:], total[1:])
