"""Results flow up and processing files work from the web client.

A specialist's result is offered to his unit's assignment and its head
accepts it in one action or sends it back with a reason; a reply document
numbered, signed or issued by the agency can be a duty's result, and the
server holds to the form's rule; clerks attach further documents to a
processing file. Through JSON-RPC as the demo users (proteus over XML-RPC
for the set-up)."""
import json

import pytest
from proteus import Model
from trytond.pyson import PYSONDecoder

from qlvb_demo.pki import blank_pdf
from qlvb_demo.tools import TODAY, click, direct, forward, record, submit

from .rpc import Client, ModelName, refused
from .test_access_reports import office, statistics, texts
from .test_duty_integrity import DAY, NC, read, received, run_complete

pytestmark = pytest.mark.postgresql
ASSIGNMENT = 'qlvb.incoming.assignment'
SEND_BACK = 'wizard.qlvb.incoming.assignment.send_back_result'
DRAFT_REPLY = 'wizard.qlvb.incoming.assignment.draft_reply'


def login(server, user):
    return server.proteus(user)


def directed_to_nc(server, subject, reference):
    "The incoming document and the NC department's lead assignment"
    incoming = received(server, subject, reference, TODAY - 2 * DAY)
    direct(incoming, "Giao Phòng Nội chính xử lý.",
        lines=[('lead', NC, None, TODAY + 10 * DAY)])
    duty, = Model.get(ASSIGNMENT).find([('incoming', '=', incoming.id)])
    return incoming.id, duty.id


def forwarded_to_specialist(server, subject, reference, note):
    """The incoming document, the NC department's lead assignment and the
    duty its head forwarded to the specialist Bùi Thị Hạnh"""
    incoming, unit = directed_to_nc(server, subject, reference)
    login(server, 'truongphong')
    forward(Model.get(ASSIGNMENT)(unit), [('lead', "Bùi Thị Hạnh", None)],
        note=note)
    child, = Model.get(ASSIGNMENT).find([('parent', '=', unit)])
    return incoming, unit, child.id


def notifications(client, assignment):
    "The labels and descriptions of the user's notifications on assignment"
    found = client.model('res.notification', 'search_read', [
            ('model', '=', ASSIGNMENT), ('user', '=', client.user_id)],
        0, None, None, ['label', 'description', 'records'])
    return [(n['label'], n['description']) for n in found
        if assignment in json.loads(n['records'])]


def date(value):
    return {'__class__': 'date', 'year': value.year, 'month': value.month,
        'day': value.day}


def send_back(client, assignment, reason):
    context = dict(client.context, active_id=assignment,
        active_ids=[assignment], active_model=ASSIGNMENT)
    session = client._post(f'{SEND_BACK}.create', [context])[0]
    try:
        client._post(f'{SEND_BACK}.execute',
            [session, {'start': {'reason': reason}}, 'apply', context])
    finally:
        client._post(f'{SEND_BACK}.delete', [session, context])


def test_result_flows_up_to_the_unit(live_server):
    subject = "Báo cáo tình hình tiếp công dân quý"
    incoming, unit, child = forwarded_to_specialist(live_server, subject,
        '721/CV-BNV', "Đ/c Hạnh dự thảo báo cáo.")
    specialist = Client(live_server, 'chuyenvien')
    head = Client(live_server, 'truongphong')

    run_complete(specialist, child, result_note="Dự thảo lần 1",
        result_reference='15/BC-NC')
    # Offered to the unit, the head is told; the unit is not done yet.
    unit_duty = read(head, unit, ['state', 'proposal'])
    assert (unit_duty['state'], unit_duty['proposal']) == (
        'in_progress', child)
    proposed = head.model(ASSIGNMENT, 'search', [
            ('id', '=', unit), ('proposal', '!=', None)], 0, None, None)
    assert proposed == [unit]
    assert "Kết quả do Bùi Thị Hạnh đề xuất" in [
        label for label, _ in notifications(head, unit)]
    # Only the head decides.
    with refused(live_server, specialist, 'ir.msg_access_button_error',
            button='accept_result', model=ModelName(ASSIGNMENT)):
        specialist.model(ASSIGNMENT, 'accept_result', [unit])

    # Sent back with a reason: the specialist's duty is open again and he
    # is told why.
    reason = "Bổ sung số liệu tháng cuối quý"
    with refused(live_server, head,
            'qlvb_incoming.msg_send_back_reason_required'):
        send_back(head, unit, "  ")
    send_back(head, unit, reason)
    assert read(specialist, child, ['state', 'completion_date']) == {
        'id': child, 'state': 'in_progress', 'completion_date': None}
    assert read(head, unit, ['proposal'])['proposal'] is None
    assert ("Kết quả bị trưởng đơn vị trả lại", reason) in notifications(
        specialist, child)

    # Completed again and accepted in one action: the unit completes
    # today with the specialist's result, and so does the document.
    run_complete(specialist, child, result_note="Báo cáo đã bổ sung",
        result_reference='16/BC-NC')
    head.model(ASSIGNMENT, 'accept_result', [unit])
    unit_duty = read(head, unit, ['state', 'completion_date',
            'result_reference', 'result_note', 'completed_by'])
    assert unit_duty == {'id': unit, 'state': 'done',
        'completion_date': date(TODAY), 'result_reference': '16/BC-NC',
        'result_note': "Báo cáo đã bổ sung", 'completed_by': head.user_id}
    assert head.model('qlvb.incoming', 'read', [incoming],
        ['state'])[0]['state'] == 'completed'
    # The unit's result is the result of the report.
    detail = texts(statistics(head, office(head)))
    assert '16/BC-NC' in detail
    assert '15/BC-NC' not in detail


