"""The access matrix: the server, asked through JSON-RPC as every demo user,
against the declared policy (tests/access_policy.py).

The data are an ordinary and a secret incoming document of the Office
taken through the real flow (registered, submitted, directed to a
department and to an official, forwarded, with a note and a file on
each). Who may read each record is computed here from the policy's words
and the facts of the data (read as the administrator), not from the
server's rules: the document's agency, its secret register's clerks, its
directing leader, the units and people it is assigned and passed to, and
each user's groups and posts.

For each model of the document family x each user x each way in (search,
search_count, read by id, export by id, relation searches on its text
fields, notes, attachments, chat) the answer must be the policy's: no leak
and no wrongful denial."""
import datetime as dt
import time

import pytest
from proteus import Model

from qlvb_demo.tools import TODAY, direct, new_incoming, record, submit

from .access_facts import (
    DEMO_LOGINS, department_draft, has_model_access, may_read_incoming,
    may_read_outgoing, user_facts)
from .access_policy import POLICY
from .rpc import (
    Client, ModelName, RPCError, assert_refused, query, refused)

pytestmark = pytest.mark.postgresql

LOGINS = DEMO_LOGINS
# Unique per run: a server kept between runs (QLVB_LIVE_KEEP) holds the
# documents of earlier runs.
RUN = int(time.time()) % 100000
SUBJECTS = {
    'ordinary': f"Ma trận quyền {RUN}: báo cáo tình hình thu ngân sách",
    'secret': f"Ma trận quyền {RUN}: văn bản mật về nhân sự",
    }


@pytest.fixture(scope='module')
def scenario(live_server):
    "{kind: incoming id} through the real flow, as the demo users"

    def login(user):
        return live_server.proteus(user)

    login('vanthu')
    ordinary = new_incoming(SUBJECTS['ordinary'], reference=f'{RUN}/BC-STC')
    ordinary.click('register_arrival')
    secret = new_incoming(SUBJECTS['secret'], reference=f'{RUN}/CV-BNV',
        confidentiality=record('qlvb.confidentiality', [('code', '=', 'MAT')]),
        register=record('qlvb.incoming.register', [('secret', '=', True)]))
    secret.click('register_arrival')
    chutich = record('res.user', [('login', '=', 'chutich')]).id
    submit(ordinary, chutich)
    submit(secret, chutich)
    login('chutich')
    Incoming = Model.get('qlvb.incoming')
    deadline = TODAY + dt.timedelta(days=10)
    direct(Incoming(ordinary.id), "Phòng NC chủ trì, Phòng VX phối hợp.",
        lines=[('lead', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                None, deadline),
            ('coordinate', "Phòng Văn hóa - Xã hội", None, deadline)])
    direct(Incoming(secret.id), "Đ/c Khoa xử lý.",
        lines=[('lead', None, "Lý Văn Khoa", deadline)])
    documents = {'ordinary': ordinary.id, 'secret': secret.id}
    # The reminders of their duties: the job run by the administrator on
    # the day before the deadline
    admin = Client(live_server, 'admin')
    cron = admin.model('ir.model.data', 'get_id', 'qlvb_task',
        'cron_task_reminders')
    admin._post('model.ir.cron.run_once',
        [[cron], dict(admin.context, qlvb_today=deadline - dt.timedelta(
                        days=1))])
    # A draft reply of the department, by its specialist
    login('chuyenvien')
    draft = department_draft(f"Ma trận quyền {RUN}: dự thảo báo cáo")
    draft.save()
    # A note and a file on each, by the official handling it.
    for kind, handler in [('ordinary', 'chuyenvien'),
            ('secret', 'chuyenvien2')]:
        client = Client(live_server, handler)
        resource = f'qlvb.incoming,{documents[kind]}'
        client.model('ir.note', 'create',
            [{'resource': resource, 'message': f"Ghi chú {kind}"}])
        client.model('ir.attachment', 'create',
            [{'resource': resource, 'name': f'{kind}.pdf', 'type': 'data',
                    'data': {'__class__': 'bytes',
                        'base64': 'JVBERi0xLjQ='}}])
    return documents, draft.id


