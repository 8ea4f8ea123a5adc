"""Vietnamese everywhere and failed actions that leave nothing behind
(issue 15, items 5 and 7), through JSON-RPC as the demo users: messages
name fields in Vietnamese, signature times are Vietnam's, the header shows
no currency, years and arrival numbers print without a thousands
separator, codes stay out of the pickers; a registration refused for a
missing field saves nothing, a clerk deletes an unregistered draft."""
import datetime as dt
import pathlib
import re
import uuid
import xml.etree.ElementTree as ET

import pytest
from trytond.pyson import PYSONDecoder

from qlvb_demo.pki import blank_pdf, make_pki, signature_png
from qlvb_demo.tools import TODAY, new_incoming
from trytond.modules.qlvb_signature.signing import (
    PKCS12Signer, sign_as_signer)

from .rpc import Client, ModelName, refused

pytestmark = pytest.mark.postgresql
ROOT = pathlib.Path(__file__).resolve().parent.parent
INCOMING = 'qlvb.incoming'
MISSING = ("Cần nhập trước khi vào sổ: Cơ quan ban hành; Số, ký hiệu; "
    "Ngày ban hành; Loại văn bản.")


def unique(text):
    "A subject no other run of the kept server used"
    return f'{text} {uuid.uuid4().hex[:8]}'


def ref():
    "A number and symbol not received before (no duplicate warning)"
    return f'{uuid.uuid4().int % 10 ** 6}/CV-BNV'


def count(client, subject):
    return client.model(INCOMING, 'search_count', [('subject', '=', subject)])


def action_context(client, xml_id):
    "The context the web client sends from the action's tab"
    module, name = xml_id.split('.')
    action_id = client.model('ir.model.data', 'get_id', module, name)
    action, = client.model('ir.action.act_window', 'read', [action_id],
        ['pyson_context'])
    return PYSONDecoder(client.context).decode(action['pyson_context'])


def test_missing_fields_named_in_vietnamese(live_server):
    "The refusal names the missing fields as the form labels them"
    client = Client(live_server, 'vanthu')
    subject = unique("Thiếu thông tin")
    incoming, = client.model(INCOMING, 'create', [{
                'subject': subject, 'arrival_date': TODAY}])
    before, = client.model(INCOMING, 'read', [incoming],
        ['state', 'arrival_number', 'write_date', 'create_date'])
    with refused(live_server, client,
            'qlvb_incoming.msg_registration_missing') as refusal:
        client.model(INCOMING, 'register_arrival', [incoming])
    assert refusal.error.args[0][1][0] == MISSING
    after, = client.model(INCOMING, 'read', [incoming],
        ['state', 'arrival_number', 'write_date', 'create_date'])
    assert after == before
    assert (after['state'], after['arrival_number']) == ('received', None)


def test_clerk_entry_saves_no_half_record(live_server):
    """From the clerk's tabs the web client cannot save an entry lacking
    what registration needs, so clicking Register saves nothing: neither
    a new record nor a change to a saved one"""
    client = Client(live_server, 'vanthu')
    document_type, = client.model('qlvb.document.type', 'search',
        [('code', '=', 'CV')], 0, None, None)
    for xml_id in ['qlvb_incoming.act_incoming_to_register',
            'qlvb_incoming.act_incoming_agency']:
        context = dict(client.context, **action_context(client, xml_id))
        assert context['qlvb_clerk_entry'] is True
        subject = unique("Chưa đủ thông tin")
        # The web client saves a new record before it runs the button.
        with refused(live_server, client,
                'ir.msg_required_validation_record',
                field="Cơ quan ban hành", model=ModelName(INCOMING)):
            client._post(f'model.{INCOMING}.create', [[{
                        'subject': subject, 'arrival_date': TODAY,
                        'reference': '12/CV-X', 'issue_date': TODAY,
                        'document_type': document_type}],
                    context])
        assert count(client, subject) == 0

    # A saved entry (complete): clearing a needed field is refused and the
    # record keeps its values.
    live_server.proteus('vanthu')
    subject = unique("Đủ thông tin")
    reference = ref()
    incoming = new_incoming(subject, reference=reference)
    with refused(live_server, client, 'ir.msg_required_validation_record',
            field="Số, ký hiệu", model=ModelName(INCOMING)):
        client._post(f'model.{INCOMING}.write', [[incoming.id],
                {'reference': None, 'subject': subject + " (sửa)"},
                context])
    values, = client.model(INCOMING, 'read', [incoming.id],
        ['reference', 'subject', 'state'])
    assert values == {'id': incoming.id, 'reference': reference,
        'subject': subject, 'state': 'received'}


