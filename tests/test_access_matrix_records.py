"""The access matrix, every other model: tasks, inspections, outgoing
documents and their parts, reminders, the access history, registers,
reference data, as every demo user (and the officials of the inspected
units) through JSON-RPC, against the declared policy
(tests/access_policy.py). The document family of incoming documents is
test_access_matrix.py; together they give every stored model of the
modules its cells (test_every_model_has_cells).

The data are built through the real flows as the users: two tasks of the
Office (one to the Department of Home Affairs with the Department of
Information coordinating, overdue; one to a department of the Office) with
a progress report and a criticism; reminders sent by the reminder job; a
concluded inspection of the land registration office (findings, evidence,
discipline, a recommendation with its report, the conclusion issued as an
outgoing document) and a running one of the land department; a draft of
the Office asking a department for comments; a secret incoming document
opened by its assignee (a line of the access history); a note and a file
on a task, an inspection and the draft.

Who may read each record is computed from the policy's words and the facts
of the data (read in the database, not through the rules); the server's
answers to search, search_count, read by id and export by id must be the
same: no leak and no wrongful denial."""
import datetime as dt
import time
import urllib.error

import pytest
from proteus import Model

from qlvb_demo import setup_inspection_demo
from qlvb_demo.inspection import OFFICIALS
from qlvb_demo.tools import TODAY, direct, new_incoming, record, submit
from trytond.modules.kiem_tra_cong_vu.tests.tools import (
    LAND_DEPARTMENT, LAND_OFFICE, issue_conclusion, running_inspection)

from . import access_policy as P
from .access_facts import (
    DEMO_LOGINS, agency_id, agency_wide, closed, department_draft,
    has_model_access, may_read_outgoing, office_department_id, user_facts)
from .rpc import (
    Client, ModelName, RPCError, error_text, message_pattern, query,
    refused)
from .test_access_reports import office as office_agency
from .test_statistics_background import ask as background_statistics

pytestmark = pytest.mark.postgresql

LOGINS = DEMO_LOGINS + [o[0] for o in OFFICIALS if o[0]]
RUN = int(time.time()) % 100000
# At most this many records of a model are asked about (reference data
# may hold many rows).
SAMPLE = 6
RESOURCE_MODELS = {'ir.note', 'ir.attachment'}
# Stored models that are not views have no door of their own: the server
# answers 403 to any call. Relation tables (the records of a Many2Many) are
# read through the field of the record they belong to, under its rules;
# the numbering counter and the documents' text only by the server.
DOORLESS = {m for m in P.POLICY if '-' in m} | {'qlvb.numbering.counter',
    'qlvb.fulltext.text'}
# Groups that read the yearly inspection plans
PLAN_READERS = {'kiem_tra_cong_vu.group_inspection_team',
    'qlvb.group_agency_leader', 'qlvb.group_department_leader'}
# Groups that read every task of their agency (qlvb_task/task.xml)
TASK_OFFICE = {'qlvb_task.group_task_office', 'qlvb.group_agency_leader',
    'qlvb.group_assistant', 'qlvb.group_information_center',
    'qlvb.group_qlvb_admin', 'qlvb.group_clerk'}


def note_and_file(client, resource):
    client.model('ir.note', 'create',
        [{'resource': resource, 'message': "Ghi chú ma trận"}])
    client.model('ir.attachment', 'create', [{'resource': resource,
                'name': 'tep.pdf', 'type': 'data',
                'data': {'__class__': 'bytes', 'base64': 'JVBERi0xLjQ='}}])


