"""Who sees which incoming document, enforced by the server: checked through
RPC (proteus over XML-RPC) as the real users of the demo."""
import datetime as dt

import pytest
from proteus import Model

from qlvb_demo.tools import (
    TODAY, direct, new_incoming, record, submit)

from .rpc import ModelName, refused

pytestmark = pytest.mark.postgresql
INCOMING = ModelName('qlvb.incoming')


def login(server, user):
    return server.proteus(user)


def user_id(login_name):
    return record('res.user', [('login', '=', login_name)]).id


def receive_and_direct(server, ordinary_subject, secret_subject,
        secret_direction="Đ/c Khoa xử lý.", references=('301/BC-BNV',
            '12/CV-BNV')):
    """An ordinary and a secret document received by the Office's clerk
    (in the general and the secret register) and directed by the
    chairman: the ordinary one to a department, the secret one to an
    official. Return the two documents."""
    login(server, 'vanthu')
    ordinary = new_incoming(ordinary_subject, reference=references[0])
    ordinary.click('register_arrival')
    secret = new_incoming(secret_subject, reference=references[1],
        confidentiality=record(
            'qlvb.confidentiality', [('code', '=', 'MAT')]),
        register=record('qlvb.incoming.register', [('secret', '=', True)]))
    secret.click('register_arrival')
    chutich = user_id('chutich')
    submit(ordinary, chutich)
    submit(secret, chutich)
    login(server, 'chutich')
    direct(Model.get('qlvb.incoming')(ordinary.id), "Phòng NC xử lý.",
        lines=[('lead', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                None, TODAY + dt.timedelta(days=10))])
    direct(Model.get('qlvb.incoming')(secret.id), secret_direction,
        lines=[('lead', None, "Lý Văn Khoa",
                TODAY + dt.timedelta(days=10))])
    return ordinary, secret


@pytest.fixture(scope='module')
def documents(live_server):
    "An ordinary and a secret document received by the Office"
    ordinary, secret = receive_and_direct(live_server,
        "Báo cáo công tác cải cách hành chính",
        "Văn bản mật về công tác cán bộ")
    return ordinary.id, secret.id


# Who handles each document and adds a note and a file to it: the
# department assigned the ordinary one, the official assigned the secret one.
HANDLERS = {'ordinary': 'chuyenvien', 'secret': 'chuyenvien2'}


@pytest.fixture(scope='module')
def notes_and_files(live_server, documents):
    """A note and an attached file (with data) on each document, added by
    the official handling it: {'ordinary'|'secret': (document id, note id,
    attachment id, note text, file name, file data)}"""
    result = {}
    for kind, document in zip(['ordinary', 'secret'], documents):
        config = login(live_server, HANDLERS[kind])
        resource = f'qlvb.incoming,{document}'
        text = f"Ghi chú nội bộ về văn bản {kind} {document}."
        name, data = f'so-lieu-{kind}.pdf', f'%PDF-1.4 {kind}'.encode()
        note, = Model.get('ir.note')._proxy.create(
            [{'resource': resource, 'message': text}], config.context)
        attachment, = Model.get('ir.attachment')._proxy.create(
            [{'resource': resource, 'name': name, 'type': 'data',
                    'data': data}], config.context)
        result[kind] = (document, note, attachment, text, name, data)
    return result


def visible(ids):
    Incoming = Model.get('qlvb.incoming')
    return {i.id for i in Incoming.find([('id', 'in', list(ids))])}


def assert_readable(config, document, note, attachment, text, name, data):
    "The handler finds, reads and exports the note and the file"
    Note = Model.get('ir.note')
    Attachment = Model.get('ir.attachment')
    resource = f'qlvb.incoming,{document}'
    assert note in {n.id for n in Note.find([('resource', '=', resource)])}
    assert attachment in {
        a.id for a in Attachment.find([('resource', '=', resource)])}
    assert Note._proxy.read([note], ['message'], config.context) == [
        {'id': note, 'message': text}]
    assert Attachment._proxy.read([attachment], ['name', 'data'],
        config.context) == [{'id': attachment, 'name': name, 'data': data}]
    assert Note._proxy.export_data([note], ['message'], {},
        config.context) == [[text]]
    assert Attachment._proxy.export_data([attachment], ['name', 'data'], {},
        config.context) == [[name, data]]


