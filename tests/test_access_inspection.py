"""Who reads the findings, evidence and discipline of an inspection,
enforced by the server's record rules: checked through RPC (proteus over
XML-RPC) as the real users of the demo. The land registration office's
inspection is concluded; the land department's is still running."""
import datetime as dt
import types

import pytest
from proteus import Model

from qlvb_demo import setup_inspection_demo
from trytond.modules.kiem_tra_cong_vu.tests.tools import (
    LAND_DEPARTMENT, LAND_OFFICE, issue_conclusion, running_inspection)
from qlvb_demo.tools import TODAY, record

from .rpc import ModelName, refused

pytestmark = pytest.mark.postgresql
BRANCH = "Chi nhánh Phan Thiết"  # of the land office, not inspected
EVIDENCE_FILE = b'%PDF-1.4 bien ban'
FINDING = ModelName('inspection.finding')
INCOMING = ModelName('qlvb.incoming')
CONFIDENTIAL = 'kiem_tra_cong_vu.msg_confidential_export'
NAMES = ["Kiểm tra Văn phòng Đăng ký đất đai", "Kiểm tra Phòng Đất đai"]


def unit_tasks():
    """A task of the Office due in the inspected period of each inspected
    unit, overdue: the evidence snapshot of each inspection has lines"""
    Task = Model.get('qlvb.task')
    agency = record('qlvb.agency', [('abbreviation', '=', 'STNMT'),
            ('level', '!=', 'district')])
    names = []
    for department in [LAND_OFFICE, LAND_DEPARTMENT]:
        name = f"Giải quyết hồ sơ cấp giấy chứng nhận ({department})"
        Task(name=name, lead_agency=agency,
            lead_department=record('qlvb.department', [
                    ('name', '=', department), ('agency', '=', agency.id)]),
            assignment_date=TODAY - dt.timedelta(days=30),
            deadline=TODAY - dt.timedelta(days=5)).save()
        names.append(name)
    return names


@pytest.fixture(scope='module')
def inspections(live_server):
    """The concluded inspection of the land office and the running one of
    the land department, with their ids of findings, finding evidence
    (with a file), compliance evidence lines and discipline"""
    def login(user):
        return live_server.proteus(user)
    setup_inspection_demo(login('admin'))
    login('chuyenvien')
    task_names = unit_tasks()
    office = running_inspection("Kiểm tra Văn phòng Đăng ký đất đai",
        LAND_OFFICE, [('tasks', "Hai nhiệm vụ quá hạn."),
            ('working_hours', "Đi muộn, về sớm.")])
    finding = office.findings[0]
    finding.evidence.new(name="Biên bản", file=EVIDENCE_FILE,
        filename='bien-ban.pdf')
    office.save()
    Model.get('inspection.discipline')(finding=office.findings[1],
        employee=record('company.employee',
            [('party.name', '=', "Lê Văn Tâm")]),
        violation="Đi muộn, về sớm").save()
    land = running_inspection("Kiểm tra Phòng Đất đai", LAND_DEPARTMENT,
        [('procedures', "Hồ sơ trễ hạn không có văn bản xin lỗi.")])
    office.click('draft_conclusion')
    issue_conclusion(office.conclusion.id, login)
    login('chuyenvien')
    office = Model.get('inspection.inspection')(office.id)
    assert office.state == 'concluded'
    land = Model.get('inspection.inspection')(land.id)
    evidence = {}
    for inspection, task_name in zip([office, land], task_names):
        # The snapshot taken at the start holds the unit's overdue task.
        assert {(e.indicator, e.description) for e in inspection.evidence
            } >= {('task', task_name), ('task_overdue', task_name)}
        evidence[inspection.id] = {e.id for e in inspection.evidence}
    file_evidence, = office.findings[0].evidence
    assert file_evidence.file == EVIDENCE_FILE
    discipline, = Model.get('inspection.discipline').find(
        [('finding.inspection', '=', office.id)])
    return types.SimpleNamespace(
        office={f.id for f in office.findings},
        land={f.id for f in land.findings},
        file_evidence=file_evidence.id,
        evidence=evidence[office.id], land_evidence=evidence[land.id],
        discipline=discipline.id,
        checklist={line.id for i in [office, land]
            for line in Model.get('inspection.checklist.line').find(
                [('inspection', '=', i.id)])})


def login(server, user):
    return server.proteus(user)


def findings():
    """The findings of this module's inspections the user reads (other
    tests on the same server inspect the same units)"""
    return {f.id for f in Model.get('inspection.finding').find(
            [('inspection.name', 'in', NAMES)])}


