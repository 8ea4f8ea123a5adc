"""Outgoing documents as their users meet them (issue 14, item 8): a
document hand-signed on paper is numbered, its scan recorded and issued;
the clerk sends an update of an issued document from the form; the
outgoing report gives the deadline, completion and timeliness of what a
document answers. Through proteus over XML-RPC and JSON-RPC as the demo
users."""
import datetime as dt

import pytest
from proteus import Model, Wizard
from proteus import config as pconfig

from qlvb_demo.pki import blank_pdf
from qlvb_demo.tools import (
    TODAY, direct, give_number, new_incoming, record, submit)

from .access_facts import walk_to_approval
from .rpc import Client, refused
from .test_access_reports import statistics
from .test_access_signing import Act, login
from .test_duty_integrity import directed, run_complete

pytestmark = pytest.mark.postgresql
DAY = dt.timedelta(days=1)
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"
SCAN = blank_pdf(text="ban-giay-da-ky-dong-dau")


def approved(server, subject, mode='digital', recipients=(), reply_to=()):
    "An outgoing document of the Office walked to the chairman's approval"
    login(server, 'chuyenvien')
    values = {}
    if recipients:
        values['internal_recipients'] = [record('qlvb.agency',
                [('abbreviation', '=', a)]) for a in recipients]
    if reply_to:
        values['reply_to'] = [Model.get('qlvb.incoming')(i)
            for i in reply_to]
    outgoing = Model.get('qlvb.outgoing')(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
        drafting_department=record('qlvb.department', [('name', '=', NC)]),
        register=record('qlvb.outgoing.register',
            [('name', '=', "Sổ văn bản đi của UBND tỉnh")]),
        signer=record('res.user', [('login', '=', 'chutich')]),
        signer_title="Chủ tịch", signature_mode=mode,
        main_file=blank_pdf(text="du-thao"), main_filename='du-thao.pdf',
        **values)
    outgoing.save()
    return walk_to_approval(server, outgoing.id)


def numbered(server, subject, **values):
    outgoing_id = approved(server, subject, **values)
    login(server, 'vanthu')
    give_number(outgoing_id)
    return Model.get('qlvb.outgoing')(outgoing_id)


@pytest.fixture(scope='module')
def issued(live_server):
    "A document hand-signed on paper, issued to Sở Nội vụ"
    outgoing_id = approved(live_server, "Công văn ký tay gửi Sở Nội vụ",
        'manual', recipients=['SNV'])
    # The signer signs on paper: the digital act is refused.
    leader = Client(live_server, 'chutich')
    with refused(live_server, leader,
            'qlvb_outgoing.msg_outgoing_hand_signed_mode'):
        Act(leader, outgoing_id).open()
    # The clerk numbers it, then records the scan of the signed paper.
    login(live_server, 'vanthu')
    Outgoing = Model.get('qlvb.outgoing')
    give_number(outgoing_id)
    wizard = Wizard('qlvb.outgoing.hand_signature', [Outgoing(outgoing_id)])
    wizard.form.scan = SCAN
    wizard.form.filename = 'ban-quet.pdf'
    wizard.execute('record')
    outgoing = Outgoing(outgoing_id)
    assert (outgoing.state, outgoing.signature_state) == ('sealed', 'manual')
    assert "Nguyễn Văn An" in outgoing.signature_details
    assert bytes(outgoing.main_file) == SCAN
    outgoing.click('issue')
    return outgoing.id


def test_hand_signed_document_is_issued(live_server, issued):
    login(live_server, 'vanthu')
    outgoing = Model.get('qlvb.outgoing')(issued)
    assert outgoing.state == 'issued'
    assert bytes(outgoing.signed_file) == SCAN
    # Sở Nội vụ receives the scan, verified as what it is: not signed.
    login(live_server, 'vanthusnv')
    copy = record('qlvb.incoming', [('reference', '=', outgoing.reference)])
    assert bytes(copy.main_file) == SCAN
    assert copy.signature_state == 'unsigned'


def test_digital_document_is_not_recorded_as_hand_signed(live_server):
    outgoing = numbered(live_server, "Công văn ký số cấp số trước")
    with refused(live_server, pconfig.get_config(),
            'qlvb_outgoing.msg_outgoing_not_hand_signed'):
        Wizard('qlvb.outgoing.hand_signature', [outgoing])
    outgoing.reload()
    assert (outgoing.state, outgoing.signature_state) == ('numbered', None)


def test_clerk_sends_an_update_from_the_form(live_server, issued):
    clerk = Client(live_server, 'vanthu')
    view = clerk.model('qlvb.outgoing', 'fields_view_get', None, 'form')
    assert 'name="send_update"' in view['arch']
    login(live_server, 'vanthu')
    wizard = Wizard('qlvb.outgoing.update',
        [Model.get('qlvb.outgoing')(issued)])
    wizard.form.reason = "Bổ sung nơi nhận"
    wizard.execute('apply')
    reference = Model.get('qlvb.outgoing')(issued).reference
    login(live_server, 'vanthusnv')
    copy = record('qlvb.incoming', [('reference', '=', reference)])
    assert [(s.kind, s.note) for s in copy.trail if s.kind == 'update'] == [
        ('update', "Bổ sung nơi nhận")]


def test_outgoing_report_gives_timeliness_of_what_it_answers(live_server):
    # A duty of NC due in five days, completed today with a reply.
    duty_id = directed(live_server, "Đề nghị báo cáo kết quả rà soát",
        '811/CV-BNV', TODAY - 3 * DAY,
        [('lead', NC, None, TODAY + 5 * DAY)])[NC, 'lead']
    incoming = Model.get('qlvb.incoming.assignment')(duty_id).incoming
    reply = numbered(live_server, "Báo cáo kết quả rà soát",
        reply_to=[incoming.id])
    run_complete(Client(live_server, 'truongphong'), duty_id,
        result_note=None, result_outgoing=reply.id)
    # A request whose reply was due two days ago, answered today.
    login(live_server, 'vanthu')
    request = new_incoming("Đề nghị cung cấp số liệu",
        reference='812/CV-BNV', arrival_date=TODAY - 6 * DAY,
        due_date=TODAY - 2 * DAY)
    request.click('register_arrival')
    submit(request, record('res.user', [('login', '=', 'chutich')]).id)
    login(live_server, 'chutich')
    direct(Model.get('qlvb.incoming')(request.id), "Giao xử lý.",
        lines=[('lead', NC, None, None)])
    late = numbered(live_server, "Cung cấp số liệu", reply_to=[request.id])
    plain = numbered(live_server, "Thông báo không trả lời văn bản nào")

    leader = Client(live_server, 'chanhvp')
    agency, = leader.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'VP')], 0, None, None)
    book = statistics(leader, agency, report='outgoing')
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Đơn vị soạn thảo")
    assert list(header[-3:]) == ["Hạn xử lý", "Ngày hoàn thành",
        "Tình trạng"]
    by_reference = {r[2]: r[-3:] for r in rows if r[0] == NC}

    def day(value):
        return value.date() if value else None
    found = {o.reference: (day(d), day(c), t) for o, (d, c, t) in [
            (o, by_reference[o.reference]) for o in [reply, late, plain]]}
    assert found == {
        reply.reference: (TODAY + 5 * DAY, TODAY, "Hoàn thành đúng hạn"),
        late.reference: (TODAY - 2 * DAY, TODAY, "Hoàn thành quá hạn"),
        plain.reference: (None, None, None),
        }
