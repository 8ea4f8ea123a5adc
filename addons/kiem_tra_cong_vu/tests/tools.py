"""Helpers of the inspection scenarios: the demo with the inspection data,
and the conclusion walked through the outgoing workflow to its issue."""
import datetime as dt

from proteus import Model
from proteus import config as pconfig

from qlvb_demo import (
    setup_demo, setup_demo_signing)
from qlvb_demo.pki import blank_pdf
from qlvb_demo.tools import TODAY, click, record
from trytond.pool import Pool
from trytond.tests.tools import activate_modules
from trytond.transaction import Transaction

from qlvb_demo import setup_inspection_demo

MODULES = ['kiem_tra_cong_vu']
LAND_OFFICE = "Văn phòng Đăng ký đất đai"
LAND_DEPARTMENT = "Phòng Đất đai"


def activate_inspection_demo():
    config = activate_modules(MODULES, setup_demo, setup_demo_signing,
        setup_inspection_demo)
    User = Model.get('res.user', config=config)
    return config, {u.login: u.id for u in User.find([])}


def as_root(function):
    "Run function(pool) in a committed transaction of the root user"
    config = pconfig.get_config()
    with Transaction().start(config.database_name, 0, context={
                'company': None}) as transaction:
        result = function(Pool())
        transaction.commit()
    return result


def department_tasks(department_name, specs):
    """Tasks of the Office for a department, set in the states the task
    module shows: specs are (name, deadline, completion date, late reason,
    unjustified delay)."""
    def create(pool):
        Task = pool.get('qlvb.task')
        Department = pool.get('qlvb.department')
        Agency = pool.get('qlvb.agency')
        department, = Department.search([('name', '=', department_name)])
        office, = Agency.search([('level', '=', 'office')])
        tasks = Task.create([{
                    'company': office.company.id,
                    'name': name,
                    'lead_agency': department.agency.id,
                    'lead_department': department.id,
                    'assignment_date': deadline - dt.timedelta(days=30),
                    'deadline': deadline,
                    } for name, deadline, *_ in specs])
        for task, (_, _, completed, reason, unjustified) in zip(
                tasks, specs):
            if completed:
                Task.write([task], {'completion_date': completed,
                        'late_reason': reason, 'progress': 100,
                        'unjustified_delay': unjustified,
                        'state': 'finished'})
        return [t.id for t in tasks]
    return as_root(create)


def criticise_and_remind(department_name, task_name, date, login):
    "The Office criticises the department and reminds its head of a task"
    def create(pool):
        Task = pool.get('qlvb.task')
        Criticism = pool.get('qlvb.task.criticism')
        Reminder = pool.get('qlvb.reminder')
        User = pool.get('res.user')
        task, = Task.search([('name', '=', task_name)])
        user, = User.search([('login', '=', login)])
        Criticism.create([{'company': task.company.id,
                    'agency': task.lead_agency.id,
                    'department': task.lead_department.id, 'date': date,
                    'reason': "Chậm triển khai nhiệm vụ UBND tỉnh giao",
                    'tasks': [('add', [task.id])]}])
        Reminder.create([{'task': task.id, 'kind': 'overdue',
                    'event_date': date, 'recipient': user.id,
                    'sent_at': dt.datetime.combine(date, dt.time(8)),
                    'channel': 'in_app'}])
    as_root(create)


def issue_conclusion(outgoing_id, login):
    """The conclusion drafted by the team's secretary goes through review,
    format check, the competent leader's approval and signature, numbering,
    the organisation's signature and issue; login(name) switches user"""
    login('chuyenvien')
    Outgoing = Model.get('qlvb.outgoing')
    outgoing = Outgoing(outgoing_id)
    outgoing.main_file = blank_pdf(text="Thong bao ket luan kiem tra")
    outgoing.main_filename = 'ket-luan.pdf'
    outgoing.signer_authority = 'TM.'
    outgoing.signer_title = "Chủ tịch"
    outgoing.save()
    outgoing.click('to_review')
    for name, buttons in [('truongphong', ['to_format_check']),
            ('vanthu', ['to_approval']), ('chutich', ['approve', 'sign']),
            ('vanthu', ['give_number', 'sign_organisation', 'issue'])]:
        login(name)
        for button in buttons:
            click(outgoing_id, button)
    return Model.get('qlvb.outgoing')(outgoing_id)





def running_inspection(name, department_name, findings=(),
        period_days=90):
    """An unannounced inspection of the provincial team started on a
    department of the Department of Natural Resources, with findings
    (criterion category, description), as a team member"""
    Inspection = Model.get('inspection.inspection')
    Criterion = Model.get('inspection.criterion')
    team = record('inspection.team', [('level', '=', 'province')])
    agency = record('qlvb.agency', [('abbreviation', '=', 'STNMT')])
    inspection = Inspection(team=team, name=name, agency=agency,
        department=record('qlvb.department', [
                ('name', '=', department_name),
                ('agency', '=', agency.id)]),
        planned_date=TODAY,
        period_start=TODAY - dt.timedelta(days=period_days),
        period_end=TODAY,
        template=record('inspection.checklist.template', []))
    inspection.save()
    inspection.click('start')
    criteria = {c.category: c for c in Criterion.find([])}
    for category, description in findings:
        inspection.findings.new(criterion=criteria[category],
            description=description, severity='minor')
    inspection.save()
    return inspection
