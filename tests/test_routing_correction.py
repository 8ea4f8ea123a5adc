"""Routing can be corrected: the leader who gave a direction withdraws or
changes an assignment, an assignee returns a misrouted duty to whoever gave
it; each with a reason on the trail and a notification, refused to anyone
else with a message that says who may; the figures the users see follow the
corrected assignments. Through JSON-RPC as the demo users (proteus over
XML-RPC for the set-up)."""
import time

import pytest
from proteus import Model
from trytond.pyson import PYSONDecoder

from qlvb_demo.tools import TODAY, direct, forward

from .rpc import Client, ModelName, refused
from .test_access_reports import office
from .test_duty_integrity import DAY, NC, VX, login, read, received
from .test_result_flow import notifications

pytestmark = pytest.mark.postgresql
ASSIGNMENT = 'qlvb.incoming.assignment'
KT = "Phòng Kinh tế"
TH = "Phòng Tổng hợp"
CHAIRMAN = "Nguyễn Văn An"


def reference():
    "A number and symbol not used before on the kept server"
    return f'{time.time_ns() // 1000 % 10 ** 8}/CV-BNV'


def directed(server, subject, lines):
    """The chairman directs a new document: (incoming id,
    {department or official name: root assignment id})"""
    incoming = received(server, subject, reference(), TODAY - 2 * DAY)
    direct(incoming, "Giao xử lý.", lines=lines)
    return incoming.id, {(a.department.name if not a.employee
                else a.employee.rec_name): a.id
        for a in Model.get(ASSIGNMENT).find([('incoming', '=', incoming.id)])}


def run(client, wizard, assignment, data, button='apply'):
    "A wizard on an assignment over JSON-RPC with the form data given"
    name = f'wizard.qlvb.incoming.assignment.{wizard}'
    context = dict(client.context, active_id=assignment,
        active_ids=[assignment], active_model=ASSIGNMENT)
    session = client._post(f'{name}.create', [context])[0]
    try:
        client._post(f'{name}.execute',
            [session, {'start': data}, button, context])
    finally:
        client._post(f'{name}.delete', [session, context])


def withdraw(client, assignment, reason):
    run(client, 'withdraw', assignment, {'reason': reason})


def return_misrouted(client, assignment, reason):
    run(client, 'return_misrouted', assignment, {'reason': reason})


def change(client, assignment, reason, **values):
    "The change form: what is not given stays as the assignment has it"
    current = read(client, assignment,
        ['department', 'employee', 'role', 'deadline', 'company'])
    data = {name: current[name]
        for name in ['department', 'employee', 'role', 'deadline']}
    data.update(values, reason=reason, company=current['company'],
        assignment=assignment)
    run(client, 'change', assignment, data)


def department(client, name):
    found, = client.model('qlvb.department', 'search',
        [('name', '=', name)], 0, None, None)
    return found


def date(value):
    return {'__class__': 'date', 'year': value.year, 'month': value.month,
        'day': value.day} if value else None


def trail(client, incoming, kind):
    return client.model('qlvb.incoming.circulation', 'search_read', [
            ('incoming', '=', incoming), ('kind', '=', kind)],
        0, None, None, ['note', 'from_user', 'on_behalf_of', 'to_user',
            'to_department'])


def queue(client, xml_id):
    """{tab name: ids} of a menu's list as the web client evaluates it
    (the action's domain and each tab's), for the user"""
    module, fs_id = xml_id.split('.')
    action_id = client.model('ir.model.data', 'get_id', module, fs_id)
    action, = client.model('ir.action.act_window', 'read', [action_id],
        ['pyson_domain', 'res_model'])
    decoder = PYSONDecoder(dict(client.context, _user=client.user_id))
    base = decoder.decode(action['pyson_domain'] or '[]')
    tabs = client.model('ir.action.act_window.domain', 'search_read',
        [('act_window', '=', action_id)], 0, None, None, ['name', 'domain'])
    return {tab['name']: client.model(action['res_model'], 'search',
            [base, decoder.decode(tab['domain'] or '[]')], 0, None, None)
        for tab in tabs} or {None: client.model(action['res_model'],
            'search', base, 0, None, None)}


def in_queue(client, xml_id, assignment):
    return any(assignment in ids for ids in queue(client, xml_id).values())