def reply(server, subject, incoming, steps):
    """An NC reply to incoming walked through the first steps of its
    workflow (8: issued to Sở Nội vụ)"""
    login(server, 'chuyenvien')
    outgoing = Model.get('qlvb.outgoing')(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
        drafting_department=record('qlvb.department', [('name', '=', NC)]),
        register=record('qlvb.outgoing.register',
            [('name', '=', "Sổ văn bản đi của UBND tỉnh")]),
        signer=record('res.user', [('login', '=', 'chutich')]),
        signer_authority='TM.', signer_title="Chủ tịch",
        internal_recipients=[record('qlvb.agency',
                [('abbreviation', '=', 'SNV')])],
        reply_to=[Model.get('qlvb.incoming')(incoming)],
        main_file=blank_pdf(text='reply'), main_filename='reply.pdf')
    outgoing.save()
    for name, button in [('chuyenvien', 'to_review'),
            ('truongphong', 'to_format_check'),
            ('vanthu', 'to_approval'), ('chutich', 'approve'),
            ('chutich', 'sign'), ('vanthu', 'give_number'),
            ('vanthu', 'sign_organisation'), ('vanthu', 'issue')][:steps]:
        login(server, name)
        click(outgoing.id, button)
    return outgoing.id


def test_an_issued_reply_is_a_result(live_server):
    incoming, duty = directed_to_nc(live_server,
        "Đề nghị cung cấp thông tin tiếp dân", '722/CV-BNV')
    issued = reply(live_server, "Trả lời đề nghị cung cấp thông tin",
        incoming, 8)
    draft = reply(live_server, "Dự thảo trả lời chưa trình", incoming, 0)
    head = Client(live_server, 'truongphong')
    issued_reference, = [o['reference'] for o in head.model(
            'qlvb.outgoing', 'read', [issued], ['reference', 'state'])
        if o['state'] == 'issued']

    # The form offers the issued reply, never the draft.
    field = head.model('qlvb.incoming.assignment.complete.start',
        'fields_get', ['result_outgoing'])['result_outgoing']
    company = read(head, duty, ['company'])['company']
    domain = PYSONDecoder({'incoming': incoming, 'company': company}
        ).decode(field['domain'])
    offered = head.model('qlvb.outgoing', 'search',
        [domain, ('id', 'in', [issued, draft])], 0, None, None)
    assert offered == [issued]

    # What the form does not offer, the server refuses.
    with refused(live_server, head,
            'qlvb_outgoing.msg_result_outgoing_not_reply'):
        run_complete(head, duty, result_outgoing=draft)
    assert read(head, duty, ['state'])['state'] == 'assigned'
    run_complete(head, duty, result_outgoing=issued, result_note=None)
    assert read(head, duty, ['state', 'result_outgoing',
            'result_reference']) == {'id': duty, 'state': 'done',
        'result_outgoing': issued, 'result_reference': issued_reference}

    # Sở Nội vụ receives the reply; it cannot be the result of its duties.
    login(live_server, 'vanthusnv')
    copy = record('qlvb.incoming', [('reference', '=', issued_reference)])
    copy.click('register_arrival')
    submit(copy, record('res.user', [('login', '=', 'giamdocsnv')]).id)
    login(live_server, 'giamdocsnv')
    copy = Model.get('qlvb.incoming')(copy.id)
    direct(copy, "Giao phòng tham mưu.",
        lines=[('lead', "Phòng Cải cách hành chính", None, None)])
    other, = Model.get(ASSIGNMENT).find([('incoming', '=', copy.id)])
    other_head = Client(live_server, 'truongphongsnv')
    with refused(live_server, other_head,
            'qlvb_outgoing.msg_result_outgoing_not_reply'):
        run_complete(other_head, other.id, result_outgoing=issued)
    assert read(other_head, other.id, ['state'])['state'] == 'assigned'