@pytest.fixture(scope='module')
def facts(live_server, scenario):
    """What the policy speaks of, read in the database: the users'
    employees, companies, departments and led departments (current posts);
    the documents' agency, secrecy, register clerks, directing leaders,
    assignees and trail; the records of each model of the family."""
    q = lambda sql, *p: query(live_server, sql, *p)  # noqa: E731
    users = user_facts(live_server, LOGINS)
    documents = {}
    incomings, draft = scenario
    ids = list(incomings.values())
    for (doc_id, company, secret, register, directing, directed_by,
            on_behalf, subject) in q(
            'SELECT i.id, i.company, COALESCE(c.secret, FALSE), i.register, '
            'i.directing_leader, i.directed_by, i.directed_on_behalf_of, '
            'i.subject FROM qlvb_incoming i '
            'LEFT JOIN qlvb_confidentiality c ON c.id = i.confidentiality '
            'WHERE i.id = ANY(%s)', ids):
        assignments = q('SELECT id, employee, department FROM '
            'qlvb_incoming_assignment WHERE incoming = %s', doc_id)
        trail = q('SELECT id, to_user FROM qlvb_incoming_circulation '
            'WHERE incoming = %s', doc_id)
        documents[doc_id] = {'id': doc_id, 'company': company,
            'secret': secret, 'subject': subject,
            'clerks': {r[0] for r in q('SELECT "user" FROM '
                    '"qlvb_incoming_register-res_user" WHERE register = %s',
                    register)},
            'leaders': {directing, directed_by, on_behalf} - {None},
            'directing_leader': directing,
            'employees': {a[1] for a in assignments} - {None},
            'departments': {a[2] for a in assignments} - {None},
            'passed_to': {t[1] for t in trail} - {None},
            'assignments': {a[0] for a in assignments},
            'trail': {t[0] for t in trail}}
    records = {
        'qlvb.incoming': {i: i for i in ids},
        'qlvb.incoming.assignment': {a: d for d, doc in documents.items()
            for a in doc['assignments']},
        'qlvb.incoming.circulation': {t: d for d, doc in documents.items()
            for t in doc['trail']},
        # Reminders of the duties and documents, read as their document
        'qlvb.reminder': dict(q('SELECT r.id, COALESCE(a.incoming, '
                'r.incoming) FROM qlvb_reminder r LEFT JOIN '
                'qlvb_incoming_assignment a ON a.id = r.assignment '
                'WHERE a.incoming = ANY(%s) OR r.incoming = ANY(%s)',
                ids, ids)),
        }
    assert records['qlvb.reminder'], "the duties were reminded"
    resources = [f'qlvb.incoming,{i}' for i in ids]
    for model, table in [('ir.note', 'ir_note'),
            ('ir.attachment', 'ir_attachment')]:
        records[model] = {r[0]: int(r[1].split(',')[1]) for r in q(
                f'SELECT id, resource FROM {table} '
                'WHERE resource = ANY(%s)', resources)}
    (outgoing_id, company, drafter, department, state), = q(
        'SELECT id, company, drafter, drafting_department, state '
        'FROM qlvb_outgoing WHERE id = %s', draft)
    # Keyed apart from the incoming documents: ids of two tables meet.
    outgoings = {('outgoing', outgoing_id): {'id': outgoing_id,
            'company': company,
            'drafter': drafter, 'department': department, 'state': state,
            'commented_by': {r[0] for r in q('SELECT department FROM '
                    'qlvb_outgoing_comment WHERE outgoing = %s',
                    outgoing_id)}}}
    documents.update(outgoings)
    records['qlvb.outgoing'] = {outgoing_id: ('outgoing', outgoing_id)}
    return users, documents, records


