"""Reminders of every duty through the one reminder engine, as the demo
users act and the scheduled action (run by the administrator, "today"
given as qlvb_today) reminds: document duties before and after their
deadline with escalation, overdue requests for comments, documents nobody
submitted or directed by the next working day; each event once. Then the
Information Center's follow-up screen: per unit, the tasks and duties
without an update and the reminders left unanswered, and its periodic
reminder; refused to everyone else."""
import datetime as dt
import itertools
import time

import holidays
import pytest
from proteus import Model

from qlvb_demo.tools import (
    TODAY, direct, forward, new_incoming, record, submit)

from .access_facts import department_draft
from .rpc import Client, ModelName, query, refused

pytestmark = pytest.mark.postgresql
DAY = dt.timedelta(days=1)
RUN = int(time.time()) % 100000
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"
VX = "Phòng Văn hóa - Xã hội"
INTERVAL = 5  # reminder_overdue_interval of the demo (the default)
NUMBERS = itertools.count(1)


def is_working_day(day):
    "The default calendar (Monday-Friday without Vietnam's holidays)"
    public = holidays.country_holidays('VN', years=day.year)
    if day in public.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in public


def add_working_days(day, days):
    while days:
        day += DAY
        days -= is_working_day(day)
    return day


def login(server, user):
    return server.proteus(user)


def run_reminders(server, day):
    "The daily scheduled action run by the administrator as of day"
    admin = Client(server, 'admin')
    cron = admin.model('ir.model.data', 'get_id', 'qlvb_task',
        'cron_task_reminders')
    admin._post('model.ir.cron.run_once',
        [[cron], dict(admin.context, qlvb_today=day)])


def sent(server, field, record_id):
    "{(kind, event date, login)} reminded in the application for a record"
    return {(kind, event, login) for kind, event, login in query(server,
            'SELECT r.kind, r.event_date, u.login FROM qlvb_reminder r '
            'JOIN res_user u ON u.id = r.recipient '
            f"WHERE r.{field} = %s AND r.channel = 'in_app'", record_id)}


def count(server, field, record_id):
    return query(server, f'SELECT COUNT(*) FROM qlvb_reminder '
        f'WHERE {field} = %s', record_id)[0][0]


def registered(server, subject, arrival):
    "A document registered by the Office's clerk, nobody routed it yet"
    login(server, 'vanthu')
    incoming = new_incoming(subject,
        reference=f'{RUN}{next(NUMBERS):02d}/CV-BNV',
        arrival_date=arrival)
    incoming.click('register_arrival')
    return incoming


def directed(server, subject, arrival, lines):
    "{(department, role): assignment} of a document the chairman directed"
    incoming = registered(server, subject, arrival)
    submit(incoming, record('res.user', [('login', '=', 'chutich')]).id)
    login(server, 'chutich')
    direct(Model.get('qlvb.incoming')(incoming.id), "Giao xử lý.",
        lines=lines)
    return {(a.department.name, a.role): a.id
        for a in Model.get('qlvb.incoming.assignment').find(
            [('incoming', '=', incoming.id)])}


@pytest.fixture(scope='module')
def duties(live_server):
    """NC leads, VX is informed, both with a deadline 40 days ago; another
    document led by NC, completed; NC's head forwards to his specialist"""
    arrival = TODAY - 60 * DAY
    deadline = add_working_days(arrival, 10)
    lines = [('lead', NC, None, deadline), ('inform', VX, None, deadline)]
    first = directed(live_server, f"Nhắc việc {RUN}: rà soát", arrival,
        lines)
    done = directed(live_server, f"Nhắc việc {RUN}: đã xong", arrival,
        [('lead', NC, None, deadline)])
    forwarded = directed(live_server, f"Nhắc việc {RUN}: chuyển tiếp",
        arrival, [('lead', NC, None, deadline)])
    login(live_server, 'truongphong')
    Assignment = Model.get('qlvb.incoming.assignment')
    forward(Assignment(forwarded[NC, 'lead']),
        [('lead', "Bùi Thị Hạnh", deadline)])
    child, = Assignment.find([('parent', '=', forwarded[NC, 'lead'])])
    # Completed on the day by the head (late, with a reason)
    head = Client(live_server, 'truongphong')
    context = dict(head.context, active_id=done[NC, 'lead'],
        active_ids=[done[NC, 'lead']],
        active_model='qlvb.incoming.assignment')
    wizard = 'wizard.qlvb.incoming.assignment.complete'
    session = head._post(f'{wizard}.create', [context])[0]
    head._post(f'{wizard}.execute', [session, {'start': {
                    'completion_date': TODAY, 'result_note': "Đã xử lý",
                    'result_reference': None, 'result_date': None,
                    'result_outgoing': None,
                    'late_reason': "Chờ ý kiến các sở"}},
            'complete', context])
    head._post(f'{wizard}.delete', [session, context])
    return {'lead': first[NC, 'lead'], 'inform': first[VX, 'inform'],
        'done': done[NC, 'lead'], 'child': child.id, 'deadline': deadline}