def draft_reply(client, assignment, button=True):
    """The duty's "Draft a Reply" as the web client runs it: the button
    gives the wizard, which returns the window it opens (action, data);
    without button, the wizard called directly as a forged client would"""
    if button:
        assert client.model(ASSIGNMENT, 'draft_reply', [assignment])
    context = dict(client.context, active_id=assignment,
        active_ids=[assignment], active_model=ASSIGNMENT)
    session = client._post(f'{DRAFT_REPLY}.create', [context])[0]
    try:
        result = client._post(f'{DRAFT_REPLY}.execute',
            [session, {}, 'start', context])
    finally:
        client._post(f'{DRAFT_REPLY}.delete', [session, context])
    (action, data), = result['actions']
    return action, data


def test_duty_drafts_its_reply(live_server):
    """The specialist holding a duty drafts the reply from it: a draft of
    his unit answering the document, its subject and recipient filled in,
    opened in its form; nobody else, and not once the duty is done"""
    incoming, _, child = forwarded_to_specialist(live_server,
        "Đề nghị báo cáo công tác cải cách hành chính", '731/CV-BNV',
        "Đ/c Hạnh dự thảo văn bản trả lời.")
    specialist = Client(live_server, 'chuyenvien')
    colleague = Client(live_server, 'chuyenvien2')
    assert read(specialist, child, ['may_reply'])['may_reply'] is True

    # A colleague of the unit without the duty is refused.
    with refused(live_server, colleague, 'qlvb_outgoing.msg_reply_not_holder'):
        draft_reply(colleague, child, button=False)

    action, data = draft_reply(specialist, child)
    assert action['res_model'] == 'qlvb.outgoing'
    assert action['views'][0][1] == 'form'
    draft, = data['res_id']
    values, = specialist.model('qlvb.outgoing', 'read', [draft],
        ['state', 'drafter', 'reply_to', 'drafting_department.name',
            'subject', 'external_recipients.name'])
    assert values['state'] == 'draft'
    assert values['drafter'] == specialist.user_id
    assert values['reply_to'] == [incoming]
    assert values['drafting_department.']['name'] == NC
    assert values['subject'].startswith("Trả lời Công văn số 731/CV-BNV ngày ")
    assert values['subject'].endswith(" của Bộ Nội vụ")
    assert [a['name'] for a in values['external_recipients.']] == [
        "Bộ Nội vụ"]

    # Done: no more reply from the duty.
    run_complete(specialist, child, result_note="Đã dự thảo văn bản trả lời")
    assert read(specialist, child, ['may_reply'])['may_reply'] is False
    with refused(live_server, specialist,
            'qlvb_outgoing.msg_reply_not_holder'):
        draft_reply(specialist, child, button=False)


def test_clerk_attaches_documents_to_a_file(live_server):
    first, _ = directed_to_nc(live_server,
        "Khiếu nại về bồi thường giải phóng mặt bằng", '723/CV-BNV')
    second, _ = directed_to_nc(live_server,
        "Khiếu nại bổ sung về bồi thường", '724/CV-BNV')
    clerk = Client(live_server, 'vanthu')
    file, = [i['processing_file'] for i in clerk.model('qlvb.incoming',
            'read', [first], ['processing_file'])]
    # On the file's form: Incoming Documents, add.
    clerk.model('qlvb.processing.file', 'write', [file],
        {'incomings': [['add', [second]]]})
    assert sorted(clerk.model('qlvb.processing.file', 'read', [file],
            ['incomings'])[0]['incomings']) == sorted([first, second])
    # Someone who may not change files cannot move documents between them.
    head = Client(live_server, 'truongphong')
    with refused(live_server, head, 'ir.msg_access_rule_error',
            model=ModelName('qlvb.processing.file')):
        head.model('qlvb.incoming', 'write', [second],
            {'processing_file': None})
    assert clerk.model('qlvb.incoming', 'read', [second],
        ['processing_file'])[0]['processing_file'] == file