def expected(users, documents, records, model, login):
    "{record id: may read} of the model's records for the user"
    user = users[login]
    read = POLICY[model].read
    assert read in {'incoming', 'outgoing', 'record'}, model
    may_read = may_read_outgoing if read == 'outgoing' else may_read_incoming
    return {r: may_read(user, documents[d])
        for r, d in records[model].items()}


FAMILY = ['qlvb.incoming', 'qlvb.incoming.assignment',
    'qlvb.incoming.circulation', 'qlvb.reminder', 'ir.note', 'ir.attachment',
    'qlvb.outgoing']
# A relation search that may confirm a document's subject: (model, field
# path to the document's subject, the models the path goes through)
RELATION_SEARCHES = [
    ('qlvb.incoming.assignment', 'incoming.subject', []),
    ('qlvb.incoming.circulation', 'incoming.subject', []),
    ('qlvb.processing.file', 'incomings.subject', []),
    ('qlvb.incoming', 'processing_file.incomings.subject',
        ['qlvb.processing.file']),
    ]


def family(live_server, facts, login):
    """(client, model, {record id: may read}) of each model of the family
    the user's groups may read at all; the others refuse every search"""
    users, documents, records = facts
    client = Client(live_server, login)
    for model in FAMILY:
        want = expected(users, documents, records, model, login)
        if has_model_access(client, model):
            yield client, model, want
            continue
        assert not any(want.values()), f"{login} is denied {model}"
        with refused(live_server, client, 'ir.msg_access_rule_error',
                model=ModelName(model)):
            client.model(model, 'search', [], 0, None, None)


@pytest.mark.parametrize('login', LOGINS)
def test_search_and_read(live_server, facts, login):
    "search, search_count and read by id give each user what he may read"
    records = facts[2]
    for client, model, want in family(live_server, facts, login):
        ids = list(want)
        found = set(client.model(model, 'search', [('id', 'in', ids)],
                0, None, None))
        assert found == {r for r, ok in want.items() if ok}, (model, login)
        assert client.model(model, 'search_count',
            [('id', 'in', ids)]) == len(found), (model, login)
        for record_id, ok in want.items():
            if ok:
                assert client.model(model, 'read', [record_id], ['id']) \
                    == [{'id': record_id}]
            else:
                # Notes and files are refused by their document's rules
                if model in {'ir.note', 'ir.attachment'}:
                    refusing = ModelName('qlvb.incoming')
                    refused_ids = records[model][record_id]
                else:
                    refusing, refused_ids = ModelName(model), record_id
                with refused(live_server, client, 'ir.msg_read_rule_error',
                        model=refusing, ids=refused_ids):
                    client.model(model, 'read', [record_id],
                        ['rec_name'])


@pytest.mark.parametrize('login', LOGINS)
def test_export(live_server, facts, login):
    "export_data by id refuses what the user may not read"
    for client, model, want in family(live_server, facts, login):
        for record_id, ok in want.items():
            if ok:
                rows = client.model(model, 'export_data', [record_id],
                    ['rec_name'], {})
                assert len(rows) == 1
            else:
                with refused(live_server, client, 'qlvb.msg_export_refused',
                        model=ModelName(model)):
                    client.model(model, 'export_data', [record_id],
                        ['rec_name'], {})


@pytest.mark.parametrize('login', LOGINS)
def test_relation_searches(live_server, facts, login):
    """A search through a relation on a document's subject never confirms
    the subject of a document the user may not read"""
    users, documents, records = facts
    client = Client(live_server, login)
    user = users[login]
    for doc in [d for d in documents.values() if 'trail' in d]:
        may = may_read_incoming(user, doc)
        for model, path, through in RELATION_SEARCHES:
            domain = [(path, 'ilike', doc['subject'])]
            closed = [m for m in [model, *through]
                if not has_model_access(client, m)]
            if closed:
                with refused(live_server, client, 'ir.msg_access_rule_error',
                        model=ModelName(closed[0])):
                    client.model(model, 'search', domain, 0, None, None)
                continue
            found = client.model(model, 'search', domain, 0, None, None)
            if not may:
                assert found == [], (model, path, login, doc['id'])