def test_duty_before_deadline(live_server, duties):
    "Three working days before: the assignees, once however often it runs"
    deadline = duties['deadline']
    day = deadline - DAY
    while not is_working_day(day):
        day -= DAY
    run_reminders(live_server, day)
    run_reminders(live_server, day)
    assert sent(live_server, 'assignment', duties['lead']) == {
        ('before', deadline, 'truongphong')}
    # An unread for-information duty is reminded to the unit too
    assert sent(live_server, 'assignment', duties['inform']) == {
        ('before', deadline, 'truongphongvx')}
    assert sent(live_server, 'assignment', duties['child']) == {
        ('before', deadline, 'chuyenvien')}
    assert sent(live_server, 'assignment', duties['done']) == set()


def test_duty_overdue_and_escalation(live_server, duties):
    """The working day after the deadline the assignees, then on the second
    overdue step also the head of the unit, whoever gave the duty and the
    directing leader; read, completed duties never"""
    deadline = duties['deadline']
    # VX reads its for-information duty: it is never reminded again.
    Client(live_server, 'truongphongvx').model('qlvb.incoming.assignment',
        'mark_read', [duties['inform']])
    before = sent(live_server, 'assignment', duties['inform'])
    first = add_working_days(deadline, 1)
    second = add_working_days(deadline, 1 + INTERVAL)
    for day in [first, first + DAY, second, second, second + DAY]:
        run_reminders(live_server, day)
    assert sent(live_server, 'assignment', duties['lead']) >= {
        ('overdue', first, 'truongphong'),
        ('overdue', second, 'truongphong'),
        ('overdue', second, 'chutich'),
        }
    assert {r for r in sent(live_server, 'assignment', duties['lead'])
        if r[0] == 'overdue'} == {
        ('overdue', first, 'truongphong'),
        ('overdue', second, 'truongphong'),
        ('overdue', second, 'chutich'),
        }
    # The specialist, then his head (who forwarded it) and the chairman
    assert {r for r in sent(live_server, 'assignment', duties['child'])
        if r[0] == 'overdue'} == {
        ('overdue', first, 'chuyenvien'),
        ('overdue', second, 'chuyenvien'),
        ('overdue', second, 'truongphong'),
        ('overdue', second, 'chutich'),
        }
    assert sent(live_server, 'assignment', duties['inform']) == before
    assert sent(live_server, 'assignment', duties['done']) == set()
    # Each event once: the rerun of the second step sent nothing more.
    total = count(live_server, 'assignment', duties['lead'])
    run_reminders(live_server, second)
    assert count(live_server, 'assignment', duties['lead']) == total


def test_reminder_of_a_duty_read_as_the_duty(live_server, duties):
    "The assignee reads his reminders; a unit not involved does not"
    head = Client(live_server, 'truongphong')
    assert head.model('qlvb.reminder', 'search_count',
        [('assignment', '=', duties['lead'])]) >= 1
    other = Client(live_server, 'truongphongsnv')
    assert other.model('qlvb.reminder', 'search_count',
        [('assignment', '=', duties['lead'])]) == 0


def last_holiday_eve():
    """A working day before a weekday public holiday, in the past year:
    (that day, the next working day)"""
    day = TODAY - 2 * DAY
    while True:
        after = day + DAY
        public = holidays.country_holidays('VN', years=after.year)
        if (is_working_day(day) and after in public
                and after.weekday() < 5):
            return day, add_working_days(day, 1)
        day -= DAY


def last_friday():
    day = TODAY - 14 * DAY
    while day.weekday() != 4 or not is_working_day(day) or not (
            is_working_day(day + 3 * DAY)):
        day -= DAY
    return day


