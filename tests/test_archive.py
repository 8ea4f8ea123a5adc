"""Files and the archive, through JSON-RPC as the demo users: the
Office's clerk drafts the year's file list and the head of the Office
approves it; a specialist opens a file from it and files the signed
documents of a matter (the file the system proposes); the file is closed
and read-only; it is transferred to the archive, checked and accepted by
the archive's clerk, and exported as a package whose every checksum and
every signature verifies."""
import base64
import datetime as dt
import json
import time

import pytest
from proteus import Model

from qlvb_demo.pki import blank_pdf, make_pki, seal_png, signature_png
from qlvb_demo.tools import TODAY, direct, new_incoming, record, submit
from trytond.modules.qlvb_archive.package import verify_package
from trytond.modules.qlvb_signature.signing import (
    PKCS12Signer, sign_as_organisation, sign_as_signer, verify)

from .rpc import Client, ModelName, refused

pytestmark = pytest.mark.postgresql
YEAR = TODAY.year
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"


def login(server, user):
    return server.proteus(user)


def data_id(client, module, xml_id):
    return client.model('ir.model.data', 'get_id', module, xml_id)


def run_export(client, transfer):
    name = 'qlvb.archive.transfer.export'
    context = dict(client.context, active_model='qlvb.archive.transfer',
        active_id=transfer, active_ids=[transfer])
    session, _, _ = client._post(f'wizard.{name}.create', [context])
    try:
        result = client._post(f'wizard.{name}.execute',
            [session, {}, 'start', context])
    finally:
        client._post(f'wizard.{name}.delete', [session, context])
    value = result['view']['defaults']['file']
    return base64.b64decode(value['base64']) if isinstance(value, dict) \
        else value


@pytest.fixture(scope='module')
def signed(live_server):
    "A PDF signed by its signer and sealed by the organisation (test PKI)"
    pki = make_pki()
    login(live_server, 'admin')
    Model.get('qlvb.signing.root')(
        name="Test Root CA lưu trữ", certificate=pki.ca_pem).save()
    pdf = sign_as_signer(blank_pdf(text='Bao cao cai cach hanh chinh'),
        PKCS12Signer(pki.signer_p12, pki.passphrase),
        image_png=signature_png(), title='GIÁM ĐỐC', name='Lê Văn Minh')
    sealed = sign_as_organisation(pdf,
        PKCS12Signer(pki.organisation_p12, pki.passphrase),
        seal_png=seal_png())
    return {'pdf': sealed, 'roots': [pki.ca_pem]}


@pytest.fixture(scope='module')
def file_list(live_server):
    "The Office's file list of the year, drafted by its clerk"
    clerk = Client(live_server, 'vanthu')
    permanent = data_id(clerk, 'qlvb_archive', 'retention_permanent')
    nc = clerk.model('qlvb.department', 'search', [('name', '=', NC)],
        0, None, None)[0]
    cv = clerk.model('qlvb.document.type', 'search', [('code', '=', 'CV')],
        0, None, None)[0]
    existing = clerk.model('qlvb.archive.file_list', 'search',
        [('year', '=', YEAR)], 0, None, None)
    assert not existing
    list_id, = clerk.model('qlvb.archive.file_list', 'create', [{
                'year': YEAR,
                'lines': [('create', [{'kind': 'heading', 'sequence': 1,
                                'title': "I. Công tác nội chính"}])],
                }])
    heading, = clerk.model('qlvb.archive.file_list', 'read', [list_id],
        ['lines'])[0]['lines']
    clerk.model('qlvb.archive.file_list.line', 'create', [{
                'list': list_id, 'parent': heading, 'kind': 'file',
                'sequence': 2, 'number': '01', 'symbol': '01.NC',
                'title': "Hồ sơ cải cách hành chính năm " + str(YEAR),
                'retention': permanent, 'keeper_department': nc,
                'document_type': cv}])
    # Only the agency head approves
    with refused(live_server, clerk, 'ir.msg_access_button_error',
            button='approve'):
        clerk.model('qlvb.archive.file_list', 'approve', [list_id])
    head = Client(live_server, 'chanhvp')
    head.model('qlvb.archive.file_list', 'approve', [list_id])
    return {'id': list_id, 'heading': heading, 'retention': permanent,
        'head': head.user_id}


