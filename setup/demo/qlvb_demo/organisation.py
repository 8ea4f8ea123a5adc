"""The organisation of Bình Thuận province and one user per role (qlvb)."""
import re
from decimal import Decimal

from proteus import Model
from proteus import config as pconfig

PASSWORD = 'BinhThuan2026'
TIMEZONE = 'Asia/Ho_Chi_Minh'

# (key, name, abbreviation, identifier, level, parent key, departments)
# A department is (key, name, abbreviation[, children]).
AGENCIES = [
    ('ubnd', "Ủy ban nhân dân tỉnh Bình Thuận", 'UBND', '000.00.00.H10',
        'province', None, []),
    ('vp', "Văn phòng Ủy ban nhân dân tỉnh", 'VP', '000.00.01.H10',
        'office', 'ubnd', [
            ('vp_th', "Phòng Tổng hợp", 'TH'),
            ('vp_kt', "Phòng Kinh tế", 'KT'),
            ('vp_vx', "Phòng Văn hóa - Xã hội", 'VX'),
            ('vp_nc', "Phòng Nội chính - Kiểm soát thủ tục hành chính",
                'NCKSTTHC'),
            ('vp_hcqt', "Phòng Hành chính - Tổ chức", 'HCTC'),
            ('vp_tttt', "Trung tâm Thông tin", 'TTTT'),
            ]),
    ('snv', "Sở Nội vụ", 'SNV', '000.00.02.H10', 'department', 'ubnd', [
            ('snv_vp', "Văn phòng Sở", 'VP'),
            ('snv_tcbc', "Phòng Tổ chức, biên chế", 'TCBC'),
            ('snv_cchc', "Phòng Cải cách hành chính", 'CCHC'),
            ]),
    ('stttt', "Sở Thông tin và Truyền thông", 'STTTT', '000.00.03.H10',
        'department', 'ubnd', [
            ('stttt_vp', "Văn phòng Sở", 'VP'),
            ('stttt_cntt', "Phòng Công nghệ thông tin", 'CNTT'),
            ('stttt_bcvt', "Phòng Bưu chính, Viễn thông", 'BCVT'),
            ]),
    ('stnmt', "Sở Tài nguyên và Môi trường", 'STNMT', '000.00.04.H10',
        'department', 'ubnd', [
            ('stnmt_vp', "Văn phòng Sở", 'VP'),
            ('stnmt_dd', "Phòng Đất đai", 'ĐĐ'),
            ('stnmt_vpdk', "Văn phòng Đăng ký đất đai", 'VPĐKĐĐ', [
                ('stnmt_vpdk_pt', "Chi nhánh Phan Thiết", 'CNPT'),
                ]),
            ]),
    ('sct', "Sở Công Thương", 'SCT', '000.00.05.H10', 'department', 'ubnd', [
            ('sct_vp', "Văn phòng Sở", 'VP'),
            ('sct_qltm', "Phòng Quản lý thương mại", 'QLTM'),
            ]),
    ] + [
    (key, "Ủy ban nhân dân " + name, 'UBND', '000.00.%02d.H10' % number,
        'district', 'ubnd', [(key + '_vp', "Văn phòng HĐND và UBND", 'VP')])
    for number, (key, name) in enumerate([
            ('phanthiet', "thành phố Phan Thiết"),
            ('lagi', "thị xã La Gi"),
            ('tuyphong', "huyện Tuy Phong"),
            ('bacbinh', "huyện Bắc Bình"),
            ('hamthuanbac', "huyện Hàm Thuận Bắc"),
            ('hamthuannam', "huyện Hàm Thuận Nam"),
            ('hamtan', "huyện Hàm Tân"),
            ('duclinh', "huyện Đức Linh"),
            ('tanhlinh', "huyện Tánh Linh"),
            ('phuquy', "huyện Phú Quý"),
            ], 31)
    ] + [
    ('vpcp', "Văn phòng Chính phủ", 'VPCP', '000.00.00.G12', 'external',
        None, []),
    ('bnv', "Bộ Nội vụ", 'BNV', '000.00.00.G09', 'external', None, []),
    ]

# (login, full name, agency, department, position code, groups)
USERS = [
    ('chutich', "Nguyễn Văn An", 'ubnd', None, 'CT', ['agency_leader']),
    ('phochutich', "Phạm Thị Bình", 'ubnd', None, 'PCT', ['agency_leader']),
    ('troly', "Ngô Thị Lan", 'ubnd', None, 'TL', ['assistant']),
    ('chanhvp', "Đặng Quốc Cường", 'vp', None, 'CVP', ['agency_leader']),
    ('phochanhvp', "Võ Thị Dung", 'vp', None, 'PCVP', ['agency_leader']),
    ('vanthu', "Trần Thị Thu Hà", 'vp', 'vp_hcqt', 'VT', ['clerk']),
    ('truongphong', "Hoàng Minh Đức", 'vp', 'vp_nc', 'TP',
        ['department_leader']),
    ('chuyenvien', "Bùi Thị Hạnh", 'vp', 'vp_nc', 'CV', ['specialist']),
    ('chuyenvien2', "Lý Văn Khoa", 'vp', 'vp_nc', 'CV', ['specialist']),
    ('truongphongvx', "Trương Thị Mai", 'vp', 'vp_vx', 'TP',
        ['department_leader']),
    ('ttthongtin', "Trịnh Văn Minh", 'vp', 'vp_tttt', 'CV',
        ['information_center']),
    ('giamdocsnv', "Đỗ Thị Ngọc", 'snv', None, 'GD', ['agency_leader']),
    ('vanthusnv', "Phan Văn Quang", 'snv', 'snv_vp', 'VT', ['clerk']),
    ('truongphongsnv', "Mai Thị Sương", 'snv', 'snv_cchc', 'TP',
        ['department_leader']),
    ('giamdocstttt', "Châu Văn Tài", 'stttt', None, 'GD', ['agency_leader']),
    ('giamdocstnmt', "Lâm Thị Uyên", 'stnmt', None, 'GD', ['agency_leader']),
    ]

