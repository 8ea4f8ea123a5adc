"""A province at 9 a.m.: many users at once on the production stack.

    python setup/load.py --database qlvb_bench --users 50 --seconds 120 \\
        --web-workers 1 2 --results load.json

For each number of web processes given, starts the production stack
(setup/stack.sh: gunicorn, trytond-cron, trytond-worker) on the database,
plays the users for the given time (or until --max-actions), stops the
stack and prints throughput and p50/p95 latency per action. Loopback only;
bounded in time and count. The users are JSON-RPC sessions of the demo
logins, as the web client opens them, with a realistic mix:

- clerks register documents and submit them to the chairman;
- leaders open their "to direct" queue and direct the first document;
- heads open their unit's queue and forward the first duty to a
  specialist;
- specialists open their own queue and complete the first duty;
- one leader exports the year's statistics as XLSX.

Each user pauses 0.5-2 s between actions (reading the page).
"""
import argparse
import datetime as dt
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.rpc import Client, RPCError  # noqa: E402
from qlvb_demo.flows import TODAY  # noqa: E402

DEFAULT_URI = os.environ.get(
    'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')
DISPLAY = 20  # rows of a list's first page
INCOMING = 'qlvb.incoming'
ASSIGNMENT = 'qlvb.incoming.assignment'
# Share of the users by role (the rest are specialists).
MIX = {'clerk': 0.2, 'leader': 0.1, 'head': 0.2, 'statistics': 1}
LOGINS = {'clerk': 'vanthu', 'leader': 'chutich', 'head': 'truongphong',
    'specialist': 'chuyenvien', 'statistics': 'chanhvp'}


class Stack:
    "setup/stack.sh on the database, with a number of web processes"

    def __init__(self, uri, database, workers, port, unaccent):
        self.uri, self.database, self.port = uri, database, port
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix='qlvb-load-'))
        self.env = dict(os.environ, TRYTOND_DATABASE_URI=uri,
            QLVB_DB=database, QLVB_PORT=str(port),
            QLVB_WEB_WORKERS=str(workers), QLVB_STACK_DIR=str(self.dir))
        if unaccent:
            self.env['QLVB_UNACCENT_FUNCTION'] = unaccent
        from qlvb_demo import PASSWORD
        self.password = PASSWORD

    def _run(self, command):
        subprocess.run(['bash', ROOT / 'setup' / 'stack.sh', command],
            env=self.env, check=True)

    def __enter__(self):
        self._run('start')
        return self

    def __exit__(self, *exc):
        self._run('stop')


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def wizard(client, name, model, ids, values, button):
    "Run a wizard as the web client does: its form's defaults, then values"
    context = dict(client.context, active_model=model,
        active_id=ids[0] if ids else None, active_ids=ids)
    session, start, _ = client._post(f'wizard.{name}.create', [context])
    try:
        view = client._post(f'wizard.{name}.execute',
            [session, {}, start, context])
        # The defaults as the form holds them (without the rec_names of
        # relations, which the client shows but does not send).
        data = {k: v for k, v in view['view'].get('defaults', {}).items()
            if not k.endswith('.')}
        data.update(values)
        return client._post(f'wizard.{name}.execute',
            [session, {start: data}, button, context])
    finally:
        client._post(f'wizard.{name}.delete', [session, context])


def as_date(value):
    "A date as JSON-RPC sends it ({'__class__': 'date', ...}) or None"
    if isinstance(value, dict):
        return dt.date(value['year'], value['month'], value['day'])
    return value


