"""The living demo: the month of the province's work (qlvb_demo.month)
played on a PostgreSQL database of its own, copied from the demo the live
tests use, then seen through RPC as the demo users: every one finds work
waiting, documents are in every state, the dashboards have figures in
every column; the month is played within a few minutes."""
import datetime as dt
import os
import time

import pytest
from trytond.pyson import PYSONDecoder

from qlvb_demo.flows import TODAY
from qlvb_demo.organisation import USERS

from .conftest import BIN, LiveServer, _run
from .rpc import Client, RPCError
from .test_home_page import HOME, home, opened

# Bound of the month's build (seconds): 79 s on the quiet 2-core machine,
# about 13 minutes under the load of several test runs at once.
MONTH_BOUND = 900
INCOMING_STATES = ['received', 'registered', 'submitted', 'returned',
    'directed', 'in_progress', 'completed', 'rejected', 'cancelled',
    'recalled']
OUTGOING_STATES = ['draft', 'review', 'format_check', 'approval',
    'approved', 'signed', 'numbered', 'sealed', 'issued', 'recalled',
    'cancelled']
# The queues (lists by their English name) and the tabs that are history,
# not work waiting.
QUEUES = ["To Register", "Waiting for Direction", "Returned", "To Handle",
    "Returned as Misrouted", "For Information", "Requests for Comments",
    "Outgoing Documents", "Waiting for My Approval", "Tasks",
    "Extension Requests", "Recommendations"]
HISTORY = {"All", "Done", "Completed", "Finished or Closed", "Issued",
    "Recalled or Replaced", "Cancelled or Rejected", "Answered", "Concluded",
    "Decided", "Read", "Refused", "Failed", "Approved"}
# Lists whose every tab is waiting work (the list's domain is a waiting
# state): their "All" tab is, for a leader's assistant, the documents
# waiting for his leaders.
WAITING = {"Waiting for Direction"}
# The fixture builds the demo (once a day and code) and plays the month.
pytestmark = pytest.mark.timeout(3 * MONTH_BOUND)

LOGINS = [login for login, *_ in USERS] + [
    'truongvpdk', 'truongphongdd', 'chutichphanthiet']


class MonthServer(LiveServer):
    "A live server on the demo with the month played"

    def __init__(self, uri):
        super().__init__(uri)
        self.database = f'qlvb_month_{os.getpid()}'
        self.seconds = None

    def prepare(self):
        super().prepare()  # the demo, as the live tests have it
        start = time.monotonic()
        _run([BIN / 'python', '-m', 'qlvb_demo.month', '-c', self.config,
                '-d', self.database], self.env, self.log)
        self.seconds = time.monotonic() - start


@pytest.fixture(scope='module')
def month():
    uri = os.environ.get('TRYTOND_DATABASE_URI', '')
    if not uri.startswith('postgresql'):
        pytest.skip("the month is built on PostgreSQL")
    server = MonthServer(uri)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def count(client, model, domain):
    return client.model(model, 'search_count', domain, 0, None)


def queues(client):
    """{(list, tab): count} of the user's work waiting, each counter as the
    web client computes it (the list's domain and the tab's)"""
    english = dict(client.context, language='en')

    def read(model, domain, fields):
        return client._post(f'model.{model}.search_read',
            [domain, 0, None, None, fields, english])
    decoder = PYSONDecoder(dict(client.context, _user=client.user_id))
    result = {}
    for action in read('ir.action.act_window', [('name', 'in', QUEUES)],
            ['name', 'res_model', 'pyson_domain']):
        base = decoder.decode(action['pyson_domain'] or '[]')
        tabs = read('ir.action.act_window.domain',
            [('act_window', '=', action['id'])], ['name', 'domain'])
        for tab in tabs or [{'name': None, 'domain': '[]'}]:
            if tab['name'] in HISTORY and action['name'] not in WAITING:
                continue
            domain = [base, decoder.decode(tab['domain'] or '[]')]
            try:
                result[action['name'], tab['name']] = count(
                    client, action['res_model'], domain)
            except RPCError:  # a list the user has no menu for
                break
    return result


def test_month_time(month):
    "The month is played within a few minutes"
    print(f"\nThe month was played in {month.seconds:.0f} s")
    assert month.seconds < MONTH_BOUND


@pytest.mark.parametrize('login', LOGINS)
def test_work_waiting(month, login):
    "Every demo user finds work in his queues"
    client = Client(month, login)
    found = queues(client)
    waiting = {key: n for key, n in found.items() if n}
    print(f"\n{login}: {waiting}")
    assert waiting, (login, found)