@pytest.fixture(scope='module')
def scenario(live_server):
    "The ids of the records the matrix asks about, built as the users"
    def login(user):
        return live_server.proteus(user)
    setup_inspection_demo(login('admin'))
    data = {}
    # Tasks of the Office
    office = Client(live_server, 'chuyenvien')
    snv, vp = office.model('qlvb.task', 'create', [{
                'name': f"Ma trận {RUN}: Đề án vị trí việc làm",
                'lead_agency': agency_id(office, 'SNV'),
                'coordinating_agencies': [
                    ('add', [agency_id(office, 'STTTT')])],
                'assignment_date': TODAY - dt.timedelta(days=30),
                'deadline': TODAY - dt.timedelta(days=2)}, {
                'name': f"Ma trận {RUN}: Tổng hợp ý kiến cử tri",
                'lead_agency': agency_id(office, 'VP'),
                'lead_department': office_department_id(office,
                    "Phòng Văn hóa - Xã hội"),
                'assignment_date': TODAY,
                'deadline': TODAY + dt.timedelta(days=20)}])
    data['tasks'] = [snv, vp]
    lead = Client(live_server, 'giamdocsnv')
    lead.model('qlvb.task.progress', 'create',
        [{'task': snv, 'percent': 40, 'description': "Đã lập đề cương."}])
    lead.model('qlvb.task.extension', 'create', [{'task': snv,
                'requested_deadline': TODAY + dt.timedelta(days=30),
                'reason': "Chờ ý kiến các sở."}])
    # Overdue tasks of the units inspected below: the inspections' evidence
    stnmt = agency_id(office, 'STNMT')
    data['unit_tasks'] = office.model('qlvb.task', 'create', [{
                'name': f"Ma trận {RUN}: hồ sơ đất đai ({unit})",
                'lead_agency': stnmt,
                'lead_department': office.model('qlvb.department', 'search',
                    [('name', '=', unit), ('agency', '=', stnmt)],
                    0, None, None)[0],
                'assignment_date': TODAY - dt.timedelta(days=30),
                'deadline': TODAY - dt.timedelta(days=5)}
            for unit in [LAND_OFFICE, LAND_DEPARTMENT]])
    office.model('qlvb.task.criticism', 'create', [{
                'agency': agency_id(office, 'SNV'), 'date': TODAY,
                'reason': "Chậm triển khai nhiệm vụ",
                'tasks': [('add', [snv])]}])
    note_and_file(office, f'qlvb.task,{vp}')
    # The reminder job, run as the administrator, and reference data the
    # demo leaves empty
    admin = Client(live_server, 'admin')
    config, = admin.model('qlvb.configuration', 'read', [1],
        ['due_soon_days'])
    admin.model('qlvb.configuration', 'write', [1],
        {'due_soon_days': config['due_soon_days']})  # its row exists
    day_off = dt.date(TODAY.year + 3, 12, 31)
    if not admin.model('qlvb.calendar.day', 'search',
            [('date', '=', day_off)], 0, None, None):
        admin.model('qlvb.calendar.day', 'create', [{'date': day_off,
                    'kind': 'day_off', 'name': "Nghỉ bù"}])
    if not admin.model('qlvb.edxml.channel', 'search',
            [('company', '=', admin.context['company'])], 0, None, None):
        admin.model('qlvb.edxml.channel', 'create', [{
                    'company': admin.context['company'], 'kind': 'folder',
                    'folder': f'/tmp/ma-tran-{RUN}'}])
    cron = admin.model('ir.model.data', 'get_id', 'qlvb_task',
        'cron_task_reminders')
    admin.model('ir.cron', 'run_once', [cron])
    # A year's statistics, built in the background for the Office's chief
    chief = Client(live_server, 'chanhvp')
    assert background_statistics(chief, office_agency(chief))[0] == 'queued'
    # Inspections
    login('chuyenvien')
    concluded = running_inspection(
        f"Ma trận {RUN}: kiểm tra Văn phòng Đăng ký", LAND_OFFICE,
        [('tasks', "Nhiệm vụ quá hạn."), ('working_hours', "Đi muộn.")])
    finding = concluded.findings[0]
    finding.evidence.new(name="Biên bản", file=b'%PDF-1.4 bb',
        filename='bb.pdf')
    concluded.save()
    Model.get('inspection.discipline')(finding=concluded.findings[1],
        employee=record('company.employee',
            [('party.name', '=', "Lê Văn Tâm")]),
        violation="Đi muộn").save()
    concluded.click('draft_conclusion')
    issue_conclusion(concluded.conclusion.id, login)
    login('chuyenvien')
    recommendation = Model.get('inspection.recommendation')(
        inspection=concluded.id, working_days=5,
        description=f"Ma trận {RUN}: công khai quy trình.")
    recommendation.save()
    running = running_inspection(f"Ma trận {RUN}: kiểm tra Phòng Đất đai",
        LAND_DEPARTMENT, [('procedures', "Hồ sơ trễ hạn.")])
    Plan = Model.get('inspection.plan')
    if not Plan.find([('team', '=', concluded.team.id),
                ('year', '=', TODAY.year)]):
        Plan(team=concluded.team, year=TODAY.year,
            name="Kế hoạch kiểm tra công vụ").save()
    note_and_file(Client(live_server, 'chuyenvien'),
        f'inspection.inspection,{running.id}')
    login('truongvpdk')
    Model.get('inspection.recommendation.report')(
        recommendation=recommendation.id, date=TODAY,
        content="Đã công khai.").save()
    data['inspections'] = [concluded.id, running.id]
    data['conclusion'] = concluded.conclusion.id
    # A draft of the Office asking the department of culture for comments
    login('chuyenvien')
    draft = department_draft(f"Ma trận {RUN}: dự thảo xin ý kiến")
    draft.comment_requests.new(question="Đề nghị góp ý.",
        department=record('qlvb.department',
            [('name', '=', "Phòng Văn hóa - Xã hội")]))
    draft.save()
    note_and_file(Client(live_server, 'chuyenvien'),
        f'qlvb.outgoing,{draft.id}')
    data['outgoings'] = [draft.id, concluded.conclusion.id]
    # A secret document opened by its assignee: the access history
    login('vanthu')
    secret = new_incoming(f"Ma trận {RUN}: văn bản mật",
        reference=f'{RUN}/M-BCA',
        confidentiality=record('qlvb.confidentiality', [('code', '=', 'MAT')]),
        register=record('qlvb.incoming.register', [('secret', '=', True)]))
    secret.click('register_arrival')
    submit(secret, record('res.user', [('login', '=', 'chutich')]).id)
    login('chutich')
    direct(Model.get('qlvb.incoming')(secret.id), "Đ/c Khoa xử lý.",
        lines=[('lead', None, "Lý Văn Khoa", None)])
    Client(live_server, 'chuyenvien2').model('qlvb.incoming', 'read',
        [secret.id], ['subject', 'main_file'])
    data['secret'] = secret.id
    # A package received by the Office's exchange: the exchange job writes
    # them; a row is enough to ask who reads it.
    (data['package'],), = query(live_server, 'INSERT INTO '
        'qlvb_edxml_package (company, direction, kind, state, create_uid, '
        "create_date) SELECT company, 'in', 'document', 'refused', 0, "
        "NOW() FROM qlvb_incoming WHERE id = %s RETURNING id", secret.id)
    # The chairman's delegation to the vice-chairman, a direction given
    # under it, then revoked (no power left to the other tests)
    chairman = Client(live_server, 'chutich')
    delegation, = chairman.model('qlvb.delegation', 'create', [{
                'delegate': record('res.user',
                    [('login', '=', 'phochutich')]).id,
                'start_date': TODAY, 'end_date': TODAY, 'direct': True}])
    chairman.model('qlvb.delegation', 'give', [delegation])
    login('vanthu')
    away = new_incoming(f"Ma trận {RUN}: chỉ đạo theo ủy quyền",
        reference=f'{RUN}/UQ-BNV')
    away.click('register_arrival')
    submit(away, chairman.user_id)
    login('phochutich')
    direct(Model.get('qlvb.incoming')(away.id), "Đ/c Khoa xử lý.",
        lines=[('lead', None, "Lý Văn Khoa", None)])
    chairman.model('qlvb.delegation', 'revoke', [delegation])
    data['delegations'] = [delegation]
    return data