@pytest.mark.parametrize('login', LOGINS)
def test_chat(live_server, facts, login):
    "The chat of a document follows its access; secret ones have none"
    users, documents, records = facts
    client = Client(live_server, login)
    for doc in [d for d in documents.values() if 'trail' in d]:
        resource = f"qlvb.incoming,{doc['id']}"
        may = may_read_incoming(users[login], doc)
        if not may:
            message = 'qlvb.msg_chat_no_access'
            variables = {'model': ModelName('qlvb.incoming')}
        elif doc['secret']:
            message, variables = 'qlvb.msg_chat_secret', {}
        else:
            assert isinstance(client('model.ir.chat.channel.get',
                    resource, None, None), list)
            continue
        try:
            client('model.ir.chat.channel.get', resource, None, None)
        except RPCError as error:
            assert_refused(error, live_server, client, message, **variables)
        else:
            raise AssertionError(f"{login} reads the chat of {resource}")


# Workflow records change only through their actions: (model, values of a
# direct write, message of the refusal)
DIRECT_WRITES = [
    ('qlvb.incoming', {'state': 'completed'},
        'qlvb_incoming.msg_incoming_system_fields'),
    ('qlvb.incoming', {'arrival_number': 1},
        'qlvb_incoming.msg_incoming_system_fields'),
    ('qlvb.incoming.assignment', {'state': 'completed'},
        'qlvb_incoming.msg_assignment_actions_only'),
    ('qlvb.incoming.assignment', {'deadline': None},
        'qlvb_incoming.msg_assignment_actions_only'),
    ('qlvb.incoming.circulation', {'note': "Sửa vết"},
        'qlvb_incoming.msg_trail_readonly'),
    ]
# Reference data: {model: groups that may change it besides the
# administrators}
REFERENCE = {
    **{m: set() for m in ['qlvb.agency', 'qlvb.department', 'qlvb.position',
            'qlvb.document.type', 'qlvb.urgency', 'qlvb.confidentiality',
            'qlvb.incoming.register', 'qlvb.archive.retention']},
    'qlvb.task.category': {'qlvb_task.group_task_office'},
    'inspection.legal_reference': {'kiem_tra_cong_vu.group_inspection_team'},
    'inspection.discipline.form': {
        'kiem_tra_cong_vu.group_inspection_team'},
    }


@pytest.mark.parametrize('login', LOGINS)
def test_direct_changes(live_server, facts, login):
    """Workflow fields, the trail and assignments cannot be written or
    deleted directly by anyone who reads them; reference data are read by
    all and changed by administrators only"""
    users, documents, records = facts
    client = Client(live_server, login)
    for model, values, message in DIRECT_WRITES:
        want = expected(users, documents, records, model, login)
        for record_id in [r for r, ok in want.items() if ok]:
            with refused(live_server, client, message):
                client.model(model, 'write', [record_id], values)
    for model in ['qlvb.incoming.assignment', 'qlvb.incoming.circulation']:
        want = expected(users, documents, records, model, login)
        for record_id in [r for r, ok in want.items() if ok]:
            with pytest.raises(RPCError):
                client.model(model, 'delete', [record_id])
    for model, editors in REFERENCE.items():
        ids = client.model(model, 'search', [], 0, 1, None)
        assert ids, (model, login)
        if users[login]['groups'] & editors:
            continue
        for method, args in [('write', [ids, {}]), ('delete', [ids]),
                ('create', [[{}]])]:
            with refused(live_server, client, 'ir.msg_access_rule_error',
                    model=ModelName(model)):
                client.model(model, method, *args)
