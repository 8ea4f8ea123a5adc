"""Fixtures of the cross-module tests: a live trytond with the demo data
(PostgreSQL) and a headless Chromium driving the web client."""
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
        from trytond.modules.qlvb_dieuhanh.tests.demo import PASSWORD
        self.password = PASSWORD
        self.database = f'qlvb_live_{os.getpid()}'
        self.port = _free_port()
        self.url = f'http://127.0.0.1:{self.port}/'
        self.workdir = pathlib.Path(tempfile.mkdtemp(prefix='qlvb-live-'))
        self.config = self.workdir / 'trytond.conf'
        self.config.write_text(
            f"[database]\nuri = {uri}\nretry = 20\n\n"
            f"[web]\nlisten = 127.0.0.1:{self.port}\n"
            f"root = {ROOT / '.sao'}\n")
        self.log = OUTPUT / 'live-server.log'
        self.env = {k: v for k, v in os.environ.items()
            if not k.startswith(('TRYTOND_', 'DB_'))}
        self.process = None

    def start(self):
        self._drop()
        passfile = self.workdir / 'pass'
        passfile.write_text(self.password)
        admin = [BIN / 'trytond-admin', '-c', self.config, '-d',
            self.database]
        env = dict(self.env, TRYTONPASSFILE=str(passfile))
        self._createdb()
        _run([*admin, '--all', '--email', 'admin@example.org'], env, self.log)
        _run([*admin, '-u', *MODULES, '--activate-dependencies', '-l', 'vi'],
            env, self.log)
        _run([BIN / 'python', '-m', 'trytond.modules.qlvb_dieuhanh.tests.demo',
                '-c', self.config, '-d', self.database], env, self.log)
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
        shutil.rmtree(self.workdir, ignore_errors=True)

    def rpc_url(self, login):
        return (f'http://{login}:{self.password}@127.0.0.1:{self.port}/'
            f'{self.database}/rpc/')


@pytest.fixture(scope='session')
def live_server():
    uri = os.environ.get('TRYTOND_DATABASE_URI', '')
    if not uri.startswith('postgresql'):
        pytest.skip("the live server runs on PostgreSQL")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    server = LiveServer(uri)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def browser():
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
            '--lang=vi']:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
