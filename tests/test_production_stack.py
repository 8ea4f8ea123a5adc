"""The production stack (setup/stack.sh) on a copy of the demo database:
trytond's WSGI application in several gunicorn processes, one trytond-cron
and a trytond-worker. One user flow goes through it, its notification
reaches the leader through the bus, and a reminder is sent by the real
cron process, not by a test calling the method."""
import base64
import datetime as dt
import json
import os
import pathlib
import shutil
import subprocess
import threading
import time
import urllib.request

import pytest
from proteus import Model

from qlvb_demo.tools import TODAY, direct

from .access_facts import agency_id
from .test_access_reports import office
from .test_statistics_background import ask, workbook
from .conftest import OUTPUT, ROOT, LiveServer
from .rpc import Client
from .test_duty_integrity import NC, login, received

pytestmark = pytest.mark.postgresql
WEB_WORKERS = 2
# trytond-cron wakes at each minute: a job due now runs within about one.
CRON_WAIT = 180


class Stack(LiveServer):
    "The demo database served by setup/stack.sh instead of `trytond`"

    def __init__(self, uri):
        super().__init__(uri)
        self.database = f'qlvb_stack_{os.getpid()}'
        self.dir = self.workdir / 'stack'
        self.log = OUTPUT / 'production-stack.log'

    def _stack(self, command):
        env = dict(self.env, TRYTOND_DATABASE_URI=self.uri,
            QLVB_DB=self.database, QLVB_PORT=str(self.port),
            QLVB_WEB_WORKERS=str(WEB_WORKERS), QLVB_QUEUE_WORKERS='1',
            QLVB_FILESTORE=str(self.filestore), QLVB_STACK_DIR=str(self.dir))
        with open(self.log, 'a') as out:
            return subprocess.run(['bash', ROOT / 'setup' / 'stack.sh',
                    command], env=env, stdout=out, stderr=subprocess.STDOUT)

    def start(self):
        self.prepare()
        if self._stack('start').returncode:
            logs = [self.log, *sorted(self.dir.glob('*.log'))]
            raise RuntimeError("setup/stack.sh start failed:\n" + '\n'.join(
                    f'--- {log}\n{pathlib.Path(log).read_text()[-2000:]}'
                    for log in logs if pathlib.Path(log).exists()))

    def stop(self):
        self._stack('stop')
        for log in self.dir.glob('*.log'):  # kept for a failure's reader
            shutil.copy(log, OUTPUT / f'production-stack-{log.name}')
        super().stop()


@pytest.fixture(scope='module')
def stack():
    uri = os.environ.get('TRYTOND_DATABASE_URI', '')
    if not uri.startswith('postgresql'):
        pytest.skip("the production stack runs on PostgreSQL")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    server = Stack(uri)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def pid(stack, part):
    return int((stack.dir / f'{part}.pid').read_text())


def test_processes(stack):
    "Two web processes under one master, a cron and a queue worker running"
    workers = subprocess.run(['pgrep', '-P', str(pid(stack, 'web'))],
        capture_output=True, text=True).stdout.split()
    assert len(workers) == WEB_WORKERS
    for part in ['cron', 'worker']:
        os.kill(pid(stack, part), 0)  # raises when it is not running
    status = subprocess.run(['bash', ROOT / 'setup' / 'stack.sh', 'status'],
        env=dict(os.environ, QLVB_DB=stack.database,
            QLVB_STACK_DIR=str(stack.dir)),
        capture_output=True, text=True)
    assert status.returncode == 0, status.stdout
    assert status.stdout.split('\n')[:3] == [
        f'web: running (pid {pid(stack, "web")})',
        f'cron: running (pid {pid(stack, "cron")})',
        f'worker: running (pid {pid(stack, "worker")})']