def test_required_states_in_clerk_form(live_server):
    "The form marks as required, in the clerk's tab, what registration needs"
    client = Client(live_server, 'vanthu')
    context = dict(client.context, **action_context(client,
            'qlvb_incoming.act_incoming_to_register'))
    fields = client._post(f'model.{INCOMING}.fields_get', [
            ['register', 'issuer', 'reference', 'issue_date',
                'document_type'], context])
    for name, field in fields.items():
        required = PYSONDecoder({'state': 'received', 'context': context}
            ).decode(field['states'])['required']
        assert required, name
        required = PYSONDecoder({'state': 'received',
                'context': client.context}).decode(
            field['states']).get('required')
        assert not required, name


def test_clerk_deletes_unregistered_draft(live_server):
    "A draft entry can be deleted by the clerk; a registered one cannot"
    live_server.proteus('vanthu')
    client = Client(live_server, 'vanthu')
    draft = new_incoming(unique("Nhập nhầm"), reference=ref())
    registered = new_incoming(unique("Đã vào sổ"), reference=ref())
    registered.click('register_arrival')
    registered.reload()

    client.model(INCOMING, 'delete', [draft.id])
    assert client.model(INCOMING, 'search_count',
        [('id', '=', draft.id)]) == 0

    with refused(live_server, client,
            'qlvb_incoming.msg_incoming_delete_registered',
            document=registered.rec_name):
        client.model(INCOMING, 'delete', [registered.id])
    assert client.model(INCOMING, 'search_count',
        [('id', '=', registered.id)]) == 1


def test_signature_time_in_vietnam(live_server):
    "A signature made at 23:25:20 UTC reads 06:25:20 +0700 the next day"
    pki = make_pki()
    signed = sign_as_signer(blank_pdf(text="Ky luc"),
        PKCS12Signer(pki.signer_p12, pki.passphrase),
        image_png=signature_png(), title='CHỦ TỊCH', name='Nguyễn Văn An',
        now=dt.datetime(2026, 11, 30, 23, 25, 20, tzinfo=dt.timezone.utc))
    live_server.proteus('vanthu')
    # On paper: the signatures are read without a warning to accept.
    incoming = new_incoming(unique("Văn bản ký số"), reference=ref(),
        main_file=signed, main_filename='ky.pdf')
    client = Client(live_server, 'vanthu')
    client.model(INCOMING, 'register_arrival', [incoming.id])
    values, = client.model(INCOMING, 'read', [incoming.id],
        ['signature_details'])
    # ir.lang.strftime keeps the parts of a date-time together (no-break
    # spaces).
    details = values['signature_details'].replace('\xa0', ' ')
    assert "ký lúc 01/12/2026 06:25:20 +0700" in details
    assert '+0000' not in details


@pytest.mark.parametrize('login', ['vanthu', 'chutich', 'admin'])
def test_header_without_currency(live_server, login):
    "The user's name in the client's header carries no [VND]"
    client = Client(live_server, login)
    preferences = client._post('model.res.user.get_preferences',
        [False, client.context])
    assert preferences['status_bar']
    assert '[' not in preferences['status_bar'], preferences['status_bar']


@pytest.mark.parametrize('model', [
        'qlvb.urgency', 'qlvb.confidentiality', 'qlvb.document.type'])
def test_pickers_hide_codes(live_server, model):
    "The list a picker opens shows the names, its code column hidden"
    client = Client(live_server, 'vanthu')
    view = client.model(model, 'fields_view_get', None, 'tree')
    columns = {f.get('name'): f.attrib
        for f in ET.fromstring(view['arch']).iter('field')}
    assert 'optional' not in columns['name']
    assert columns['code'].get('optional') == '1'  # hidden unless chosen
    names = [r['rec_name'] for r in client.model(model, 'search_read',
            [], 0, None, None, ['rec_name'])]
    codes = [r['code'] for r in client.model(model, 'search_read',
            [], 0, None, None, ['code'])]
    assert names and not set(names) & set(codes)


def test_years_and_numbers_without_separator():
    """Years and arrival numbers print as 2026 and 1234, never 2.026: every
    view field of them has grouping="0\""""
    pattern = re.compile(r'(^|_)year$|^arrival_number$')
    found = []
    for path in sorted(ROOT.glob('addons/*/view/*.xml')):
        for field in ET.parse(path).iter('field'):
            if pattern.search(field.get('name', '')):
                found.append((path.name, field.get('name'),
                        field.get('grouping')))
    assert len(found) >= 6
    assert [f for f in found if f[2] != '0'] == []