def ids(model, domain=()):
    return {r.id for r in Model.get(model).find(list(domain))}


def reads_evidence(config, data):
    "The user finds and reads the finding evidence and its file"
    Evidence = Model.get('inspection.finding.evidence')
    assert data.file_evidence in ids('inspection.finding.evidence')
    assert Evidence._proxy.read([data.file_evidence], ['filename', 'file'],
        config.context) == [{'id': data.file_evidence,
            'filename': 'bien-ban.pdf', 'file': EVIDENCE_FILE}]


def no_model_access(server, config, model, record_ids):
    "The model is closed to the user: search, read and export refused"
    Proxy = Model.get(model)._proxy
    for call in [
            lambda: Proxy.search([], 0, None, None, config.context),
            lambda: Proxy.read(list(record_ids), ['id'], config.context),
            lambda: Proxy.export_data(list(record_ids), ['id'], {},
                config.context)]:
        with refused(server, config, 'ir.msg_access_rule_error',
                model=ModelName(model)):
            call()


def hidden_by_rules(server, config, model, record_ids, field):
    """Records the user's rules hide: not found, not read, not exported,
    each refused for its own reason"""
    Proxy = Model.get(model)._proxy
    assert record_ids
    assert not ids(model, [('id', 'in', list(record_ids))])
    for record_id in sorted(record_ids):
        with refused(server, config, 'ir.msg_read_rule_error',
                ids=record_id, model=ModelName(model)):
            Proxy.read([record_id], [field], config.context)
        with refused(server, config, CONFIDENTIAL, model=ModelName(model)):
            Proxy.export_data([record_id], [field], {}, config.context)


def test_team_and_competent_leader_read_all(live_server, inspections):
    data = inspections
    for user in ['chuyenvien', 'truongphongsnv', 'chutich']:
        config = login(live_server, user)
        assert findings() >= data.office | data.land, user
        assert ids('inspection.discipline', [('finding.inspection.name',
                    'in', NAMES)]) == {data.discipline}, user
        # The evidence of the findings, with its file, and the compliance
        # evidence snapshot of both inspections.
        reads_evidence(config, data)
        assert ids('inspection.evidence') >= (
            data.evidence | data.land_evidence), user
        assert ids('inspection.checklist.line') >= data.checklist, user


def test_other_department_reads_nothing(live_server, inspections):
    data = inspections
    config = login(live_server, 'truongphongvx')  # another department
    assert findings() == set()
    hidden_by_rules(live_server, config, 'inspection.finding',
        data.office | data.land, 'description')
    hidden_by_rules(live_server, config, 'inspection.finding.evidence',
        {data.file_evidence}, 'file')
    hidden_by_rules(live_server, config, 'inspection.checklist.line',
        data.checklist, 'result')
    no_model_access(live_server, config, 'inspection.evidence',
        data.evidence | data.land_evidence)
    no_model_access(live_server, config, 'inspection.discipline',
        {data.discipline})
    # A specialist has no access to findings at all.
    config = login(live_server, 'chuyenvien2')
    no_model_access(live_server, config, 'inspection.finding', data.office)
    no_model_access(live_server, config, 'inspection.finding.evidence',
        {data.file_evidence})


def test_inspected_head_reads_own_after_conclusion(live_server, inspections):
    data = inspections
    # The head of the land office: his concluded inspection only, with
    # the evidence of its findings.
    config = login(live_server, 'truongvpdk')
    assert findings() == data.office
    assert ids('inspection.finding.evidence', [
            ('finding.inspection.name', 'in', NAMES)]) == {data.file_evidence}
    reads_evidence(config, data)
    # Neither the team's evidence snapshot nor the discipline.
    no_model_access(live_server, config, 'inspection.evidence',
        data.evidence)
    no_model_access(live_server, config, 'inspection.discipline',
        {data.discipline})
    # He cannot change them.
    Finding = Model.get('inspection.finding')
    with refused(live_server, config, 'ir.msg_access_rule_error',
            model=FINDING):
        Finding._proxy.write(list(data.office), {'description': "Sửa"},
            config.context)
    # The head of the land department: still running, nothing yet.
    config = login(live_server, 'truongphongdd')
    assert findings() == set()
    hidden_by_rules(live_server, config, 'inspection.finding', data.land,
        'description')
    # The director of the department reads the concluded findings and
    # their evidence, not the team's snapshot.
    config = login(live_server, 'giamdocstnmt')
    assert findings() == data.office
    reads_evidence(config, data)
    hidden_by_rules(live_server, config, 'inspection.evidence',
        data.evidence, 'description')


