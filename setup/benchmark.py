"""Measure the product on the generated province (setup/dataset.py).

    python setup/benchmark.py --database qlvb_bench --write docs/benchmarks.md

Prints a table and writes it with the machine, the dataset size and the
command. Every figure is the median (or p50/p95) of several runs:

- year report summary, all units of the province: the product's SQL
  (statistics.py) against a hand-written SQL aggregate (the floor) and a
  naive per-record ORM loop on a 10,000-document sample, extrapolated;
- XLSX detail of about 100,000 assignments, in a fresh process: time and
  peak memory (max RSS);
- through JSON-RPC on a trytond started here, as the users: the first page
  of the "Overdue" and "Mine" tabs of "To handle" for the busiest unit,
  the accent-free search of subjects and numbers, and registration by 16
  parallel clients with the gap-free check of the arrival numbers.
"""
import argparse
import concurrent.futures
import datetime as dt
import json
import os
import pathlib
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'setup'))
from dataset import UNACCENT_FUNCTION  # noqa: E402

BIN = pathlib.Path(sys.executable).parent
DEFAULT_URI = os.environ.get(
    'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')
# The web client shows 20 rows of a list first and searches as many ids as
# the action's limit: 100 for the queues and document lists (sao's default
# of 1000 otherwise).
DISPLAY_SIZE, SEARCH_LIMIT = 20, 100


def log(message):
    print(f'[{time.strftime("%H:%M:%S")}] {message}', file=sys.stderr,
        flush=True)


def write_config(uri, port=None):
    workdir = pathlib.Path(tempfile.mkdtemp(prefix='qlvb-bench-'))
    config = workdir / 'trytond.conf'
    text = (f"[database]\nuri = {uri}\nunaccent_function = "
        f"{UNACCENT_FUNCTION}\nretry = 20\n\n[session]\ntimeout = 36000\n")
    if port:
        text += f"\n[web]\nlisten = 127.0.0.1:{port}\n"
    config.write_text(text)
    return config


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def timed(function, runs):
    "Median seconds of runs calls, and the last result"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- in-process: report, floor, naive loop --------------------------------

def use_config(config):
    "Load the configuration before trytond picks its backend"
    import trytond.config as tconfig
    tconfig.update_etc(str(config))


def open_pool(config, database):
    use_config(config)
    from trytond.pool import Pool
    Pool.start()
    pool = Pool(database)
    pool.init()
    return pool


def report_period(cursor):
    "The last full reporting year covered by the data"
    from trytond.modules.qlvb.period import period_dates
    cursor.execute('SELECT MAX(arrival_date) FROM qlvb_incoming')
    last, = cursor.fetchone()
    year = last.year - 1 if (last.month, last.day) < (12, 14) else last.year
    return period_dates('year', year)


FLOOR_SUMMARY = """
SELECT a.department, CASE WHEN a.department IS NULL THEN a.employee END,
    a.role, COUNT(*),
    SUM(CASE WHEN a.completion_date <= a.deadline
        AND a.completion_date <= %(today)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.completion_date > a.deadline
        AND a.completion_date <= %(today)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.deadline > %(until)s AND NOT COALESCE(
        a.completion_date <= %(today)s, FALSE) THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.deadline >= %(today)s AND a.deadline <= %(until)s
        AND NOT COALESCE(a.completion_date <= %(today)s, FALSE)
        THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.deadline < %(today)s AND NOT COALESCE(
        a.completion_date <= %(today)s, FALSE) THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.deadline IS NULL THEN 1 ELSE 0 END)
FROM qlvb_incoming_assignment a JOIN qlvb_incoming i ON i.id = a.incoming
WHERE a.parent IS NULL AND a.state != 'cancelled'
    AND i.state NOT IN ('rejected', 'cancelled')
    AND i.company = ANY(%(companies)s)
    AND i.arrival_date BETWEEN %(date_from)s AND %(date_to)s
GROUP BY 1, 2, 3
"""
FLOOR_TOTAL = """
WITH rows AS (
    SELECT a.incoming, a.role,
        CASE WHEN a.deadline IS NULL THEN 0
            WHEN a.completion_date <= %(today)s THEN
                CASE WHEN a.completion_date <= a.deadline THEN 1 ELSE 4 END
            WHEN a.deadline < %(today)s THEN 5
            WHEN a.deadline <= %(until)s THEN 3 ELSE 2 END AS severity
    FROM qlvb_incoming_assignment a JOIN qlvb_incoming i
        ON i.id = a.incoming
    WHERE a.parent IS NULL AND a.state != 'cancelled'
        AND i.state NOT IN ('rejected', 'cancelled')
        AND i.company = ANY(%(companies)s)
        AND i.arrival_date BETWEEN %(date_from)s AND %(date_to)s),
documents AS (
    SELECT incoming, MAX(CASE WHEN role = 'lead' THEN severity + 100
            ELSE severity END) %% 100 AS worst
    FROM rows GROUP BY incoming)
SELECT COUNT(*), SUM(CASE WHEN worst = 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN worst = 4 THEN 1 ELSE 0 END),
    SUM(CASE WHEN worst = 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN worst = 3 THEN 1 ELSE 0 END),
    SUM(CASE WHEN worst = 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN worst = 0 THEN 1 ELSE 0 END)
FROM documents
"""