# Records of a model and the subject whose access they follow ------------

def _table(model):
    return model.replace('.', '_')


# (id, key) of the records of a company, an owner or the administrators
COMPANY_SQL = {
    'qlvb.incoming.register-res.user': 'SELECT x.id, r.company FROM '
    '"qlvb_incoming_register-res_user" x JOIN qlvb_incoming_register r '
    'ON r.id = x.register',
    'qlvb.outgoing.register-qlvb.document.type': 'SELECT x.id, r.company '
    'FROM "qlvb_outgoing_register-qlvb_document_type" x '
    'JOIN qlvb_outgoing_register r ON r.id = x.register',
    'qlvb.signing.certificate': 'SELECT id, "user" FROM '
    'qlvb_signing_certificate',
    'qlvb.numbering.counter': 'SELECT id, NULL FROM qlvb_numbering_counter',
    'qlvb.fulltext.text': 'SELECT id, NULL FROM qlvb_fulltext_text',
    'qlvb.processing.file': 'SELECT id, id FROM qlvb_processing_file',
    'qlvb.statistics.export': 'SELECT id, "user" FROM '
    'qlvb_statistics_export',
    'qlvb.archive.file_list.line': 'SELECT l.id, f.company FROM '
    'qlvb_archive_file_list_line l JOIN qlvb_archive_file_list f '
    'ON f.id = l.list',
    'qlvb.archive.transfer.line': 'SELECT l.id, t.company FROM '
    'qlvb_archive_transfer_line l JOIN qlvb_archive_transfer t '
    'ON t.id = l.transfer',
    }


