"""Signing keys stay the signer's: the passphrase of a certificate is given
by the signer at each act, through JSON-RPC as the web client does, and is
found nowhere in the database afterwards; nobody signs for the signer."""
import json

import psycopg
import pytest
from proteus import Model

from qlvb_demo.pki import PASSPHRASE, blank_pdf
from qlvb_demo.tools import record

from .access_facts import walk_to_approval
from .rpc import Client, refused

pytestmark = pytest.mark.postgresql
WRONG = 'sai mật khẩu 987'


def login(server, user):
    return server.proteus(user)


@pytest.fixture(scope='module')
def approved(live_server):
    "An outgoing document approved by its signer, the chairman"
    return approved_document(live_server, "Quyết định về công tác ký số",
        'quyet-dinh-ky-so.pdf')


def approved_document(server, subject, filename):
    "An outgoing document of the Office walked to the chairman's approval"
    login(server, 'chuyenvien')
    Outgoing = Model.get('qlvb.outgoing')
    outgoing = Outgoing(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', 'QĐ')]),
        drafting_department=record('qlvb.department', [('name', '=',
                    "Phòng Nội chính - Kiểm soát thủ tục hành chính")]),
        register=record('qlvb.outgoing.register',
            [('name', '=', "Sổ văn bản đi của UBND tỉnh")]),
        signer=record('res.user', [('login', '=', 'chutich')]),
        signer_authority='TM.', signer_title="Chủ tịch",
        main_file=blank_pdf(text=filename), main_filename=filename)
    outgoing.save()
    return walk_to_approval(server, outgoing.id)


class Act:
    "The signing wizard driven as the web client drives it"

    def __init__(self, client, outgoing, wizard='qlvb.outgoing.sign'):
        self.client, self.wizard = client, wizard
        self.context = dict(client.context, active_model='qlvb.outgoing',
            active_id=outgoing, active_ids=[outgoing])
        self.session = None

    def call(self, method, *args):
        return self.client._post(
            f'wizard.{self.wizard}.{method}', [*args, self.context])

    def open(self):
        self.session, _, _ = self.call('create')
        return self.call('execute', self.session, {}, 'start')['view']

    def sign(self, passphrase, confirm=True):
        return self.call('execute', self.session, {'start': {
                    'passphrase': passphrase, 'confirm': confirm}}, 'sign')

    def close(self):
        self.call('delete', self.session)


def connect(server):
    import os
    uri = os.environ['TRYTOND_DATABASE_URI'].rstrip('/')
    return psycopg.connect(f'{uri}/{server.database}', autocommit=True)


def places(server, text):
    """(table, column) of every text or bytea column of the database
    holding text, as written or JSON-escaped (wizard sessions)"""
    forms = {text, json.dumps(text)[1:-1]}
    found = []
    with connect(server) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type "
            "FROM information_schema.columns "
            "WHERE data_type IN ('character varying', 'text', 'bytea') "
            "AND table_schema = 'public' "
            "AND table_name IN (SELECT table_name "
            "FROM information_schema.tables "
            "WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE')").fetchall()
        for table, column, kind in columns:
            for form in forms:
                if kind == 'bytea':
                    condition = f'position(%s::bytea in "{column}") > 0'
                    value = form.encode('utf-8')
                else:
                    condition = f'position(%s in "{column}") > 0'
                    value = form
                row = conn.execute(
                    f'SELECT 1 FROM "{table}" WHERE {condition} LIMIT 1',
                    [value]).fetchone()
                if row:
                    found.append((table, column))
    return found


def test_leader_signs_and_the_passphrase_is_nowhere(live_server, approved):
    leader = Client(live_server, 'chutich')
    act = Act(leader, approved)
    view = act.open()
    # What is signed: the document, its file, the signer's certificate.
    assert "Quyết định về công tác ký số" in view['defaults']['documents']
    assert 'quyet-dinh-ky-so.pdf' in view['defaults']['documents']
    assert view['defaults']['certificate'] == "Nguyễn Văn An"
    # A wrong passphrase: refused, nothing written.
    with refused(live_server, leader,
            'qlvb_signature.msg_signing_bad_passphrase'):
        act.sign(WRONG)
    state, = leader.model('qlvb.outgoing', 'read', [approved],
        ['state', 'signed_file_id'])
    assert (state['state'], state['signed_file_id']) == ('approved', None)
    # Not confirmed: refused.
    with refused(live_server, leader,
            'qlvb_outgoing.msg_outgoing_sign_not_confirmed'):
        act.sign(PASSPHRASE, confirm=False)
    # Between the steps the session of the wizard holds no passphrase.
    assert places(live_server, WRONG) == []
    act.sign(PASSPHRASE)
    act.close()
    outgoing, = leader.model('qlvb.outgoing', 'read', [approved],
        ['state', 'signature_state'])
    assert (outgoing['state'], outgoing['signature_state']) == (
        'signed', 'valid')

    # The scan finds what is stored (the signer's name) ...
    assert places(live_server, "Nguyễn Văn An")
    # ... and not the passphrases: not in the certificates, not in the
    # wizard sessions, not anywhere.
    assert places(live_server, PASSPHRASE) == []
    assert places(live_server, WRONG) == []
    with connect(live_server) as conn:
        assert not conn.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'qlvb_signing_certificate' "
            "AND column_name = 'passphrase'").fetchone()


def test_administrator_cannot_sign_as_the_leader(live_server):
    outgoing_id = approved_document(live_server,
        "Công văn về chữ ký số của lãnh đạo", 'cong-van.pdf')
    admin = Client(live_server, 'admin')
    act = Act(admin, outgoing_id)
    with refused(live_server, admin, 'qlvb_outgoing.msg_outgoing_not_signer',
            signer="Nguyễn Văn An"):
        act.open()
    # Nor by sending the signing step directly.
    act.session, _, _ = act.call('create')
    with refused(live_server, admin, 'qlvb_outgoing.msg_outgoing_not_signer',
            signer="Nguyễn Văn An"):
        act.sign(PASSPHRASE)
    state, = admin.model('qlvb.outgoing', 'read', [outgoing_id], ['state'])
    assert state['state'] == 'approved'
    # The administrator has no certificate to sign with.
    assert not admin.model('qlvb.signing.certificate', 'search',
        [('user.login', '=', 'admin')], 0, None, None)


def test_clerk_seals_with_the_organisation_passphrase(live_server, approved):
    leader = Client(live_server, 'chutich')
    state, = leader.model('qlvb.outgoing', 'read', [approved], ['state'])
    if state['state'] == 'approved':
        act = Act(leader, approved)
        act.open()
        act.sign(PASSPHRASE)
        act.close()
    clerk = Client(live_server, 'vanthu')
    clerk.give_number(approved)
    act = Act(clerk, approved, 'qlvb.outgoing.seal')
    view = act.open()
    reference, = clerk.model('qlvb.outgoing', 'read', [approved],
        ['reference'])
    assert reference['reference'] in view['defaults']['documents']
    with refused(live_server, clerk,
            'qlvb_signature.msg_signing_bad_passphrase'):
        act.sign(WRONG)
    act.sign(PASSPHRASE)
    act.close()
    outgoing, = clerk.model('qlvb.outgoing', 'read', [approved], ['state'])
    assert outgoing['state'] == 'sealed'
    assert places(live_server, PASSPHRASE) == []