def bench_report(config, database, runs, sample):
    from trytond.transaction import Transaction
    from trytond.modules.qlvb_statistics.statistics import (
        CLASS_KEYS, Filters, incoming_summary, incoming_total)
    pool = open_pool(config, database)
    results = {}
    with Transaction().start(database, 0, readonly=True):
        cursor = Transaction().connection.cursor()
        date_from, date_to = report_period(cursor)
        cursor.execute("SELECT id FROM company_company")
        companies = [r[0] for r in cursor]
        filters = Filters(companies=companies, date_from=date_from,
            date_to=date_to)
        today, until = filters.window()
        # The product: the summary per unit and role and the agency line.
        product, (summary, total) = timed(lambda: (
                incoming_summary(filters), incoming_total(filters)), runs)
        params = dict(companies=companies, date_from=date_from,
            date_to=date_to, today=today, until=until)

        def floor():
            cursor.execute(FLOOR_SUMMARY, params)
            rows = cursor.fetchall()
            cursor.execute(FLOOR_TOTAL, params)
            return rows, cursor.fetchone()
        floor_time, (floor_rows, floor_total) = timed(floor, runs)
        # Same figures both ways (in the floor, column 6 is in progress
        # after the due-soon window).
        mine = {(d, e, r): (n, c['done_on_time'], c['done_late'],
                c['in_progress'], c['due_soon'], c['overdue'],
                c['no_deadline']) for d, e, r, n, c in summary}
        floor_map = {(d, e, r): tuple(int(x) for x in rest)
            for d, e, r, *rest in floor_rows}
        assert mine == floor_map, ("the floor disagrees with the product",
            [(k, mine.get(k), floor_map.get(k)) for k in set(mine) | set(
                    floor_map) if mine.get(k) != floor_map.get(k)][:3])
        assert (total[0], *(total[1][k] for k in ['done_on_time',
                    'done_late', 'in_progress', 'due_soon', 'overdue',
                    'no_deadline'])) == tuple(int(x or 0)
            for x in floor_total), "the floor total disagrees"
        cursor.execute("SELECT COUNT(*) FROM qlvb_incoming WHERE "
            "arrival_date BETWEEN %s AND %s AND company = ANY(%s)",
            (date_from, date_to, companies))
        year_documents, = cursor.fetchone()
        units = len({(d, e) for d, e, *_ in summary})

        # Naive: records one by one through the ORM, on a sample.
        Incoming = pool.get('qlvb.incoming')

        def naive():
            counts = {}
            with Transaction().set_context(_check_access=False):
                for incoming in Incoming.search([
                            ('arrival_date', '>=', date_from),
                            ('arrival_date', '<=', date_to),
                            ('state', 'not in', ['rejected', 'cancelled']),
                            ], limit=sample, order=[('id', 'ASC')]):
                    for a in incoming.assignments:
                        if a.parent or a.state == 'cancelled':
                            continue
                        key = (a.department and a.department.id,
                            a.employee and a.employee.id, a.role)
                        by_class = counts.setdefault(key, {})
                        by_class[a.timeliness] = by_class.get(
                            a.timeliness, 0) + 1
            return counts
        naive_time, _ = timed(naive, max(1, runs // 3))
        naive_extrapolated = naive_time * year_documents / sample
    results.update(
        period=f'{date_from:%d/%m/%Y}–{date_to:%d/%m/%Y}',
        year_documents=year_documents, units=units,
        assignments=sum(s[3] for s in summary),
        product=product, floor=floor_time,
        naive_sample=naive_time, naive=naive_extrapolated, sample=sample,
        classes=CLASS_KEYS)
    return results


def xlsx_child(config, database, rows):
    "In a fresh process: the XLSX of about `rows` assignments"
    from trytond.transaction import Transaction
    from trytond.modules.qlvb_statistics.statistics import Filters
    from trytond.modules.qlvb_statistics.statistics_report import incoming_xlsx
    open_pool(config, database)
    with Transaction().start(database, 0, readonly=True,
            context={'language': 'vi'}):
        cursor = Transaction().connection.cursor()
        cursor.execute("SELECT id FROM company_company")
        companies = [r[0] for r in cursor]
        # The most recent days holding `rows` counted assignments.
        cursor.execute("""
            SELECT day FROM (
                SELECT i.arrival_date AS day, SUM(COUNT(*)) OVER (
                    ORDER BY i.arrival_date DESC) AS total
                FROM qlvb_incoming_assignment a JOIN qlvb_incoming i
                    ON i.id = a.incoming
                WHERE a.parent IS NULL AND a.state != 'cancelled'
                GROUP BY i.arrival_date) s
            WHERE total >= %s ORDER BY day DESC LIMIT 1""", (rows,))
        date_from, = cursor.fetchone()
        cursor.execute("SELECT MAX(arrival_date) FROM qlvb_incoming")
        date_to, = cursor.fetchone()
        filters = Filters(companies=companies, date_from=date_from,
            date_to=date_to)
        start = time.perf_counter()
        data = incoming_xlsx(filters)
        seconds = time.perf_counter() - start
    # The peak of the export itself, before the check below reads the file.
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    import io
    import zipfile
    written, tail = -1, b''  # minus the header row
    with zipfile.ZipFile(io.BytesIO(data)) as archive, \
            archive.open('xl/worksheets/sheet2.xml') as sheet:
        for chunk in iter(lambda: sheet.read(1 << 20), b''):
            chunk = tail + chunk
            written += chunk.count(b'<row ')
            tail = chunk[-4:]  # never a whole '<row ', never counted twice
    print(json.dumps({'seconds': seconds, 'bytes': len(data),
                'rows': written, 'maxrss_mb': maxrss}))


def bench_xlsx(config, database, rows, runs):
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, '--database',
                database, '--xlsx-child', str(rows), '--config',
                str(config)], capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        'seconds': statistics.median(r['seconds'] for r in results),
        'maxrss_mb': max(r['maxrss_mb'] for r in results),
        'rows': results[0]['rows'],
        'bytes': results[0]['bytes'],
        }


