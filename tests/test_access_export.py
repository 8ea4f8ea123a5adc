"""Exports (the client's "Export data") give only what a user may read:
trytond 8.0 checks the rules of an export in Python, loosely for the rules
that go through a relation, so the documents re-check them (export_access.py
of qlvb_dieuhanh). Checked through RPC as the real users of the demo."""
import datetime as dt

import pytest
from proteus import Model

from qlvb_demo.tools import (
    TODAY, direct, new_incoming, record, submit)

from .rpc import ModelName, refused

pytestmark = pytest.mark.postgresql
EXPORT_REFUSED = 'qlvb.msg_export_refused'
INCOMING = ModelName('qlvb.incoming')
ASSIGNMENT = ModelName('qlvb.incoming.assignment')


def login(server, user):
    return server.proteus(user)


@pytest.fixture(scope='module')
def documents(live_server):
    """A secret incoming document assigned to one official, its
    assignments, and a draft outgoing document of a department"""
    login(live_server, 'vanthu')
    secret = new_incoming("Văn bản mật về quy hoạch cán bộ",
        reference='27/CV-BNV', confidentiality=record(
            'qlvb.confidentiality', [('code', '=', 'MAT')]),
        register=record('qlvb.incoming.register', [('secret', '=', True)]))
    secret.click('register_arrival')
    submit(secret, record('res.user', [('login', '=', 'chutich')]).id)
    login(live_server, 'chutich')
    direct(Model.get('qlvb.incoming')(secret.id), "Đ/c Khoa xử lý.",
        lines=[('lead', None, "Lý Văn Khoa",
                TODAY + dt.timedelta(days=10))])
    assignments = [a.id for a in Model.get('qlvb.incoming.assignment').find(
            [('incoming', '=', secret.id)])]
    assert assignments
    login(live_server, 'chuyenvien')
    Outgoing = Model.get('qlvb.outgoing')
    draft = Outgoing(subject="Dự thảo tờ trình về biên chế",
        document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
        drafting_department=record('qlvb.department', [('name', '=',
                    "Phòng Nội chính - Kiểm soát thủ tục hành chính")]))
    draft.save()
    return secret.id, assignments, draft.id


def export(model, ids, fields_names, config):
    "The rows exported (the server's refusals raise)"
    rows = Model.get(model)._proxy.export_data(ids, fields_names, {},
        config.context)
    return [r for r in rows if any(r)]


@pytest.mark.parametrize('login_name', [
        'phochanhvp',  # a leader of the Office, not involved
        'chuyenvien',  # staff of the Office, not assigned
        ])
def test_secret_incoming_not_exported(live_server, documents, login_name):
    secret, assignments, _ = documents
    config = login(live_server, login_name)
    Incoming = Model.get('qlvb.incoming')
    assert Incoming.find([('id', '=', secret)]) == []  # not read...
    # ...nor exported, directly, by its assignments or by a domain.
    with refused(live_server, config, EXPORT_REFUSED, model=INCOMING):
        export('qlvb.incoming', [secret], ['subject'], config)
    for fields_names in [['incoming/subject'], ['employee']]:
        with refused(live_server, config, EXPORT_REFUSED, model=ASSIGNMENT):
            export('qlvb.incoming.assignment', assignments, fields_names,
                config)
    rows = Incoming._proxy.export_data_domain(
        [('id', '=', secret)], ['subject'], 0, None, None, False,
        config.context)
    assert rows == []


def test_assigned_official_exports_secret(live_server, documents):
    secret, assignments, _ = documents
    config = login(live_server, 'chuyenvien2')  # assigned personally
    assert export('qlvb.incoming', [secret], ['subject'], config) == [
        ["Văn bản mật về quy hoạch cán bộ"]]
    assert export('qlvb.incoming.assignment', assignments,
        ['incoming/subject'], config) == [
        ["Văn bản mật về quy hoạch cán bộ"]] * len(assignments)


def test_draft_outgoing_not_exported(live_server, documents):
    _, _, draft = documents
    config = login(live_server, 'chuyenvien')  # the drafter
    assert export('qlvb.outgoing', [draft], ['subject'], config) == [
        ["Dự thảo tờ trình về biên chế"]]
    config = login(live_server, 'truongphongvx')  # another department
    assert Model.get('qlvb.outgoing').find([('id', '=', draft)]) == []
    with refused(live_server, config, EXPORT_REFUSED,
            model=ModelName('qlvb.outgoing')):
        export('qlvb.outgoing', [draft], ['subject'], config)
