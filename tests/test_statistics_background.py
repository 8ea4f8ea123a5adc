"""Statistics of a long period are built in the background and wait for
their user in "Bảng thống kê đã lập", where nobody else finds them.
Through JSON-RPC as the demo users; the live server has no queue worker,
so the job runs right after the request (the production stack's test runs
it in trytond-worker)."""
import base64
import datetime as dt
import io

import openpyxl
import pytest

from qlvb_demo.tools import TODAY

from .rpc import Client, refused
from .test_access_reports import office, received

pytestmark = pytest.mark.postgresql
EXPORT = 'qlvb.statistics.export'
DAY = dt.timedelta(days=1)
# More than a quarter: built in the background
LONG = (TODAY - 200 * DAY, TODAY + 20 * DAY)


def ask(client, agency, period=LONG):
    "Run the statistics wizard for period; return the state it ends on"
    session, _, _ = client('wizard.qlvb.statistics.create')
    try:
        result = client('wizard.qlvb.statistics.execute', session, {
                'start': {'report': 'incoming', 'preset': 'custom',
                    'date_from': period[0], 'date_to': period[1],
                    'agency': agency, 'department': None,
                    'document_type': None, 'urgency': None,
                    'issuer': None}}, 'export')
    finally:
        client('wizard.qlvb.statistics.delete', session)
    return result['view']['state'], result['view']['defaults']


def opened(value):
    "The workbook of a Binary value read through JSON-RPC"
    if isinstance(value, dict):
        value = base64.b64decode(value['base64'])
    return openpyxl.load_workbook(io.BytesIO(value), read_only=True)


def workbook(client, export):
    value, = client.model(EXPORT, 'read', [export], ['file'])
    return opened(value['file'])


def test_long_period_waits_for_its_user(live_server):
    chief = Client(live_server, 'chanhvp')
    agency = office(chief)
    before = set(chief.model(EXPORT, 'search', [], 0, None, None))
    state, defaults = ask(chief, agency)
    assert state == 'queued'
    assert defaults['filename'].endswith(
        f'{LONG[0]:%Y%m%d}-{LONG[1]:%Y%m%d}.xlsx')
    export, = set(chief.model(EXPORT, 'search', [], 0, None, None)) - before
    row, = chief.model(EXPORT, 'read', [export],
        ['state', 'filename', 'user'])
    assert (row['state'], row['user']) == ('done', chief.user_id)
    # The same figures as the wizard gives at once for the parts of the
    # period (received documents add up over disjoint periods).
    parts = [(LONG[0], LONG[0] + 90 * DAY),
        (LONG[0] + 91 * DAY, LONG[0] + 180 * DAY),
        (LONG[0] + 181 * DAY, LONG[1])]
    figures = []
    for part in parts:
        client = Client(live_server, 'chanhvp')
        figures.append(received(statistics_for(client, agency, part)))
    assert received(workbook(chief, export)) == sum(figures)
    notes = chief.model('res.notification', 'search_read',
        [('user', '=', chief.user_id)], 0, None, [('id', 'DESC')],
        ['label', 'description'])
    assert {'label': "Bảng thống kê của bạn đã lập xong.",
        'description': row['filename']} in [
        {'label': n['label'], 'description': n['description']}
        for n in notes]

    # Nobody else finds it, reads it, exports it or changes it
    other = Client(live_server, 'phochanhvp')
    assert export not in other.model(EXPORT, 'search', [], 0, None, None)
    with refused(live_server, other, 'ir.msg_read_rule_error'):
        other.model(EXPORT, 'read', [export], ['filename'])
    with refused(live_server, chief, 'ir.msg_access_rule_error'):
        chief.model(EXPORT, 'write', [export], {'state': 'failed'})
    with refused(live_server, chief, 'ir.msg_access_rule_error'):
        chief.model(EXPORT, 'create', [{'user': chief.user_id,
                    'state': 'done'}])


def statistics_for(client, agency, period):
    "The workbook the wizard gives at once for a quarter or less"
    state, defaults = ask(client, agency, period)
    assert state == 'result'
    return opened(defaults['file'])


def test_refused_at_once_not_in_the_background(live_server):
    "A unit's head cannot ask for another agency: refused, nothing queued"
    outsider = Client(live_server, 'vanthusnv')
    before = outsider.model(EXPORT, 'search', [], 0, None, None)
    with refused(live_server, outsider,
            'qlvb_statistics.msg_statistics_agency_denied',
            agency=outsider.model('qlvb.agency', 'read',
                [office(outsider)], ['rec_name'])[0]['rec_name']):
        ask(outsider, office(outsider))
    assert outsider.model(EXPORT, 'search', [], 0, None, None) == before

