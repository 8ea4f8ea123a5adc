"""Demo data of the inspection: the provincial inspection team (Tổ Kiểm tra
công vụ của tỉnh) with its members, the team of Phan Thiết, and the
officials of the land registration office (Văn phòng Đăng ký đất đai) the
seed directive (§5.2) asks to assess. Runs after the organisation
on a database where kiem_tra_cong_vu is activated."""
import datetime as dt

from proteus import Model
from proteus import config as pconfig

from .organisation import PASSWORD

# (login or None, full name, agency name, department name, position code,
#  qlvb group XML ids)
OFFICIALS = [
    ('truongvpdk', "Nguyễn Hữu Phước", "Sở Tài nguyên và Môi trường",
        "Văn phòng Đăng ký đất đai", 'TP', ["group_department_leader"]),
    ('truongphongdd', "Huỳnh Thị Thảo", "Sở Tài nguyên và Môi trường",
        "Phòng Đất đai", 'TP', ["group_department_leader"]),
    (None, "Lê Văn Tâm", "Sở Tài nguyên và Môi trường",
        "Văn phòng Đăng ký đất đai", 'CV', []),
    ('chutichphanthiet', "Tôn Thất Hùng",
        "Ủy ban nhân dân thành phố Phan Thiết", None, 'CT',
        ["group_agency_leader"]),
    ]
# login: (role in the provincial team, position written in the decision)
PROVINCIAL_TEAM = {
    'giamdocsnv': ('leader', "Giám đốc Sở Nội vụ"),
    'truongphongsnv': ('deputy', "Trưởng phòng Cải cách hành chính, "
        "Sở Nội vụ"),
    'chuyenvien': ('secretary', "Chuyên viên Phòng Nội chính, "
        "Văn phòng UBND tỉnh"),
    }
TEAM_NAME = "Tổ Kiểm tra công vụ của tỉnh"


def setup_inspection(config=None):
    "Create the inspection teams and officials; return {login: user id}"
    if config is None:
        config = pconfig.get_config()
    get = lambda name: Model.get(name, config=config)  # noqa: E731
    Agency, Department = get('qlvb.agency'), get('qlvb.department')
    Employee, Party, Post = (get('company.employee'), get('party.party'),
        get('qlvb.post'))
    Group, User, Lang = get('res.group'), get('res.user'), get('ir.lang')
    Position, Company = get('qlvb.position'), get('company.company')
    Team, Register = get('inspection.team'), get('qlvb.outgoing.register')
    ModelData = get('ir.model.data')

    if Team.find([('name', '=', TEAM_NAME)]):
        return {u.login: u.id for u in User.find([])}
    vi, = Lang.find([('code', '=', 'vi')])
    team_group_id = ModelData.get_id(
        'kiem_tra_cong_vu', 'group_inspection_team', config.context)
    positions = {p.code: p for p in Position.find([])}

    def employee_of(login):
        user, = User.find([('login', '=', login)])
        return user, user.employee

    for login, name, agency_name, dept_name, code, groups in OFFICIALS:
        agency, = Agency.find([('name', '=', agency_name)])
        department = None
        if dept_name:
            department, = Department.find([('name', '=', dept_name),
                    ('agency', '=', agency.id)])
        employee = Employee(party=Party(name=name), company=agency.company)
        employee.party.save()
        employee.save()
        Post(employee=employee, agency=agency, department=department,
            position=positions[code]).save()
        if login:
            user = User(login=login, name=name, password=PASSWORD,
                language=vi)
            for group in groups:
                user.groups.append(Group(ModelData.get_id(
                            'qlvb', group, config.context)))
            user.companies.append(Company(agency.company.id))
            user.company = Company(agency.company.id)
            user.employees.append(Employee(employee.id))
            user.employee = Employee(employee.id)
            user.save()

    province, = Agency.find([('level', '=', 'province')])
    office_nc, = Department.find([
            ('name', '=', "Phòng Nội chính - Kiểm soát thủ tục hành chính")])
    register, = Register.find([
            ('name', '=', "Sổ văn bản đi của Tổ Kiểm tra công vụ")])
    chutich, _ = employee_of('chutich')
    team = Team(name=TEAM_NAME, level='province', agency=province,
        decision_number='628/QĐ-UBND', decision_date=dt.date(2018, 3, 9),
        competent_leader=chutich, secretariat=office_nc, register=register,
        start_date=dt.date(2018, 3, 9))
    for login, (role, position) in PROVINCIAL_TEAM.items():
        user, employee = employee_of(login)
        team.members.new(employee=employee, role=role, position=position)
        user.groups.append(Group(team_group_id))
        user.save()
    team.agencies.extend(Agency.find([
                ('internal', '=', True), ('level', '!=', 'province')]))
    team.save()

    # One district only has set up its team: the others are listed by the
    # check "Districts without an Active Team".
    phanthiet, = Agency.find([
            ('name', '=', "Ủy ban nhân dân thành phố Phan Thiết")])
    chutichpt, _ = employee_of('chutichphanthiet')
    Team(name="Tổ Kiểm tra công vụ thành phố Phan Thiết", level='district',
        agency=phanthiet, decision_number='1520/QĐ-UBND',
        decision_date=dt.date(2020, 5, 4), competent_leader=chutichpt,
        start_date=dt.date(2020, 5, 4), agencies=[phanthiet]).save()
    return {u.login: u.id for u in User.find([])}