@pytest.fixture(scope='module')
def inspected_documents(live_server, inspections):
    """Documents of the Department of Natural Resources received today,
    directed by its director: {department name: incoming id}"""
    from qlvb_demo.tools import (
        direct, new_incoming, submit)
    config = login(live_server, 'admin')
    User = Model.get('res.user')
    director, = User.find([('login', '=', 'giamdocstnmt')])
    agency = record('qlvb.agency', [('abbreviation', '=', 'STNMT')])
    config._context = dict(config.context, company=agency.company.id)
    Register = Model.get('qlvb.incoming.register')
    register, = Register.find([('company', '=', agency.company.id),
            ('secret', '=', False)])
    documents = {}
    for n, department in enumerate(
            [LAND_DEPARTMENT, LAND_OFFICE, BRANCH], 1):
        incoming = new_incoming(f"Hồ sơ đất đai số {n}", register=register,
            reference=f'{n}/CV-STC')
        incoming.click('register_arrival')
        submit(incoming, director.id)
        documents[department] = incoming.id
    login(live_server, 'giamdocstnmt')
    Incoming = Model.get('qlvb.incoming')
    for department, incoming_id in documents.items():
        direct(Incoming(incoming_id), "Giao xử lý.",
            lines=[('lead', department, None, None)])
    return documents


def test_team_reads_documents_of_inspected_unit(
        live_server, inspected_documents):
    "Read only, the inspected department's documents, while it runs"
    land = inspected_documents[LAND_DEPARTMENT]
    config = login(live_server, 'chuyenvien')  # member of the team
    Incoming = Model.get('qlvb.incoming')
    found = {i.id for i in Incoming.find(
            [('subject', 'ilike', 'Hồ sơ đất đai%')])}
    # The land office's inspection is concluded, the registry's office
    # is not inspected: only the running inspection's unit is readable.
    assert found == {land}
    assert Incoming(land).subject == "Hồ sơ đất đai số 1"
    assert [a.department.name for a in Incoming(land).assignments] == [
        LAND_DEPARTMENT]
    for other in [inspected_documents[LAND_OFFICE],
            inspected_documents[BRANCH]]:
        with refused(live_server, config, 'ir.msg_read_rule_error',
                ids=other, model=INCOMING):
            Incoming(other).subject
    # Read only: not even a note on it.
    with refused(live_server, config, 'ir.msg_write_rule_error', ids=land,
            model=INCOMING):
        Model.get('ir.note')._proxy.create([{
                    'resource': f'qlvb.incoming,{land}',
                    'message': "Ghi chú của tổ kiểm tra"}], config.context)
    # An official outside the team reads none of them.
    login(live_server, 'truongphongvx')
    assert Model.get('qlvb.incoming').find(
        [('subject', 'ilike', 'Hồ sơ đất đai%')]) == []


def test_recommendation_reported_by_the_responsible_unit(
        live_server, inspections):
    """Only the people of the responsible unit report on a recommendation:
    a team member who reads it is refused, the unit's head is not"""
    config = login(live_server, 'chuyenvien')  # the team's secretary
    Recommendation = Model.get('inspection.recommendation')
    Report = Model.get('inspection.recommendation.report')
    office = Model.get('inspection.finding')(min(inspections.office)).inspection
    recommendation = Recommendation(inspection=office,
        description="Công khai quy trình giải quyết hồ sơ.", working_days=5)
    recommendation.save()
    assert (recommendation.responsible_department.name, recommendation.state
        ) == (LAND_OFFICE, 'open')
    # Nor may a recommendation be created already done.
    with refused(live_server, config, 'qlvb.msg_workflow_fields'):
        Recommendation._proxy.create([{'inspection': office.id,
                    'description': "Đã xong sẵn", 'working_days': 5,
                    'responsible_agency': office.agency.id,
                    'state': 'done'}], config.context)
    with refused(live_server, config, 'qlvb.msg_duty_not_yours',
            duty=recommendation.rec_name):
        Report(recommendation=recommendation, date=TODAY,
            content="Báo cáo thay đơn vị").save()
    assert Recommendation(recommendation.id).state == 'open'
    login(live_server, 'truongvpdk')  # the head of the land office
    Recommendation = Model.get('inspection.recommendation')
    Report = Model.get('inspection.recommendation.report')
    Report(recommendation=Recommendation(recommendation.id), date=TODAY,
        content="Đã công khai quy trình.").save()
    assert Recommendation(recommendation.id).state == 'reported'
