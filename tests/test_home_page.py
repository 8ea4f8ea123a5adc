"""The My Work page: every demo user lands on it after login; each counter
equals the number of records of the list it opens, as that user (record
rules applying); a user outside a counter's groups gets no such counter.
Through JSON-RPC as the demo users (proteus for the set-up)."""
import time

import pytest
from proteus import Model
from trytond.pyson import PYSONDecoder

from qlvb_demo.tools import TODAY, direct, new_incoming, record

from .rpc import Client, refused
from .test_duty_integrity import DAY, NC, login, received

pytestmark = pytest.mark.postgresql
HOME = 'qlvb.home'
# Unique per run: a server kept between runs holds earlier documents.
RUN = time.time_ns() // 1000 % 10 ** 7


def home(client):
    "{counter: value} of the user's home page (None: not shown to him)"
    ids = client.model(HOME, 'search', [], 0, None, None)
    assert ids == [client.user_id]
    fields = client.model(HOME, 'fields_get', None)
    names = [n for n, f in fields.items()
        if f['type'] == 'integer' and n != 'id']
    values, = client.model(HOME, 'read', ids, names)
    del values['id']
    return values


def opened(client, name):
    "The number of records of the list the counter's button opens"
    action = client.model(HOME, f'open_{name}', [client.user_id])
    assert action['domains'] == []
    context = dict(client.context, _user=client.user_id)
    decoder = PYSONDecoder(context)
    domain = decoder.decode(action['pyson_domain'])
    action_context = dict(client.context,
        **decoder.decode(action['pyson_context'] or '{}'))
    return client._post(f"model.{action['res_model']}.search_count",
        [domain, 0, None, action_context])


@pytest.fixture(scope='module')
def work(live_server):
    """A document registered and waiting for the chairman, one directed to
    the NC department, one received and not yet registered"""
    directed = received(live_server, "Trang việc của tôi: giao phòng",
        f'{RUN}1/CV-HOME', TODAY - 3 * DAY)
    direct(directed, "Phòng Nội chính tham mưu.",
        lines=[('lead', NC, None, TODAY + 5 * DAY)])
    waiting = received(live_server, "Trang việc của tôi: chờ cho ý kiến",
        f'{RUN}2/CV-HOME', TODAY - DAY)
    login(live_server, 'vanthu')
    entry = new_incoming("Trang việc của tôi: chờ vào sổ",
        reference=f'{RUN}3/CV-HOME', arrival_date=TODAY)
    return directed.id, waiting.id, entry.id


@pytest.mark.parametrize('user, expected', [
        ('vanthu', ['incoming_to_register']),
        ('chutich', ['incoming_to_direct']),
        ('truongphong', ['assignment_department']),
        ('chuyenvien', []),
        ('chanhvp', []),
        ])
def test_counters_equal_their_lists(live_server, work, user, expected):
    client = Client(live_server, user)
    values = home(client)
    shown = {n: v for n, v in values.items() if v is not None}
    assert shown, f"{user} sees no counter"
    for name, value in shown.items():
        assert value == opened(client, name), name
    for name in expected:
        assert shown[name] > 0, name


def test_counters_follow_the_groups(live_server, work):
    specialist = home(Client(live_server, 'chuyenvien'))
    clerk = home(Client(live_server, 'vanthu'))
    leader = home(Client(live_server, 'chutich'))
    # Only the clerks count documents to register, only leaders those to
    # direct, only heads their unit's duties.
    assert specialist['incoming_to_register'] is None
    assert specialist['incoming_to_direct'] is None
    assert specialist['assignment_department'] is None
    assert specialist['assignment_mine'] is not None
    assert clerk['incoming_to_register'] is not None
    assert clerk['assignment_mine'] is None
    assert leader['incoming_to_direct'] is not None
    assert leader['incoming_to_register'] is None
    # The button of a counter not shown is refused.
    client = Client(live_server, 'chuyenvien')
    with refused(live_server, client, 'ir.msg_access_button_error',
            button='open_incoming_to_register'):
        client.model(HOME, 'open_incoming_to_register', [client.user_id])


def test_counters_follow_the_work(live_server, work):
    "Directing a document moves it from the leader's counter to the unit's"
    leader = Client(live_server, 'chutich')
    head = Client(live_server, 'truongphong')
    before = home(leader)['incoming_to_direct'], home(head)[
        'assignment_department']
    _, waiting, _ = work
    login(live_server, 'chutich')
    direct(Model.get('qlvb.incoming')(waiting), "Phòng Nội chính xử lý.",
        lines=[('lead', NC, None, TODAY + 7 * DAY)])
    assert (home(leader)['incoming_to_direct'], home(head)[
            'assignment_department']) == (before[0] - 1, before[1] + 1)


def approved_draft(server, subject, signature_mode):
    """An outgoing letter of the specialist for the chairman, reviewed,
    checked and approved by the chairman: not signed yet"""
    login(server, 'chuyenvien')
    letter = Model.get('qlvb.outgoing')(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
        signer=record('res.user', [('login', '=', 'chutich')]),
        signature_mode=signature_mode)
    letter.save()
    for user, button in [('chuyenvien', 'to_review'),
            ('truongphong', 'to_format_check'), ('vanthu', 'to_approval'),
            ('chutich', 'approve')]:
        login(server, user)
        letter = Model.get('qlvb.outgoing')(letter.id)
        letter.click(button)
    assert letter.state == 'approved'
    return letter.id


def test_clerk_counts_what_she_can_do(live_server):
    """The clerk's "approved, to number" counter holds only documents she
    can number now (hand-signed on paper): an approved draft signed
    digitally waits for its signer, then counts as signed, to number"""
    clerk = Client(live_server, 'vanthu')
    before = home(clerk)
    approved_draft(live_server, f"Chờ Chủ tịch ký số {RUN}", 'digital')
    after = home(clerk)
    assert after['outgoing_approved'] == before['outgoing_approved']
    assert after['outgoing_signed'] == before['outgoing_signed']
    approved_draft(live_server, f"Ký tay trên giấy {RUN}", 'manual')
    after = home(clerk)
    assert after['outgoing_approved'] == before['outgoing_approved'] + 1
    for name in ['outgoing_approved', 'outgoing_signed']:
        assert after[name] == opened(clerk, name), name
    fields = clerk.model(HOME, 'fields_get', ['outgoing_approved'])
    assert fields['outgoing_approved']['string'] == (
        "Đã duyệt để ký tay, chờ cấp số")


def test_home_page_opens_at_login(live_server):
    "The page is the action run at login of every demo user"
    for user in ['vanthu', 'chutich', 'truongphong', 'chuyenvien']:
        client = Client(live_server, user)
        preferences = client.model('res.user', 'get_preferences', False)
        actions = [client._post('model.ir.action.get_action_value',
                [a, client.context]) for a in preferences['actions']]
        assert [a['res_model'] for a in actions] == [HOME], user
