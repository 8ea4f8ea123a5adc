"""Control characters typed or pasted into text: refused with the
translated message of qlvb (never PostgreSQL's internal error about NUL),
and a title starting with a tab or a line break is stored without it.
Through JSON-RPC as the web client calls it (XML-RPC cannot even carry a
NUL)."""
import datetime as dt

import pytest
from proteus import config as pconfig

from qlvb_demo import setup_inspection_demo
from qlvb_demo.tools import TODAY, new_incoming
from trytond.modules.kiem_tra_cong_vu.tests.tools import (
    LAND_DEPARTMENT, running_inspection)

from .rpc import Client, refused

pytestmark = pytest.mark.postgresql
REFUSED = 'qlvb.msg_text_control_character'


def login(server, user):
    return server.proteus(user)


@pytest.fixture(scope='module')
def records(live_server):
    "An incoming document, a task and an inspection finding to write on"
    login(live_server, 'vanthu')
    incoming = new_incoming("Công văn về cải cách hành chính",
        reference='71/CV-BNV')
    login(live_server, 'admin')
    setup_inspection_demo(pconfig.get_config())
    login(live_server, 'chuyenvien')
    inspection = running_inspection("Kiểm tra ký tự điều khiển",
        LAND_DEPARTMENT, [('procedures', "Hồ sơ trễ hạn.")])
    office = Client(live_server, 'chuyenvien')
    agency, = office.model('qlvb.agency', 'search', [
            ('abbreviation', '=', 'SNV'), ('level', '!=', 'district')],
        0, 1, None)
    task, = office.model('qlvb.task', 'create', [{
                'name': "Rà soát thủ tục hành chính",
                'lead_agency': agency,
                'assignment_date': TODAY,
                'deadline': TODAY + dt.timedelta(days=20),
                }])
    return {'incoming': incoming.id, 'task': task,
        'finding': inspection.findings[0].id}


@pytest.mark.parametrize('login_name,model,key,field', [
        ('vanthu', 'qlvb.incoming', 'incoming', 'subject'),
        ('chuyenvien', 'qlvb.task', 'task', 'name'),
        ('chuyenvien', 'inspection.finding', 'finding', 'description'),
        ])
def test_nul_refused_on_write(live_server, records, login_name, model, key,
        field):
    "A NUL pasted in the text is refused with the message, nothing saved"
    client = Client(live_server, login_name)
    record = records[key]
    before, = client.model(model, 'read', [record], [field])
    with refused(live_server, client, REFUSED):
        client.model(model, 'write', [record], {field: 'Nội dung\x00 dán'})
    with refused(live_server, client, REFUSED):
        client.model(model, 'write', [record], {field: 'Chuông\x07'})
    after, = client.model(model, 'read', [record], [field])
    assert after[field] == before[field]


def test_nul_refused_on_create(live_server, records):
    "An incoming document and a note created with a NUL are refused"
    client = Client(live_server, 'vanthu')
    values, = client.model('qlvb.incoming', 'read', [records['incoming']],
        ['company', 'issuer', 'document_type', 'arrival_date', 'medium'])
    del values['id']
    with refused(live_server, client, REFUSED):
        client.model('qlvb.incoming', 'create', [
                dict(values, subject="Trích yếu\x00")])
    with refused(live_server, client, REFUSED):
        client.model('ir.note', 'create', [{
                    'resource': f"qlvb.incoming,{records['incoming']}",
                    'message': "Ghi chú\x00"}])


def test_title_starting_with_whitespace(live_server, records):
    "A subject pasted with a leading tab or line break is stored without"
    client = Client(live_server, 'vanthu')
    client.model('qlvb.incoming', 'write', [records['incoming']],
        {'subject': "\t\r\nCông văn về cải cách hành chính\n"})
    incoming, = client.model('qlvb.incoming', 'read', [records['incoming']],
        ['subject', 'rec_name'])
    assert incoming['subject'] == "Công văn về cải cách hành chính"
    client.model('qlvb.incoming', 'write', [records['incoming']],
        {'subject': "Dòng một\n\tdòng hai"})  # inside: kept as typed
    incoming, = client.model('qlvb.incoming', 'read', [records['incoming']],
        ['subject'])
    assert incoming['subject'] == "Dòng một\n\tdòng hai"
