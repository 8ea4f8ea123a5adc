"""Delegation while a leader is away: the chairman gives the vice-chairman
his power to direct for a week; she sees his queue, directs in his name and
both names show on the direction, on the trail and in the statistics; he
finds the acts listed and notified; after the week, or once revoked, the
power is gone. Nobody delegates more than he holds, a delegate does not
delegate again, and an assistant directs only for the leaders he serves.
Through JSON-RPC as the demo users (proteus over XML-RPC for the wizards)."""
import time

import pytest
from proteus import Model, Wizard

from qlvb_demo.pki import blank_pdf
from qlvb_demo.tools import TODAY, new_incoming, record, submit

from .rpc import Client, ModelName, query, refused
from .test_access_reports import office, statistics, texts
from .test_duty_integrity import DAY, NC, login
from .test_routing_correction import date, queue

pytestmark = pytest.mark.postgresql
CHAIRMAN = "Nguyễn Văn An"
VICE = "Phạm Thị Bình"
ASSISTANT = "Ngô Thị Lan"
# Both names, as every act under the delegation shows them
SIGNATURE = f"Phó Chủ tịch {VICE} (ủy quyền của Chủ tịch {CHAIRMAN})"
TO_DIRECT = 'qlvb_incoming.act_incoming_to_direct'
MINE = "Trình tôi"
DELEGATION = 'qlvb.delegation'


def reference():
    "A number and symbol not used before on the kept server"
    return f'{time.time_ns() // 1000 % 10 ** 8}/CV-BNV'


def user_id(login_name):
    return record('res.user', [('login', '=', login_name)]).id


def delegate(client, to, days=7, start=None, **scopes):
    "A delegation of the client's power to the user `to`, given; its id"
    start = start or TODAY
    values = {'delegate': to, 'start_date': date(start),
        'end_date': date(start + (days - 1) * DAY), 'direct': True}
    values.update(scopes)
    delegation, = client.model(DELEGATION, 'create', [values])
    client.model(DELEGATION, 'give', [delegation])
    return delegation


def to_leader(server, leader_login, subject):
    "A document registered by the clerk and submitted to the leader"
    login(server, 'vanthu')
    incoming = new_incoming(subject, reference=reference())
    incoming.click('register_arrival')
    submit(incoming, user_id(leader_login))
    return incoming.id


def direct_as(server, login_name, incoming_id, text, leader):
    """The direction wizard run by the user for the leader (login), one
    lead unit"""
    login(server, login_name)
    incoming = Model.get('qlvb.incoming')(incoming_id)
    wizard = Wizard('qlvb.incoming.direct', [incoming])
    wizard.form.leader = Model.get('res.user')(user_id(leader))
    wizard.form.direction = text
    line = wizard.form.lines.new()
    line.role = 'lead'
    line.department = record('qlvb.department', [('name', '=', NC)])
    line.deadline = TODAY + 5 * DAY
    wizard.execute('direct')
    incoming.reload()
    return incoming


def waiting(client, incoming_id):
    "Whether the document is in the user's 'Submitted to Me' tab"
    return incoming_id in queue(client, TO_DIRECT)[MINE]


def test_vice_chairman_directs_for_the_chairman(live_server):
    chairman = Client(live_server, 'chutich')
    vice = Client(live_server, 'phochutich')
    first = to_leader(live_server, 'chutich', "Ủy quyền: đề nghị hỗ trợ")
    # Before the delegation: not her queue, not her power.
    assert waiting(chairman, first) and not waiting(vice, first)
    with refused(live_server, vice, 'qlvb_incoming.msg_direction_no_delegation',
            leader=CHAIRMAN):
        direct_as(live_server, 'phochutich', first, "Tự chỉ đạo",
            'chutich')

    delegation = delegate(chairman, vice.user_id)
    assert vice.model(DELEGATION, 'read', [delegation],
        ['in_force', 'state']) == [
        {'id': delegation, 'in_force': True, 'state': 'given'}]
    assert waiting(vice, first) and waiting(chairman, first)
    text = "Phòng NC chủ trì tham mưu trả lời."
    incoming = direct_as(live_server, 'phochutich', first, text, 'chutich')

    # Both names on the direction, on the trail and in the statistics
    assert incoming.state == 'directed'
    assert incoming.directed_by.id == vice.user_id
    assert incoming.directed_on_behalf_of.id == chairman.user_id
    assert f"{SIGNATURE}: {text}" in incoming.direction
    steps = chairman.model('qlvb.incoming.circulation', 'search_read',
        [('incoming', '=', first), ('kind', '=', 'assign')], 0, None, None,
        ['from_user', 'on_behalf_of', 'acted_by', 'delegation'])
    assert [(s['from_user'], s['on_behalf_of'], s['acted_by'],
            s['delegation']) for s in steps] == [
        (vice.user_id, chairman.user_id, SIGNATURE, delegation)]
    assert SIGNATURE in texts(statistics(chairman, office(chairman)))
    # The duty was given for the chairman.
    giver, = {a['giver'] for a in chairman.model('qlvb.incoming.assignment',
            'search_read', [('incoming', '=', first)], 0, None, None,
            ['giver'])}
    assert giver == chairman.user_id

    # On return the chairman finds the act listed and notified.
    acts = chairman.model('qlvb.delegation.act', 'search_read',
        [('delegation', '=', delegation)], 0, None, None,
        ['scope', 'document', 'description'])
    assert acts == [{'id': acts[0]['id'], 'scope': 'direct',
            'document': f'qlvb.incoming,{first}', 'description': text}]
    labels = [n['label'] for n in chairman.model('res.notification',
            'search_read', [('model', '=', DELEGATION),
                ('user', '=', chairman.user_id)], 0, None, None, ['label'])]
    assert f"{VICE} đã xử lý thay bạn theo ủy quyền" in labels

    # After the week the power is gone (the dates are those of last week).
    query(live_server, 'UPDATE qlvb_delegation SET start_date = %s, '
        'end_date = %s WHERE id = %s RETURNING id', TODAY - 8 * DAY,
        TODAY - 2 * DAY, delegation)
    second = to_leader(live_server, 'chutich', "Ủy quyền: hết hạn")
    assert not waiting(vice, second)
    assert vice.model(DELEGATION, 'read', [delegation], ['in_force']) == [
        {'id': delegation, 'in_force': False}]
    with refused(live_server, vice, 'qlvb_incoming.msg_direction_no_delegation',
            leader=CHAIRMAN):
        direct_as(live_server, 'phochutich', second, "Hết hạn vẫn chỉ đạo",
            'chutich')


