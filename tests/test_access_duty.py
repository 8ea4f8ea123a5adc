"""Every door checked: workflow fields are set by their actions only, on
create as on write, and a duty is acted on by the people it belongs to.
Checked through JSON-RPC (and proteus over XML-RPC for the set-up) as the
real users of the demo, with the record rules applying."""
import datetime as dt

import pytest
from proteus import Model

from qlvb_demo.tools import (
    TODAY, complete, direct, forward, new_incoming, record, submit)

from .rpc import Client, refused

pytestmark = pytest.mark.postgresql
DUTY = 'qlvb.msg_duty_not_yours'
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"


def login(server, user):
    return server.proteus(user)


def read(client, model, record_id, names):
    return client.model(model, 'read', [record_id], names)[0]


# Workflow fields on create ----------------------------------------------

def test_clerk_cannot_create_a_registered_incoming(live_server):
    login(live_server, 'vanthu')
    first = new_incoming("Công văn đăng ký đúng quy trình",
        reference='501/CV-BNV')
    first.click('register_arrival')
    number, register = first.arrival_number, first.register.id
    clerk = Client(live_server, 'vanthu')
    values = {
        'subject': "Văn bản tạo thẳng đã hoàn thành",
        'reference': '502/CV-BNV',
        'arrival_date': TODAY,
        'issue_date': TODAY,
        'register': register,
        }
    for forged in [{'state': 'completed'}, {'arrival_number': number},
            {'state': 'completed', 'arrival_number': number}]:
        with refused(live_server, clerk,
                'qlvb_incoming.msg_incoming_system_fields'):
            clerk.model('qlvb.incoming', 'create', [dict(values, **forged)])
    # The defaults the web client sends with a new record are accepted.
    created, = clerk.model('qlvb.incoming', 'create',
        [dict(values, state='received')])
    assert read(clerk, 'qlvb.incoming', created, ['state'])['state'] == (
        'received')
    # The general register's numbering is unchanged: the number is still
    # held by one document and the next registration takes the next one.
    assert clerk.model('qlvb.incoming', 'search', [
            ('register', '=', register), ('arrival_number', '=', number),
            ], 0, None, None) == [first.id]
    second = new_incoming("Công văn tiếp theo", reference='503/CV-BNV')
    second.click('register_arrival')
    assert second.arrival_number == number + 1


def test_drafter_cannot_create_a_numbered_outgoing(live_server):
    drafter = Client(live_server, 'chuyenvien')
    department = drafter.model('qlvb.department', 'search', [
            ('name', '=', NC)], 0, None, None)[0]
    document_type = drafter.model('qlvb.document.type', 'search', [
            ('code', '=', 'CV')], 0, None, None)[0]
    values = {
        'subject': "Văn bản đi tự đánh số",
        'drafting_department': department,
        'document_type': document_type,
        }
    for forged in [{'number': 7}, {'state': 'numbered'},
            {'reference': '07/VP-NC'}]:
        with refused(live_server, drafter,
                'qlvb_outgoing.msg_outgoing_system_fields'):
            drafter.model('qlvb.outgoing', 'create', [dict(values, **forged)])
    created, = drafter.model('qlvb.outgoing', 'create',
        [dict(values, state='draft')])
    assert read(drafter, 'qlvb.outgoing', created, ['state', 'number']) == {
        'id': created, 'state': 'draft', 'number': None}


# Duties of incoming documents -------------------------------------------