class User(threading.Thread):
    "One person at work: a session and a loop of the role's actions"

    def __init__(self, run, role, number):
        super().__init__(daemon=True)
        self.run_, self.role, self.number = run, role, number
        self.random = random.Random(number)

    def timed(self, action, call):
        start = time.perf_counter()
        try:
            result = call()
        except (RPCError, OSError) as error:
            self.run_.error(action, error)
            return None
        self.run_.record(action, (time.perf_counter() - start) * 1000)
        return result

    def run(self):
        try:
            self.client = Client(self.run_.stack, LOGINS[self.role])
        except Exception as error:
            self.run_.error('login', error)
            return
        act = getattr(self, self.role)
        while self.run_.going():
            act()
            time.sleep(self.random.uniform(0.5, 2.0))

    def first_page(self, action, model, domain, names=('rec_name',)):
        c = self.client
        return self.timed(action, lambda: c.model(model, 'search_read',
                domain, 0, DISPLAY, None, list(names)))

    def clerk(self):
        c, run = self.client, self.run_
        n = next(run.counter)
        ids = self.timed('register', lambda: (lambda ids: (
                    c.model(INCOMING, 'register_arrival', ids), ids)[1])(
                c.model(INCOMING, 'create', [{
                            'subject': f"Tải thử {run.tag} số {n}",
                            'reference': f'{n}/CV-T{run.tag}',
                            'issue_date': run.today,
                            'arrival_date': run.today,
                            'issuer': run.issuer,
                            'document_type': run.doc_type}])))
        if ids:
            self.timed('submit', lambda: wizard(c, 'qlvb.incoming.submit',
                    INCOMING, ids, {'leader': run.chairman}, 'submit'))

    def leader(self):
        c, run = self.client, self.run_
        rows = self.first_page('queue to direct', INCOMING, [
                ('state', '=', 'submitted'),
                ('directing_leader', '=', c.user_id)])
        if rows:
            self.timed('direct', lambda: wizard(c, 'qlvb.incoming.direct',
                    INCOMING, [self.random.choice(rows)['id']], {
                        'direction': "Giao phòng chủ trì xử lý.",
                        'lines': [dict(run.line, working_days=None, note=None,
                                department=run.department)]},
                    'direct'))

    def head(self):
        c, run = self.client, self.run_
        rows = self.first_page('queue of my unit', ASSIGNMENT, [
                ('my_department', '=', True), ('employee', '=', None),
                ('state', '=', 'assigned'), ('role', '=', 'lead')],
            ['rec_name', 'deadline'])
        if rows:
            row = self.random.choice(rows)
            # The specialist's deadline within the unit's, as the head
            # sets it.
            deadline = min(filter(None,
                    [as_date(row['deadline']), run.deadline]))
            self.timed('forward', lambda: wizard(c,
                    'qlvb.incoming.assignment.forward', ASSIGNMENT,
                    [row['id']], {'lines': [dict(run.line,
                                employee=run.specialist,
                                deadline=deadline)]},
                    'forward'))

    def specialist(self):
        c = self.client
        self.first_page('queue overdue', ASSIGNMENT, [
                ('mine', '=', True), ('timeliness', '=', 'overdue')])
        rows = self.first_page('queue mine', ASSIGNMENT, [
                ('mine', '=', True),
                ('state', 'in', ['assigned', 'in_progress'])],
            ['rec_name', 'deadline'])
        if rows:
            row = self.random.choice(rows)
            values = {'result_note': "Đã xử lý xong."}
            deadline = as_date(row['deadline'])
            if deadline and deadline < self.run_.today:
                values['late_reason'] = "Chờ ý kiến của cơ quan phối hợp."
            self.timed('complete', lambda: wizard(c,
                    'qlvb.incoming.assignment.complete', ASSIGNMENT,
                    [row['id']], values, 'complete'))

    def statistics(self):
        c, run = self.client, self.run_
        self.timed('statistics XLSX', lambda: wizard(c,
                'qlvb.statistics', None, [], {
                    'preset': 'custom', 'year': run.today.year,
                    'date_from': dt.date(run.today.year, 1, 1),
                    'date_to': run.today}, 'export'))
        time.sleep(self.random.uniform(20, 40))  # reads the workbook