# --- through RPC --------------------------------------------------------

class Server:
    "The production stack (setup/stack.sh) on the benchmark's database"

    def __init__(self, uri, database, workers=None):
        from load import Stack
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        self.stack = Stack(uri, database, workers or os.cpu_count() or 1,
            port, UNACCENT_FUNCTION)
        self.port, self.database = port, database
        self.password = self.stack.password
        self.stack.__enter__()

    def stop(self):
        self.stack.__exit__(None, None, None)


def client(server, login):
    from tests.rpc import Client
    return Client(server, login)


def latencies(call, count):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return {'p50': percentile(times, 0.5), 'p95': percentile(times, 0.95),
        'n': count}, result


def bench_lists(server, count):
    results = {}
    Assignment = 'qlvb.incoming.assignment'
    base = [('role', '!=', 'inform'),
        ['OR', ('mine', '=', True), ('my_department', '=', True)]]
    tabs = {
        'overdue': ('truongphong', [base, ('timeliness', '=', 'overdue')]),
        'mine': ('chuyenvien', [base, ('mine', '=', True),
                ('state', 'in', ['assigned', 'in_progress'])]),
        }
    for name, (login, domain) in tabs.items():
        user = client(server, login)
        view = user.model(Assignment, 'fields_view_get', None, 'tree')
        names = [n for n in view['fields']]

        def first_page():
            ids = user.model(Assignment, 'search', domain, 0, SEARCH_LIMIT,
                None)
            rows = user.model(Assignment, 'read', ids[:DISPLAY_SIZE],
                names + ['incoming.rec_name', 'department.rec_name',
                    'employee.rec_name'])
            total = user.model(Assignment, 'search_count', domain, 0, None)
            return ids, rows, total
        first_page()  # warm the caches as a working day does
        stats, (ids, rows, total) = latencies(first_page, count)
        stats.update(rows=len(rows), found=total, user=login)
        results[name] = stats
    return results


