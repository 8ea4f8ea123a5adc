"""Registering an electronic incoming document verifies its signatures:
real PAdES signatures of the test PKI, then mutated. A damaged signature
is reported, never an internal error; a document type that requires the
organisation's signature reports its absence; a doubtful document is
registered only once the clerk accepts the warning, which stays on the
document. Through JSON-RPC as the web client calls it."""
import re

import pytest
from proteus import Model

from qlvb_demo.pki import blank_pdf, make_pki, seal_png, signature_png
from qlvb_demo.tools import new_incoming
from trytond.modules.qlvb_signature.signing import (
    PKCS12Signer, sign_as_organisation, sign_as_signer)

from .rpc import Client, message_pattern

pytestmark = pytest.mark.postgresql
TEXT = 'Quyet dinh so 15 giao chi tieu'
WARNING = 'qlvb_incoming.msg_incoming_signature_warning'


def login(server, user):
    return server.proteus(user)


def signed_pdfs():
    "The signer's PDF, sealed by the organisation, and their mutations"
    pki = make_pki()
    signer = PKCS12Signer(pki.signer_p12, pki.passphrase)
    pdf = blank_pdf(text=TEXT)
    signed = sign_as_signer(pdf, signer, image_png=signature_png(),
        title='CHỦ TỊCH', name='Nguyễn Văn An')
    sealed = sign_as_organisation(signed,
        PKCS12Signer(pki.organisation_p12, pki.passphrase),
        seal_png=seal_png())
    stranger = sign_as_signer(pdf,
        PKCS12Signer(pki.untrusted_p12, pki.passphrase),
        image_png=signature_png(), title='CHỦ TỊCH', name='Người Lạ')

    def contents(data, change):
        match = re.search(rb'/Contents <([0-9a-fA-F]+)>', data)
        return (data[:match.start(1)] + change(match[1])
            + data[match.end(1):])

    def byte_range(data, value):
        match = re.search(rb'/ByteRange \[[^\]]*\]', data)
        return (data[:match.start()] + value.ljust(len(match[0]))
            + data[match.end():])
    return {
        'sealed': sealed,
        'signed': signed,  # the organisation's signature stripped
        'unsigned': pdf,
        'untrusted': stranger,
        'tampered': sealed.replace(TEXT.encode(), TEXT[:-1].encode() + b'X',
            1),
        'zeroed': contents(sealed, lambda c: b'0' * len(c)),
        'truncated': contents(sealed,
            lambda c: c[:300] + b'0' * (len(c) - 300)),
        'garbage_byte_range': byte_range(sealed, b'/ByteRange [0 x -5]'),
        }


@pytest.fixture(scope='module')
def setup(live_server):
    """The test PKI's root trusted; a document type requiring the
    organisation's signature"""
    pki = make_pki()
    login(live_server, 'admin')
    Model.get('qlvb.signing.root')(
        name="Test Root CA qlvb", certificate=pki.ca_pem).save()
    Type = Model.get('qlvb.document.type')
    sealed_type = Type(name="Quyết định (ký số của cơ quan)", code='QĐ-KS',
        organisation_signature=True)
    sealed_type.save()
    return {'pdfs': signed_pdfs(), 'type': sealed_type.id}


def receive(server, setup, name, sealed_type=True):
    "An electronic document received with the PDF `name`"
    login(server, 'vanthu')
    setup['count'] = setup.get('count', 0) + 1
    incoming = new_incoming(f"Văn bản điện tử {name}",
        reference=f"{setup['count']}/QĐ-BNV", medium='electronic',
        main_file=setup['pdfs'][name], main_filename=f'{name}.pdf')
    if sealed_type:
        incoming.document_type = Model.get('qlvb.document.type')(
            setup['type'])
        incoming.save()
    return incoming.id


def register(client, incoming):
    "Click Register; the warning (its key and text) when one is raised"
    try:
        client.model('qlvb.incoming', 'register_arrival', [incoming])
    except Exception as error:
        kind, args = error.args[0][:2]
        assert kind == 'UserWarning', error.args[0]  # no internal error
        return args[0], args[1]


def state_string(client, state):
    selection = client.model('qlvb.incoming', 'fields_get',
        ['signature_state'])['signature_state']['selection']
    return dict(selection)[state]


def read(client, incoming):
    values, = client.model('qlvb.incoming', 'read', [incoming],
        ['state', 'arrival_number', 'signature_state', 'signature_warning',
            'rec_name'])
    return values


@pytest.mark.parametrize('name,sealed_type,state', [
        ('zeroed', True, 'broken'),
        ('truncated', True, 'broken'),
        ('garbage_byte_range', True, 'broken'),
        ('tampered', True, 'tampered'),
        ('untrusted', False, 'untrusted'),
        ('unsigned', False, 'unsigned'),
        ('signed', True, 'incomplete'),  # the organisation's one stripped
        ])
def test_doubtful_signature_warns(live_server, setup, name, sealed_type,
        state):
    "The clerk is warned, registers once accepted, the warning is kept"
    incoming = receive(live_server, setup, name, sealed_type)
    client = Client(live_server, 'vanthu')
    warned = register(client, incoming)
    assert warned, "registered without a warning"
    key, text = warned
    values = read(client, incoming)
    assert (values['state'], values['arrival_number']) == ('received', None)
    pattern = message_pattern(live_server, WARNING,
        client.context['language'], document=values['rec_name'],
        state=state_string(client, state))
    assert pattern.fullmatch(text), text

    # The clerk accepts the warning, as the web client does.
    client.model('res.user.warning', 'skip', key, False)
    assert register(client, incoming) is None
    values = read(client, incoming)
    assert values['state'] == 'registered'
    assert values['arrival_number']
    assert values['signature_state'] == state
    assert values['signature_warning'].startswith(text)


def test_valid_signatures_register_silently(live_server, setup):
    "Signed and sealed by trusted certificates: no warning"
    incoming = receive(live_server, setup, 'sealed')
    client = Client(live_server, 'vanthu')
    assert register(client, incoming) is None
    values = read(client, incoming)
    assert (values['state'], values['signature_state'],
        values['signature_warning']) == ('registered', 'valid', None)


def test_one_signature_enough_without_requirement(live_server, setup):
    "A type that does not require the organisation's signature: valid"
    incoming = receive(live_server, setup, 'signed', sealed_type=False)
    client = Client(live_server, 'vanthu')
    assert register(client, incoming) is None
    assert read(client, incoming)['signature_state'] == 'valid'


def test_register_requires_organisation_signature(live_server, setup):
    "A register that requires the organisation's signature: incomplete"
    incoming = receive(live_server, setup, 'signed', sealed_type=False)
    register_id = Model.get('qlvb.incoming')(incoming).register.id
    login(live_server, 'admin')
    general = Model.get('qlvb.incoming.register')(register_id)
    general.organisation_signature = True
    general.save()
    try:
        client = Client(live_server, 'vanthu')
        key, text = register(client, incoming)
        assert state_string(client, 'incomplete') in text
        client.model('res.user.warning', 'skip', key, False)
        assert register(client, incoming) is None
        assert read(client, incoming)['signature_state'] == 'incomplete'
    finally:
        general.organisation_signature = False
        general.save()
