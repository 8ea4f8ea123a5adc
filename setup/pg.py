"""Small PostgreSQL chores of the test command (psql may not be installed).

    pg.py ping          exit 0 when the test role can log in and create
                        databases, 1 when no server answers, 2 when the
                        server answered but refused (reason on stderr)
    pg.py clean KEY     drop what this project left on the server: template
                        caches of old code, databases of runs that died
    pg.py drop NAME...  drop databases if they exist
    pg.py pytest ARGS   run pytest with the template caches named after the
                        code (QLVB_CACHE_KEY) and marked as this project's

The server is shared (other projects, other runs of this suite): only the
caches this project marked and the databases of its runs whose process is
gone are dropped, never WITH (FORCE), so a database in use is left alone.
"""
import os
import re
import socket
import sys
import time

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

# trytond names its template caches test-<hash>, like other projects'
# caches on the same server: ours carry this COMMENT ON DATABASE.
CACHE_MARK = 'qlvb test cache'
CACHE_COMMENT = re.compile(
    re.escape(CACHE_MARK) + r' key=(?P<key>\w+) used=(?P<used>\d+)$')
# Other checkouts of this project may test other code on the same server:
# the caches of the most recently used keys stay so they do not rebuild
# theirs at every run.
KEEP_KEYS = 3
# Databases of one run, named after the pid of the process that owns them:
# test.sh's DB_NAME (and suffixed ones: the eDXML scenario's _peer, pytest
# workers' _gwN), conftest.py's live server.
RUN_DATABASE = re.compile(r'(test_qlvb_|qlvb_live_)(?P<pid>\d+)(_\w+)?$')


def uri():
    return os.environ.get(
        'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')


def connect():
    return psycopg.connect(
        uri().rstrip('/') + '/postgres', autocommit=True, connect_timeout=5)


def server():
    "Where the server is, as libpq finds it: (host or socket dir, port)"
    params = conninfo_to_dict(uri())
    host = (params.get('host') or os.environ.get('PGHOST')
        or '/var/run/postgresql').split(',')[0]
    port = int(params.get('port') or os.environ.get('PGPORT') or 5432)
    return host, port


def listening(host, port):
    "Whether something accepts connections where the server should be"
    try:
        if host.startswith('/'):
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(5)
                sock.connect(f'{host}/.s.PGSQL.{port}')
        else:
            socket.create_connection((host, port), timeout=5).close()
    except OSError:
        return False
    return True


def ping():
    host, port = server()
    where = f'{host}:{port}'
    try:
        with connect() as conn:
            role, createdb = conn.execute(
                'SELECT rolname, rolcreatedb OR rolsuper FROM pg_roles '
                'WHERE rolname = current_user').fetchone()
    except psycopg.OperationalError as error:
        # A server sends an SQLSTATE with its refusal; without one, the
        # error is the client's own (no answer, or no password to give).
        starting = error.sqlstate == '57P03'  # starting up, shutting down
        if starting or (not error.sqlstate and not listening(host, port)):
            print(f"no PostgreSQL server answers at {where}: "
                f"{str(error).strip()}", file=sys.stderr)
            return 1
        reason = str(error).strip()
    else:
        if createdb:
            return 0
        reason = f'role "{role}" may not create databases (no CREATEDB)'
    user = conninfo_to_dict(uri()).get('user') or 'USER'
    print(f"""PostgreSQL at {where} answered but refused the tests:
    {reason}
The tests need a role that can log in and create databases. Either
  - give its name and password:
      export TRYTOND_DATABASE_URI=postgresql://USER:PASSWORD@{where}/
  - create such a role, or let yours create databases:
      sudo -u postgres createuser --createdb --pwprompt {user}
      sudo -u postgres psql -c 'ALTER ROLE "{user}" CREATEDB'
  - or, on a machine used only for tests, let local connections in without
    a password: put "host all all 127.0.0.1/32 trust" first in pg_hba.conf
    and reload PostgreSQL.""", file=sys.stderr)
    return 2


def databases(conn):
    "{name: comment} of the databases on the server"
    return dict(conn.execute(
            "SELECT datname, COALESCE(shobj_description(oid, 'pg_database'),"
            " '') FROM pg_database"))


def drop(conn, name):
    "Drop a database unless someone uses it or another role owns it"
    try:
        conn.execute(sql.SQL('DROP DATABASE IF EXISTS {}').format(
                sql.Identifier(name)))
    except (psycopg.errors.ObjectInUse,
            psycopg.errors.InsufficientPrivilege) as error:
        print(f"{name} left in place: {error}", file=sys.stderr)


def mark(conn, name, key):
    conn.execute(sql.SQL('COMMENT ON DATABASE {} IS {}').format(
            sql.Identifier(name),
            sql.Literal(f'{CACHE_MARK} key={key} used={int(time.time())}')))


def alive(pid):
    "Whether the process exists on this machine"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's
    return True


def clean(conn, key):
    caches = {}
    for name, comment in databases(conn).items():
        if match := CACHE_COMMENT.match(comment):
            caches[name] = match
        elif (match := RUN_DATABASE.match(name)) and int(match['pid']) > 0:
            # A killed run could not drop its databases; a live one (maybe
            # another run of the suite) still needs them.
            if not alive(int(match['pid'])):
                drop(conn, name)
    used = {}
    for match in caches.values():
        used[match['key']] = max(used.get(match['key'], 0), int(match['used']))
    used[key] = time.time()
    keep = sorted(used, key=used.get)[-KEEP_KEYS:]
    for name, match in caches.items():
        if match['key'] == key:
            mark(conn, name, key)  # used now
        elif match['key'] not in keep:
            drop(conn, name)


def pytest_configure(config):
    "Plugin hook (pg.py pytest): cache names follow the code, caches marked"
    key = os.environ.get('QLVB_CACHE_KEY')
    if not (key and os.environ.get('DB_CACHE')):
        return
    from trytond.tests import test_tryton
    cache_file, pg_dump = test_tryton._db_cache_file, test_tryton._pg_dump

    def _db_cache_file(path, name):
        # trytond keys a cache on the module list only: add the code's key
        # so that a cache made from other code is never restored.
        return cache_file(path, f'{name}@{key}')

    def _pg_dump(cache_path):
        pg_dump(cache_path)
        if cache_path.startswith('postgresql://'):
            with connect() as conn:
                mark(conn, cache_path.rsplit('/', 1)[1], key)

    test_tryton._db_cache_file = _db_cache_file
    test_tryton._pg_dump = _pg_dump


def main(command, *args):
    if command == 'ping':
        return ping()
    if command == 'pytest':
        import pytest
        return pytest.main(list(args), plugins=[sys.modules[__name__]])
    with connect() as conn:
        if command == 'clean':
            clean(conn, *args)
        elif command == 'drop':
            for name in args:
                drop(conn, name)
        else:
            sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
