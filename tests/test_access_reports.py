"""Reports and side doors obey the access policy: the statistics and the
register wizards (their steps run with access checks off) and searches
through a relation, driven through JSON-RPC as the real users of the demo."""
import base64
import datetime as dt
import io

import openpyxl
import pytest

from qlvb_demo.tools import TODAY

from .rpc import Client, query, refused
from .test_access_incoming import receive_and_direct

pytestmark = pytest.mark.postgresql

SECRET = "Văn bản mật về quy hoạch nhân sự lãnh đạo"
ORDINARY = "Báo cáo tình hình thu chi ngân sách quý"
DIRECTION = "Đ/c Khoa nghiên cứu, tham mưu kín."


@pytest.fixture(scope='module')
def documents(live_server):
    "An ordinary and a secret document received and directed in the Office"
    ordinary, secret = receive_and_direct(live_server, ORDINARY, SECRET,
        DIRECTION, references=('88/BC-BNV', '07/CV-BNV'))
    return {'ordinary': ordinary.id, 'secret': secret.id,
        'general_register': ordinary.register.id,
        'secret_register': secret.register.id}


def run_wizard(client, name, data, state='export'):
    "Run the wizard over JSON-RPC; return the XLSX file of its result"
    session, _, _ = client(f'wizard.{name}.create')
    try:
        result = client(f'wizard.{name}.execute', session, data, state)
    finally:
        client(f'wizard.{name}.delete', session)
    value = result['view']['defaults']['file']
    if isinstance(value, dict):  # JSON-RPC bytes
        value = base64.b64decode(value['base64'])
    return openpyxl.load_workbook(io.BytesIO(value), read_only=True)


def texts(book):
    "Every text of every sheet, joined"
    return '\n'.join(str(cell) for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None)


def statistics(client, agency, report='incoming'):
    return run_wizard(client, 'qlvb.statistics', {'start': {
                'report': report, 'preset': 'custom',
                'date_from': TODAY - dt.timedelta(days=20),
                'date_to': TODAY + dt.timedelta(days=20),
                'agency': agency, 'department': None,
                'document_type': None, 'urgency': None, 'issuer': None,
                }})


def office(client):
    agency, = client.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'VP')], 0, None, None)
    return agency


def received(book):
    "The figure 'received' of the agency-wide line of the summary"
    sheet = book.worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    return rows[-1][2]


@pytest.mark.parametrize('login_name,sees', [
        ('phochanhvp', False),  # a leader of the Office, not involved
        ('vanthu', True),  # clerk of the secret register
        ('chutich', True),  # directed it
        ])
def test_statistics_follow_the_rules(live_server, documents, login_name,
        sees):
    client = Client(live_server, login_name)
    book = statistics(client, office(client))
    content = texts(book)
    assert ORDINARY in content
    assert (SECRET in content) == sees
    assert (DIRECTION in content) == sees


def test_statistics_summary_counts_what_is_readable(live_server, documents):
    """The summary of a non-involved leader does not count the secret
    documents: the clerk of the secret register counts them all"""
    involved = Client(live_server, 'vanthu')
    outsider = Client(live_server, 'phochanhvp')
    agency = office(involved)
    # Root duties of the Office's secret documents in the period, counted
    # in the database (other tests of this server may have added some).
    (secret_duties,), = query(live_server,
        'SELECT COUNT(*) FROM qlvb_incoming_assignment a '
        'JOIN qlvb_incoming i ON i.id = a.incoming '
        'JOIN qlvb_confidentiality c ON c.id = i.confidentiality '
        'JOIN qlvb_agency g ON g.company = i.company '
        "WHERE a.parent IS NULL AND a.state != 'cancelled' AND c.secret "
        "AND i.state NOT IN ('rejected', 'cancelled') AND g.id = %s "
        'AND i.arrival_date BETWEEN %s AND %s', agency,
        TODAY - dt.timedelta(days=20), TODAY + dt.timedelta(days=20))
    assert secret_duties >= 1
    assert received(statistics(outsider, agency)) == received(
        statistics(involved, agency)) - secret_duties


def register_print(client, register, kind='arrival'):
    return run_wizard(client, 'qlvb.incoming.register.print', {'start': {
                'kind': kind, 'register': register,
                'outgoing_register': None,
                'date_from': TODAY - dt.timedelta(days=20),
                'date_to': TODAY + dt.timedelta(days=20),
                }})


@pytest.mark.parametrize('kind', ['arrival', 'tracking'])
def test_register_of_another_agency_refused(live_server, documents, kind):
    other = Client(live_server, 'vanthusnv')
    for key in ['general_register', 'secret_register']:
        with refused(live_server, other,
                'qlvb_statistics.msg_register_not_readable'):
            register_print(other, documents[key], kind)


def test_outgoing_register_of_another_agency_refused(live_server,
        documents):
    vanthu = Client(live_server, 'vanthu')
    registers = vanthu.model('qlvb.outgoing.register', 'search', [],
        0, None, None)
    assert registers
    other = Client(live_server, 'vanthusnv')
    with refused(live_server, other,
            'qlvb_statistics.msg_register_not_readable'):
        run_wizard(other, 'qlvb.incoming.register.print', {'start': {
                    'kind': 'outgoing', 'register': None,
                    'outgoing_register': registers[0],
                    'date_from': TODAY - dt.timedelta(days=20),
                    'date_to': TODAY + dt.timedelta(days=20),
                    }})


def test_secret_register_printed_by_its_clerks(live_server, documents):
    "The secret register is printed by its clerks only, in full"
    clerk = Client(live_server, 'vanthu')
    assert SECRET in texts(register_print(clerk,
            documents['secret_register']))
    for login_name in ['phochanhvp', 'chutich']:
        # chutich directs the secret document, yet it is not his book
        leader = Client(live_server, login_name)
        with refused(live_server, leader,
                'qlvb_statistics.msg_register_not_readable'):
            register_print(leader, documents['secret_register'])
    leader = Client(live_server, 'phochanhvp')
    assert ORDINARY in texts(register_print(leader,
            documents['general_register']))


def search(client, model, domain):
    found = client.model(model, 'search', domain, 0, None, None)
    count = client.model(model, 'search_count', domain, 0, None)
    assert len(found) == count
    return found


@pytest.mark.parametrize('login_name,sees', [
        ('phochanhvp', False),  # a leader of the Office, not involved
        ('vanthusnv', False),  # another agency
        ('chutich', True),
        ('vanthu', True),
        ])
def test_search_files_through_a_relation(live_server, documents,
        login_name, sees):
    "A processing file found by a subject only by who may read it"
    client = Client(live_server, login_name)
    files = search(client, 'qlvb.processing.file',
        [('incomings.subject', 'ilike', f'%{SECRET}%')])
    assert bool(files) == sees
    files = search(client, 'qlvb.processing.file',
        [('incomings', 'where', [('subject', 'ilike', f'%{SECRET}%')])])
    assert bool(files) == sees


@pytest.mark.parametrize('login_name,sees', [
        ('phochanhvp', False),
        ('chuyenvien', False),  # the Office's staff, not assigned
        ('chutich', True),
        ('chuyenvien2', True),  # personally assigned
        ])
def test_search_through_a_relation(live_server, documents, login_name,
        sees):
    "A relation search confirms a subject only to who may read it"
    client = Client(live_server, login_name)
    found = search(client, 'qlvb.incoming.assignment',
        [('incoming.subject', 'ilike', f'%{SECRET}%')])
    assert bool(found) == sees
    if not sees:
        assert search(client, 'qlvb.incoming.circulation',
            [('incoming.subject', 'ilike', f'%{SECRET}%')]) == []
