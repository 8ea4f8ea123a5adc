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

from qlvb_demo.pki import (
    PASSPHRASE, blank_pdf, certificate_authority, signature_png)
from qlvb_demo.tools import TODAY, click, new_incoming, record, submit

from .rpc import Client, ModelName, query, refused
from .test_access_reports import office, statistics, texts
from .test_duty_integrity import DAY, NC, login
from .test_routing_correction import date, queue

pytestmark = pytest.mark.postgresql
CHAIRMAN = "Nguyễn Văn An"
VICE = "Phạm Thị Bình"
ASSISTANT = "Ngô Thị Lan"
UNIT_HEAD = "Hoàng Minh Đức"
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


def acts_of(client, delegation):
    "(scope, document, description) of the acts under the delegation"
    return [(a['scope'], a['document'], a['description'])
        for a in client.model('qlvb.delegation.act', 'search_read',
            [('delegation', '=', delegation)], 0, None, None,
            ['scope', 'document', 'description'])]


def draft_for_approval(server, subject, signer='chutich', authority='TM.',
        title="Chủ tịch", register="Sổ văn bản đi của UBND tỉnh",
        type_='QĐ'):
    "A draft of the Office the signer (the chairman) signs, to approve"
    login(server, 'chuyenvien')
    outgoing = Model.get('qlvb.outgoing')(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', type_)]),
        drafting_department=record('qlvb.department', [('name', '=', NC)]),
        register=record('qlvb.outgoing.register',
            [('name', '=', register)]),
        signer=record('res.user', [('login', '=', signer)]),
        signer_authority=authority, signer_title=title,
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
        assert acts_of(chairman, delegation) == [
            ('approve', f'qlvb.outgoing,{draft}',
                f"Đã duyệt: {SIGNATURE}")]
    finally:
        chairman.model(DELEGATION, 'revoke', [delegation])


def test_vice_chairman_signs_for_the_chairman(live_server):
    """KT.: the chairman gives his deputy the power to sign; she signs his
    approved draft with her own certificate, the signature reads "KT. CHỦ
    TỊCH / PHÓ CHỦ TỊCH / her name" and both names stay on the document.
    Without the signing scope she may not sign; KT. is a deputy's form,
    TUQ. a unit head's, and who fits neither is refused the power."""
    from .test_access_signing import Act
    chairman = Client(live_server, 'chutich')
    vice = Client(live_server, 'phochutich')
    draft = draft_for_approval(live_server, "Ủy quyền: ký thay quyết định")
    chairman.model('qlvb.outgoing', 'approve', [draft])
    rec_name, = [r['rec_name'] for r in vice.model('qlvb.outgoing', 'read',
            [draft], ['rec_name'])]

    # Directing and approving for him is not signing for him.
    delegation = delegate(chairman, vice.user_id, approve=True)
    with refused(live_server, vice,
            'qlvb_outgoing.msg_outgoing_sign_not_delegated',
            document=rec_name, signer=CHAIRMAN):
        Act(vice, draft).open()
    chairman.model(DELEGATION, 'revoke', [delegation])

    # The signing form must fit the delegate.
    assistant = user_id('troly')
    for to, form, name in [(assistant, 'KT.', ASSISTANT),
            (vice.user_id, 'TUQ.', VICE)]:
        wrong, = chairman.model(DELEGATION, 'create', [{
                    'delegate': to, 'start_date': date(TODAY),
                    'end_date': date(TODAY), 'direct': False,
                    'sign': True, 'signing_form': form}])
        with refused(live_server, chairman,
                'qlvb_outgoing.msg_delegation_sign_delegate',
                delegate=name, form=form):
            chairman.model(DELEGATION, 'give', [wrong])
        chairman.model(DELEGATION, 'delete', [wrong])

    to_sign = 'qlvb_outgoing.act_outgoing_to_sign'
    assert draft not in queue(vice, to_sign)[None]
    delegation = delegate(chairman, vice.user_id, direct=False, sign=True,
        signing_form='KT.')
    try:
        # His draft to sign is in her queue while the delegation is in force
        assert draft in queue(vice, to_sign)[None]
        act = Act(vice, draft)
        view = act.open()
        # Her own certificate, not his
        assert view['defaults']['certificate'] == VICE
        act.sign(PASSPHRASE)
        act.close()
        values, = chairman.model('qlvb.outgoing', 'read', [draft],
            ['state', 'signer', 'signed_by', 'signed_as',
                'signing_delegation', 'signature_state',
                'signature_details'])
        assert (values['state'], values['signer'], values['signed_by'],
            values['signing_delegation'], values['signature_state']) == (
            'signed', chairman.user_id, vice.user_id, delegation, 'valid')
        assert values['signed_as'] == f"KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / {VICE}"
        assert VICE in values['signature_details']
        assert CHAIRMAN not in values['signature_details']
        # The recipients' copy names who signed and how
        clerk = Client(live_server, 'vanthu')
        snv, = clerk.model('qlvb.agency', 'search',
            [('abbreviation', '=', 'SNV')], 0, None, None)
        clerk.model('qlvb.outgoing', 'write', [draft],
            {'internal_recipients': [('add', [snv])]})
        for button in ['give_number', 'sign_organisation', 'issue']:
            login(live_server, 'vanthu')
            click(draft, button)
        copy, = query(live_server, 'SELECT i.signer_name, i.signer_position '
            'FROM qlvb_outgoing_dispatch d JOIN qlvb_incoming i '
            'ON i.id = d.incoming WHERE d.outgoing = %s', draft)
        assert copy == (VICE, "KT. Phó Chủ tịch")
        assert acts_of(chairman, delegation) == [
            ('sign', f'qlvb.outgoing,{draft}',
                f"Đã ký KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / {VICE}: {SIGNATURE}")]
    finally:
        chairman.model(DELEGATION, 'revoke', [delegation])


def test_unit_head_signs_by_authorisation(live_server):
    """TUQ.: the head of the Office authorises the head of one of its
    units; a deputy is not a unit head (he signs KT.), and the chairman's
    deputy does not give away the chairman's signature"""
    from .test_access_signing import Act
    head = Client(live_server, 'chanhvp')
    vice = Client(live_server, 'phochutich')
    unit = Client(live_server, 'truongphong')
    # The unit head's own certificate, from his provider
    login(live_server, 'admin')
    ca_pem, issue = certificate_authority("CA thử nghiệm TUQ")
    Model.get('qlvb.signing.root')(name="CA thử nghiệm TUQ",
        certificate=ca_pem).save()
    Model.get('qlvb.signing.certificate')(kind='personal',
        user=Model.get('res.user')(unit.user_id),
        pkcs12=issue(UNIT_HEAD), passphrase=PASSPHRASE,
        image=signature_png()).save()
    draft = draft_for_approval(live_server,
        "Ủy quyền: thông báo thừa ủy quyền", signer='chanhvp',
        authority=None, title="Chánh Văn phòng",
        register="Sổ văn bản đi của Văn phòng", type_='TB')
    head.model('qlvb.outgoing', 'approve', [draft])
    delegation = delegate(head, unit.user_id, direct=False, sign=True,
        signing_form='TUQ.')
    try:
        act = Act(unit, draft)
        assert act.open()['defaults']['certificate'] == UNIT_HEAD
        act.sign(PASSPHRASE)
        act.close()
        values, = head.model('qlvb.outgoing', 'read', [draft],
            ['state', 'signer', 'signed_by', 'signed_as'])
        assert values == {'id': draft, 'state': 'signed',
            'signer': head.user_id, 'signed_by': unit.user_id,
            'signed_as': "TUQ. CHÁNH VĂN PHÒNG / TRƯỞNG PHÒNG / "
            f"{UNIT_HEAD}"}
    finally:
        head.model(DELEGATION, 'revoke', [delegation])
    wrong, = head.model(DELEGATION, 'create', [{
                'delegate': user_id('phochanhvp'), 'start_date': date(TODAY),
                'end_date': date(TODAY), 'direct': False, 'sign': True,
                'signing_form': 'TUQ.'}])
    with refused(live_server, head,
            'qlvb_outgoing.msg_delegation_sign_delegate',
            delegate="Võ Thị Dung", form='TUQ.'):
        head.model(DELEGATION, 'give', [wrong])
    head.model(DELEGATION, 'delete', [wrong])
    # A deputy holds no signature of her own to delegate
    other, = vice.model(DELEGATION, 'create', [{
                'delegate': user_id('troly'), 'start_date': date(TODAY),
                'end_date': date(TODAY), 'direct': False, 'sign': True,
                'signing_form': 'KT.'}])
    with refused(live_server, vice,
            'qlvb_outgoing.msg_delegation_sign_not_head', leader=VICE):
        vice.model(DELEGATION, 'give', [other])
    vice.model(DELEGATION, 'delete', [other])