def assert_hidden(server, config, document, note, attachment):
    """A user who may not read the document finds neither its note nor
    its file, and reading them by id is refused by the document's rules"""
    Note = Model.get('ir.note')
    Attachment = Model.get('ir.attachment')
    assert visible([document]) == set()
    resource = f'qlvb.incoming,{document}'
    for Model_, record_id in [(Note, note), (Attachment, attachment)]:
        assert Model_.find([('resource', '=', resource)]) == []
        assert Model_.find([('id', '=', record_id)]) == []
    for Model_, record_id, fields_names in [
            (Note, note, ['message']),
            (Attachment, attachment, ['name']),
            (Attachment, attachment, ['data'])]:
        with refused(server, config, 'ir.msg_read_rule_error',
                ids=document, model=INCOMING):
            Model_._proxy.read([record_id], fields_names, config.context)


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
def test_other_agency_sees_nothing(live_server, documents, notes_and_files,
        login_name):
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
        with refused(live_server, config, 'ir.msg_read_rule_error',
                ids=document, model=INCOMING):
            Incoming(document).subject
        with refused(live_server, config, 'qlvb.msg_export_refused',
                model=INCOMING):
            Incoming._proxy.export_data([document], ['subject'], {},
                config.context)
    # Nor through the notes, attachments or the assignments.
    for kind in ['ordinary', 'secret']:
        document, note, attachment = notes_and_files[kind][:3]
        assert_hidden(live_server, config, document, note, attachment)
    Note = Model.get('ir.note')
    with refused(live_server, config, 'ir.msg_write_rule_error',
            ids=ordinary, model=INCOMING):
        Note._proxy.create([{'resource': f'qlvb.incoming,{ordinary}',
                    'message': "Xem trộm"}], config.context)
    Assignment = Model.get('qlvb.incoming.assignment')
    assert Assignment.find([('incoming', 'in', list(documents))]) == []


# (document, a user who may not read it; HANDLERS may)
OUTSIDERS = [
    ('ordinary', 'vanthusnv'),  # clerk of another agency
    ('secret', 'vanthusnv'),
    ('secret', 'phochanhvp'),  # a leader of the Office, not involved
    ('secret', 'chuyenvien'),  # the Office's staff, not assigned
    ]


@pytest.mark.parametrize('kind,outsider', OUTSIDERS)
def test_notes_and_files_follow_the_document(live_server, notes_and_files,
        kind, outsider):
    "Found and read by the handler; neither found nor read by an outsider"
    document, note, attachment, text, name, data = notes_and_files[kind]
    config = login(live_server, HANDLERS[kind])
    assert_readable(config, document, note, attachment, text, name, data)
    config = login(live_server, outsider)
    assert_hidden(live_server, config, document, note, attachment)


@pytest.mark.parametrize('kind,outsider', OUTSIDERS)
def test_notes_and_files_not_exported(live_server, notes_and_files, kind,
        outsider):
    document, note, attachment = notes_and_files[kind][:3]
    config = login(live_server, outsider)
    assert visible([document]) == set()
    for model, record_id, fields_names in [
            ('ir.note', note, ['message']),
            ('ir.attachment', attachment, ['name', 'data'])]:
        with refused(live_server, config, 'qlvb.msg_export_refused',
                model=ModelName(model)):
            Model.get(model)._proxy.export_data([record_id], fields_names,
                {}, config.context)


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
    config = login(live_server, 'vanthu')
    incoming = Model.get('qlvb.incoming')(ordinary)
    name = incoming.rec_name
    incoming.arrival_number = 999
    with refused(live_server, config, 'qlvb_incoming.msg_incoming_frozen',
            document=name):
        incoming.save()
    config = login(live_server, 'chuyenvien')
    assignment = record('qlvb.incoming.assignment',
        [('incoming', '=', ordinary)])
    Assignment = Model.get('qlvb.incoming.assignment')
    with refused(live_server, config,
            'qlvb_incoming.msg_assignment_actions_only'):
        Assignment._proxy.write([assignment.id], {'state': 'done'},
            config.context)


def test_discussion_follows_access(live_server, documents):
    "The chat of a document obeys record rules; secret ones have none"
    ordinary, secret = documents
    config = login(live_server, 'chuyenvien')
    Channel = Model.get('ir.chat.channel')
    resource = f'qlvb.incoming,{ordinary}'
    content = f"Đề nghị bổ sung số liệu ({ordinary})."
    Channel._proxy.post(resource, content, 'internal', config.context)
    messages = Channel._proxy.get(resource, None, None, config.context)
    assert content in [m['content'] for m in messages]
    config = login(live_server, 'vanthusnv')  # another agency
    Channel = Model.get('ir.chat.channel')  # proxies belong to a login
    with refused(live_server, config, 'qlvb.msg_chat_no_access',
            model=INCOMING):
        Channel._proxy.get(resource, None, None, config.context)
    with refused(live_server, config, 'qlvb.msg_chat_no_access',
            model=INCOMING):
        Channel._proxy.post(resource, "x", 'internal', config.context)
    config = login(live_server, 'vanthu')  # may read the secret document
    Channel = Model.get('ir.chat.channel')
    with refused(live_server, config, 'qlvb.msg_chat_secret'):
        Channel._proxy.get(f'qlvb.incoming,{secret}', None, None,
            config.context)