def test_file_list_approved_by_the_head(live_server, file_list):
    "Approved by the agency head, then frozen; copied to the next year"
    clerk = Client(live_server, 'vanthu')
    values, = clerk.model('qlvb.archive.file_list', 'read',
        [file_list['id']], ['state', 'approved_by', 'rec_name'])
    assert values['state'] == 'approved'
    assert values['approved_by'] == file_list['head']
    with refused(live_server, clerk, 'qlvb_archive.msg_file_list_approved',
            list=values['rec_name']):
        clerk.model('qlvb.archive.file_list.line', 'write',
            [file_list['heading']], {'title': "Sửa"})
    # Copied forward to next year, as a draft with the same lines
    clerk.model('qlvb.archive.file_list', 'copy_forward', [file_list['id']])
    new, = clerk.model('qlvb.archive.file_list', 'search',
        [('year', '=', YEAR + 1)], 0, None, None)
    values, = clerk.model('qlvb.archive.file_list', 'read', [new],
        ['year', 'state', 'lines'])
    assert (values['year'], values['state']) == (YEAR + 1, 'draft')
    lines = clerk.model('qlvb.archive.file_list.line', 'read',
        clerk.model('qlvb.archive.file_list.line', 'search',
            [('list', '=', new)], 0, None, None),
        ['title', 'symbol', 'parent'])
    assert sorted(l['symbol'] or '' for l in lines) == ['', '01.NC']
    assert [l['parent'] for l in lines if l['symbol']] == [values['lines'][0]]
    with refused(live_server, clerk, 'qlvb_archive.msg_file_list_exists',
            year=YEAR + 1):
        clerk.model('qlvb.archive.file_list', 'copy_forward',
            [file_list['id']])


@pytest.fixture(scope='module')
def matter(live_server, signed, file_list):
    """A signed report received by the Office's clerk, directed by the
    chairman to the department of internal affairs"""
    login(live_server, 'vanthu')
    incoming = new_incoming("Báo cáo cải cách hành chính quý",
        reference='115/BC-BNV', medium='electronic',
        main_file=signed['pdf'], main_filename='115-BC-BNV.pdf')
    incoming.click('register_arrival')
    chutich = record('res.user', [('login', '=', 'chutich')]).id
    submit(incoming, chutich)
    login(live_server, 'chutich')
    direct(Model.get('qlvb.incoming')(incoming.id), "Phòng NC xử lý.",
        lines=[('lead', NC, None, TODAY + dt.timedelta(days=10))])
    return incoming.id


@pytest.fixture(scope='module')
def closed_file(live_server, file_list, matter):
    """The specialist opens the file of the list, files the document the
    system proposes it for, and closes it"""
    specialist = Client(live_server, 'chuyenvien')
    line = specialist.model('qlvb.archive.file_list.line', 'search',
        [('list', '=', file_list['id']), ('symbol', '=', '01.NC')],
        0, None, None)[0]
    values, = specialist.model('qlvb.archive.file_list.line', 'read',
        [line], ['title', 'keeper_department'])
    file_id, = specialist.model('qlvb.archive.file', 'create', [{
                'list_line': line, 'year': YEAR, 'symbol': '01.NC',
                'title': values['title'],
                'retention': file_list['retention'],
                'department': values['keeper_department'],
                'keywords': "cải cách hành chính; báo cáo quý"}])
    proposed, = specialist.model('qlvb.incoming', 'read', [matter],
        ['archive_file'])
    assert proposed['archive_file'] == file_id
    specialist.model('qlvb.archive.file', 'write', [file_id],
        {'incomings': [('add', [matter])]})
    specialist.model('qlvb.archive.file', 'close', [file_id])
    return file_id


def test_closed_file(live_server, file_list, closed_file, signed):
    "Closing describes the file; a closed file is read-only"
    specialist = Client(live_server, 'chuyenvien')
    values, = specialist.model('qlvb.archive.file', 'read', [closed_file],
        ['state', 'code', 'start_date', 'end_date', 'document_count',
            'page_count', 'access_mode', 'transfer_due_date', 'rec_name'])
    identifier = specialist.model('qlvb.agency', 'read',
        specialist.model('qlvb.agency', 'search',
            [('abbreviation', '=', 'VP')], 0, 1, None),
        ['identifier'])[0]['identifier']
    assert values['state'] == 'closed'
    assert values['code'] == f'{identifier}.{YEAR}.01.NC'
    assert values['document_count'] == 1
    assert values['page_count'] == 1
    assert values['access_mode'] == 'public'
    assert values['start_date'] == values['end_date']
    with refused(live_server, specialist, 'qlvb_archive.msg_file_closed',
            file=values['rec_name']):
        specialist.model('qlvb.archive.file', 'write', [closed_file],
            {'title': "Đổi tên"})
    with refused(live_server, specialist, 'qlvb_archive.msg_file_closed',
            file=values['rec_name']):
        specialist.model('qlvb.archive.file', 'write', [closed_file],
            {'incomings': [('remove', [1])]})
    # Due for transfer within a year of closing
    due = specialist.model('qlvb.archive.file', 'search', [
            ('state', '=', 'closed'),
            ('transfer_due_date', '<=', TODAY.replace(year=YEAR + 1))],
        0, None, None)
    assert closed_file in due