def records(server, data):
    """{model: {record id: key of its subject}}: the scenario's records of
    the models that follow a document, task or inspection; a sample of the
    others, keyed by themselves"""
    def q(sql, *p):
        return dict(query(server, sql, *p))
    tasks, inspections = data['tasks'], data['inspections']
    outgoings = data['outgoings']
    found = {
        'qlvb.task': {t: t for t in tasks},
        'qlvb.task.criticism': {c: (company, criticised) for c, company,
            criticised in query(server, 'SELECT c.id, c.company, a.company '
                'FROM qlvb_task_criticism c JOIN qlvb_agency a '
                'ON a.id = c.agency JOIN "qlvb_task_criticism-qlvb_task" ct '
                'ON ct.criticism = c.id WHERE ct.task = ANY(%s)', tasks)},
        'qlvb.reminder': {r: ('task', t) for r, t in q('SELECT id, task '
                'FROM qlvb_reminder WHERE task = ANY(%s)', tasks).items()},
        'qlvb.task-coordinating.agency': q('SELECT id, task FROM '
            '"qlvb_task-coordinating_agency" WHERE task = ANY(%s)', tasks),
        'inspection.inspection': {i: i for i in inspections},
        'qlvb.outgoing': {o: o for o in outgoings},
        'qlvb.access.log': q('SELECT id, company FROM qlvb_access_log '
            "WHERE document = %s", f"qlvb.incoming,{data['secret']}"),
        'qlvb.edxml.package': q('SELECT id, company FROM qlvb_edxml_package '
            'WHERE id = %s', data['package']),
        'qlvb.delegation': {d: d for d in data['delegations']},
        }
    found['qlvb.reminder'].update({r: ('recommendation', c)
            for r, c in q('SELECT r.id, c.id FROM qlvb_reminder r '
                'JOIN inspection_recommendation c '
                'ON c.id = r.recommendation '
                'WHERE c.inspection = ANY(%s)', inspections).items()})
    # Findings and recommendations keyed by themselves (their units), the
    # team's working records by their inspection
    for model, column in [('inspection.finding', 'id'),
            ('inspection.recommendation', 'id'),
            ('inspection.evidence', 'inspection'),
            ('inspection.checklist.line', 'inspection')]:
        found[model] = q(f'SELECT id, {column} FROM {_table(model)} '
            'WHERE inspection = ANY(%s)', inspections)
    found['inspection.discipline'] = q('SELECT d.id, f.inspection FROM '
        'inspection_discipline d JOIN inspection_finding f '
        'ON f.id = d.finding WHERE f.inspection = ANY(%s)', inspections)
    found['inspection.inspection-inspection.team.member'] = q(
        'SELECT id, inspection FROM '
        '"inspection_inspection-inspection_team_member" '
        'WHERE inspection = ANY(%s)', inspections)
    # Children that follow their parent (the policy's `follows`)
    for model, entry in P.POLICY.items():
        if model in found or not entry.follows or ' ' in entry.follows \
                or model.startswith('ir.'):
            continue
        parent = _parent(model)
        if parent not in found:
            continue
        rows = q(f'SELECT id, "{entry.follows}" FROM "{_table(model)}" '
            f'WHERE "{entry.follows}" = ANY(%s)', list(found[parent]))
        found[model] = {r: found[parent][p] for r, p in rows.items()}
    resources = ([f'qlvb.task,{t}' for t in tasks]
        + [f'inspection.inspection,{i}' for i in inspections]
        + [f'qlvb.outgoing,{o}' for o in outgoings])
    for model in ['ir.note', 'ir.attachment']:
        found[model] = dict(query(server, f'SELECT id, resource FROM '
                f'{_table(model)} WHERE resource = ANY(%s)', resources))
    # Company records and reference data: a sample of all
    for model, entry in P.POLICY.items():
        if model in found or entry.read in {P.INCOMING, P.OUTGOING}:
            continue
        # A view of other tables (the home page) has no rows of its own.
        if query(server, 'SELECT to_regclass(%s)',
                f'"{_table(model)}"')[0][0] is None:
            continue
        if entry.read in {P.COMPANY, P.OWN, P.ADMIN, P.CLERKS, P.FILE}:
            sql = COMPANY_SQL.get(model,
                f'SELECT id, company FROM "{_table(model)}"')
            found[model] = dict(query(server,
                    f'{sql} ORDER BY 1 DESC LIMIT {SAMPLE}'))
        elif entry.read in {P.EVERYONE, P.PLAN}:
            rows = query(server, f'SELECT id FROM "{_table(model)}" '
                f'ORDER BY id LIMIT {SAMPLE}')
            found[model] = {r: None for r, in rows}
    return found


# The policy's words, as code --------------------------------------------