@pytest.mark.parametrize('login', LOGINS)
def test_home_page(month, login):
    """Every demo user lands on his "My Work" page (the action of his
    login) with counters, some not zero, each equal to the list its
    button opens as him"""
    client = Client(month, login)
    preferences = client.model('res.user', 'get_preferences', False)
    actions = [client._post('model.ir.action.get_action_value',
            [a, client.context]) for a in preferences['actions']]
    assert [(a['res_model'], a['res_id']) for a in actions] == [
        (HOME, client.user_id)]
    shown = {n: v for n, v in home(client).items() if v is not None}
    print(f"\n{login}: {shown}")
    assert any(shown.values()), (login, shown)
    lists = {name: opened(client, name) for name in shown}
    assert shown == lists


def test_home_page_delegate(month):
    """The vice-chairman holds the chairman's power to direct this week:
    her counter of documents to direct holds his documents waiting too,
    as her queue does; the assistant's holds those of the leader he
    serves. A secret one is counted only for those the secret rule lets
    read it (the leader it waits for, the secret register's clerks)."""
    vice = Client(month, 'phochutich')
    chairman = Client(month, 'chutich')
    assistant = Client(month, 'troly')

    def waiting(client, users):
        return count(client, 'qlvb.incoming', [('state', '=', 'submitted'),
                ('directing_leader', 'in', users)])
    own = waiting(vice, [vice.user_id])
    his = waiting(vice, [chairman.user_id])
    assert own and his
    assert home(vice)['incoming_to_direct'] == own + his
    assert home(chairman)['incoming_to_direct'] == waiting(
        chairman, [chairman.user_id]) >= his
    served = waiting(assistant, [chairman.user_id])
    assert served
    assert home(assistant)['incoming_to_direct'] == served


def test_every_state(month):
    """Incoming and outgoing documents in every state, as the clerks of the
    Office and of Sở Nội vụ and the administrator see them"""
    clients = [Client(month, login)
        for login in ['admin', 'vanthu', 'vanthusnv']]

    def total(model, domain):
        return sum(count(c, model, domain) for c in clients)
    for state in INCOMING_STATES:
        assert total('qlvb.incoming', [('state', '=', state)]), state
    for state in OUTGOING_STATES:
        assert total('qlvb.outgoing', [('state', '=', state)]), state
    # Urgent, secret (seen by the clerk of the secret register), from
    # edXML, replies issued.
    assert total('qlvb.incoming', [('urgency.urgent', '=', True)])
    assert count(clients[1], 'qlvb.incoming',
        [('confidentiality', '!=', None)])
    assert total('qlvb.incoming', [('medium', '=', 'electronic')])
    assert total('qlvb.outgoing', [('reply_to', '!=', None),
            ('state', '=', 'issued')])


def test_dashboards(month):
    "The office chief's dashboards show figures in every column"
    client = Client(month, 'chanhvp')
    today = TODAY
    office, = client.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'VP')], 0, None, None)
    context = dict(client.context, from_date=today - dt.timedelta(days=45),
        to_date=today, qlvb_agency=office)
    figures = ['received', 'done_on_time', 'done_late', 'in_progress',
        'due_soon', 'overdue', 'no_deadline']
    rows = client._post('model.qlvb.incoming.dashboard.search_read',
        [[], 0, None, None, figures, context])
    totals = {f: sum(r[f] for r in rows) for f in figures}
    print("\nIncoming dashboard of the Office:", totals)
    assert all(totals.values()), totals

    client = Client(month, 'chutich')
    figures = ['assigned', 'done_on_time', 'done_late', 'in_progress',
        'due_soon', 'overdue', 'unjustified']
    context = dict(client.context, from_date=today - dt.timedelta(days=45),
        to_date=today)
    rows = client._post('model.qlvb.task.dashboard.search_read',
        [[], 0, None, None, figures, context])
    totals = {f: sum(r[f] for r in rows) for f in figures}
    print("Task dashboard of the province:", totals)
    assert all(totals.values()), totals


def test_documents_done_late(month):
    "Some of the Office's documents are completed late, with reasons"
    client = Client(month, 'chanhvp')
    today = TODAY
    office, = client.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'VP')], 0, None, None)
    context = dict(client.context, from_date=today - dt.timedelta(days=45),
        to_date=today, qlvb_agency=office)
    rows = client._post('model.qlvb.incoming.dashboard.search_read',
        [[], 0, None, None, ['done_late'], context])
    assert sum(r['done_late'] for r in rows) > 0
