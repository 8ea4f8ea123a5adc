"""A duty's figures cannot be gamed: its completion is dated by the server,
reading completes a for-information duty, a direction names each unit or
person once. Through JSON-RPC (and proteus over XML-RPC for the set-up) as
the real users of the demo; the completion wizard is driven with the data
a forged client could send, not only what the form offers."""
import datetime as dt

import pytest
from proteus import Model
from proteus import config as pconfig

from qlvb_demo.tools import (
    TODAY, direct, forward, new_incoming, record, submit)

from .rpc import Client, refused

pytestmark = pytest.mark.postgresql
DAY = dt.timedelta(days=1)
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"
VX = "Phòng Văn hóa - Xã hội"
COMPLETE = 'wizard.qlvb.incoming.assignment.complete'


def login(server, user):
    return server.proteus(user)


def read(client, assignment, names):
    return client.model('qlvb.incoming.assignment', 'read', [assignment],
        names)[0]


def received(server, subject, reference, arrival):
    "A document registered by the clerk and submitted to the chairman"
    login(server, 'vanthu')
    incoming = new_incoming(subject, reference=reference,
        arrival_date=arrival)
    incoming.click('register_arrival')
    submit(incoming, record('res.user', [('login', '=', 'chutich')]).id)
    login(server, 'chutich')
    return Model.get('qlvb.incoming')(incoming.id)


def directed(server, subject, reference, arrival, lines):
    "{(department, role): assignment id} of a document directed by lines"
    incoming = received(server, subject, reference, arrival)
    direct(incoming, "Giao xử lý.", lines=lines)
    return {(a.department.name, a.role): a.id
        for a in Model.get('qlvb.incoming.assignment').find(
            [('incoming', '=', incoming.id)])}


def run_complete(client, assignment, **values):
    "The completion wizard over JSON-RPC with the form data given"
    context = dict(client.context, active_id=assignment,
        active_ids=[assignment], active_model='qlvb.incoming.assignment')
    session = client._post(f'{COMPLETE}.create', [context])[0]
    data = dict({'completion_date': TODAY, 'result_note': "Đã xử lý",
            'result_reference': None, 'result_date': None,
            'result_outgoing': None, 'late_reason': None}, **values)
    try:
        client._post(f'{COMPLETE}.execute',
            [session, {'start': data}, 'complete', context])
    finally:
        client._post(f'{COMPLETE}.delete', [session, context])


@pytest.fixture(scope='module')
def late_duty(live_server):
    "NC leads a document that arrived 15 days ago, due 10 days ago"
    return directed(live_server, "Báo cáo rà soát văn bản quá hạn",
        '711/CV-BNV', TODAY - 15 * DAY,
        [('lead', NC, None, TODAY - 10 * DAY)])[NC, 'lead']


def test_assignee_completes_today_only(live_server, late_duty):
    head = Client(live_server, 'truongphong')
    # Ten days late, completed "on its deadline": refused.
    with refused(live_server, head,
            'qlvb_incoming.msg_completion_backdate_forbidden',
            date=TODAY - 10 * DAY, today=TODAY):
        run_complete(head, late_duty, completion_date=TODAY - 10 * DAY)
    with refused(live_server, head, 'qlvb_incoming.msg_completion_future',
            date=TODAY + DAY, today=TODAY):
        run_complete(head, late_duty, completion_date=TODAY + DAY)
    # Today it is late: the reason of the delay is asked.
    with refused(live_server, head,
            'qlvb_incoming.msg_late_reason_required',
            deadline=TODAY - 10 * DAY):
        run_complete(head, late_duty)
    assert read(head, late_duty, ['state', 'completion_date']) == {
        'id': late_duty, 'state': 'assigned', 'completion_date': None}
    run_complete(head, late_duty, completion_date=None,
        late_reason="Chờ số liệu của các sở")
    duty = read(head, late_duty,
        ['state', 'completion_date', 'timeliness', 'late_reason'])
    assert (duty['state'], duty['timeliness'], duty['late_reason']) == (
        'done', 'done_late', "Chờ số liệu của các sở")
    assert duty['completion_date'] == {'__class__': 'date',
        'year': TODAY.year, 'month': TODAY.month, 'day': TODAY.day}


