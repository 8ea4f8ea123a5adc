"""Who sees and acts on which task, enforced by the server: checked through
JSON-RPC as the real users of the demo (as the web client calls it)."""
import datetime as dt

import pytest

from qlvb_demo.flows import TODAY

from .access_facts import agency_id, office_department_id
from .rpc import Client, ModelName, refused

pytestmark = pytest.mark.postgresql
TASK = ModelName('qlvb.task')
PROGRESS = ModelName('qlvb.task.progress')


def ids(client, model, domain):
    return set(client.model(model, 'search', domain, 0, None, None))


@pytest.fixture(scope='module')
def tasks(live_server):
    """Three tasks assigned by the Office: to Sở Nội vụ with Sở TT&TT
    coordinating, to Sở TN&MT, and to a department of the Office"""
    office = Client(live_server, 'chuyenvien')
    values = []
    for name, lead, coordinating, department in [
            ("Xây dựng Đề án sáp nhập đơn vị sự nghiệp", 'SNV', ['STTTT'],
                None),
            ("Đánh giá Văn phòng Đăng ký đất đai", 'STNMT', [], None),
            ("Theo dõi nhiệm vụ giao các sở", 'VP', [],
                "Phòng Văn hóa - Xã hội"),
            ]:
        values.append({
                'name': name,
                'lead_agency': agency_id(office, lead),
                'lead_department': office_department_id(office, department)
                if department else None,
                'coordinating_agencies': [('add', [
                            agency_id(office, a) for a in coordinating])],
                'assignment_date': TODAY,
                'deadline': TODAY + dt.timedelta(days=20),
                })
    created = office.model('qlvb.task', 'create', values)
    return dict(zip(['snv', 'stnmt', 'vp'], created))


@pytest.mark.parametrize('login,expected', [
        ('chuyenvien', {'snv', 'stnmt', 'vp'}),  # the Office follows all
        ('vanthu', {'snv', 'stnmt', 'vp'}),
        ('chutich', {'snv', 'stnmt', 'vp'}),  # provincial leaders
        ('ttthongtin', {'snv', 'stnmt', 'vp'}),  # Information Center
        ('giamdocsnv', {'snv'}),  # lead unit
        ('vanthusnv', {'snv'}),
        ('giamdocstttt', {'snv'}),  # coordinating unit
        ('giamdocstnmt', {'stnmt'}),
        ('truongphongvx', {'vp'}),  # the department in charge
        ])
def test_who_sees_which_task(live_server, tasks, login, expected):
    client = Client(live_server, login)
    visible = ids(client, 'qlvb.task', [('id', 'in', list(tasks.values()))])
    assert visible == {tasks[k] for k in expected}
    count = client.model('qlvb.task', 'search_count',
        [('id', 'in', list(tasks.values()))], 0, None)
    assert count == len(expected)


def test_other_unit_cannot_read_or_act(live_server, tasks):
    client = Client(live_server, 'giamdocstnmt')
    with refused(live_server, client, 'ir.msg_read_rule_error',
            ids=tasks['snv'], model=TASK):
        client.model('qlvb.task', 'read', [tasks['snv']], ['name'])
    with refused(live_server, client, 'ir.msg_create_rule_error',
            model=PROGRESS):
        client.model('qlvb.task.progress', 'create', [{
                    'task': tasks['snv'], 'percent': 50,
                    'description': "Báo cáo hộ"}])
    # A button first reads the records it is called on.
    with refused(live_server, client, 'ir.msg_read_rule_error',
            ids=tasks['snv'], model=TASK):
        client.model('qlvb.task', 'start', [tasks['snv']])


def test_lead_unit_reports_but_does_not_decide(live_server, tasks):
    client = Client(live_server, 'giamdocsnv')
    progress, = client.model('qlvb.task.progress', 'create', [{
                'task': tasks['snv'], 'percent': 30,
                'description': "Đã xây dựng đề cương Đề án."}])
    task, = client.model('qlvb.task', 'read', [tasks['snv']],
        ['state', 'progress', 'last_update', 'rec_name'])
    assert (task['state'], task['progress']) == ('in_progress', 30)
    # The deadline, the lead unit and the decisions stay with the Office.
    with refused(live_server, client, 'qlvb_task.msg_task_office_only',
            task=task['rec_name']):
        client.model('qlvb.task', 'write', [tasks['snv']],
            {'deadline': TODAY + dt.timedelta(days=90)})
    with refused(live_server, client, 'ir.msg_access_button_error',
            button='close', model=TASK):
        client.model('qlvb.task', 'close', [tasks['snv']])
    with refused(live_server, client,
            'qlvb_task.msg_task_progress_frozen'):
        client.model('qlvb.task.progress', 'write', [progress],
            {'percent': 90})
    with refused(live_server, client, 'ir.msg_access_rule_error',
            model=TASK):
        client.model('qlvb.task', 'create', [{
                    'name': "Tự giao", 'lead_agency': agency_id(client, 'SNV'),
                    'assignment_date': TODAY}])
    # A coordinating unit adds its contribution, not the lead's figure.
    client = Client(live_server, 'giamdocstttt')
    client.model('qlvb.task.progress', 'create', [{
                'task': tasks['snv'], 'percent': 100,
                'description': "Đã góp ý đề cương."}])
    task, = client.model('qlvb.task', 'read', [tasks['snv']], ['progress'])
    assert task['progress'] == 30


def test_dashboard_counts_what_the_user_may_read(live_server, tasks):
    context_dates = (TODAY - dt.timedelta(days=30), TODAY)

    def rows(login):
        client = Client(live_server, login)
        client.context.update(from_date=context_dates[0],
            to_date=context_dates[1])
        found = client.model('qlvb.task.dashboard', 'search', [],
            0, None, None)
        return {r['lead_agency.']['abbreviation']: r['assigned']
            for r in client.model('qlvb.task.dashboard', 'read', found,
                ['assigned', 'lead_agency.abbreviation'])}
    board = rows('chutich')
    assert board['SNV'] >= 1 and board['STNMT'] >= 1 and board['VP'] >= 1
    # A director sees his agency's tasks, not the Office's; the units his
    # inspection team inspects may be added by an inspection that another
    # test on this server left running.
    seen = set(rows('giamdocsnv'))
    assert 'SNV' in seen and 'VP' not in seen
    specialist = Client(live_server, 'chuyenvien2')
    with refused(live_server, specialist, 'ir.msg_access_rule_error',
            model=ModelName('qlvb.task.dashboard')):
        rows('chuyenvien2')  # a specialist has no dashboard