def test_revoked_early(live_server):
    chairman = Client(live_server, 'chutich')
    vice = Client(live_server, 'phochutich')
    delegation = delegate(chairman, vice.user_id)
    incoming = to_leader(live_server, 'chutich', "Ủy quyền: thu hồi sớm")
    assert waiting(vice, incoming)
    # Only the leader revokes; a given delegation is not edited.
    with refused(live_server, vice, 'qlvb_incoming.msg_delegation_not_own',
            leader=CHAIRMAN):
        vice.model(DELEGATION, 'revoke', [delegation])
    with refused(live_server, chairman, 'qlvb_incoming.msg_delegation_given',
            delegation=f"{CHAIRMAN} ủy quyền cho {VICE}"):
        chairman.model(DELEGATION, 'write', [delegation],
            {'end_date': date(TODAY + 30 * DAY)})
    chairman.model(DELEGATION, 'revoke', [delegation])
    assert not waiting(vice, incoming)
    with refused(live_server, vice, 'qlvb_incoming.msg_direction_no_delegation',
            leader=CHAIRMAN):
        direct_as(live_server, 'phochutich', incoming, "Đã bị thu hồi",
            'chutich')
    labels = [n['label'] for n in vice.model('res.notification',
            'search_read', [('model', '=', DELEGATION),
                ('user', '=', vice.user_id)], 0, None, None, ['label'])]
    assert f"{CHAIRMAN} đã thu hồi ủy quyền" in labels


def test_nobody_delegates_more_than_he_holds(live_server):
    chairman = Client(live_server, 'chutich')
    vice = Client(live_server, 'phochutich')
    assistant = Client(live_server, 'troly')
    delegation = delegate(chairman, vice.user_id)
    try:
        # The delegate does not pass the chairman's power on.
        with refused(live_server, vice,
                'qlvb_incoming.msg_delegation_not_own', leader=CHAIRMAN):
            vice.model(DELEGATION, 'create', [{'leader': chairman.user_id,
                        'delegate': assistant.user_id,
                        'start_date': date(TODAY),
                        'end_date': date(TODAY + DAY), 'direct': True}])
        # A power she does not hold: she leads the committee, not the
        # Office.
        office_company, = vice.model('company.company', 'search',
            [('party.name', '=', "Văn phòng Ủy ban nhân dân tỉnh")],
            0, None, None)
        deputy_office = user_id('phochanhvp')
        other, = vice.model(DELEGATION, 'create', [{
                    'company': office_company, 'delegate': deputy_office,
                    'start_date': date(TODAY), 'end_date': date(TODAY),
                    'direct': True}])
        with refused(live_server, vice,
                'qlvb_incoming.msg_delegation_power_lacking',
                scope="Cho ý kiến chỉ đạo văn bản",
                company="Văn phòng Ủy ban nhân dân tỉnh"):
            vice.model(DELEGATION, 'give', [other])
        vice.model(DELEGATION, 'delete', [other])
        # The delegate is a deputy or an assistant of the agency.
        specialist = user_id('chuyenvien')
        wrong, = chairman.model(DELEGATION, 'create', [{
                    'delegate': specialist, 'start_date': date(TODAY),
                    'end_date': date(TODAY), 'direct': True}])
        with refused(live_server, chairman,
                'qlvb_incoming.msg_delegation_delegate_invalid',
                delegate="Bùi Thị Hạnh",
                company="Ủy ban nhân dân tỉnh Bình Thuận"):
            chairman.model(DELEGATION, 'give', [wrong])
        chairman.model(DELEGATION, 'delete', [wrong])
        # An assistant holds no power to delegate.
        with refused(live_server, assistant, 'ir.msg_access_rule_error',
                model=ModelName(DELEGATION)):
            assistant.model(DELEGATION, 'create', [{
                        'delegate': vice.user_id, 'start_date': date(TODAY),
                        'end_date': date(TODAY), 'direct': True}])
    finally:
        chairman.model(DELEGATION, 'revoke', [delegation])