def test_unrouted_next_working_day(live_server):
    """Registered on Friday, nobody submitted it on Monday: the clerk is
    reminded on Tuesday; the office chief from the second step on; once
    routed, nothing more"""
    friday = last_friday()
    incoming = registered(live_server, f"Nhắc việc {RUN}: chưa trình",
        friday)
    monday, tuesday = friday + 3 * DAY, friday + 4 * DAY
    run_reminders(live_server, monday)
    assert sent(live_server, 'incoming', incoming.id) == set()
    run_reminders(live_server, tuesday)
    run_reminders(live_server, tuesday)
    assert sent(live_server, 'incoming', incoming.id) == {
        ('unrouted', tuesday, 'vanthu')}
    second = add_working_days(monday, 1 + INTERVAL)
    run_reminders(live_server, second)
    assert sent(live_server, 'incoming', incoming.id) == {
        ('unrouted', tuesday, 'vanthu'),
        ('unrouted', second, 'vanthu'),
        ('unrouted', second, 'chanhvp'),
        }
    # Read as the document: the clerk reads them all, the chief's too
    clerk = Client(live_server, 'vanthu')
    assert clerk.model('qlvb.reminder', 'search_count',
        [('incoming', '=', incoming.id)]) == 3
    assert Client(live_server, 'truongphongsnv').model('qlvb.reminder',
        'search_count', [('incoming', '=', incoming.id)]) == 0
    login(live_server, 'vanthu')
    submit(incoming, record('res.user', [('login', '=', 'chutich')]).id)
    run_reminders(live_server, add_working_days(second, INTERVAL))
    assert len(sent(live_server, 'incoming', incoming.id)) == 3


def test_unrouted_after_a_holiday(live_server):
    "The next working day skips the public holiday"
    eve, next_day = last_holiday_eve()
    assert next_day > eve + DAY
    incoming = registered(live_server, f"Nhắc việc {RUN}: nghỉ lễ", eve)
    run_reminders(live_server, eve + DAY)
    run_reminders(live_server, next_day)
    assert sent(live_server, 'incoming', incoming.id) == set()
    reminded = add_working_days(next_day, 1)
    run_reminders(live_server, reminded)
    assert sent(live_server, 'incoming', incoming.id) == {
        ('unrouted', reminded, 'vanthu')}


def test_comment_request_overdue(live_server):
    """A department asked for comments that does not answer: its head the
    working day after the deadline, the author of the draft from the
    second step on; answered, nothing more"""
    login(live_server, 'chuyenvien')
    requested = TODAY - 30 * DAY
    while not is_working_day(requested):
        requested -= DAY
    deadline = add_working_days(requested, 5)
    draft = department_draft(f"Nhắc việc {RUN}: dự thảo xin ý kiến")
    draft.comment_requests.new(question="Đề nghị góp ý.",
        department=record('qlvb.department', [('name', '=', VX)]),
        requested_date=requested, deadline=deadline)
    draft.save()
    request, = draft.comment_requests
    request.click('send')
    first = add_working_days(deadline, 1)
    second = add_working_days(deadline, 1 + INTERVAL)
    run_reminders(live_server, deadline)
    assert sent(live_server, 'comment_request', request.id) == set()
    for day in [first, first, second]:
        run_reminders(live_server, day)
    assert sent(live_server, 'comment_request', request.id) == {
        ('overdue', first, 'truongphongvx'),
        ('overdue', second, 'truongphongvx'),
        ('overdue', second, 'chuyenvien'),
        }
    assert Client(live_server, 'truongphongvx').model('qlvb.reminder',
        'search_count', [('comment_request', '=', request.id)]) == 3


FOLLOW_UP = 'qlvb.task.follow_up'
FIGURES = ['agency', 'department', 'stale_tasks', 'stale_duties',
    'unanswered']


def figures(client, day):
    "{(agency, department): (stale tasks, stale duties, unanswered)}"
    context = dict(client.context, qlvb_today=day)
    ids = client._post(f'model.{FOLLOW_UP}.search',
        [[], 0, None, None, context])
    rows = client._post(f'model.{FOLLOW_UP}.read', [ids, FIGURES, context])
    return {(r['agency'], r['department']): (r['stale_tasks'],
            r['stale_duties'], r['unanswered']) for r in rows}