def subjects(server, data, found):
    "The facts of the tasks, inspections and outgoing documents"
    def q(sql, *p):
        return query(server, sql, *p)
    tasks = {}
    for task, company, lead_company, lead_agency, lead_department in q(
            'SELECT t.id, t.company, a.company, t.lead_agency, '
            't.lead_department FROM qlvb_task t '
            'JOIN qlvb_agency a ON a.id = t.lead_agency '
            'WHERE t.id = ANY(%s)', data['tasks']):
        tasks[task] = {'company': company,
            'lead_company': lead_company, 'lead_agency': lead_agency,
            'lead_department': lead_department,
            'coordinating_companies': {r[0] for r in q('SELECT a.company '
                    'FROM "qlvb_task-coordinating_agency" c JOIN qlvb_agency '
                    'a ON a.id = c.agency WHERE c.task = %s', task)},
            'coordinating_departments': {r[0] for r in q('SELECT department '
                    'FROM "qlvb_task-coordinating_department" '
                    'WHERE task = %s', task)}}
    inspections = {}
    for inspection, state, agency_, department, competent, members in q(
            'SELECT i.id, i.state, i.agency, i.department, '
            't.competent_leader, ARRAY(SELECT employee FROM '
            'inspection_team_member m WHERE m.team = i.team) '
            'FROM inspection_inspection i JOIN inspection_team t '
            'ON t.id = i.team WHERE i.id = ANY(%s)', data['inspections']):
        inspections[inspection] = {'state': state, 'agency': agency_,
            'department': department, 'competent_leader': competent,
            'members': set(members)}
    units = {}
    for model, agency_column, department_column in [
            ('inspection.finding', 'agency', 'department'),
            ('inspection.recommendation', 'responsible_agency',
                'responsible_department')]:
        for record_id, inspection, agency_, department in q(
                f'SELECT id, inspection, {agency_column}, '
                f'{department_column} FROM {_table(model)} '
                'WHERE id = ANY(%s)', list(found.get(model, {}))):
            units[model, record_id] = (inspection, agency_, department)
    files = {}
    for file, company, employees, departments in q(
            'SELECT f.id, f.company, ARRAY_AGG(a.employee), '
            'ARRAY_AGG(a.department) FROM qlvb_processing_file f '
            'LEFT JOIN qlvb_incoming i ON i.processing_file = f.id '
            'LEFT JOIN qlvb_incoming_assignment a ON a.incoming = i.id '
            'WHERE f.id = ANY(%s) GROUP BY f.id, f.company',
            list(found['qlvb.processing.file'])):
        files[file] = {'company': company, 'employees': set(employees),
            'departments': set(departments)}
    outgoings = {}
    for outgoing, company, drafter, department, state in q(
            'SELECT id, company, drafter, drafting_department, state '
            'FROM qlvb_outgoing WHERE id = ANY(%s)', data['outgoings']):
        outgoings[outgoing] = {'company': company, 'drafter': drafter,
            'department': department, 'state': state,
            'commented_by': {r[0] for r in q('SELECT department FROM '
                    'qlvb_outgoing_comment WHERE outgoing = %s', outgoing)}}
    delegations = {d: {'company': company, 'users': {leader, delegate}}
        for d, company, leader, delegate in q('SELECT id, company, leader, '
            'delegate FROM qlvb_delegation WHERE id = ANY(%s)',
            list(found['qlvb.delegation']))}
    return {'tasks': tasks, 'inspections': inspections, 'units': units,
        'outgoings': outgoings, 'files': files, 'delegations': delegations}


def may_read_task(user, task):
    return bool(user['groups'] & TASK_OFFICE
            and task['company'] in user['companies']
        or task['lead_company'] in user['companies']
        or task['lead_department'] in user['departments']
        or task['coordinating_companies'] & user['companies']
        or task['coordinating_departments'] & user['departments']
        or task['lead_agency'] in user['inspected_agencies']
        or task['lead_department'] in user['inspected_departments'])


def in_team(user, inspection):
    return bool(user['employees'] & inspection['members']
        or user['id'] == inspection['competent_leader'])


def leads_unit(user, agency_, department):
    return bool(agency_ in user['led_agencies']
        or department in user['led'])


def may_read_inspection(user, inspection):
    """The team and its competent leader; the inspected unit's leaders
    read the inspection itself (they are told of it)"""
    return in_team(user, inspection) or leads_unit(user,
        inspection['agency'], inspection['department'])


def may_read_result(user, facts, inspection_id, agency_, department):
    """Findings and recommendations: the team, and the leaders of the unit
    once the conclusion is issued"""
    inspection = facts['inspections'][inspection_id]
    return in_team(user, inspection) or (
        inspection['state'] == 'concluded'
        and leads_unit(user, agency_, department))