def bench_search(server, count):
    user = client(server, 'vanthu')
    results = {}
    for text, expected in [('quyet dinh dat dai', "Quyết định"),
            ('549/BC-TKT', '549/BC-TKT')]:
        domain = [('rec_name', 'ilike', f'%{text}%')]

        def search():
            return user.model('qlvb.incoming', 'search_read', domain, 0,
                DISPLAY_SIZE, None, ['rec_name', 'subject', 'reference'])
        search()
        stats, rows = latencies(search, count)
        assert rows and any(expected in (r['subject'] or '')
            or expected == r['reference'] for r in rows), (text, rows)
        stats.update(first=rows[0]['rec_name'][:60], found=len(rows))
        results[text] = stats
    return results


def spread_registers(server, count):
    "count incoming registers of the Office kept by vanthu (made once)"
    admin = client(server, 'admin')
    clerk = client(server, 'vanthu')
    names = [f"Sổ đến đo tải {n + 1:02d}" for n in range(count)]
    found = {r['name']: r['id'] for r in admin.model(
            'qlvb.incoming.register', 'search_read',
            [('name', 'in', names)], 0, None, None, ['name'])}
    missing = [n for n in names if n not in found]
    if missing:
        ids = admin.model('qlvb.incoming.register', 'create', [{
                    'name': name, 'company': clerk.context['company'],
                    'clerks': [('add', [clerk.user_id])]}
                for name in missing])
        found.update(zip(missing, ids))
    return [found[n] for n in names]


def bench_registration(server, uri, clients, per_client, spread=False):
    """clients registering per_client documents each, all on the clerk's
    default register, or with spread each on a register of its own"""
    import psycopg
    users = [client(server, 'vanthu') for _ in range(clients)]
    registers = (spread_registers(server, clients) if spread
        else [None] * clients)
    issuer = users[0].model('qlvb.agency', 'search',
        [('level', '=', 'external')], 0, 1, None)[0]
    doc_type = users[0].model('qlvb.document.type', 'search', [], 0, 1,
        None)[0]
    today = dt.date.today()
    created = []
    lock = threading.Lock()
    run = int(time.time()) % 1000000  # references unique per run

    errors = []

    def work(user, k):
        try:
            register(user, k)
        except Exception as error:  # a timeout counts, the others go on
            errors.append(repr(error)[:200])

    def register(user, k):
        for n in range(per_client):
            ids = user.model('qlvb.incoming', 'create', [{
                        'subject': f"Đăng ký đồng thời {k}-{n}",
                        'reference': f'{k * 1000 + n}/CV-B{run}',
                        'issue_date': today, 'arrival_date': today,
                        'issuer': issuer, 'document_type': doc_type,
                        **({'register': registers[k]} if spread else {}),
                        }])
            user.model('qlvb.incoming', 'register_arrival', ids)
            with lock:
                created.extend(ids)
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as executor:
        list(executor.map(work, users, range(clients)))
    seconds = time.perf_counter() - start
    with psycopg.connect(uri.rstrip('/') + '/' + server.database) as conn:
        if spread:
            numbers = conn.execute(
                "SELECT register, array_agg(arrival_number "
                "ORDER BY arrival_number) FROM qlvb_incoming "
                "WHERE register = ANY(%s) AND arrival_number IS NOT NULL "
                "AND EXTRACT(YEAR FROM arrival_date) = %s GROUP BY register",
                (registers, today.year)).fetchall()
            gap_free = all(n == list(range(1, len(n) + 1))
                for _, n in numbers)
            return {'documents': len(created), 'seconds': seconds,
                'clients': clients, 'registers': len(numbers),
                'errors': errors, 'per_second': len(created) / seconds,
                'gap_free': gap_free, 'unique': gap_free,
                'range': f'{len(numbers)} registers'}
        register, year = conn.execute(
            "SELECT register, EXTRACT(YEAR FROM arrival_date) "
            "FROM qlvb_incoming WHERE id = %s", (created[0],)).fetchone()
        numbers = [r[0] for r in conn.execute(
                "SELECT arrival_number FROM qlvb_incoming "
                "WHERE register = %s AND EXTRACT(YEAR FROM arrival_date) = %s"
                " AND arrival_number IS NOT NULL ORDER BY arrival_number",
                (register, year))]
        mine = [r[0] for r in conn.execute(
                "SELECT arrival_number FROM qlvb_incoming WHERE id = ANY(%s)"
                " ORDER BY arrival_number", (created,))]
    gap_free = numbers == list(range(1, len(numbers) + 1))
    return {'documents': len(created), 'seconds': seconds,
        'clients': clients, 'errors': errors,
        'per_second': len(created) / seconds, 'gap_free': gap_free,
        'unique': len(set(mine)) == len(mine),
        'range': f'{mine[0]}–{mine[-1]}'}