def test_follow_up_screen(live_server):
    """Per unit, the tasks and duties without an update for K working days
    and those whose reminders were left unanswered; the periodic reminder
    goes once a day; a progress report or an action answers it"""
    center = Client(live_server, 'ttthongtin')
    office = Client(live_server, 'chuyenvien')
    # K working days after today, everything done today is stale
    k = office.model('qlvb.configuration', 'read', [1],
        ['reminder_update_days'])[0]['reminder_update_days']
    day = add_working_days(TODAY, k)
    snv = office.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'SNV'), ('level', '!=', 'district')],
        0, None, None)[0]
    cchc = office.model('qlvb.department', 'search',
        [('name', '=', "Phòng Cải cách hành chính"), ('agency', '=', snv)],
        0, None, None)[0]
    nc = office.model('qlvb.department', 'search', [('name', '=', NC)],
        0, None, None)[0]
    unit = (snv, cchc)
    nc_unit = (office.model('qlvb.department', 'read', [nc],
            ['agency'])[0]['agency'], nc)
    earlier = add_working_days(TODAY, k - 1)
    before, fresh = figures(center, day), figures(center, earlier)
    task, = office.model('qlvb.task', 'create', [{
                'name': f"Nhắc việc {RUN}: đề án cải cách",
                'lead_agency': snv, 'lead_department': cchc,
                'assignment_date': TODAY,
                'deadline': TODAY + 90 * DAY}])
    duty = directed(live_server, f"Nhắc việc {RUN}: theo dõi", TODAY,
        [('lead', NC, None, TODAY + 60 * DAY)])[NC, 'lead']
    old = before.get(unit, (0, 0, 0))
    old_nc = before.get(nc_unit, (0, 0, 0))
    after = figures(center, day)
    assert after[unit] == (old[0] + 1, old[1], old[2])
    assert after[nc_unit] == (old_nc[0], old_nc[1] + 1, old_nc[2])
    # One working day less: not stale yet
    assert figures(center, earlier) == fresh

    # The periodic reminder: to the unit's head, once on the day. A
    # reminder's time is kept to the second (a duty's changes to the
    # microsecond): a person's acts are seconds apart, so are these.
    time.sleep(1.1)
    context = dict(center.context, qlvb_today=day)
    rows = [unit[0] * 1000000 + unit[1], nc_unit[0] * 1000000 + nc_unit[1]]
    center._post(f'model.{FOLLOW_UP}.nudge', [rows, context])
    center._post(f'model.{FOLLOW_UP}.nudge', [rows, context])
    assert sent(live_server, 'task', task) == {
        ('nudge', day, 'truongphongsnv')}
    assert sent(live_server, 'assignment', duty) == {
        ('nudge', day, 'truongphong')}
    assert count(live_server, 'task', task) == 1
    # Left unanswered: ours count now (each is taken off below when
    # answered), beside whatever other tests left on this server.
    reminded = figures(center, day)
    for key, previous in [(unit, old), (nc_unit, old_nc)]:
        stale_tasks, stale_duties, unanswered = reminded[key]
        assert (stale_tasks, stale_duties) == after[key][:2]
        assert stale_tasks + stale_duties > 0
        assert unanswered > previous[2]
    # ... until the unit reports its progress, or acts on the duty
    time.sleep(1.1)
    Client(live_server, 'truongphongsnv').model('qlvb.task.progress',
        'create', [{'task': task, 'percent': 20,
                'description': "Đã xây dựng dự thảo đề án."}])
    Client(live_server, 'truongphong').model('qlvb.incoming.assignment',
        'start', [duty])
    answered = figures(center, day)
    for key in [unit, nc_unit]:
        stale_tasks, stale_duties, unanswered = reminded[key]
        assert answered[key] == (stale_tasks, stale_duties, unanswered - 1)
    # Reported today: not stale the working day before it would be (the
    # unanswered column moves with other tests' reminders on this server)
    stale = lambda rows: {k: v[:2] for k, v in rows.items()}
    assert stale(figures(center, earlier)) == stale(fresh)


def test_follow_up_refused_to_others(live_server):
    for user in ['truongphong', 'chanhvp', 'vanthu']:
        client = Client(live_server, user)
        with refused(live_server, client, 'ir.msg_access_rule_error',
                model=ModelName(FOLLOW_UP)):
            client.model(FOLLOW_UP, 'search', [], 0, None, None)
