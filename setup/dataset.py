"""Generate a province's five years of documents into PostgreSQL.

    python setup/dataset.py --database qlvb_bench --create           # full
    python setup/dataset.py --database qlvb_small --create --scale 0.01

--create makes a fresh database with the modules and the demo organisation
(as the live-server tests do); the generator then adds units, officials,
external issuers, incoming documents with their arrival numbers, the
processing assignments given by directions and the duties forwarded from
them, and the tasks of the province, with COPY (psycopg 3). The same seed
gives the same data. At --scale 1: 1,000,000 incoming documents, about
3,200,000 assignments, 320 units, 200,000 tasks (see docs/benchmarks.md).

The rows are written as the actions would write them (states, numbers,
deadlines and completion dates consistent, numbers given in the gap-free
series), so the reports, lists and registrations of the product run on
them unchanged. Indexes are dropped during the load and rebuilt after.
"""
import argparse
import datetime as dt
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time

import psycopg
from psycopg import sql

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
MODULES = ['qlvb_dieuhanh', 'kiem_tra_cong_vu']
DEFAULT_URI = os.environ.get(
    'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')

TOPICS = [
    "quản lý đất đai", "giải phóng mặt bằng", "cải cách hành chính",
    "phòng chống thiên tai", "xây dựng nông thôn mới", "đầu tư công",
    "chuyển đổi số", "an toàn giao thông", "phòng cháy chữa cháy",
    "bảo vệ môi trường", "thu ngân sách nhà nước", "giáo dục và đào tạo",
    "y tế cơ sở", "bảo hiểm xã hội", "khai thác khoáng sản",
    "quy hoạch đô thị", "thủ tục hành chính", "tiếp công dân",
    "khiếu nại, tố cáo", "phát triển du lịch", "nuôi trồng thủy sản",
    "cấp giấy chứng nhận quyền sử dụng đất đai",
    "bồi thường, hỗ trợ, tái định cư",
    ]
ACTIONS = [
    "Về việc triển khai", "Về việc tăng cường", "Về việc báo cáo",
    "Về việc góp ý dự thảo", "Về việc kiểm tra", "Về việc đôn đốc thực hiện",
    "Về việc phê duyệt", "Về việc hướng dẫn", "Về việc tổng kết",
    ]
PLACES = [
    "trên địa bàn tỉnh", "năm", "giai đoạn 2021-2025", "quý",
    "tại huyện Bắc Bình",
    "tại thành phố Phan Thiết", "tại thị xã La Gi", "tại huyện Tuy Phong",
    ]
DIRECTIONS = [
    "Giao {unit} chủ trì, tham mưu UBND tỉnh xử lý.",
    "{unit} nghiên cứu, đề xuất trước hạn.",
    "Chuyển {unit} xử lý theo quy định, báo cáo kết quả.",
    "{unit} chủ trì phối hợp các đơn vị liên quan thực hiện.",
    ]
# Accent-free search: PostgreSQL's unaccent is only STABLE; trytond indexes
# and uses an IMMUTABLE wrapper named by [database] unaccent_function.
UNACCENT_FUNCTION = 'qlvb_unaccent'
SEARCH_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE OR REPLACE FUNCTION qlvb_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    ]
TYPE_SYMBOLS = ['CV', 'QĐ', 'BC', 'TB', 'KH', 'TTr', 'CT', 'GM']


def log(message):
    print(f'[{time.strftime("%H:%M:%S")}] {message}', flush=True)


# --- a fresh database with the modules and the demo ------------------------

def create_database(uri, database):
    "Create the database with the modules and the demo organisation"
    from qlvb_demo import PASSWORD
    with psycopg.connect(uri.rstrip('/') + '/postgres',
            autocommit=True) as conn:
        conn.execute(sql.SQL('DROP DATABASE IF EXISTS {} WITH (FORCE)')
            .format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 "
                "ENCODING 'unicode'").format(sql.Identifier(database)))
    with psycopg.connect(uri.rstrip('/') + '/' + database,
            autocommit=True) as conn:
        for statement in SEARCH_SETUP:
            conn.execute(statement)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix='qlvb-dataset-'))
    config = workdir / 'trytond.conf'
    config.write_text(f"[database]\nuri = {uri}\n"
        f"unaccent_function = {UNACCENT_FUNCTION}\n")
    passfile = workdir / 'pass'
    passfile.write_text(PASSWORD)
    env = {k: v for k, v in os.environ.items()
        if not k.startswith(('TRYTOND_', 'DB_'))}
    env['TRYTONPASSFILE'] = str(passfile)
    admin = [BIN / 'trytond-admin', '-c', config, '-d', database]
    for args in [
            [*admin, '--all', '--email', 'admin@example.org'],
            [*admin, '-u', *MODULES, '--activate-dependencies', '-l', 'vi'],
            [BIN / 'python', '-m', 'qlvb_demo',
                '-c', config, '-d', database]]:
        log(' '.join(map(str, args[:6])))
        result = subprocess.run(args, env=env, capture_output=True, text=True)
        if result.returncode:
            sys.exit(result.stdout[-3000:] + result.stderr[-3000:])