def test_transfer_and_export(live_server, closed_file, signed, matter):
    """The unit transfers the file; the archive's clerk returns a file only
    with a reason, accepts it, and exports a package that verifies"""
    specialist = Client(live_server, 'chuyenvien')
    transfer, = specialist.model('qlvb.archive.transfer', 'create', [{
                'lines': [('create', [{'file': closed_file}])]}])
    specialist.model('qlvb.archive.transfer', 'submit', [transfer])
    line, = specialist.model('qlvb.archive.transfer', 'read', [transfer],
        ['lines'])[0]['lines']
    # Only the archive's clerk checks
    with refused(live_server, specialist, 'ir.msg_access_button_error',
            button='accept'):
        specialist.model('qlvb.archive.transfer.line', 'accept', [line])
    archivist = Client(live_server, 'vanthu')
    file_name = archivist.model('qlvb.archive.file', 'read', [closed_file],
        ['rec_name'])[0]['rec_name']
    with refused(live_server, archivist,
            'qlvb_archive.msg_transfer_return_reason', file=file_name):
        archivist.model('qlvb.archive.transfer.line', 'return_', [line])
    archivist.model('qlvb.archive.transfer.line', 'accept', [line])
    values, = archivist.model('qlvb.archive.transfer', 'read', [transfer],
        ['state'])
    assert values['state'] == 'done'
    assert archivist.model('qlvb.archive.file', 'read', [closed_file],
        ['state'])[0]['state'] == 'archived'

    # The unit does not export
    with refused(live_server, specialist, 'ir.msg_access_wizard_error',
            wizard='qlvb.archive.transfer.export'):
        run_export(specialist, transfer)
    entries = verify_package(run_export(archivist, transfer))
    index = json.loads(entries['transfer.json'])
    code, = [f['file_code'] for f in index['files']]
    metadata = json.loads(entries[f'{code}/file.json'])
    assert metadata['retention'] == 'Vĩnh viễn'
    assert metadata['document_count'] == 1
    assert metadata['keywords'] == "cải cách hành chính; báo cáo quý"
    document = json.loads(entries[f'{code}/001.json'])
    assert document['code_number'] == '115'
    assert document['code_notation'] == 'BC-BNV'
    assert document['subject'] == "Báo cáo cải cách hành chính quý"
    assert document['format'] == 'application/pdf'
    assert document['document_identifier'] == f'{code}.0000001'
    # The original, unchanged: its signatures still verify
    pdf = entries[f'{code}/001.pdf']
    assert pdf == signed['pdf']
    result = verify(pdf, signed['roots'])
    assert result.signer_count == 2
    assert result.all_trusted and not result.tampered


def test_secret_document_in_a_file(live_server):
    """A secret document filed by the clerk: the unit's specialist sees
    the file but not the document's line nor its metadata, and may not file
    it himself; the closed file is of restricted access"""
    login(live_server, 'vanthu')
    secret = new_incoming("Văn bản mật về công tác cán bộ lưu hồ sơ",
        # Unique on the shared server: another test registers a 31/CV-BNV.
        reference=f'{time.time_ns() // 1000 % 10 ** 7}/CV-BNV-MAT',
        confidentiality=record('qlvb.confidentiality', [('code', '=', 'MAT')]),
        register=record('qlvb.incoming.register', [('secret', '=', True)]))
    secret.click('register_arrival')
    clerk = Client(live_server, 'vanthu')
    nc = clerk.model('qlvb.department', 'search', [('name', '=', NC)],
        0, None, None)[0]
    file_id, = clerk.model('qlvb.archive.file', 'create', [{
                'year': YEAR, 'symbol': '09.NC', 'title': "Hồ sơ cán bộ",
                'retention': data_id(clerk, 'qlvb_archive', 'retention_70y'),
                'department': nc}])
    specialist = Client(live_server, 'chuyenvien')
    with refused(live_server, specialist,
            'qlvb_archive.msg_file_document_denied'):
        specialist.model('qlvb.archive.file', 'write', [file_id],
            {'incomings': [('add', [secret.id])]})
    clerk.model('qlvb.archive.file', 'write', [file_id],
        {'incomings': [('add', [secret.id])]})
    def filed(client):
        return client.model('qlvb.archive.file', 'read', [file_id],
            ['incomings'])[0]['incomings']
    assert filed(clerk) == [secret.id]
    assert filed(specialist) == []
    with refused(live_server, specialist, 'ir.msg_read_rule_error',
            model=ModelName('qlvb.incoming'), ids=secret.id):
        specialist.model('qlvb.incoming', 'read', [secret.id], ['subject'])
    assert specialist.model('qlvb.archive.file', 'search',
        [('incomings.subject', 'ilike', '%cán bộ lưu hồ sơ%')],
        0, None, None) == []
    clerk.model('qlvb.archive.file', 'close', [file_id])
    assert clerk.model('qlvb.archive.file', 'read', [file_id],
        ['access_mode'])[0]['access_mode'] == 'restricted'