# The leaders an assistant serves (qlvb.post served_leaders): he records
# their directions; acting for another leader needs a delegation.
SERVES = {
    'troly': ['chutich'],
    }

GROUPS = {
    'agency_leader': "Agency Leader",
    'assistant': "Leader's Assistant",
    'clerk': "Clerk",
    'department_leader': "Department Leader",
    'information_center': "Information Center",
    'specialist': "Specialist",
    }


def setup_organisation(config=None):
    "Create the demo organisation and users; return {login: user id}"
    if config is None:
        config = pconfig.get_config()
    get = lambda name: Model.get(name, config=config)  # noqa: E731
    Agency, Department = get('qlvb.agency'), get('qlvb.department')
    Company, Currency = get('company.company'), get('currency.currency')
    Employee, Party = get('company.employee'), get('party.party')
    Group, Lang = get('res.group'), get('ir.lang')
    Position = get('qlvb.position')
    Post, User = get('qlvb.post'), get('res.user')

    currency, = Currency.find([('code', '=', 'VND')]) or [Currency(
            name="Đồng Việt Nam", code='VND', symbol='₫', digits=0,
            rounding=Decimal(1))]
    currency.save()

    agencies, departments = {}, {}
    for key, name, abbreviation, identifier, level, parent, depts in (
            AGENCIES):
        agency = Agency(name=name, abbreviation=abbreviation,
            identifier=identifier, level=level)
        if level == 'province':
            agency.place = "Bình Thuận"
        elif level == 'district':
            agency.place = re.split(
                r' (?:thành phố|thị xã|huyện) ', name, maxsplit=1)[-1]
        if parent:
            agency.parent = agencies[parent]
        if level != 'external':
            company = Company(party=Party(name=name), currency=currency,
                timezone=TIMEZONE)
            company.party.save()
            company.save()
            agency.company = company
        agency.save()
        agencies[key] = agency

        def add(items, parent=None):
            for dkey, dname, dabbreviation, *children in items:
                department = Department(name=dname,
                    abbreviation=dabbreviation, agency=agency, parent=parent)
                department.save()
                departments[dkey] = department
                add(children[0] if children else [], department)
        add(depts)

    # The administrator of the product works for every agency.
    companies = [a.company for a in agencies.values() if a.company]
    admin, = User.find([('login', '=', 'admin')])
    admin.companies.extend(Company(c.id) for c in companies)
    admin.company = Company(agencies['vp'].company.id)
    admin.company_filter = 'all'
    admin.save()
    config._context = User.get_preferences(True, {})

    vi, = Lang.find([('code', '=', 'vi')])
    if not vi.translatable:
        vi.click('load_translations')
    group_ids = {key: Group.find([('name', '=', name)])[0].id
        for key, name in GROUPS.items()}
    positions = {p.code: p for p in Position.find([])}
    users, posts = {}, {}
    for login, name, agency_key, dept_key, position, groups in USERS:
        agency = agencies[agency_key]
        employee = Employee(party=Party(name=name), company=agency.company)
        employee.party.save()
        employee.save()
        post = Post(employee=employee, agency=agency,
            department=departments.get(dept_key),
            position=positions[position])
        post.save()
        posts[login] = post
        user = User(login=login, name=name, password=PASSWORD, language=vi)
        user.groups.extend(Group(group_ids[g]) for g in groups)
        user.companies.append(Company(agency.company.id))
        user.company = Company(agency.company.id)
        if agency_key == 'ubnd':
            # The Office keeps the registers of the provincial committee:
            # its leaders direct the documents the Office receives.
            user.companies.append(Company(agencies['vp'].company.id))
            user.company_filter = 'all'
        user.employees.append(Employee(employee.id))
        user.employee = Employee(employee.id)
        user.save()
        users[login] = user.id

    for login, leaders in SERVES.items():
        posts[login].served_leaders.extend(User(users[l]) for l in leaders)
        posts[login].save()

    admin.language = vi
    admin.save()
    return users


def print_logins():
    print("Logins (password %s for every user, admin included):" % PASSWORD)
    print("  %-16s %s" % ('admin', "Quản trị hệ thống"))
    for login, name, agency, _, position, _ in USERS:
        print("  %-16s %s (%s, %s)" % (login, name, position, agency))