def dashboard(client):
    """{(unit name, role): (received, overdue)} of the Office's incoming
    dashboard as the user reads it (this month and the one before)"""
    context = dict(client.context, from_date=TODAY - 40 * DAY,
        to_date=TODAY, qlvb_agency=office(client))
    rows = client._post('model.qlvb.incoming.dashboard.search_read', [
            [], 0, None, None, ['department.rec_name', 'employee.rec_name',
                'role', 'received', 'overdue'], context])
    return {((r.get('department.') or r.get('employee.'))['rec_name'],
            r['role']): (r['received'], r['overdue']) for r in rows}


def delta(before, after, key):
    "How the figures of a dashboard line changed"
    old, new = before.get(key, (0, 0)), after.get(key, (0, 0))
    return tuple(n - o for o, n in zip(old, new))


def test_leader_withdraws_an_assignment(live_server):
    incoming, duties = directed(live_server, "Đề nghị giao nhầm phòng",
        [('lead', NC, None, TODAY - DAY), ('lead', VX, None, TODAY + 9 * DAY)])
    nc = duties[NC]
    login(live_server, 'truongphong')
    forward(Model.get(ASSIGNMENT)(nc), [('lead', "Bùi Thị Hạnh", None)],
        note="Đ/c Hạnh xử lý.")
    child, = [a.id for a in Model.get(ASSIGNMENT).find([('parent', '=', nc)])]
    chairman = Client(live_server, 'chutich')
    head = Client(live_server, 'truongphong')
    specialist = Client(live_server, 'chuyenvien')
    before = dashboard(chairman)
    assert in_queue(head, 'qlvb_incoming.act_assignment_to_handle', nc)
    assert nc in queue(head, 'qlvb_incoming.act_assignment_to_handle')[
        "Quá hạn"]

    # Only the leader who gave it: not the head, not another leader; a
    # specialist has no such button.
    for login_name in ['truongphong', 'phochutich']:
        other = Client(live_server, login_name)
        with refused(live_server, other,
                'qlvb_incoming.msg_correction_not_giver', giver=CHAIRMAN):
            withdraw(other, nc, "Không đúng")
    with refused(live_server, specialist, 'ir.msg_access_button_error',
            button='withdraw', model=ModelName(ASSIGNMENT)):
        specialist.model(ASSIGNMENT, 'withdraw', [nc])
    # The head sees no Withdraw button on it, the chairman does.
    assert read(head, nc, ['may_correct'])['may_correct'] is False
    assert read(chairman, nc, ['may_correct'])['may_correct'] is True
    with refused(live_server, chairman,
            'qlvb_incoming.msg_correction_reason_required'):
        withdraw(chairman, nc, "   ")
    assert read(chairman, nc, ['state'])['state'] == 'in_progress'

    reason = "Giao nhầm: việc thuộc Phòng Văn hóa - Xã hội"
    withdraw(chairman, nc, reason)
    assert read(chairman, nc, ['state', 'state_reason', 'timeliness']) == {
        'id': nc, 'state': 'withdrawn', 'state_reason': reason,
        'timeliness': None}
    # What the unit forwarded of it is withdrawn with it.
    assert read(specialist, child, ['state'])['state'] == 'withdrawn'
    assert ("Giao việc đã bị thu hồi", reason) in notifications(head, nc)
    assert ("Giao việc đã bị thu hồi", reason) in notifications(
        specialist, child)
    step, = trail(chairman, incoming, 'withdraw')
    assert step['from_user'] == chairman.user_id
    assert step['to_department'] == department(chairman, NC)
    assert reason in step['note'] and NC in step['note']
    # It leaves the queues and the figures.
    assert not in_queue(head, 'qlvb_incoming.act_assignment_to_handle', nc)
    assert not in_queue(specialist, 'qlvb_incoming.act_assignment_to_handle',
        child)
    after = dashboard(chairman)
    assert delta(before, after, (NC, 'lead')) == (-1, -1)
    assert delta(before, after, (VX, 'lead')) == (0, 0)
    # Done once: a second withdrawal is refused.
    with refused(live_server, chairman, 'qlvb.msg_wrong_state',
            state="Đã thu hồi"):
        withdraw(chairman, nc, reason)