# --- generation ------------------------------------------------------------

class Loader:
    """COPY rows into a table with ids it gives itself, on its own
    connection (one COPY at a time per connection), committed at the end"""

    def __init__(self, conninfo, table, columns):
        self.conn = psycopg.connect(conninfo)
        # Rows are generated consistent: skip the foreign key triggers.
        self.conn.execute("SET session_replication_role = replica")
        self.conn.execute("SET synchronous_commit = off")
        self.table = table
        self.columns = ['id', *columns]
        self.next_id = self.conn.execute(sql.SQL(
                'SELECT COALESCE(MAX(id), 0) + 1 FROM {}').format(
                sql.Identifier(table))).fetchone()[0]
        self.count = 0

    def __enter__(self):
        self.cursor = self.conn.cursor()
        self._copy = self.cursor.copy(sql.SQL(
                'COPY {} ({}) FROM STDIN').format(
                sql.Identifier(self.table),
                sql.SQL(', ').join(map(sql.Identifier, self.columns))))
        self.copy = self._copy.__enter__()
        return self

    def add(self, *values):
        id_ = self.next_id
        self.next_id += 1
        self.copy.write_row((id_, *values))
        self.count += 1
        return id_

    def __exit__(self, *exc):
        self._copy.__exit__(*exc)
        self.cursor.close()
        if exc[0] is None:
            self.conn.execute(sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), "
                    "(SELECT MAX(id) FROM {}))").format(
                    sql.Literal(self.table), sql.Identifier(self.table)))
            self.conn.commit()
        self.conn.close()