# --- output ---------------------------------------------------------------

def machine():
    cpu = platform.processor() or ''
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30
    return f'{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, ' \
        f'Python {platform.python_version()}'


def dataset_size(uri, database):
    import psycopg
    with psycopg.connect(uri.rstrip('/') + '/' + database) as conn:
        def count(query):
            return conn.execute(query).fetchone()[0]
        return {
            'documents': count("SELECT COUNT(*) FROM qlvb_incoming"),
            'assignments': count(
                "SELECT COUNT(*) FROM qlvb_incoming_assignment"),
            'forwarded': count("SELECT COUNT(*) FROM qlvb_incoming_assignment"
                " WHERE parent IS NOT NULL"),
            'units': count("SELECT COUNT(*) FROM qlvb_department"),
            'tasks': count("SELECT COUNT(*) FROM qlvb_task")
            if count("SELECT to_regclass('qlvb_task') IS NOT NULL") else 0,
            'postgresql': count("SHOW server_version"),
            'size': count(
                f"SELECT pg_size_pretty(pg_database_size('{database}'))"),
            }


def render(results, command):
    r = results
    lines = []
    add = lines.append
    size = r['dataset']
    add("| Measure | Result | Target | Met |")
    add("|---|---|---|---|")
    if 'report' in r:
        rep = r['report']
        ratio = rep['product'] / rep['floor']
        add(f"| Year report, summary of the whole province "
            f"({rep['units']:,} unit and person lines, "
            f"{rep['year_documents']:,} documents, {rep['assignments']:,} "
            f"counted assignments, {rep['period']}) | "
            f"{rep['product']:.2f} s | < 2 s | "
            f"{'yes' if rep['product'] < 2 else 'no'} |")
        add(f"| — hand-written SQL aggregate (floor) | {rep['floor']:.2f} s,"
            f" product = **{ratio:.2f}× floor** | ≤ 1.5× | "
            f"{'yes' if ratio <= 1.5 else 'no'} |")
        add(f"| — naive ORM loop, {rep['sample']:,}-document sample "
            f"{rep['naive_sample']:.1f} s, extrapolated | "
            f"{rep['naive']:.0f} s = **{rep['naive'] / rep['floor']:.0f}× "
            f"floor** | — | — |")
    if 'xlsx' in r:
        x = r['xlsx']
        add(f"| XLSX detail, {x['rows']:,} assignment rows "
            f"({x['bytes'] / 2**20:.1f} MB file) | {x['seconds']:.1f} s, "
            f"peak RSS {x['maxrss_mb']:.0f} MB | < 10 s, < 300 MB | "
            f"{'yes' if x['seconds'] < 10 and x['maxrss_mb'] < 300 else 'no'}"
            " |")
    for name, s in r.get('lists', {}).items():
        add(f"| List \"{name}\" first page via RPC ({s['user']}, "
            f"{s['found']:,} records; search {SEARCH_LIMIT} ids + read "
            f"{DISPLAY_SIZE} + count), {s['n']} requests | p50 "
            f"{s['p50']:.0f} ms, p95 {s['p95']:.0f} ms | p95 < 100 ms | "
            f"{'yes' if s['p95'] < 100 else 'no'} |")
    for text, s in r.get('search', {}).items():
        add(f"| Search `{text}` via RPC ({s['n']} requests; first hit "
            f"\"{s['first']}\") | p50 {s['p50']:.0f} ms, p95 "
            f"{s['p95']:.0f} ms | p95 < 200 ms | "
            f"{'yes' if s['p95'] < 200 else 'no'} |")
    if 'registration' in r:
        g = r['registration']
        add(f"| Registration, {g['clients']} parallel RPC clients, "
            f"{g['documents']} "
            f"documents (numbers {g['range']}) | {g['per_second']:.1f} "
            f"documents/s; gap-free: {'yes' if g['gap_free'] else 'NO'}, "
            f"unique: {'yes' if g['unique'] else 'NO'}"
            + (f"; failed clients: {len(g['errors'])}" if g.get('errors')
                else '') +
            " | ≥ 30/s, no gap | "
            f"{'yes' if g['per_second'] >= 30 and g['gap_free'] else 'no'}"
            " |")
    if 'registration_spread' in r:
        g = r['registration_spread']
        add(f"| — the same load spread over {g['registers']} registers, "
            f"{g['documents']} documents | {g['per_second']:.1f} "
            f"documents/s; gap-free: {'yes' if g['gap_free'] else 'NO'}"
            " | — | — |")
        if 'registration' in r:
            ratio = r['registration']['per_second'] / g['per_second']
            add(f"| — one register / spread | **{ratio:.2f}×** | ≥ 0.8× | "
                f"{'yes' if ratio >= 0.8 else 'no'} |")
    head = [
        "Measured on: " + r['machine'] + f", PostgreSQL {size['postgresql']}",
        f"Dataset: {size['documents']:,} incoming documents, "
        f"{size['assignments']:,} assignments ({size['forwarded']:,} of them "
        f"forwarded duties), {size['units']:,} units, {size['tasks']:,} "
        f"tasks; database {size['size']}.",
        f"Command: `{command}` on {dt.date.today():%d/%m/%Y}.",
        ]
    return head, lines