def test_leader_changes_an_assignment(live_server):
    incoming, duties = directed(live_server, "Đề nghị điều chỉnh giao việc",
        [('lead', NC, None, TODAY + 10 * DAY),
            ('coordinate', VX, None, TODAY + 10 * DAY)])
    nc, vx = duties[NC], duties[VX]
    chairman = Client(live_server, 'chutich')
    head_vx = Client(live_server, 'truongphongvx')
    head_nc = Client(live_server, 'truongphong')
    before = dashboard(chairman)

    with refused(live_server, head_vx,
            'qlvb_incoming.msg_correction_not_giver', giver=CHAIRMAN):
        change(head_vx, vx, "Tự đổi", role='lead')
    with refused(live_server, chairman, 'qlvb_incoming.msg_change_nothing'):
        change(chairman, vx, "Không đổi gì")

    # Another deadline and role for the same unit: changed in place.
    reason = "Phòng VX chủ trì phần văn hóa, rút ngắn thời hạn"
    change(chairman, vx, reason, role='lead',
        deadline=date(TODAY + 5 * DAY))
    assert read(chairman, vx, ['state', 'role', 'deadline']) == {
        'id': vx, 'state': 'assigned', 'role': 'lead',
        'deadline': date(TODAY + 5 * DAY)}
    (label, description), = [n for n in notifications(head_vx, vx)
        if n[0].startswith("Giao việc đã được điều chỉnh")]
    assert "Chủ trì" in label and description == reason
    step, = trail(chairman, incoming, 'change')
    assert "Phối hợp" in step['note'] and "Chủ trì" in step['note']
    assert reason in step['note']

    # Another unit, by the assistant on the chairman's behalf: NC's
    # assignment is withdrawn, KT gets a new one in its place.
    assistant = Client(live_server, 'troly')
    reason = "Nội dung thuộc lĩnh vực kinh tế"
    change(assistant, nc, reason, department=department(assistant, KT))
    old = read(chairman, nc, ['state', 'replaced_by', 'state_reason'])
    kt = old['replaced_by']
    assert (old['state'], old['state_reason']) == ('withdrawn', reason)
    assert read(chairman, kt, ['department', 'role', 'deadline', 'state',
            'giver']) == {'id': kt, 'department': department(chairman, KT),
        'role': 'lead', 'deadline': date(TODAY + 10 * DAY),
        'state': 'assigned', 'giver': chairman.user_id}
    assert ("Giao việc đã bị thu hồi", reason) in notifications(head_nc, nc)
    steps = trail(chairman, incoming, 'change')
    assert len(steps) == 2
    assert steps[-1]['on_behalf_of'] == chairman.user_id
    assert steps[-1]['to_department'] == department(chairman, KT)
    # A withdrawn assignment is not changed again.
    with refused(live_server, chairman, 'qlvb.msg_wrong_state',
            state="Đã thu hồi"):
        change(chairman, nc, "Lần nữa", department=department(chairman, TH))

    after = dashboard(chairman)
    assert delta(before, after, (NC, 'lead'))[0] == -1
    assert delta(before, after, (KT, 'lead'))[0] == 1
    assert delta(before, after, (VX, 'coordinate'))[0] == -1
    assert delta(before, after, (VX, 'lead'))[0] == 1