def table_exists(conn, table):
    return conn.execute(
        "SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()[0]


def columns_of(conn, table):
    return {r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s", (table,))}


def drop_indexes(conn, tables):
    "Drop the plain indexes of the tables; return their definitions"
    rows = conn.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
        WHERE t.relname = ANY(%s) AND NOT i.indisprimary
            AND c.oid IS NULL""", (list(tables),)).fetchall()
    for name, _ in rows:
        conn.execute(sql.SQL('DROP INDEX {}').format(sql.Identifier(name)))
    return [definition for _, definition in rows]


class Province:
    "The generator: one instance per run, seeded"

    def __init__(self, conn, conninfo, scale, seed, years, today):
        self.conn = conn
        self.conninfo = conninfo
        self.scale = scale
        self.rng = random.Random(seed)
        self.years = years
        self.today = today
        self.start = today - dt.timedelta(days=365 * years)
        self.now = dt.datetime.now()

    def one(self, query, *args):
        row = self.conn.execute(query, args).fetchone()
        return row[0] if row else None

    def all(self, query, *args):
        return self.conn.execute(query, args).fetchall()

    def load_reference(self):
        "Ids of the demo organisation the generated rows point to"
        self.admin = self.one("SELECT id FROM res_user WHERE login='admin'")
        self.users = dict(self.all("SELECT login, id FROM res_user"))
        self.agencies = self.all(
            "SELECT a.id, a.company, a.abbreviation FROM qlvb_agency a "
            "WHERE a.company IS NOT NULL ORDER BY a.id")
        self.office = self.one(
            "SELECT company FROM qlvb_agency WHERE abbreviation = 'VP'")
        self.registers = dict(self.all(
            "SELECT company, MIN(id) FROM qlvb_incoming_register "
            "WHERE NOT COALESCE(secret, FALSE) GROUP BY company"))
        self.types = self.all(
            "SELECT id, code FROM qlvb_document_type ORDER BY id")
        self.urgencies = [r[0] for r in self.all(
                "SELECT id FROM qlvb_urgency ORDER BY id")]
        self.positions = dict(self.all(
                "SELECT code, id FROM qlvb_position"))
        self.currency = self.one("SELECT id FROM currency_currency LIMIT 1")

    # --- organisation --------------------------------------------------

    def make_units(self, count):
        """Units spread over the agencies (most at the Office), each with
        a head and three specialists; the demo's units keep their people
        and get the same share of work."""
        rng = self.rng
        units = {}  # unit id -> (agency id, company, [employee ids])
        for dept, agency, company in self.all(
                "SELECT d.id, d.agency, a.company FROM qlvb_department d "
                "JOIN qlvb_agency a ON a.id = d.agency"):
            people = [r[0] for r in self.all(
                    "SELECT employee FROM qlvb_post WHERE department = %s",
                    dept)]
            units[dept] = (agency, company, people)
        existing = len(units)
        conn = self.conn
        with Loader(self.conninfo, 'qlvb_department',
                ['name', 'abbreviation', 'agency', 'active', 'create_uid',
                    'create_date']) as departments:
            new = []
            for n in range(max(count - existing, 0)):
                agency, company, abbreviation = (
                    self.agencies[n % len(self.agencies)]
                    if rng.random() < 0.6 else
                    next(a for a in self.agencies if a[1] == self.office))
                unit = departments.add(f"Phòng chuyên môn {n + 1:03d}",
                    f'P{n + 1:03d}', agency, True, self.admin, self.now)
                new.append((unit, agency, company))
        with Loader(self.conninfo, 'party_party', ['name', 'code', 'active',
                    'create_uid', 'create_date']) as parties:
            party_ids = []
            for unit, _, _ in new:
                for k in range(4):
                    party_ids.append(parties.add(
                            f"Cán bộ {unit}-{k}", f'B{unit}-{k}', True,
                            self.admin, self.now))
        with Loader(self.conninfo, 'company_employee', ['party', 'company',
                    'create_uid', 'create_date']) as employees, \
                Loader(self.conninfo, 'qlvb_post', ['employee', 'agency',
                        'department', 'position', 'create_uid',
                        'create_date']) as posts:
            parties_iter = iter(party_ids)
            for unit, agency, company in new:
                people = []
                for k in range(4):
                    employee = employees.add(next(parties_iter), company,
                        self.admin, self.now)
                    posts.add(employee, agency, unit,
                        self.positions['TP' if k == 0 else 'CV'],
                        self.admin, self.now)
                    people.append(employee)
                units[unit] = (agency, company, people)
        self.units = units
        self.units_by_company = {}
        for unit, (_, company, people) in units.items():
            self.units_by_company.setdefault(company, []).append(unit)
        log(f"{len(units)} units ({len(new)} new), "
            f"{len(party_ids)} officials added")

    def make_issuers(self, count):
        "External agencies issuing the documents"
        with Loader(self.conninfo, 'qlvb_agency', ['name', 'abbreviation',
                    'level', 'active', 'create_uid', 'create_date']
                ) as agencies:
            self.issuers = [(agencies.add(f"Cơ quan gửi {n + 1:03d}",
                        f'CQ{n + 1:03d}', 'external', True, self.admin,
                        self.now), f'CQ{n + 1:03d}') for n in range(count)]
        # The document the search benchmark looks for.
        self.tkt = self.one(
            "SELECT id FROM qlvb_agency WHERE abbreviation = 'TKT'") or \
            self.issuers[0][0]

    # --- documents and assignments --------------------------------------

    def deadline_after(self, start):
        "70 % have a deadline 5 to 30 days after the arrival"
        if self.rng.random() < 0.3:
            return None
        return start + dt.timedelta(days=self.rng.choice(
                [5, 7, 7, 10, 10, 10, 15, 15, 20, 30]))

    def completion(self, arrival, deadline, age):
        """Completion date or None: old work is mostly done, 15 % of it
        late; recent work mostly open"""
        rng = self.rng
        if age > 60:
            done = rng.random() < 0.97
        else:
            done = rng.random() < age / 70
        if not done:
            return None
        reference = deadline or arrival + dt.timedelta(days=10)
        if rng.random() < 0.15:
            date = reference + dt.timedelta(days=rng.randint(1, 20))
        else:
            date = arrival + dt.timedelta(days=rng.randint(
                    0, max((reference - arrival).days, 0)))
        return min(date, self.today)

    def make_documents(self, count, busy_unit, busy_employee):
        rng = self.rng
        conn = self.conn
        companies = [c for c in self.units_by_company if c in self.registers]
        weights = [8 if c == self.office else 1 for c in companies]
        span = (self.today - self.start).days
        dates = sorted(self.start + dt.timedelta(days=rng.randrange(span + 1))
            for _ in range(count))
        counters = {}
        leaders = [self.users.get(l) for l in ('chutich', 'phochutich',
                'chanhvp', 'phochanhvp')]
        leaders = [l for l in leaders if l] or [self.admin]
        clerk = self.users.get('vanthu', self.admin)
        incoming_columns = columns_of(conn, 'qlvb_incoming')
        extra = [c for c in ['signature_state'] if c in incoming_columns]
        stats = dict(documents=0, assignments=0, forwarded=0)
        with Loader(self.conninfo, 'qlvb_incoming', [
                    'company', 'register', 'arrival_number', 'arrival_date',
                    'medium', 'issuer', 'reference', 'issue_date',
                    'document_type', 'subject', 'urgency', 'language',
                    'state', 'state_reason', 'registered_by',
                    'directing_leader', 'direction', 'directed_by',
                    'directed_at', 'create_uid', 'create_date', *extra,
                    ]) as incomings, \
                Loader(self.conninfo, 'qlvb_incoming_assignment', [
                    'incoming', 'company', 'parent', 'role', 'department',
                    'employee', 'deadline', 'note', 'assigned_by',
                    'assigned_at', 'state', 'completion_date',
                    'completed_by', 'result_reference', 'result_note',
                    'late_reason', 'create_uid', 'create_date',
                    ]) as assignments, \
                Loader(self.conninfo, 'qlvb_numbering_counter', [
                    'series', 'year', 'number', 'create_uid', 'create_date',
                    ]) as numbers:
            special = count // 2
            for n, arrival in enumerate(dates):
                company = rng.choices(companies, weights)[0]
                if n == special:  # the one the search benchmark looks for
                    company = self.office
                register = self.registers[company]
                year_key = (register, arrival.year)
                number = counters[year_key] = counters.get(year_key, 0) + 1
                numbers.add(f'qlvb.incoming.register,{register}',
                    arrival.year, number, self.admin, self.now)
                issuer, abbreviation = rng.choice(self.issuers)
                type_id, code = rng.choice(self.types)
                symbol = rng.choice(TYPE_SYMBOLS)
                reference = f'{rng.randint(1, 3000)}/{symbol}-{abbreviation}'
                subject = (f"{rng.choice(ACTIONS)} {rng.choice(TOPICS)} "
                    f"{rng.choice(PLACES)}")
                if n == special:
                    issuer, reference = self.tkt, '549/BC-TKT'
                    subject = "Báo cáo kết quả kiểm tra công vụ quý"
                elif n % 1000 == 7:
                    subject = ("Quyết định phê duyệt phương án sử dụng "
                        "đất đai " + rng.choice(PLACES))
                urgency = (rng.choice(self.urgencies)
                    if self.urgencies and rng.random() < 0.2 else None)
                age = (self.today - arrival).days
                roll = rng.random()
                created = dt.datetime.combine(arrival, dt.time(8))
                common = [company, register, number, arrival, 'paper'
                    if rng.random() < 0.3 else 'electronic', issuer,
                    reference, arrival - dt.timedelta(days=rng.randint(1, 5)),
                    type_id, subject, urgency, 'vi']
                tail = [None] * len(extra)
                if roll < 0.01:
                    incomings.add(*common, 'cancelled', "Vào sổ nhầm",
                        clerk, None, None, None, None, self.admin, created,
                        *tail)
                    continue
                if age < 3 and roll < 0.3:
                    incomings.add(*common,
                        'registered' if roll < 0.15 else 'submitted', None,
                        clerk, leaders[0], None, None, None, self.admin,
                        created, *tail)
                    continue
                # Directed: the roots of the direction, then the duties
                # department heads forward to their specialists.
                units = self.units_by_company[company]
                lead = (busy_unit if company == self.office
                    and rng.random() < 0.05 else rng.choice(units))
                roots = [('lead', lead)]
                if rng.random() < 0.1:
                    roots.append(('lead', rng.choice(units)))
                if rng.random() < 0.3:
                    roots.append(('coordinate', rng.choice(units)))
                if rng.random() < 0.1:
                    roots.append(('inform', rng.choice(units)))
                leader = rng.choice(leaders)
                directed_at = created + dt.timedelta(hours=rng.randint(1, 30))
                direction = rng.choice(DIRECTIONS).format(
                    unit=f"đơn vị {lead}")
                deadline = self.deadline_after(arrival)
                document = incomings.next_id
                leads_done = True
                for role, unit in roots:
                    people = self.units[unit][2]
                    person = (rng.choice(people)
                        if people and rng.random() < 0.05 else None)
                    unit_deadline = deadline if role != 'inform' else None
                    done = (self.completion(arrival, unit_deadline, age)
                        if role != 'inform' else None)
                    if role == 'lead' and not done:
                        leads_done = False
                    state = ('done' if done else 'read' if role == 'inform'
                        and age > 5 else 'assigned' if age < 2 else
                        'in_progress')
                    late = (done and unit_deadline and done > unit_deadline)
                    root = assignments.add(document, company, None, role,
                        None if person else unit, person, unit_deadline,
                        None, leader, directed_at, state, done,
                        leader if done else None,
                        f'{rng.randint(1, 900)}/{self.unit_symbol(unit)}'
                        if done and rng.random() < 0.5 else None,
                        "Đã xử lý" if done else None,
                        "Chờ ý kiến các đơn vị" if late else None,
                        self.admin, directed_at)
                    stats['assignments'] += 1
                    if person or role == 'inform' or not people:
                        continue
                    # Forwarding: 1 or 2 specialists, busy one included.
                    staff = people[1:] or people
                    chosen = rng.sample(staff, min(len(staff),
                            1 if rng.random() < 0.5 else 2))
                    if unit == busy_unit and busy_employee not in chosen:
                        chosen[0] = busy_employee
                    for k, employee in enumerate(chosen):
                        child_done = done and (done - dt.timedelta(
                                days=rng.randint(0, 2)))
                        if child_done and child_done < arrival:
                            child_done = arrival
                        assignments.add(document, company, root,
                            'lead' if k == 0 else 'coordinate', unit,
                            employee, unit_deadline, "Đề nghị xử lý",
                            leader, directed_at, 'done' if child_done
                            else state, child_done or None,
                            leader if child_done else None, None,
                            "Đã dự thảo" if child_done else None, None,
                            self.admin, directed_at)
                        stats['forwarded'] += 1
                state = ('completed' if leads_done else 'in_progress'
                    if age >= 2 else 'directed')
                incomings.add(*common, state, None, clerk, leader,
                    f"{self.leader_name(leader)}: {direction}", leader,
                    directed_at, self.admin, created, *tail)
                stats['documents'] += 1
                if n and n % 100000 == 0:
                    log(f"{n} documents")
        log(f"{incomings.count} documents, "
            f"{stats['assignments']} assignments by direction, "
            f"{stats['forwarded']} forwarded duties")
        return incomings.count, assignments.count

    def unit_symbol(self, unit):
        return f'BC-P{unit}'

    def leader_name(self, user):
        if not hasattr(self, '_leader_names'):
            self._leader_names = dict(self.all(
                    "SELECT id, name FROM res_user"))
        return self._leader_names.get(user) or ''

    # --- tasks -----------------------------------------------------------

    def make_tasks(self, count):
        "Tasks assigned by the province to agencies and units"
        conn = self.conn
        if not table_exists(conn, 'qlvb_task'):
            log("no qlvb_task table: tasks skipped")
            return 0
        try:
            from trytond.modules.qlvb_task import task as task_module
        except Exception as error:  # the model is still being built
            log(f"tasks skipped: {error}")
            return 0
        rng = self.rng
        columns = columns_of(conn, 'qlvb_task')
        first = lambda values: values[0][0]  # noqa: E731
        fixed = {}
        for name, constant, default in [
                ('source_kind', 'SOURCES', None),
                ('priority', 'PRIORITIES', None),
                ('authority', 'AUTHORITIES', None),
                ('recurrence', 'RECURRENCES', None)]:
            values = getattr(task_module, constant, None)
            if name in columns and values:
                fixed[name] = [v for v, _ in values if v]
        states = [v for v, _ in getattr(task_module, 'STATES', [])]
        done_state = next((s for s in ['finished', 'done', 'completed']
                if s in states), None)
        open_state = next((s for s in ['in_progress', 'assigned', 'open']
                if s in states), None)
        if not (done_state and open_state):
            log("tasks skipped: unknown task states")
            return 0
        agencies = [a for a in self.agencies if a[1] in self.units_by_company]
        wanted = ['company', 'name', 'assignment_date', 'deadline',
            'original_deadline', 'extension_count', 'completion_date',
            'state', 'lead_agency', 'lead_department', 'unjustified_delay',
            'progress', 'create_uid', 'create_date', *fixed]
        wanted = [c for c in wanted if c in columns]
        span = (self.today - self.start).days
        office_agency = next(a for a in self.agencies if a[1] == self.office)
        with Loader(self.conninfo, 'qlvb_task', wanted) as tasks:
            for n in range(count):
                agency, company, _ = rng.choice(agencies)
                assigned = self.start + dt.timedelta(days=rng.randrange(span))
                deadline = assigned + dt.timedelta(days=rng.choice(
                        [7, 15, 30, 30, 60, 90]))
                extensions = 1 if rng.random() < 0.1 else 0
                original = deadline
                if extensions:
                    deadline = deadline + dt.timedelta(days=30)
                age = (self.today - assigned).days
                done = self.completion(assigned, deadline, age)
                values = {
                    'company': office_agency[1],
                    'name': f"{rng.choice(ACTIONS)} {rng.choice(TOPICS)}",
                    'assignment_date': assigned,
                    'deadline': deadline,
                    'original_deadline': original,
                    'extension_count': extensions,
                    'completion_date': done,
                    'state': done_state if done else open_state,
                    'lead_agency': agency,
                    'lead_department': (rng.choice(
                            self.units_by_company[company])
                        if rng.random() < 0.3 else None),
                    'unjustified_delay': bool(done and done > deadline
                        and rng.random() < 0.5),
                    'source_kind': 'none',
                    'progress': 100 if done else rng.choice([0, 20, 50, 80]),
                    'create_uid': self.admin,
                    'create_date': self.now,
                    }
                for name, options in fixed.items():
                    if name == 'recurrence':
                        values[name] = None
                    elif name != 'source_kind':
                        values[name] = rng.choice(options)
                tasks.add(*(values[c] for c in wanted))
        log(f"{tasks.count} tasks")
        return tasks.count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', default='qlvb_bench')
    parser.add_argument('--uri', default=DEFAULT_URI)
    parser.add_argument('--scale', type=float, default=1.0)
    parser.add_argument('--seed', type=int, default=2026)
    parser.add_argument('--years', type=int, default=5)
    parser.add_argument('--create', action='store_true',
        help="create the database with the modules and the demo first")
    args = parser.parse_args()
    started = time.monotonic()
    if args.create:
        create_database(args.uri, args.database)
        log(f"database created in {time.monotonic() - started:.0f} s")
    scale = args.scale
    conninfo = args.uri.rstrip('/') + '/' + args.database
    conn = psycopg.connect(conninfo, autocommit=True)
    conn.execute("SET maintenance_work_mem = '256MB'")
    tables = ['qlvb_incoming', 'qlvb_incoming_assignment',
        'qlvb_numbering_counter', 'qlvb_task']
    indexes = drop_indexes(conn, tables)
    province = Province(conn, conninfo, scale, args.seed, args.years,
        dt.date.today())
    province.load_reference()
    province.make_units(max(int(320 * min(scale * 10, 1)), 20))
    province.make_issuers(max(int(400 * min(scale * 10, 1)), 10))
    busy_unit = province.one(
        'SELECT department FROM qlvb_post p JOIN "res_user-company_employee" '
        'u ON u.employee = p.employee JOIN res_user r ON r.id = u."user" '
        "WHERE r.login = 'truongphong'")
    busy_employee = province.one(
        'SELECT u.employee FROM "res_user-company_employee" u '
        'JOIN res_user r ON r.id = u."user" '
        "WHERE r.login = 'chuyenvien'")
    documents, assignments = province.make_documents(
        int(1_000_000 * scale), busy_unit, busy_employee)
    tasks = province.make_tasks(int(200_000 * scale))
    log(f"rebuilding {len(indexes)} indexes")
    for definition in indexes:
        conn.execute(definition)
    for table in tables:
        if table_exists(conn, table):
            conn.execute(sql.SQL('ANALYZE {}').format(sql.Identifier(table)))
    conn.close()
    log(f"done in {time.monotonic() - started:.0f} s: {documents} documents,"
        f" {assignments} assignments, {len(province.units)} units, "
        f"{tasks} tasks")


if __name__ == '__main__':
    main()