@pytest.fixture(scope='module')
def duties(live_server):
    """A document directed to the NC department, whose head forwards it
    to his two specialists: {'department'|'chuyenvien'|'chuyenvien2': id}"""
    login(live_server, 'vanthu')
    incoming = new_incoming("Đề nghị rà soát thủ tục hành chính",
        reference='601/CV-BNV')
    incoming.click('register_arrival')
    submit(incoming, record('res.user', [('login', '=', 'chutich')]).id)
    login(live_server, 'chutich')
    direct(Model.get('qlvb.incoming')(incoming.id), "Phòng NC xử lý.",
        lines=[('lead', NC, None, TODAY + dt.timedelta(days=10))])
    Assignment = Model.get('qlvb.incoming.assignment')
    login(live_server, 'truongphong')
    department, = Assignment.find([('incoming', '=', incoming.id)])
    forward(department, [('lead', "Bùi Thị Hạnh", None),
            ('coordinate', "Lý Văn Khoa", None)])
    children = {a.employee.party.name: a.id for a in Assignment.find(
            [('parent', '=', department.id)])}
    return {'department': department.id,
        'chuyenvien': children["Bùi Thị Hạnh"],
        'chuyenvien2': children["Lý Văn Khoa"]}


def run_complete(server, user, assignment, note):
    "The completion wizard run by user (proteus, as the web client does)"
    login(server, user)
    complete(Model.get('qlvb.incoming.assignment')(assignment), TODAY, note)


def state(client, assignment):
    return read(client, 'qlvb.incoming.assignment', assignment,
        ['state'])['state']


def test_only_the_assignee_completes_a_duty(live_server, duties):
    other = Client(live_server, 'chuyenvien2')
    name = read(other, 'qlvb.incoming.assignment', duties['chuyenvien'],
        ['rec_name'])['rec_name']
    config = login(live_server, 'chuyenvien2')
    with refused(live_server, config, DUTY, duty=name):
        run_complete(live_server, 'chuyenvien2', duties['chuyenvien'],
            "Hoàn thành hộ")
    # (Forwarding is a department leader's wizard: a specialist is refused
    # it by his groups already; forward() checks the actor as well.)
    with refused(live_server, other, DUTY, duty=name):
        other.model('qlvb.incoming.assignment', 'start',
            [duties['chuyenvien']])
    assert state(other, duties['chuyenvien']) == 'assigned'
    assert other.model('qlvb.incoming.assignment', 'search', [
            ('parent', '=', duties['chuyenvien'])], 0, None, None) == []
    # A specialist cannot complete his department's duty either.
    department = read(other, 'qlvb.incoming.assignment',
        duties['department'], ['rec_name'])['rec_name']
    with refused(live_server, config, DUTY, duty=department):
        run_complete(live_server, 'chuyenvien2', duties['department'],
            "Hoàn thành thay phòng")
    # The assignee can.
    run_complete(live_server, 'chuyenvien', duties['chuyenvien'],
        "Đã rà soát")
    assert state(Client(live_server, 'chuyenvien'),
        duties['chuyenvien']) == 'done'


def test_head_of_the_unit_completes_a_specialists_duty(live_server, duties):
    head = Client(live_server, 'truongphong')
    run_complete(live_server, 'truongphong', duties['chuyenvien2'],
        "Trưởng phòng hoàn thành")
    assert state(head, duties['chuyenvien2']) == 'done'
    run_complete(live_server, 'truongphong', duties['department'],
        "Phòng đã xử lý")
    assert state(head, duties['department']) == 'done'


# Tasks and requests for comments ------------------------------------------