def test_leader_records_an_earlier_completion(live_server):
    duty = directed(live_server, "Kế hoạch đã thực hiện trên giấy",
        '712/CV-BNV', TODAY - 15 * DAY,
        [('lead', NC, None, TODAY - 10 * DAY)])[NC, 'lead']
    leader = Client(live_server, 'chanhvp')
    with refused(live_server, leader,
            'qlvb_incoming.msg_completion_before_arrival',
            date=TODAY - 16 * DAY, arrival_date=TODAY - 15 * DAY):
        run_complete(leader, duty, completion_date=TODAY - 16 * DAY)
    with refused(live_server, leader,
            'qlvb_incoming.msg_completion_future',
            date=TODAY + 3 * DAY, today=TODAY):
        run_complete(leader, duty, completion_date=TODAY + 3 * DAY)
    with refused(live_server, leader,
            'qlvb_incoming.msg_completion_backdate_reason',
            date=TODAY - 12 * DAY):
        run_complete(leader, duty, completion_date=TODAY - 12 * DAY)
    reason = "Phòng đã trả lời bằng văn bản giấy ngày đó"
    run_complete(leader, duty, completion_date=TODAY - 12 * DAY,
        backdate_reason=reason)
    assert read(leader, duty, ['state', 'timeliness']) == {
        'id': duty, 'state': 'done', 'timeliness': 'done_on_time'}
    # The earlier date is on the document's trail, with its reason.
    incoming = read(leader, duty, ['incoming'])['incoming']
    steps = leader.model('qlvb.incoming.circulation', 'search_read', [
            ('incoming', '=', incoming), ('kind', '=', 'backdate')],
        0, None, None, ['note', 'from_user'])
    assert len(steps) == 1
    assert steps[0]['from_user'] == leader.user_id
    assert reason in steps[0]['note']


def test_reading_completes_a_for_information_duty(live_server):
    duties = directed(live_server, "Thông báo kết luận để biết",
        '713/CV-BNV', TODAY - 6 * DAY,
        [('lead', NC, None, TODAY + 10 * DAY),
            ('inform', VX, None, TODAY - 2 * DAY)])
    informed = duties[VX, 'inform']
    head = Client(live_server, 'truongphongvx')
    overdue = [('id', '=', informed), ('timeliness', '=', 'overdue')]
    assert head.model('qlvb.incoming.assignment', 'search', overdue,
        0, None, None) == [informed]
    head.model('qlvb.incoming.assignment', 'mark_read', [informed])
    # Read today, after its deadline: done late, never overdue again.
    assert read(head, informed, ['state', 'timeliness']) == {
        'id': informed, 'state': 'read', 'timeliness': 'done_late'}
    assert head.model('qlvb.incoming.assignment', 'search', overdue,
        0, None, None) == []


def test_a_direction_names_each_assignee_once(live_server):
    incoming = received(live_server, "Đề nghị phối hợp hai lần",
        '714/CV-BNV', TODAY)
    config = pconfig.get_config()
    for lines in [
            [('lead', NC, None, None), ('lead', NC, None, None)],
            [('lead', NC, None, None), ('coordinate', NC, None, None)]]:
        with refused(live_server, config,
                'qlvb_incoming.msg_assignment_duplicate',
                ):
            direct(incoming, "Giao hai lần.", lines=lines)
    incoming.reload()
    assert (incoming.state, incoming.assignments) == ('submitted', [])
    direct(incoming, "Giao một lần.", lines=[('lead', NC, None, None),
            ('coordinate', VX, None, None)])
    assert incoming.state == 'directed'
    # Forwarding names each specialist once too.
    config = login(live_server, 'truongphong')
    department, = Model.get('qlvb.incoming.assignment').find([
            ('incoming', '=', incoming.id), ('department.name', '=', NC)])
    with refused(live_server, config,
            'qlvb_incoming.msg_assignment_duplicate',
            ):
        forward(department, [('lead', "Bùi Thị Hạnh", None),
                ('coordinate', "Bùi Thị Hạnh", None)])
    assert Model.get('qlvb.incoming.assignment').find(
        [('parent', '=', department.id)]) == []
