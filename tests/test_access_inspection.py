"""Who reads the findings, evidence and discipline of an inspection,
enforced by the server's record rules: checked through RPC (proteus over
XML-RPC) as the real users of the demo. The land registration office's
inspection is concluded; the land department's is still running."""
import pytest
from proteus import Model
from proteus import config as pconfig

from qlvb_demo import setup_inspection_demo
from trytond.modules.kiem_tra_cong_vu.tests.tools import (
    LAND_DEPARTMENT, LAND_OFFICE, issue_conclusion, running_inspection)
from qlvb_demo.tools import record

pytestmark = pytest.mark.postgresql
REFUSED = 'không có quyền|không được'
BRANCH = "Chi nhánh Phan Thiết"  # of the land office, not inspected


@pytest.fixture(scope='module')
def inspections(live_server):
    "(concluded inspection, its findings), (running one, its findings)"
    def login(user):
        return pconfig.set_xmlrpc(live_server.rpc_url(user))
    setup_inspection_demo(login('admin'))
    login('chuyenvien')
    office = running_inspection("Kiểm tra Văn phòng Đăng ký đất đai",
        LAND_OFFICE, [('tasks', "Hai nhiệm vụ quá hạn."),
            ('working_hours', "Đi muộn, về sớm.")])
    finding = office.findings[0]
    finding.evidence.new(name="Biên bản", file=b'%PDF-1.4 bien ban',
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
    return ({f.id for f in office.findings},
        {f.id for f in land.findings})


def login(server, user):
    return pconfig.set_xmlrpc(server.rpc_url(user))


def exported(Model_, record_id, config):
    "The descriptions an export gives: refused or nothing"
    try:
        rows = Model_._proxy.export_data([record_id], ['description'], {},
            config.context)
    except Exception as error:
        assert any(w in str(error) for w in REFUSED.split('|')), error
        return []
    return [r for r in rows if any(r)]


def sees_none(model):
    "Refused, or an empty list: never a record"
    try:
        return Model.get(model).find([]) == []
    except Exception as error:
        return any(w in str(error) for w in REFUSED.split('|'))


def findings():
    return {f.id for f in Model.get('inspection.finding').find([])}


def test_team_and_competent_leader_read_all(live_server, inspections):
    office, land = inspections
    for user in ['chuyenvien', 'truongphongsnv', 'chutich']:
        login(live_server, user)
        assert findings() >= office | land, user
        assert len(Model.get('inspection.discipline').find([])) == 1, user


def test_other_department_reads_nothing(live_server, inspections):
    office, land = inspections
    config = login(live_server, 'truongphongvx')  # another department
    Finding = Model.get('inspection.finding')
    assert findings() == set()
    for finding in office | land:
        with pytest.raises(Exception, match=REFUSED):
            Finding(finding).description
        assert not exported(Finding, finding, config)
    for model in ['inspection.finding.evidence', 'inspection.evidence',
            'inspection.discipline', 'inspection.checklist.line']:
        assert sees_none(model), model
    # A specialist has no access to findings at all.
    config = login(live_server, 'chuyenvien2')
    with pytest.raises(Exception, match=REFUSED):
        Model.get('inspection.finding').find([])


def test_inspected_head_reads_own_after_conclusion(live_server, inspections):
    office, land = inspections
    # The head of the land office: his concluded inspection only.
    login(live_server, 'truongvpdk')
    assert findings() == office
    assert len(Model.get('inspection.finding.evidence').find([])) == 1
    # Neither the team's evidence snapshot nor the discipline.
    assert sees_none('inspection.evidence')
    assert sees_none('inspection.discipline')
    # He cannot change them.
    Finding = Model.get('inspection.finding')
    config = pconfig.get_config()
    with pytest.raises(Exception, match=REFUSED):
        Finding._proxy.write(list(office), {'description': "Sửa"},
            config.context)
    # The head of the land department: still running, nothing yet.
    login(live_server, 'truongphongdd')
    assert findings() == set()
    # The director of the department reads the concluded one.
    login(live_server, 'giamdocstnmt')
    assert findings() == office


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
        with pytest.raises(Exception, match=REFUSED):
            Incoming(other).subject
    # Read only: not even a note on it.
    with pytest.raises(Exception, match=REFUSED):
        Model.get('ir.note')._proxy.create([{
                    'resource': f'qlvb.incoming,{land}',
                    'message': "Ghi chú của tổ kiểm tra"}], config.context)
    # An official outside the team reads none of them.
    login(live_server, 'truongphongvx')
    assert Model.get('qlvb.incoming').find(
        [('subject', 'ilike', 'Hồ sơ đất đai%')]) == []