def save(args, results):
    "Merge into the --results file (measures not run come from it)"
    if args.results:
        path = pathlib.Path(args.results)
        if path.exists():
            results.update({k: v for k, v in json.loads(
                        path.read_text()).items() if k not in results})
        path.write_text(json.dumps(results, default=str, indent=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', default='qlvb_bench')
    parser.add_argument('--uri', default=DEFAULT_URI)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--requests', type=int, default=50)
    parser.add_argument('--list-requests', type=int,
        help="requests per list (default --requests)")
    parser.add_argument('--sample', type=int, default=10000)
    parser.add_argument('--xlsx-rows', type=int, default=100000)
    parser.add_argument('--only', nargs='*', default=[
            'report', 'xlsx', 'lists', 'search', 'registration'])
    parser.add_argument('--clients', type=int, default=16)
    parser.add_argument('--per-client', type=int, default=25)
    parser.add_argument('--write', help="Markdown file to update")
    parser.add_argument('--results', help="JSON file of the results: "
        "the measures not run this time are taken from it")
    parser.add_argument('--xlsx-child', type=int, help=argparse.SUPPRESS)
    parser.add_argument('--config', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.xlsx_child:
        use_config(args.config)
        xlsx_child(args.config, args.database, args.xlsx_child)
        return
    config = write_config(args.uri)
    use_config(config)
    results = {'machine': machine(),
        'dataset': dataset_size(args.uri, args.database)}
    if 'report' in args.only:
        log("year report")
        results['report'] = bench_report(
            config, args.database, args.runs, args.sample)
        save(args, results)
    if 'xlsx' in args.only:
        log("XLSX")
        results['xlsx'] = bench_xlsx(
            config, args.database, args.xlsx_rows, max(3, args.runs // 2))
        save(args, results)
    if {'lists', 'search', 'registration'} & set(args.only):
        server = Server(args.uri, args.database)
        try:
            if 'lists' in args.only:
                log("lists")
                results['lists'] = bench_lists(
                    server, args.list_requests or args.requests)
                save(args, results)
            if 'search' in args.only:
                log("search")
                results['search'] = bench_search(server, args.requests)
                save(args, results)
            if 'registration' in args.only:
                log("registration")
                results['registration'] = bench_registration(
                    server, args.uri, args.clients, args.per_client)
                save(args, results)
                log("registration spread over registers")
                results['registration_spread'] = bench_registration(
                    server, args.uri, args.clients, args.per_client,
                    spread=True)
                save(args, results)
        finally:
            server.stop()
    save(args, results)
    command = 'python setup/benchmark.py ' + ' '.join(sys.argv[1:])
    head, table = render(results, command)
    print('\n'.join(head + [''] + table))
    print(json.dumps(results, default=str), file=sys.stderr)
    if args.write:
        path = pathlib.Path(args.write)
        text = path.read_text() if path.exists() else ''
        begin, end = '<!-- results -->', '<!-- /results -->'
        block = '\n'.join([begin, *head, '', *table, end])
        if begin in text:
            text = text[:text.index(begin)] + block + text[
                text.index(end) + len(end):]
        else:
            text += '\n' + block + '\n'
        path.write_text(text)


if __name__ == '__main__':
    main()