def may_read(user, model, key, facts, found):
    "Whether the policy lets the user read the record of the model"
    entry = P.POLICY[model]
    read = entry.read
    if model in RESOURCE_MODELS:
        parent, record_id = key.split(',')
        return may_read(user, parent, int(record_id), facts, found)
    if model == 'qlvb.reminder':
        kind, record_id = key
        if kind == 'task':
            return may_read_task(user, facts['tasks'][record_id])
        return may_read_result(user, facts,
            *facts['units']['inspection.recommendation', record_id])
    if read == P.TASK:
        return may_read_task(user, facts['tasks'][key])
    if read == P.OUTGOING:
        return may_read_outgoing(user, facts['outgoings'][key])
    if model in {'inspection.finding', 'inspection.recommendation'}:
        return may_read_result(user, facts, *facts['units'][model, key])
    if model in {'inspection.finding.evidence',
            'inspection.recommendation.report'}:
        parent = {'inspection.finding.evidence': 'inspection.finding',
            'inspection.recommendation.report':
            'inspection.recommendation'}[model]
        return may_read_result(user, facts, *facts['units'][parent, key])
    if model == 'inspection.checklist.line':
        inspection = facts['inspections'][key]
        return may_read_inspection(user, inspection) and (
            in_team(user, inspection) or inspection['state'] == 'concluded')
    if read == P.INSPECTION:
        return may_read_inspection(user, facts['inspections'][key])
    if read == P.PLAN:
        return bool(user['groups'] & PLAN_READERS)
    if read == P.TEAM:
        return in_team(user, facts['inspections'][key])
    if read == P.COMPANY:
        return key in user['companies']
    if read == P.CRITICISM:
        return bool(set(key) & user['companies'])
    if read == P.FILE:
        file = facts['files'][key]
        return file['company'] in user['companies'] and bool(
            agency_wide(user) or 'qlvb.group_qlvb_admin' in user['groups']
            or file['employees'] & user['employees']
            or file['departments'] & user['departments'])
    if read == P.DELEGATION:
        delegation = facts['delegations'][key]
        return delegation['company'] in user['companies'] and bool(
            user['id'] in delegation['users']
            or 'qlvb.group_qlvb_admin' in user['groups'])
    if read == P.OWN:
        return key == user['id']
    if read == P.ADMIN:
        return 'qlvb.group_qlvb_admin' in user['groups']
    if read == P.CLERKS:
        return key in user['companies'] and bool(user['groups'] & {
                'qlvb.group_clerk', 'qlvb.group_qlvb_admin'})
    if read == P.SECRET_KEEPERS:
        return key in user['headed_companies'] | user['secret_companies']
    if read == P.EVERYONE:
        return True
    raise AssertionError(f"No words for {model}: {read}")


@pytest.fixture(scope='module')
def facts(live_server, scenario):
    users = user_facts(live_server, LOGINS)
    found = records(live_server, scenario)
    return users, found, subjects(live_server, scenario, found)


def cells(live_server, facts, login):
    """(client, model, {record id: may read}) of each model with records
    the user's groups may read at all; the models closed to the user
    refuse a search, and the policy must agree that none is readable"""
    users, found, subject_facts = facts
    client = Client(live_server, login)
    for model in sorted(DOORLESS):
        no_rpc_door(client, model)
    for model, rows in sorted(found.items()):
        if model in DOORLESS or not rows:
            continue
        want = {r: may_read(users[login], model, key, subject_facts, found)
            for r, key in rows.items()}
        if has_model_access(client, model):
            yield client, model, want
            continue
        assert not any(want.values()), f"{login} is denied {model}"
        closed(live_server, client, model)




def no_rpc_door(client, model):
    "The server refuses any call on the model: 403"
    with pytest.raises(urllib.error.HTTPError) as error:
        client.model(model, 'search', [], 0, None, None)
    assert error.value.code == 403, model


def refusal(client, model, record_id, found):
    """The message and variables of a refused read: a note or a file is
    refused by its record's rules, or by its record's model when the
    user's groups may not read that model at all"""
    if model in RESOURCE_MODELS:
        parent, parent_id = found[model][record_id].split(',')
        if not has_model_access(client, parent):
            return 'ir.msg_access_rule_error', {'model': ModelName(parent)}
        return 'ir.msg_read_rule_error', {
            'model': ModelName(parent), 'ids': int(parent_id)}
    return 'ir.msg_read_rule_error', {
        'model': ModelName(model), 'ids': record_id}