def poll_bus(stack, client, result, channels=None, timeout=120):
    "One long poll of the web client's bus, as sao does after login"
    token = f'{client.login}:{client.user_id}:{client.session}'.encode()
    request = urllib.request.Request(
        f'http://127.0.0.1:{stack.port}/{stack.database}/bus',
        data=json.dumps({'last_message': None, 'channels': channels or [
                    f'notification:{client.user_id}']}).encode(),
        headers={'Content-Type': 'application/json',
            'Authorization': 'Session ' + base64.b64encode(token).decode()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            result.update(json.loads(response.read()))
    except TimeoutError:
        result['timeout'] = True


def listening(*polls):
    "Threads of long polls, started and given time to listen"
    threads = [threading.Thread(target=poll_bus, args=args)
        for args in polls]
    for thread in threads:
        thread.start()
    time.sleep(3)  # the process answering the poll starts listening
    return threads


def test_user_flow_and_notification(stack):
    "Register, submit, direct through the stack; the bell rings on the bus"
    chairman = Client(stack, 'chutich')
    result = {}
    listener, = listening((stack, chairman, result))
    subject = f"Kiểm tra hệ thống vận hành {time.time_ns()}"
    incoming = received(stack, subject, f'{time.time_ns() % 10**6}/CV-STACK',
        TODAY)
    listener.join(90)
    assert not listener.is_alive(), "no notification reached the bus"
    assert result['channel'] == f'notification:{chairman.user_id}'
    assert result['message']['type'] == 'user-notification'
    assert result['message']['count'] >= 1
    assert any(subject in text for text in result['message']['content'])

    direct(incoming, "Giao Phòng Nội chính xử lý.",
        lines=[('lead', NC, None, TODAY + dt.timedelta(days=10))])
    incoming.reload()
    assert incoming.state == 'directed'
    duty, = Model.get('qlvb.incoming.assignment').find(
        [('incoming', '=', incoming.id)])
    assert (duty.department.name, duty.role) == (NC, 'lead')


def test_bus_carries_only_the_users_own_channels(stack):
    "Another user's bell and the chat of an unreadable document stay silent"
    chairman = Client(stack, 'chutich')
    incoming = received(stack, f"Trao đổi nội bộ {time.time_ns()}",
        f'{time.time_ns() % 10**6}/CV-BUS', TODAY)
    chat = f'chat:qlvb.incoming,{incoming.id}'
    outsider = Client(stack, 'vanthusnv')  # another agency's clerk
    own, spied = {}, {}
    threads = listening((stack, chairman, own, [chat]),
        (stack, outsider, spied, [chat, f'notification:{chairman.user_id}'],
            20))
    content = f"Đề nghị báo cáo trước ngày 15 ({incoming.id})."
    chairman.model('ir.chat.channel', 'post', f'qlvb.incoming,{incoming.id}',
        content, 'internal')
    # The bell of the chairman rings too: a document submitted to him.
    received(stack, f"Báo cáo khẩn {time.time_ns()}",
        f'{time.time_ns() % 10**6}/CV-BUS', TODAY)
    for thread in threads:
        thread.join(60)
    assert own['channel'] == chat
    assert own['message']['message']['content'] == content
    assert spied == {'timeout': True}


def test_statistics_built_by_the_worker(stack):
    "A year's statistics are left to trytond-worker, then wait for the user"
    chief = Client(stack, 'chanhvp')
    assert ask(chief, office(chief))[0] == 'queued'
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        exports = chief.model('qlvb.statistics.export', 'search_read', [],
            0, None, None, ['state'])
        if exports and exports[0]['state'] != 'queued':
            break
        time.sleep(2)
    assert [e['state'] for e in exports] == ['done']
    book = workbook(chief, exports[0]['id'])
    assert book.worksheets[0].max_row > 3


def test_reminder_sent_by_cron(stack):
    "The daily reminder job, made due now, is run by trytond-cron itself"
    office = Client(stack, 'chuyenvien')
    agency = agency_id(office, 'SNV')
    task, = office.model('qlvb.task', 'create', [{
                'name': f"Nhiệm vụ nhắc hạn {time.time_ns()}",
                'lead_agency': agency, 'assignment_date': TODAY,
                'deadline': TODAY + dt.timedelta(days=1)}])
    admin = Client(stack, 'admin')
    cron = admin.model('ir.model.data', 'get_id', 'qlvb_task',
        'cron_task_reminders')
    assert not admin.model('qlvb.reminder', 'search',
        [('task', '=', task)], 0, None, None)
    admin.model('ir.cron', 'write', [cron], {
            'next_call': {'__class__': 'datetime', 'year': 2000,
                'month': 1, 'day': 1, 'hour': 0, 'minute': 0,
                'second': 0, 'microsecond': 0}})
    deadline = time.monotonic() + CRON_WAIT
    reminders = []
    while not reminders and time.monotonic() < deadline:
        time.sleep(5)
        reminders = admin.model('qlvb.reminder', 'search_read',
            [('task', '=', task)], 0, None, None,
            ['kind', 'recipient.login', 'channel'])
    assert reminders, "trytond-cron did not send the reminder"
    assert {r['kind'] for r in reminders} == {'before'}
    assert {r['recipient.']['login'] for r in reminders} >= {'giamdocsnv'}
    next_call, = admin.model('ir.cron', 'read', [cron], ['next_call'])
    assert next_call['next_call']['year'] >= TODAY.year
    login(stack, 'admin')  # proteus of later tests as someone valid