def test_assistant_directs_only_for_the_leaders_he_serves(live_server):
    vice = Client(live_server, 'phochutich')
    assistant = Client(live_server, 'troly')
    incoming = to_leader(live_server, 'phochutich', "Ủy quyền: trợ lý")
    # The demo assistant serves the chairman, not the vice-chairman.
    assert not waiting(assistant, incoming)
    with refused(live_server, assistant,
            'qlvb_incoming.msg_direction_no_delegation', leader=VICE):
        direct_as(live_server, 'troly', incoming, "Trợ lý tự chỉ đạo",
            'phochutich')
    # With her delegation he may, and the direction says so.
    delegation = delegate(vice, assistant.user_id)
    try:
        assert waiting(assistant, incoming)
        document = direct_as(live_server, 'troly', incoming,
            "Phòng NC xử lý.", 'phochutich')
        assert (f"Trợ lý {ASSISTANT} (ủy quyền của Phó Chủ tịch {VICE}): "
            "Phòng NC xử lý.") in document.direction
    finally:
        vice.model(DELEGATION, 'revoke', [delegation])
    # For the chairman he serves, no delegation is needed.
    served = to_leader(live_server, 'chutich', "Ủy quyền: trợ lý giúp việc")
    assert waiting(assistant, served)
    document = direct_as(live_server, 'troly', served, "Giao Phòng NC.",
        'chutich')
    assert document.directed_on_behalf_of.id == user_id('chutich')
    # Nor does he direct in his own name: he is no leader.
    other = to_leader(live_server, 'chutich', "Ủy quyền: trợ lý tự ký")
    with refused(live_server, assistant,
            'qlvb_incoming.msg_direction_leader_required', leader=ASSISTANT):
        direct_as(live_server, 'troly', other, "Tự chỉ đạo", 'troly')


def draft_for_approval(server, subject):
    "A draft of the Office the chairman signs, at the approval step"
    login(server, 'chuyenvien')
    outgoing = Model.get('qlvb.outgoing')(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', 'QĐ')]),
        drafting_department=record('qlvb.department', [('name', '=', NC)]),
        register=record('qlvb.outgoing.register',
            [('name', '=', "Sổ văn bản đi của UBND tỉnh")]),
        signer=record('res.user', [('login', '=', 'chutich')]),
        signer_authority='TM.', signer_title="Chủ tịch",
        main_file=blank_pdf(text="du thao"), main_filename='du-thao.pdf')
    outgoing.save()
    for user, button in [('chuyenvien', 'to_review'),
            ('truongphong', 'to_format_check'), ('vanthu', 'to_approval')]:
        login(server, user)
        Model.get('qlvb.outgoing')(outgoing.id).click(button)
    return outgoing.id


def test_vice_chairman_approves_for_the_chairman(live_server):
    chairman = Client(live_server, 'chutich')
    vice = Client(live_server, 'phochutich')
    draft = draft_for_approval(live_server, "Ủy quyền: dự thảo quyết định")
    mine = [('state', '=', 'approval'), ('waiting_for_my_approval', '=', True)]
    assert draft not in vice.model('qlvb.outgoing', 'search', mine,
        0, None, None)
    rec_name, = [r['rec_name'] for r in vice.model('qlvb.outgoing', 'read',
            [draft], ['rec_name'])]
    # Directing is not approving: the scope is the leader's choice.
    delegation = delegate(chairman, vice.user_id)
    with refused(live_server, vice, 'qlvb_outgoing.msg_outgoing_not_signer',
            document=rec_name, signer=CHAIRMAN):
        vice.model('qlvb.outgoing', 'approve', [draft])
    chairman.model(DELEGATION, 'revoke', [delegation])
    delegation = delegate(chairman, vice.user_id, direct=False, approve=True)
    try:
        assert draft in vice.model('qlvb.outgoing', 'search', mine,
            0, None, None)
        vice.model('qlvb.outgoing', 'approve', [draft])
        assert chairman.model('qlvb.outgoing', 'read', [draft],
            ['state', 'signer', 'approved_by']) == [{'id': draft,
                'state': 'approved', 'signer': chairman.user_id,
                'approved_by': vice.user_id}]
        acts = chairman.model('qlvb.delegation.act', 'search_read',
            [('delegation', '=', delegation)], 0, None, None,
            ['scope', 'document', 'description'])
        assert [(a['scope'], a['document'], a['description'])
            for a in acts] == [('approve', f'qlvb.outgoing,{draft}',
                f"Đã duyệt: {SIGNATURE}")]
    finally:
        chairman.model(DELEGATION, 'revoke', [delegation])
