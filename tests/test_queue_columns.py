"""What a queue shows and how people are picked, through JSON-RPC as the
demo users: the working days left until a duty's deadline (0 on the day,
negative once overdue, weekends not counted), and the people pickers that
find officials by position and unit, leave out the administrator and do not
show logins or open sessions."""
import datetime as dt

import pytest
from trytond.pyson import PYSONDecoder

from qlvb_demo.tools import direct

from .rpc import Client, RPCError
from .test_duty_integrity import VX, received
from .test_routing_correction import reference

pytestmark = pytest.mark.postgresql
# A week without public holidays: Friday 12 to Wednesday 17 March 2027.
FRIDAY = dt.date(2027, 3, 12)
DEADLINE = dt.date(2027, 3, 16)  # the Tuesday after
CHAIRMAN = "Nguyễn Văn An"


@pytest.fixture(scope='module')
def duty(live_server):
    "(incoming id, its VX lead assignment id), due on DEADLINE"
    incoming = received(live_server, "Kiểm tra số ngày còn lại của hạn xử lý",
        reference(), dt.date.today())
    direct(incoming, "Phòng VX xử lý.", lines=[('lead', VX, None, DEADLINE)])
    assignment, = [a.id for a in incoming.assignments]
    return incoming.id, assignment


def days_left(client, model, record, today):
    context = client.context
    client.context = dict(context, qlvb_today=today)
    try:
        return client.model(model, 'read', [record],
            ['days_left', 'deadline'])[0]
    finally:
        client.context = context


@pytest.mark.parametrize('today, left', [
        (DEADLINE, 0),  # due today
        (FRIDAY, 2),  # Monday and Tuesday: the weekend is not counted
        (DEADLINE + dt.timedelta(days=1), -1),  # one working day overdue
        (FRIDAY + dt.timedelta(days=7), -3),  # Wed, Thu, Fri overdue
        ])
def test_days_left_in_working_days(live_server, duty, today, left):
    incoming, assignment = duty
    head = Client(live_server, 'truongphongvx')
    row = days_left(head, 'qlvb.incoming.assignment', assignment, today)
    assert row['days_left'] == left
    assert row['deadline']
    clerk = Client(live_server, 'vanthu')
    # The document shows the deadline of its lead unit and the same count.
    row = days_left(clerk, 'qlvb.incoming', incoming, today)
    assert row['days_left'] == left


def test_picker_finds_the_chairman_by_position(live_server):
    clerk = Client(live_server, 'vanthu')
    rows = clerk.model('res.user', 'search_read',
        [('rec_name', 'ilike', '%Chủ tịch%')], 0, None, None,
        ['name', 'post_position', 'post_unit'])
    names = {r['name']: r for r in rows}
    assert CHAIRMAN in names
    assert names[CHAIRMAN]['post_position'] == "Chủ tịch"
    assert names[CHAIRMAN]['post_unit']
    assert all("Chủ tịch" in r['post_position'] for r in rows)
    # A unit finds its people too.
    rows = clerk.model('res.user', 'search_read',
        [('rec_name', 'ilike', '%Văn hóa - Xã hội%')], 0, None, None,
        ['name'])
    assert "Trương Thị Mai" in {r['name'] for r in rows}
    # Typing a login finds nobody for a user who does not manage users.
    assert not clerk.model('res.user', 'search',
        [('rec_name', 'ilike', 'chutich')], 0, None, None)


def test_picker_leaves_out_the_administrator(live_server):
    clerk = Client(live_server, 'vanthu')
    admin, = Client(live_server, 'admin').model('res.user', 'search',
        [('login', '=', 'admin')], 0, None, None)
    field = clerk.model('qlvb.outgoing', 'fields_get', ['signer'])['signer']
    domain = PYSONDecoder({}).decode(field['domain'])
    found = clerk.model('res.user', 'search', domain, 0, None, None)
    assert found and admin not in found


def test_picker_shows_no_login_nor_sessions(live_server):
    clerk = Client(live_server, 'vanthu')
    admin = Client(live_server, 'admin')
    for model, name in [('res.user', 'user_picker_list'),
            ('company.employee', 'employee_picker_list')]:
        view_id, = admin.model('ir.ui.view', 'search',
            [('model', '=', model), ('name', '=', name)], 0, None, None)
        arch = clerk.model(model, 'fields_view_get', view_id, 'tree')
        assert set(arch['fields']) >= {'post_position', 'post_unit'}
        assert not {'login', 'sessions'} & set(arch['fields'])
        assert 'login' not in arch['arch']
    chairman, = clerk.model('res.user', 'search',
        [('name', '=', CHAIRMAN)], 0, None, None)
    # Open sessions tell who is online: not readable by others.
    with pytest.raises(RPCError):
        clerk.model('res.user', 'read', [chairman], ['sessions'])


def test_assignment_shows_direction_and_file(live_server, duty):
    _, assignment = duty
    head = Client(live_server, 'truongphongvx')
    row, = head.model('qlvb.incoming.assignment', 'read', [assignment],
        ['incoming_direction', 'incoming_filename'])
    assert "Phòng VX xử lý." in row['incoming_direction']
    form = head.model('qlvb.incoming.assignment', 'fields_view_get',
        None, 'form')
    assert {'incoming_direction', 'incoming_file'} <= set(form['fields'])
    assert 'widget="document"' in form['arch']
