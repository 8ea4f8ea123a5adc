"""History of access to secret documents (Circular 01/2019/TT-BNV): opening,
downloading and exporting a secret document leave a row nobody changes,
listed by the secret register's clerk and the agency's head only; checked
through JSON-RPC as the real users of the demo."""
import datetime as dt
import time

import pytest

from .rpc import Client, ModelName, refused
from .test_access_incoming import receive_and_direct

pytestmark = pytest.mark.postgresql
LOG = 'qlvb.access.log'


def history(client, document):
    "{id: row} of the access history of the incoming document"
    rows = client.model(LOG, 'search_read',
        [('document', '=', f'qlvb.incoming,{document}')], 0, None, None,
        ['user.login', 'kind', 'document_name', 'file_name', 'date'])
    return {r['id']: r for r in rows}


def access(client, document, attachment):
    "Open the document, download its file, export it"
    client.model('qlvb.incoming', 'read', [document],
        ['subject', 'reference', 'state'])
    file, = client.model('ir.attachment', 'read', [attachment],
        ['name', 'data'])
    assert file['data']
    client.model('qlvb.incoming', 'export_data', [document],
        ['subject', 'reference'], {})


@pytest.fixture(scope='module')
def documents(live_server):
    "An ordinary and a secret document received and directed by the Office"
    ordinary, secret = receive_and_direct(live_server,
        "Báo cáo tình hình kinh tế - xã hội tháng",
        "Văn bản mật về quy hoạch cán bộ",
        references=('415/BC-BNV', '31/CV-BNV'))
    return ordinary.id, secret.id


@pytest.fixture(scope='module')
def accessed(live_server, documents):
    "The chairman opens, downloads and exports both documents"
    ordinary, secret = documents
    # A file on each document, attached by the official handling it.
    attachments = {}
    for document, handler in zip(documents, ['chuyenvien', 'chuyenvien2']):
        attachments[document], = Client(live_server, handler).model(
            'ir.attachment', 'create', [{
                    'resource': f'qlvb.incoming,{document}',
                    'name': f'tai-lieu-{document}.pdf', 'type': 'data',
                    'data': {'__class__': 'bytes', 'base64': 'JVBERi0xLjQ='},
                    }])
    clerk = Client(live_server, 'vanthu')
    before = {d: set(history(clerk, d)) for d in documents}
    # The same opening within seconds is logged once: the fixture's own
    # reads (the leader directing the documents) are older than that.
    time.sleep(6)
    leader = Client(live_server, 'chutich')
    for document in documents:
        access(leader, document, attachments[document])
    return {d: {i: r for i, r in history(clerk, d).items()
            if i not in before[d]} for d in documents}


def test_secret_document_access_logged(live_server, documents, accessed):
    ordinary, secret = documents
    rows = accessed[secret]
    assert sorted((r['user.']['login'], r['kind']) for r in rows.values()) \
        == [('chutich', 'download'), ('chutich', 'export'),
            ('chutich', 'open')]
    name, = {r['document_name'] for r in rows.values()}
    assert name
    files = {r['kind']: r['file_name'] for r in rows.values()}
    assert files['download'] == f'tai-lieu-{secret}.pdf'
    # The agency's head lists it too.
    head = Client(live_server, 'chanhvp')
    assert set(rows) <= set(history(head, secret))


def test_ordinary_document_not_logged(live_server, documents, accessed):
    ordinary, secret = documents
    assert accessed[ordinary] == {}


def test_history_not_changed(live_server, documents, accessed):
    ordinary, secret = documents
    row = min(accessed[secret])
    admin = Client(live_server, 'admin')
    with refused(live_server, admin, 'qlvb.msg_access_log_readonly'):
        admin.model(LOG, 'write', [row], {'kind': 'open'})
    with refused(live_server, admin, 'qlvb.msg_access_log_readonly'):
        admin.model(LOG, 'delete', [row])
    now = dt.datetime.now()
    with refused(live_server, admin, 'qlvb.msg_access_log_readonly'):
        admin.model(LOG, 'create', [{'kind': 'open', 'user': 1,
                    'document': f'qlvb.incoming,{ordinary}',
                    'company': admin.context['company'],
                    'date': {'__class__': 'datetime', 'year': now.year,
                        'month': now.month, 'day': now.day, 'hour': 0,
                        'minute': 0, 'second': 0, 'microsecond': 0}}])
    clerk = Client(live_server, 'vanthu')
    with refused(live_server, clerk, 'ir.msg_access_rule_error',
            model=ModelName(LOG)):
        clerk.model(LOG, 'delete', [row])
    assert row in history(clerk, secret)


@pytest.mark.parametrize('login', ['chuyenvien', 'truongphong'])
def test_staff_cannot_list(live_server, accessed, login):
    staff = Client(live_server, login)
    with refused(live_server, staff, 'ir.msg_access_rule_error',
            model=ModelName(LOG)):
        staff.model(LOG, 'search', [], 0, None, None)


@pytest.mark.parametrize('login', ['phochanhvp', 'vanthusnv'])
def test_other_leaders_and_clerks_see_nothing(live_server, accessed, login):
    "A deputy of the Office, the clerk of another agency"
    client = Client(live_server, login)
    assert client.model(LOG, 'search', [], 0, None, None) == []


def test_printing_logged(live_server, documents, accessed):
    """Printing the secret register, or a statistics detail that lists the
    secret document, is an export of it: logged for the user who printed;
    an ordinary document printed is not"""
    from .test_access_reports import office, register_print, statistics
    ordinary, secret = documents
    clerk = Client(live_server, 'vanthu')
    register, = clerk.model('qlvb.incoming', 'read', [secret],
        ['register'])
    before = {d: set(history(clerk, d)) for d in documents}
    book = register_print(clerk, register['register'])
    assert any('quy hoạch cán bộ' in str(c) for row in
        book.worksheets[0].iter_rows(values_only=True) for c in row)
    leader = Client(live_server, 'chutich')
    statistics(leader, office(leader))
    new = {d: [(r['user.']['login'], r['kind'])
            for i, r in sorted(history(clerk, d).items())
            if i not in before[d]] for d in documents}
    assert new == {secret: [('vanthu', 'export'), ('chutich', 'export')],
        ordinary: []}