def test_unrelated_official_cannot_report_task_progress(live_server):
    office = Client(live_server, 'chuyenvien')
    agency = office.model('qlvb.agency', 'search', [
            ('abbreviation', '=', 'SNV'), ('level', '!=', 'district')],
        0, None, None)[0]
    department = office.model('qlvb.department', 'search', [
            ('name', '=', "Phòng Cải cách hành chính"),
            ('agency', '=', agency)], 0, None, None)[0]
    task, = office.model('qlvb.task', 'create', [{
                'name': "Đánh giá chỉ số cải cách hành chính",
                'lead_agency': agency, 'lead_department': department,
                'assignment_date': TODAY,
                'deadline': TODAY + dt.timedelta(days=20)}])
    # A task created directly in another state is refused.
    with refused(live_server, office, 'qlvb.msg_workflow_fields'):
        office.model('qlvb.task', 'create', [{
                    'name': "Nhiệm vụ đã hoàn thành sẵn",
                    'lead_agency': agency, 'lead_department': department,
                    'assignment_date': TODAY, 'state': 'finished'}])
    name = read(office, 'qlvb.task', task, ['rec_name'])['rec_name']
    # The agency's clerk is no member of the lead department.
    other = Client(live_server, 'vanthusnv')
    with refused(live_server, other, DUTY, duty=name):
        other.model('qlvb.task.progress', 'create', [{
                    'task': task, 'percent': 50,
                    'description': "Báo cáo hộ phòng khác"}])
    head = Client(live_server, 'truongphongsnv')
    head.model('qlvb.task.progress', 'create', [{
                'task': task, 'percent': 40,
                'description': "Đã tổng hợp số liệu"}])
    assert read(head, 'qlvb.task', task, ['progress'])['progress'] == 40
    # The director of the agency acts on record too.
    director = Client(live_server, 'giamdocsnv')
    director.model('qlvb.task.progress', 'create', [{
                'task': task, 'percent': 60,
                'description': "Giám đốc báo cáo"}])


def test_other_department_cannot_answer_a_request_for_comments(
        live_server):
    drafter = Client(live_server, 'chuyenvien')
    department = drafter.model('qlvb.department', 'search', [
            ('name', '=', NC)], 0, None, None)[0]
    vx = drafter.model('qlvb.department', 'search', [
            ('name', '=', "Phòng Văn hóa - Xã hội")], 0, None, None)[0]
    document_type = drafter.model('qlvb.document.type', 'search', [
            ('code', '=', 'KH')], 0, None, None)[0]
    outgoing, = drafter.model('qlvb.outgoing', 'create', [{
                'subject': "Kế hoạch lấy ý kiến",
                'drafting_department': department,
                'document_type': document_type}])
    request, = drafter.model('qlvb.outgoing.comment', 'create', [{
                'outgoing': outgoing, 'department': vx,
                'question': "Đề nghị góp ý", 'complexity': 'simple',
                'requested_date': TODAY,
                'deadline': TODAY + dt.timedelta(days=5)}])
    drafter.model('qlvb.outgoing.comment', 'send', [request])
    with refused(live_server, drafter, 'qlvb.msg_workflow_fields'):
        drafter.model('qlvb.outgoing.comment', 'create', [{
                    'outgoing': outgoing, 'department': vx,
                    'question': "Đã trả lời sẵn", 'complexity': 'simple',
                    'requested_date': TODAY, 'state': 'answered',
                    'deadline': TODAY + dt.timedelta(days=5)}])
    name = read(drafter, 'qlvb.outgoing.comment', request,
        ['rec_name'])['rec_name']
    other = Client(live_server, 'truongphong')
    context = dict(other.context, active_id=request, active_ids=[request],
        active_model='qlvb.outgoing.comment')
    wizard = 'wizard.qlvb.outgoing.comment.answer'
    session = other._post(f'{wizard}.create', [context])[0]
    with refused(live_server, other, DUTY, duty=name):
        other._post(f'{wizard}.execute', [session,
                {'start': {'answer': "Trả lời hộ"}}, 'answer', context])
    assert read(drafter, 'qlvb.outgoing.comment', request,
        ['state'])['state'] == 'requested'
    head = Client(live_server, 'truongphongvx')
    context = dict(head.context, active_id=request, active_ids=[request],
        active_model='qlvb.outgoing.comment')
    session = head._post(f'{wizard}.create', [context])[0]
    head._post(f'{wizard}.execute', [session,
            {'start': {'answer': "Thống nhất"}}, 'answer', context])
    assert read(drafter, 'qlvb.outgoing.comment', request,
        ['state'])['state'] == 'answered'