@pytest.mark.parametrize('login', LOGINS)
def test_search_and_read(live_server, facts, login):
    "search, search_count and read by id give each user what he may read"
    found = facts[1]
    for client, model, want in cells(live_server, facts, login):
        # Notes and files are searched by record, as the client does: a
        # search over records of a model the user may not open is refused.
        batches = ([[r] for r in want] if model in RESOURCE_MODELS
            else [list(want)])
        for ids in batches:
            domain = [('id', 'in', ids)]
            readable = {r for r in ids if want[r]}
            message, variables = refusal(client, model, ids[0], found)
            if not readable and message == 'ir.msg_access_rule_error':
                with refused(live_server, client, message, **variables):
                    client.model(model, 'search', domain, 0, None, None)
                continue
            got = set(client.model(model, 'search', domain, 0, None, None))
            assert got == readable, (model, login)
            assert client.model(model, 'search_count', domain) \
                == len(got), (model, login)
        for record_id, ok in want.items():
            if ok:
                assert client.model(model, 'read', [record_id], ['id']) \
                    == [{'id': record_id}], (model, login)
                continue
            message, variables = refusal(client, model, record_id, found)
            with refused(live_server, client, message, **variables):
                client.model(model, 'read', [record_id], ['rec_name'])


@pytest.mark.parametrize('login', LOGINS)
def test_export(live_server, facts, login):
    "export_data by id refuses what the user may not read"
    found = facts[1]
    for client, model, want in cells(live_server, facts, login):
        for record_id, ok in want.items():
            if ok:
                rows = client.model(model, 'export_data', [record_id],
                    ['rec_name'], {})
                assert len(rows) == 1, (model, login)
                continue
            message, variables = refusal(client, model, record_id, found)
            if message != 'ir.msg_access_rule_error':
                message = ('kiem_tra_cong_vu.msg_confidential_export'
                    if model.startswith('inspection.')
                    else 'qlvb.msg_export_refused')
                variables = {'model': ModelName(model)}
            with refused(live_server, client, message, **variables):
                client.model(model, 'export_data', [record_id],
                    ['rec_name'], {})


@pytest.mark.parametrize('login', LOGINS)
def test_text_searches(live_server, facts, login):
    """A search on a text field, directly or through the relation of a
    child record, never confirms the text of a record the user may not
    read"""
    users, found, _ = facts
    for client, model, want in cells(live_server, facts, login):
        fields = P.POLICY[model].text
        if not fields or not want:
            continue
        columns = ', '.join(f'"{f}"' for f in fields)
        values = [dict(zip(['id', *fields], row)) for row in query(
                live_server, f'SELECT id, {columns} FROM "{_table(model)}" '
                'WHERE id = ANY(%s)', list(want))]
        children = [(child, P.POLICY[child].follows) for child in found
            if _parent(child) == model and child not in DOORLESS]
        for row in values:
            for field in fields:
                if not row[field]:
                    continue
                got = client.model(model, 'search', [
                        ('id', '=', row['id']), (field, '=', row[field])],
                    0, None, None)
                assert bool(got) == want[row['id']], (model, field, login)
                for child, via in children:
                    if not has_model_access(client, child):
                        continue
                    got = client.model(child, 'search', [
                            (f'{via}.{field}', '=', row[field]),
                            (via, '=', row['id'])], 0, None, None)
                    if not want[row['id']]:
                        assert got == [], (child, via, field, login)


def _parent(model):
    "The model a child record follows, if any"
    return {'task': 'qlvb.task', 'outgoing': 'qlvb.outgoing',
        'inspection': 'inspection.inspection',
        'finding': 'inspection.finding',
        'recommendation': 'inspection.recommendation',
        'criticism': 'qlvb.task.criticism',
        'delegation': 'qlvb.delegation'}.get(P.POLICY[model].follows)


# The dashboards are SQL views that count rows of the models above through
# their rules: test_access_reports.py checks what they show each user;
# test_duty_reminders.py the Information Center's follow-up.
# Files and the archive: no record in this scenario yet; their access
# (the unit, the archive clerk, a secret document inside) is asserted by
# tests/test_archive.py.
ARCHIVE = {'qlvb.archive.file', 'qlvb.archive.file_list',
    'qlvb.archive.file_list.line', 'qlvb.archive.transfer',
    'qlvb.archive.transfer.line'}
VIEWS = {'qlvb.home', 'qlvb.incoming.dashboard', 'qlvb.task.dashboard',
    'qlvb.task.follow_up'}


