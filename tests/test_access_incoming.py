"""Who sees which incoming document, enforced by the server: checked through
RPC (proteus over XML-RPC) as the real users of the demo."""
import datetime as dt

import pytest
from proteus import Model
from proteus import config as pconfig

from qlvb_demo.tools import (
    TODAY, direct, new_incoming, record, submit)

pytestmark = pytest.mark.postgresql
REFUSED = 'không có quyền|không được'


def login(server, user):
    return pconfig.set_xmlrpc(server.rpc_url(user))


def user_id(login_name):
    return record('res.user', [('login', '=', login_name)]).id


@pytest.fixture(scope='module')
def documents(live_server):
    "An ordinary and a secret document received by the Office"
    login(live_server, 'vanthu')
    ordinary = new_incoming("Báo cáo công tác cải cách hành chính",
        reference='301/BC-BNV')
    ordinary.click('register_arrival')
    secret = new_incoming("Văn bản mật về công tác cán bộ",
        reference='12/CV-BNV', confidentiality=record(
            'qlvb.confidentiality', [('code', '=', 'MAT')]),
        register=record('qlvb.incoming.register', [('secret', '=', True)]))
    secret.click('register_arrival')
    chutich = user_id('chutich')
    submit(ordinary, chutich)
    submit(secret, chutich)
    login(live_server, 'chutich')
    direct(Model.get('qlvb.incoming')(ordinary.id), "Phòng NC xử lý.",
        lines=[('lead', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                None, TODAY + dt.timedelta(days=10))])
    direct(Model.get('qlvb.incoming')(secret.id), "Đ/c Khoa xử lý.",
        lines=[('lead', None, "Lý Văn Khoa",
                TODAY + dt.timedelta(days=10))])
    return ordinary.id, secret.id


def visible(ids):
    Incoming = Model.get('qlvb.incoming')
    return {i.id for i in Incoming.find([('id', 'in', list(ids))])}


def test_clerk_and_leaders_see_the_agency(live_server, documents):
    ordinary, secret = documents
    login(live_server, 'vanthu')  # clerk of the secret register
    assert visible(documents) == {ordinary, secret}
    login(live_server, 'chutich')  # the directing leader
    assert visible(documents) == {ordinary, secret}
    login(live_server, 'phochanhvp')  # a leader, not involved
    assert visible(documents) == {ordinary}


def test_department_staff_see_what_reaches_them(live_server, documents):
    ordinary, secret = documents
    login(live_server, 'chuyenvien')  # in the department assigned
    assert visible(documents) == {ordinary}
    login(live_server, 'chuyenvien2')  # personally assigned the secret one
    assert visible(documents) == {ordinary, secret}
    login(live_server, 'truongphongvx')  # another department
    assert visible(documents) == set()


@pytest.mark.parametrize('login_name', ['vanthusnv', 'giamdocsnv'])
def test_other_agency_sees_nothing(live_server, documents, login_name):
    ordinary, secret = documents
    config = login(live_server, login_name)
    Incoming = Model.get('qlvb.incoming')
    # By search, by count, by id, by export. (The director of home
    # affairs leads the inspection team: documents of an inspected
    # department of another agency may be readable to her, not these.)
    office = record('qlvb.agency', [('abbreviation', '=', 'VP')]).company
    assert Incoming.find([('company', '=', office.id)]) == []
    assert visible(documents) == set()
    for document in documents:
        with pytest.raises(Exception, match=REFUSED):
            Incoming(document).subject
        with pytest.raises(Exception, match=REFUSED):
            Incoming._proxy.export_data([document], ['subject'], {},
                config.context)
    # Nor through the notes, attachments or the assignments.
    Attachment = Model.get('ir.attachment')
    Note = Model.get('ir.note')
    resource = f'qlvb.incoming,{ordinary}'
    assert Attachment.find([('resource', '=', resource)]) == []
    assert Note.find([('resource', '=', resource)]) == []
    with pytest.raises(Exception, match=REFUSED):
        Note._proxy.create([{'resource': resource, 'message': "Xem trộm"}],
            config.context)
    Assignment = Model.get('qlvb.incoming.assignment')
    assert Assignment.find([('incoming', 'in', list(documents))]) == []


def test_involved_user_adds_a_note(live_server, documents):
    ordinary, _ = documents
    config = login(live_server, 'chuyenvien')
    Note = Model.get('ir.note')
    note_id, = Note._proxy.create([{
                'resource': f'qlvb.incoming,{ordinary}',
                'message': "Đã liên hệ Bộ Nội vụ."}], config.context)
    assert Note(note_id).message == "Đã liên hệ Bộ Nội vụ."
    login(live_server, 'vanthusnv')
    assert Model.get('ir.note').find([('id', '=', note_id)]) == []


def test_no_direct_tampering(live_server, documents):
    "Numbers, states and assignments change only through the actions"
    ordinary, _ = documents
    login(live_server, 'vanthu')
    incoming = Model.get('qlvb.incoming')(ordinary)
    incoming.arrival_number = 999
    with pytest.raises(Exception, match='chỉ thay đổi qua'):
        incoming.save()
    login(live_server, 'chuyenvien')
    assignment = record('qlvb.incoming.assignment',
        [('incoming', '=', ordinary)])
    Assignment = Model.get('qlvb.incoming.assignment')
    config = pconfig.get_config()
    with pytest.raises(Exception, match='chỉ thay đổi qua'):
        Assignment._proxy.write([assignment.id], {'state': 'done'},
            config.context)


def test_discussion_follows_access(live_server, documents):
    "The chat of a document obeys record rules; secret ones have none"
    ordinary, secret = documents
    config = login(live_server, 'chuyenvien')
    Channel = Model.get('ir.chat.channel')
    resource = f'qlvb.incoming,{ordinary}'
    Channel._proxy.post(resource, "Đề nghị bổ sung số liệu.", 'internal',
        config.context)
    messages = Channel._proxy.get(resource, None, None, config.context)
    assert [m['content'] for m in messages] == ["Đề nghị bổ sung số liệu."]
    config = login(live_server, 'vanthusnv')  # another agency
    Channel = Model.get('ir.chat.channel')  # proxies belong to a login
    with pytest.raises(Exception, match=REFUSED):
        Channel._proxy.get(resource, None, None, config.context)
    with pytest.raises(Exception, match=REFUSED):
        Channel._proxy.post(resource, "x", 'internal', config.context)
    config = login(live_server, 'vanthu')  # may read the secret document
    Channel = Model.get('ir.chat.channel')
    with pytest.raises(Exception, match='không thể trao đổi'):
        Channel._proxy.get(f'qlvb.incoming,{secret}', None, None,
            config.context)
