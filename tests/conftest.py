"""Fixtures of the cross-module tests: a live trytond with the demo data
(PostgreSQL) and a headless Chromium driving the web client."""
import fcntl
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = pathlib.Path(os.environ.get('QLVB_TEST_OUTPUT', ROOT / 'test-output'))
MODULES = ['qlvb_dieuhanh', 'kiem_tra_cong_vu']
BIN = pathlib.Path(sys.executable).parent
FILESTORE = pathlib.Path(os.environ.get('XDG_CACHE_HOME')
    or pathlib.Path.home() / '.cache') / 'qlvb-test-filestore'
# Seconds for the live trytond to answer once started (loaded machine).
START_TIMEOUT = 180


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _run(args, env, log):
    with open(log, 'a') as out:
        result = subprocess.run(
            args, env=env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode:
        raise RuntimeError(
            f"{' '.join(map(str, args))} failed, see {log}:\n"
            + pathlib.Path(log).read_text()[-3000:])


class LiveServer:
    "A trytond serving the web client on a fresh demo database"

    def __init__(self, uri):
        from qlvb_demo import PASSWORD
        self.password = PASSWORD
        self.uri = uri
        self.database = f'qlvb_live_{os.getpid()}'
        self.port = _free_port()
        self.url = f'http://127.0.0.1:{self.port}/'
        self.workdir = pathlib.Path(tempfile.mkdtemp(prefix='qlvb-live-'))
        self.config = self.workdir / 'trytond.conf'
        # Files (attachments, documents) live beside their database, under
        # its name: a copy of the database needs a copy of them. Outside
        # the checkout, as the template databases are shared by checkouts.
        self.filestore = FILESTORE
        self._write_config()
        self.log = OUTPUT / 'live-server.log'
        self.env = {k: v for k, v in os.environ.items()
            if not k.startswith(('TRYTOND_', 'DB_'))}
        self.process = None
        self._sessions = {}

    def _write_config(self):
        # Sessions last the run (login_once).
        self.config.write_text(
            f"[database]\nuri = {self.uri}\nretry = 20\n"
            f"path = {self.filestore}\n\n"
            "[session]\ntimeout = 86400\n\n"
            f"[web]\nlisten = 127.0.0.1:{self.port}\n"
            f"root = {ROOT / '.sao'}\n")

    def start(self):
        self.prepare()
        self.process = subprocess.Popen(
            [BIN / 'trytond', '-c', self.config, '-d', self.database],
            env=self.env, stdout=open(self.log, 'a'),
            stderr=subprocess.STDOUT)
        # trytond loads the database's modules before it listens: on a busy
        # machine that takes long, so wait generously for its answer, but
        # stop at once if it died.
        deadline = time.monotonic() + START_TIMEOUT
        while not self._answers():
            if time.monotonic() > deadline:
                raise RuntimeError(f"trytond did not answer within "
                    f"{START_TIMEOUT} s, see {self.log}")
            try:
                code = self.process.wait(1)  # the pause between tries
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"trytond exited with {code}, see {self.log}:"
                "\n" + pathlib.Path(self.log).read_text()[-3000:])

    def prepare(self):
        "The demo database, copied from the template (built once)"
        self._drop()
        # One worker builds the template while the others wait for it.
        OUTPUT.mkdir(parents=True, exist_ok=True)
        with open(OUTPUT / 'live-template.lock', 'w') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not self._from_template():
                self._build()
                self._save_template()

    def _build(self):
        "A new database with the modules and the demo data"
        passfile = self.workdir / 'pass'
        passfile.write_text(self.password)
        admin = [BIN / 'trytond-admin', '-c', self.config, '-d',
            self.database]
        env = dict(self.env, TRYTONPASSFILE=str(passfile))
        self._createdb()
        _run([*admin, '--all', '--email', 'admin@example.org'], env, self.log)
        _run([*admin, '-u', *MODULES, '--activate-dependencies', '-l', 'vi'],
            env, self.log)
        _run([BIN / 'python', '-m', 'qlvb_demo',
                '-c', self.config, '-d', self.database], env, self.log)

    # The demo database is built once per version of the code (the test
    # command's QLVB_CACHE_KEY) and day (its dates follow today), and kept
    # as a template marked as this project's cache (setup/pg.py drops those
    # of old keys); each worker's server starts from a copy of it.
    @property
    def _key(self):
        key = os.environ.get('QLVB_CACHE_KEY')
        if key and os.environ.get('DB_CACHE'):
            return f'{key}_{time.strftime("%Y%m%d")}'

    @property
    def _template(self):
        return f'qlvb_cache_live_{self._key}' if self._key else None

    def _from_template(self):
        template = self._template
        if not template or not (self.filestore / template).is_dir():
            return False
        import psycopg
        with self._connect() as conn:
            for _ in range(60):
                try:
                    conn.execute(f'CREATE DATABASE "{self.database}" '
                        f'TEMPLATE "{template}"')
                except psycopg.errors.InvalidCatalogName:
                    return False
                except psycopg.errors.ObjectInUse:
                    time.sleep(1)  # another worker is copying it
                    continue
                break
            else:
                return False
        shutil.copytree(self.filestore / template,
            self.filestore / self.database, dirs_exist_ok=True)
        return True

    def _save_template(self):
        template = self._template
        if not template:
            return
        import psycopg
        sys.path.insert(0, str(ROOT / 'setup'))
        import pg
        files = self.filestore / self.database
        with self._connect() as conn:
            if (self.filestore / template).is_dir():
                return  # another run made it
            # A template without its files is of no use.
            pg.drop(conn, template)
            try:
                conn.execute(f'CREATE DATABASE "{template}" '
                    f'TEMPLATE "{self.database}"')
            except (psycopg.errors.DuplicateDatabase,
                    psycopg.errors.ObjectInUse):
                return
            pg.mark(conn, template, self._key)
        # Whole or nothing: a worker copies the files only once they are
        # all there.
        partial = self.filestore / f'{template}.{os.getpid()}'
        if files.is_dir():
            shutil.copytree(files, partial, dirs_exist_ok=True)
        else:
            partial.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.filestore / template, ignore_errors=True)
        partial.rename(self.filestore / template)

    def _answers(self):
        try:
            urllib.request.urlopen(self.url, timeout=30).close()
        except urllib.error.HTTPError:
            pass  # it answers; the tests will show what is wrong
        except OSError:
            return False
        return True

    def _connect(self):
        import psycopg
        uri = os.environ['TRYTOND_DATABASE_URI'].rstrip('/') + '/postgres'
        return psycopg.connect(uri, autocommit=True)

    def _createdb(self):
        with self._connect() as conn:
            conn.execute(f'CREATE DATABASE "{self.database}" '
                "TEMPLATE template0 ENCODING 'unicode'")

    def _drop(self):
        with self._connect() as conn:
            conn.execute(
                f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def stop(self):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._drop()
        shutil.rmtree(self.filestore / self.database, ignore_errors=True)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def login_once(self, login, password=None):
        """(user id, session key) of a user, logged in once per server: a
        login checks the password's Argon2 hash, slow by design (0.1 to
        0.2 s of CPU), which an URL with the password pays at every call"""
        password = password or self.password
        key = (self.database, login, password)
        if key not in self._sessions:
            from .rpc import Client
            client = Client.__new__(Client)
            client.url = (f'http://127.0.0.1:{self.port}/'
                f'{self.database}/rpc/')
            user_id, session = client._post('common.db.login',
                [login, {'password': password}, 'vi'])[:2]
            self._sessions[key] = user_id, session
        return self._sessions[key]

    def proteus(self, login):
        "proteus as login, over XML-RPC with the user's session"
        import base64

        from proteus import config as pconfig
        user_id, session = self.login_once(login)
        token = base64.b64encode(
            f'{login}:{user_id}:{session}'.encode()).decode()
        return pconfig.set_xmlrpc(
            f'http://127.0.0.1:{self.port}/{self.database}/rpc/',
            headers=[('Authorization', 'Session ' + token)])


@pytest.fixture(scope='session')
def live_server():
    uri = os.environ.get('TRYTOND_DATABASE_URI', '')
    if not uri.startswith('postgresql'):
        pytest.skip("the live server runs on PostgreSQL")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    server = LiveServer(uri)
    if os.environ.get('QLVB_LIVE_KEEP'):
        # While writing a test: one server kept between runs
        # (QLVB_LIVE_KEEP=<port>; stop it with kill and drop its database).
        server.port = int(os.environ['QLVB_LIVE_KEEP'])
        server.database = f'qlvb_live_keep_{server.port}'
        server.url = f'http://127.0.0.1:{server.port}/'
        server._write_config()
        if not server._answers():
            server.start()
        yield server
        return
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _chromium(lang):
    "A headless Chromium whose browser language is lang"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    chromium = shutil.which('chromium')
    driver_path = shutil.which('chromedriver')
    if not (chromium and driver_path):
        pytest.fail("Debian packages chromium and chromium-driver are needed")
    profile = tempfile.mkdtemp(prefix='qlvb-chromium-')
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ['--headless', '--no-sandbox', '--disable-gpu',
            '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--no-first-run', '--disable-quic',
            f'--user-data-dir={profile}', '--window-size=1400,900',
            f'--lang={lang}']:
        options.add_argument(flag)
    # navigator.language follows accept_languages in headless mode.
    options.add_experimental_option('prefs', {'intl.accept_languages': lang})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser():
    yield from _chromium('vi')


@pytest.fixture
def browser_en():
    "A browser in English, as on many office PCs"
    yield from _chromium('en-US')