class Run:
    "One load run: its users, its clock and what they measured"

    def __init__(self, stack, users, seconds, max_actions):
        import itertools
        self.stack, self.seconds, self.max_actions = stack, seconds, \
            max_actions
        self.counter = itertools.count(1)
        self.tag = int(time.time()) % 100000
        self.today = TODAY  # the server's day: Vietnam's
        self.deadline = self.today + dt.timedelta(days=14)
        # A line of a direction or forwarding as the form sends it: every
        # field, set or empty.
        self.line = {'role': 'lead', 'department': None, 'employee': None,
            'company': None, 'deadline': self.deadline}
        self.lock = threading.Lock()
        self.times, self.errors = {}, {}
        admin = Client(stack, 'vanthu')
        find = lambda model, domain: admin.model(  # noqa: E731
            model, 'search', domain, 0, 1, None)[0]
        self.issuer = find('qlvb.agency', [('level', '=', 'external')])
        self.doc_type = find('qlvb.document.type', [])
        self.chairman = find('res.user', [('login', '=', 'chutich')])
        self.department = self._department(Client(stack, 'truongphong'))
        self.specialist = admin.model('res.user', 'read',
            [Client(stack, 'chuyenvien').user_id], ['employee'])[0][
            'employee']
        roles = ['statistics']
        for role in ['clerk', 'leader', 'head']:
            roles += [role] * max(1, round(MIX[role] * users))
        roles += ['specialist'] * max(1, users - len(roles))
        self.users = [User(self, role, n) for n, role in enumerate(roles)]

    @staticmethod
    def _department(head):
        "The department of the head's post"
        employee = head.model('res.user', 'read', [head.user_id],
            ['employee'])[0]['employee']
        return head.model('qlvb.post', 'search_read',
            [('employee', '=', employee)], 0, 1, None,
            ['department'])[0]['department']

    def going(self):
        with self.lock:
            done = sum(len(t) for t in self.times.values())
        return (time.monotonic() < self.end
            and (not self.max_actions or done < self.max_actions))

    def record(self, action, ms):
        with self.lock:
            self.times.setdefault(action, []).append(ms)

    def error(self, action, error):
        with self.lock:
            self.errors.setdefault(action, []).append(repr(error)[:200])

    def play(self):
        self.start = time.monotonic()
        self.end = self.start + self.seconds
        for user in self.users:
            user.start()
        for user in self.users:
            user.join(self.seconds + 300)
        elapsed = time.monotonic() - self.start
        actions = {name: {'n': len(t), 'p50': percentile(t, 0.5),
                'p95': percentile(t, 0.95),
                'per_second': len(t) / elapsed}
            for name, t in sorted(self.times.items())}
        return {'users': len(self.users), 'seconds': elapsed,
            'actions': actions,
            'total_per_second': sum(len(t) for t in self.times.values())
            / elapsed,
            'errors': {k: (len(v), v[:3]) for k, v in self.errors.items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--database', default='qlvb_bench')
    parser.add_argument('--uri', default=DEFAULT_URI)
    parser.add_argument('--users', type=int, default=50)
    parser.add_argument('--seconds', type=int, default=120)
    parser.add_argument('--max-actions', type=int, default=20000)
    parser.add_argument('--web-workers', type=int, nargs='+', default=[2])
    parser.add_argument('--port', type=int, default=8765)
    parser.add_argument('--unaccent', default='qlvb_unaccent',
        help="[database] unaccent_function ('' if the database has none)")
    parser.add_argument('--results', help="JSON file of the results")
    args = parser.parse_args()
    results = {}
    for workers in args.web_workers:
        with Stack(args.uri, args.database, workers, args.port,
                args.unaccent) as stack:
            result = Run(stack, args.users, args.seconds,
                args.max_actions).play()
        results[workers] = result
        print(f"\n{workers} web process(es), {result['users']} users, "
            f"{result['seconds']:.0f} s: "
            f"{result['total_per_second']:.1f} actions/s")
        for name, a in result['actions'].items():
            print(f"  {name:<20} n={a['n']:>5}  p50={a['p50']:>7.0f} ms  "
                f"p95={a['p95']:>7.0f} ms  {a['per_second']:.2f}/s")
        for name, (count, samples) in result['errors'].items():
            print(f"  errors of {name}: {count}, e.g. {samples[0]}")
    if len(results) > 1:
        low, high = min(results), max(results)
        print(f"\nthroughput {high} / {low} processes: "
            f"{results[high]['total_per_second'] / results[low]['total_per_second']:.2f}×")
    if args.results:
        pathlib.Path(args.results).write_text(json.dumps(results, indent=1))


if __name__ == '__main__':
    main()