def test_every_model_has_cells(facts):
    """Every stored model of the policy is asked about, here or in
    test_access_matrix.py, with at least one record"""
    from .test_access_matrix import FAMILY
    found = facts[1]
    asked = ({m for m, rows in found.items() if rows} | set(FAMILY) | VIEWS
        | DOORLESS | ARCHIVE)
    missing = sorted(set(P.POLICY) - asked)
    assert not missing, "\n".join(missing)


# Workflow models: the message refusing a direct write of a workflow field
WORKFLOW = {
    'qlvb.task': 'qlvb.msg_workflow_fields',
    'qlvb.outgoing': 'qlvb_outgoing.msg_outgoing_system_fields',
    'qlvb.outgoing.comment': 'qlvb.msg_workflow_fields',
    'inspection.inspection': 'qlvb.msg_workflow_fields',
    'inspection.plan': 'qlvb.msg_workflow_fields',
    'inspection.recommendation': 'qlvb.msg_workflow_fields',
    'inspection.recommendation.report': 'qlvb.msg_workflow_fields',
    'inspection.discipline': 'qlvb.msg_workflow_fields',
    'qlvb.delegation': 'qlvb_incoming.msg_delegation_actions_only',
    }


def refused_by_one_of(server, client, error, message_ids):
    "Whether error is the server's text of one of the messages"
    text = error_text(error)
    language = client.context.get('language') or 'en'
    return any(message_pattern(server, m, language).fullmatch(text)
        for m in message_ids)


@pytest.mark.parametrize('login', LOGINS)
def test_workflow_fields(live_server, facts, login):
    """Nobody who reads a workflow record moves its state by a direct
    write: refused as a workflow field where the user may write the
    record, by the write rules or the model's access otherwise; the state
    stays"""
    for client, model, want in cells(live_server, facts, login):
        if model not in WORKFLOW:
            continue
        write = has_model_access(client, model, 'write')
        states = [s for s, _ in client.model(model, 'fields_get',
                ['state'])['state']['selection']]
        for record_id in [r for r, ok in want.items() if ok]:
            (state,), = query(live_server,
                f'SELECT state FROM "{_table(model)}" WHERE id = %s',
                record_id)
            other = next(s for s in states if s and s != state)
            try:
                client.model(model, 'write', [record_id], {'state': other})
            except RPCError as error:
                messages = ([WORKFLOW[model], 'ir.msg_write_rule_error']
                    if write else ['ir.msg_access_rule_error'])
                assert refused_by_one_of(live_server, client, error,
                    messages), (model, login, error_text(error))
            else:
                raise AssertionError(f"{login} wrote {model} {record_id}")
            assert query(live_server, f'SELECT state FROM '
                f'"{_table(model)}" WHERE id = %s', record_id) \
                == [(state,)], (model, login)


# Who may run the statistics wizard (qlvb_statistics/statistics_report.xml)
STATISTICS_GROUPS = {'qlvb.group_clerk', 'qlvb.group_agency_leader',
    'qlvb.group_department_leader', 'qlvb.group_assistant',
    'qlvb.group_qlvb_admin'}


@pytest.mark.parametrize('login', LOGINS)
def test_task_report(live_server, scenario, facts, login):
    """The task report (XLSX) of the Office lists a task only to those who
    may read it"""
    from .test_access_reports import run_wizard, texts
    users, found, subject_facts = facts
    user = users[login]
    if not user['groups'] & STATISTICS_GROUPS:
        return
    client = Client(live_server, login)
    office, = client.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'VP')], 0, None, None)
    start = {'start': {'report': 'task', 'preset': 'custom',
            'date_from': TODAY - dt.timedelta(days=40),
            'date_to': TODAY + dt.timedelta(days=25),
            'agency': office, 'department': None, 'document_type': None,
            'urgency': None, 'issuer': None}}
    office_company, = query(live_server,
        'SELECT company FROM qlvb_agency WHERE id = %s', office)
    if office_company[0] not in user['companies']:
        # Another agency's figures are its own
        with refused(live_server, client,
                'qlvb_statistics.msg_statistics_agency_denied'):
            run_wizard(client, 'qlvb.statistics', start)
        return
    book = texts(run_wizard(client, 'qlvb.statistics', start))
    names = dict(query(live_server, 'SELECT id, name FROM qlvb_task '
            'WHERE id = ANY(%s)', scenario['tasks']))
    listed = {t for t, name in names.items() if name in book}
    readable = {t for t in names
        if may_read_task(user, subject_facts['tasks'][t])}
    assert listed <= readable, (login, listed - readable)
    if login == 'chutich':  # reads them all: the report is not empty
        assert listed == set(names)