def binary(data):
    "Bytes as the web client sends them over JSON-RPC"
    return {'__class__': 'bytes',
        'base64': base64.b64encode(data).decode()}


def test_draft_filed_with_versions_and_attachments(live_server,
        file_list):
    """The specialist files the draft she is writing: its earlier
    versions and its attachment are part of the file, counted when it is
    closed (each version a document, their pages in the file's pages) and
    packed unchanged beside it when the transfer is exported"""
    specialist = Client(live_server, 'chuyenvien')
    clerk = Client(live_server, 'vanthu')
    first, second = blank_pdf(text='Du thao lan 1'), blank_pdf(
        pages=2, text='Du thao lan 2')
    appendix = blank_pdf(pages=3, text='Phu luc')
    nc, = clerk.model('qlvb.department', 'search', [('name', '=', NC)],
        0, None, None)
    qd, = clerk.model('qlvb.document.type', 'search', [('code', '=', 'QĐ')],
        0, None, None)
    draft, = specialist.model('qlvb.outgoing', 'create', [{
                'subject': "Dự thảo quyết định lưu hồ sơ",
                'document_type': qd, 'drafting_department': nc,
                'main_file': binary(first),
                'main_filename': 'du-thao-1.pdf'}])
    specialist.model('qlvb.outgoing', 'write', [draft], {
            'main_file': binary(second), 'main_filename': 'du-thao-2.pdf'})
    specialist.model('ir.attachment', 'create', [{
                'resource': f'qlvb.outgoing,{draft}', 'type': 'data',
                'name': 'phu-luc.pdf', 'data': binary(appendix)}])
    file_id, = clerk.model('qlvb.archive.file', 'create', [{
                'year': YEAR, 'symbol': f'{time.time_ns() % 10 ** 6}.NC',
                'title': "Hồ sơ dự thảo quyết định",
                'retention': file_list['retention'], 'department': nc,
                'responsible': specialist.context['employee']}])
    specialist.model('qlvb.archive.file', 'write', [file_id],
        {'outgoings': [('add', [draft])]})
    specialist.model('qlvb.archive.file', 'close', [file_id])
    # The draft and its first version; 2 + 1 + 3 pages
    assert specialist.model('qlvb.archive.file', 'read', [file_id],
        ['document_count', 'page_count']) == [{'id': file_id,
            'document_count': 2, 'page_count': 6}]

    transfer, = specialist.model('qlvb.archive.transfer', 'create', [{
                'lines': [('create', [{'file': file_id}])]}])
    specialist.model('qlvb.archive.transfer', 'submit', [transfer])
    line, = specialist.model('qlvb.archive.transfer', 'read', [transfer],
        ['lines'])[0]['lines']
    clerk.model('qlvb.archive.transfer.line', 'accept', [line])
    entries = verify_package(run_export(clerk, transfer))
    code, = [f['file_code'] for f in json.loads(
            entries['transfer.json'])['files']]
    assert entries[f'{code}/001.pdf'] == second
    assert entries[f'{code}/001-v01.pdf'] == first
    assert entries[f'{code}/001-a01.pdf'] == appendix
    document = json.loads(entries[f'{code}/001.json'])
    assert [(p['kind'], p['number'], p['original_filename'], p['file'],
            p['page_count']) for p in document['parts']] == [
        ('version', 1, 'du-thao-1.pdf', '001-v01.pdf', 1),
        ('attachment', 1, 'phu-luc.pdf', '001-a01.pdf', 3)]
    assert json.loads(entries[f'{code}/file.json'])['document_count'] == 2