def test_assignee_returns_a_misrouted_duty(live_server):
    incoming, duties = directed(live_server, "Đề nghị không thuộc phòng",
        [('lead', NC, None, TODAY + 10 * DAY),
            ('coordinate', VX, None, TODAY + 10 * DAY)])
    nc = duties[NC]
    chairman = Client(live_server, 'chutich')
    head = Client(live_server, 'truongphong')
    before = dashboard(chairman)

    # The unit's head returns it; nobody else does.
    for login_name in ['chuyenvien', 'truongphongvx']:
        other = Client(live_server, login_name)
        with refused(live_server, other,
                'qlvb_incoming.msg_return_not_assignee'):
            return_misrouted(other, nc, "Không phải việc của tôi")
    with refused(live_server, chairman, 'ir.msg_access_button_error',
            button='return_misrouted', model=ModelName(ASSIGNMENT)):
        chairman.model(ASSIGNMENT, 'return_misrouted', [nc])
    with refused(live_server, head,
            'qlvb_incoming.msg_correction_reason_required'):
        return_misrouted(head, nc, "")

    reason = "Việc thuộc chức năng của Phòng Kinh tế"
    returned = 'qlvb_incoming.act_assignment_returned'
    assert not in_queue(chairman, returned, nc)
    return_misrouted(head, nc, reason)
    assert read(head, nc, ['state', 'state_reason']) == {
        'id': nc, 'state': 'returned', 'state_reason': reason}
    # Back to the chairman, who gave it: told, and in his queue.
    assert (f"{NC} trả lại việc do giao sai", reason) in notifications(
        chairman, nc)
    step, = trail(chairman, incoming, 'return_duty')
    assert (step['from_user'], step['to_user']) == (
        head.user_id, chairman.user_id)
    assert reason in step['note']
    assert in_queue(chairman, returned, nc)
    assert not in_queue(Client(live_server, 'phochutich'), returned, nc)
    assert not in_queue(head, 'qlvb_incoming.act_assignment_to_handle', nc)
    middle = dashboard(chairman)
    assert delta(before, middle, (NC, 'lead'))[0] == -1

    # The chairman routes it again, to KT: it leaves his queue.
    change(chairman, nc, "Chuyển Phòng Kinh tế chủ trì",
        department=department(chairman, KT))
    kt = read(chairman, nc, ['state', 'replaced_by'])['replaced_by']
    assert read(chairman, nc, ['state'])['state'] == 'returned'
    assert read(chairman, kt, ['state', 'role'])['role'] == 'lead'
    assert not in_queue(chairman, returned, nc)
    # Routed again once only.
    with refused(live_server, chairman,
            'qlvb_incoming.msg_correction_replaced'):
        change(chairman, nc, "Lần nữa", department=department(chairman, TH))
    after = dashboard(chairman)
    assert delta(before, after, (NC, 'lead'))[0] == -1
    assert delta(before, after, (KT, 'lead'))[0] == 1


def test_specialist_returns_a_forwarded_duty_to_the_head(live_server):
    _, duties = directed(live_server, "Hồ sơ chuyển nhầm chuyên viên",
        [('lead', NC, None, TODAY + 10 * DAY)])
    nc = duties[NC]
    login(live_server, 'truongphong')
    forward(Model.get(ASSIGNMENT)(nc), [('lead', "Bùi Thị Hạnh", None)])
    child, = [a.id for a in Model.get(ASSIGNMENT).find([('parent', '=', nc)])]
    head = Client(live_server, 'truongphong')
    specialist = Client(live_server, 'chuyenvien')
    colleague = Client(live_server, 'chuyenvien2')
    assert read(specialist, child, ['may_return'])['may_return'] is True
    with refused(live_server, colleague,
            'qlvb_incoming.msg_return_not_assignee'):
        return_misrouted(colleague, child, "Không phải của tôi")

    reason = "Đồng chí Khoa theo dõi lĩnh vực này"
    return_misrouted(specialist, child, reason)
    # To the head who forwarded it, not to the chairman.
    assert ("Bùi Thị Hạnh trả lại việc do giao sai", reason) in (
        notifications(head, child))
    returned = 'qlvb_incoming.act_assignment_returned'
    assert in_queue(head, returned, child)
    assert not in_queue(Client(live_server, 'chutich'), returned, child)
    # The unit's own assignment is still the unit's.
    assert read(head, nc, ['state'])['state'] == 'in_progress'

    # The head gives it to the right specialist; a specialist may not.
    khoa, = head.model('company.employee', 'search',
        [('party.name', '=', "Lý Văn Khoa")], 0, None, None)
    with refused(live_server, colleague, 'ir.msg_access_button_error',
            button='change', model=ModelName(ASSIGNMENT)):
        colleague.model(ASSIGNMENT, 'change', [child])
    change(head, child, reason, employee=khoa)
    new = read(head, child, ['replaced_by'])['replaced_by']
    assert read(colleague, new, ['employee', 'parent', 'state']) == {
        'id': new, 'employee': khoa, 'parent': nc, 'state': 'assigned'}
    assert not in_queue(head, returned, child)
    assert in_queue(colleague, 'qlvb_incoming.act_assignment_to_handle', new)
