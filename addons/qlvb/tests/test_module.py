import datetime as dt

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model.exceptions import (
    DomainValidationError, SQLConstraintError,
    ValidationError)
from trytond.modules.company.tests import CompanyTestMixin, create_company
from trytond.modules.qlvb.tests import COMPANY_RULE_EXCEPTIONS
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

D = dt.date


class QlvbTestCase(CompanyTestMixin, ModuleTestCase):
    "Test qlvb module"
    module = 'qlvb'

    @property
    def _skip_company_rule(self):
        return super()._skip_company_rule | COMPANY_RULE_EXCEPTIONS

    def assertMessage(self, error, message_id, **variables):
        "The error's message is message_id rendered with variables"
        self.assertEqual(error.exception.message,
            gettext(message_id, **variables))

    # --- working-day calendar -------------------------------------------

    @with_transaction()
    def test_tet_2026_is_not_working(self):
        "Tết 2026: 16 to 20 February are days off, the 23rd is working"
        Calendar = Pool().get('qlvb.working_calendar')
        for day in range(16, 21):
            self.assertFalse(Calendar.is_working_day(D(2026, 2, day)), day)
        self.assertTrue(Calendar.is_working_day(D(2026, 2, 13)))
        self.assertTrue(Calendar.is_working_day(D(2026, 2, 23)))
        # Friday 13 Feb + 1 working day jumps the weekend and Tết.
        self.assertEqual(
            Calendar.add_working_days(D(2026, 2, 13), 1), D(2026, 2, 23))
        self.assertEqual(
            Calendar.count_working_days(D(2026, 2, 13), D(2026, 2, 23)), 1)

    @with_transaction()
    def test_hung_kings_day(self):
        "Giỗ Tổ (10/3 lunar) 2026 falls on Sunday 26 April: Monday is off"
        Calendar = Pool().get('qlvb.working_calendar')
        self.assertFalse(Calendar.is_working_day(D(2026, 4, 26)))
        self.assertFalse(Calendar.is_working_day(D(2026, 4, 27)))
        # 24/4 (Fri) + 1 → 28/4; 30/4 and 1/5 are holidays too.
        self.assertEqual(
            Calendar.add_working_days(D(2026, 4, 24), 1), D(2026, 4, 28))
        self.assertEqual(
            Calendar.add_working_days(D(2026, 4, 29), 1), D(2026, 5, 4))

    @with_transaction()
    def test_national_day(self):
        "2 September 2026 with the day next to it (1/9) are off"
        Calendar = Pool().get('qlvb.working_calendar')
        self.assertFalse(Calendar.is_working_day(D(2026, 9, 1)))
        self.assertFalse(Calendar.is_working_day(D(2026, 9, 2)))
        self.assertTrue(Calendar.is_working_day(D(2026, 9, 3)))

    @with_transaction()
    def test_weekend_start(self):
        "A deadline counted from a Saturday starts on Monday"
        Calendar = Pool().get('qlvb.working_calendar')
        saturday = D(2026, 3, 7)
        self.assertFalse(Calendar.is_working_day(saturday))
        self.assertEqual(Calendar.add_working_days(saturday, 1), D(2026, 3, 9))
        self.assertEqual(
            Calendar.add_working_days(saturday, 5), D(2026, 3, 13))
        self.assertEqual(Calendar.add_working_days(saturday, 0), saturday)
        self.assertEqual(
            Calendar.count_working_days(saturday, D(2026, 3, 13)), 5)
        self.assertEqual(
            Calendar.count_working_days(D(2026, 3, 13), saturday), -5)

    @with_transaction()
    def test_administrator_days(self):
        "A make-up Saturday becomes working; an extra day off is skipped"
        pool = Pool()
        Calendar = pool.get('qlvb.working_calendar')
        CalendarDay = pool.get('qlvb.calendar.day')
        saturday, monday = D(2026, 10, 10), D(2026, 10, 12)
        self.assertEqual(
            Calendar.add_working_days(D(2026, 10, 9), 1), monday)

        CalendarDay.create([
                {'date': saturday, 'kind': 'working_day',
                    'name': "Make-up day"},
                {'date': monday, 'kind': 'day_off', 'name': "Bridge day"},
                ])
        self.assertTrue(Calendar.is_working_day(saturday))
        self.assertFalse(Calendar.is_working_day(monday))
        self.assertEqual(
            Calendar.add_working_days(D(2026, 10, 9), 1), saturday)
        self.assertEqual(
            Calendar.add_working_days(D(2026, 10, 9), 2), D(2026, 10, 13))
        self.assertEqual(
            Calendar.count_working_days(D(2026, 10, 9), D(2026, 10, 13)), 2)

        with self.assertRaises(SQLConstraintError) as error:
            CalendarDay.create([
                    {'date': saturday, 'kind': 'day_off', 'name': "Again"}])
        self.assertMessage(error, 'qlvb.msg_calendar_day_unique')

    @with_transaction()
    def test_count_inverts_add_over_years(self):
        "count(d, add(d, n)) == n across a year boundary and Tết"
        Calendar = Pool().get('qlvb.working_calendar')
        start = D(2025, 12, 1)
        for days in (0, 1, 5, 22, 40, 60, 130, 300):
            end = Calendar.add_working_days(start, days)
            self.assertEqual(
                Calendar.count_working_days(start, end), days, days)
        # 2026 has 365 - 104 weekend days - holidays on weekdays.
        self.assertEqual(
            Calendar.count_working_days(D(2025, 12, 31), D(2026, 12, 31)),
            sum(Calendar.is_working_day(D(2026, 1, 1) + dt.timedelta(i))
                for i in range(365)))

    @with_transaction()
    def test_negative_days_refused(self):
        Calendar = Pool().get('qlvb.working_calendar')
        with self.assertRaises(UserError) as error:
            Calendar.add_working_days(D(2026, 1, 5), -1)
        self.assertMessage(error, 'qlvb.msg_calendar_negative_days',
            days=-1)

    # --- organisation ---------------------------------------------------

    def _create_agency(self, **values):
        Agency = Pool().get('qlvb.agency')
        values.setdefault('name', "Sở Nội vụ")
        values.setdefault('abbreviation', 'SNV')
        values.setdefault('level', 'department')
        agency, = Agency.create([values])
        return agency

    @with_transaction()
    def test_agency_identifier(self):
        "Internal agencies have a normalised electronic identifier"
        Agency = Pool().get('qlvb.agency')
        agency = self._create_agency(
            identifier=' 000.00.01.h10', company=create_company().id)
        self.assertEqual(agency.identifier, '000.00.01.H10')
        self.assertTrue(agency.internal)
        external = self._create_agency(
            name="Bộ Nội vụ", abbreviation='BNV', level='external')
        self.assertFalse(external.internal)
        self.assertEqual(Agency.search([('internal', '=', True)]), [agency])
        self.assertEqual(Agency.search([('internal', '=', False)]),
            [external])
        self.assertEqual(
            Agency.search([('rec_name', 'ilike', 'snv')]), [agency])

    @with_transaction()
    def test_agency_identifier_invalid(self):
        "A malformed identifier is refused"
        for bad in ['000.00.1.H10', '000-00-01-H10', '000.00.01.H100']:
            with self.subTest(bad=bad):
                with self.assertRaises(ValidationError) as error:
                    self._create_agency(identifier=bad, level='external')
                self.assertMessage(error,
                    'qlvb.msg_agency_identifier_invalid',
                    identifier=bad, agency="Sở Nội vụ")

    @with_transaction()
    def test_agency_identifier_unique(self):
        "Two agencies cannot share an identifier"
        self._create_agency(identifier='000.00.01.H10', level='external')
        with self.assertRaises(SQLConstraintError) as error:
            self._create_agency(identifier='000.00.01.H10', level='external')
        self.assertMessage(error,
            'qlvb.msg_agency_identifier_unique')

    @with_transaction()
    def test_agency_internal_required(self):
        "An internal agency without identifier is refused"
        with self.assertRaises(ValidationError) as error:
            self._create_agency(level='district', company=create_company().id)
        # (the identifier's required state refuses it first)
        Agency = Pool().get('qlvb.agency')
        self.assertMessage(error, 'ir.msg_required_validation_record',
            **Agency.__names__('identifier'), record="Sở Nội vụ")

    @with_transaction()
    def test_agency_company_unique(self):
        "Two agencies cannot keep their records in the same company"
        company = create_company()
        self._create_agency(identifier='000.00.01.H10', company=company.id)
        with self.assertRaises(SQLConstraintError) as error:
            self._create_agency(
                identifier='000.00.02.H10', company=company.id)
        self.assertMessage(error, 'qlvb.msg_agency_company_unique')

    @with_transaction()
    def test_department_tree_and_posts(self):
        "Departments form a tree inside one agency; posts link officials"
        pool = Pool()
        Agency = pool.get('qlvb.agency')
        Department = pool.get('qlvb.department')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        Post = pool.get('qlvb.post')
        Position = pool.get('qlvb.position')
        company = create_company()
        agency, other = Agency.create([{
                    'name': "Văn phòng UBND tỉnh", 'abbreviation': 'VP',
                    'identifier': '000.01.00.H10', 'level': 'office',
                    'company': company.id,
                    }, {
                    'name': "Bộ Nội vụ", 'abbreviation': 'BNV',
                    'level': 'external'}])
        parent, = Department.create([{
                    'name': "Phòng Tổng hợp", 'abbreviation': 'TH',
                    'agency': agency.id}])
        child, = Department.create([{
                    'name': "Tổ Thư ký", 'agency': agency.id,
                    'parent': parent.id}])
        self.assertEqual(child.rec_name, "Phòng Tổng hợp / Tổ Thư ký")
        with self.assertRaises(DomainValidationError) as error:
            Department.create([{'name': "Outside", 'agency': other.id}])
        self.assertMessage(error, 'ir.msg_domain_validation_record',
            **Department.__names__('agency'), value="Bộ Nội vụ",
            record="Outside")

        party, = Party.create([{'name': "Nguyễn Văn A"}])
        employee, = Employee.create([{
                    'party': party.id, 'company': company.id}])
        head, = Position.search([('code', '=', 'TP')])
        self.assertEqual(head.level, 'department_leader')
        post, = Post.create([{
                    'employee': employee.id, 'agency': agency.id,
                    'department': parent.id, 'position': head.id,
                    'end_date': D(2020, 1, 1)}])
        self.assertEqual(
            post.rec_name,
            "Trưởng phòng - Phòng Tổng hợp - Văn phòng UBND tỉnh")
        self.assertEqual(Post.active_posts([employee.id]), [])
        self.assertEqual(
            Post.active_posts([employee.id], D(2019, 6, 1)), [post])

    @with_transaction()
    def test_reference_data(self):
        "The 29 document types of Decree 30 and the urgency levels exist"
        pool = Pool()
        DocumentType = pool.get('qlvb.document.type')
        Urgency = pool.get('qlvb.urgency')
        Confidentiality = pool.get('qlvb.confidentiality')
        self.assertEqual(DocumentType.search_count([]), 29)
        letter, = DocumentType.search([('name', '=', "Công văn")])
        self.assertFalse(letter.abbreviation)
        decision, = DocumentType.search([('abbreviation', '=', "QĐ")])
        self.assertEqual(decision.name, "Quyết định")
        self.assertEqual(
            [u.name for u in Urgency.search([('urgent', '=', True)])],
            ["Khẩn", "Thượng khẩn", "Hỏa tốc"])
        self.assertEqual(
            [c.name for c in Confidentiality.search([])],
            ["Mật", "Tối mật", "Tuyệt mật"])

    @with_transaction()
    def test_vietnamese_language(self):
        "The vi language formats dates and numbers the Vietnamese way"
        Lang = Pool().get('ir.lang')
        vi, = Lang.search([('code', '=', 'vi')])
        self.assertEqual(vi.strftime(D(2026, 2, 17)), '17/02/2026')
        self.assertEqual(vi.format('%.2f', 1234567.5, grouping=True),
            '1.234.567,50')


    @with_transaction()
    def test_vietnamese_translations(self):
        "Menus, field labels and errors read in Vietnamese once vi is loaded"
        pool = Pool()
        Lang = pool.get('ir.lang')
        Menu = pool.get('ir.ui.menu')
        ModelData = pool.get('ir.model.data')
        Agency = pool.get('qlvb.agency')
        vi, = Lang.search([('code', '=', 'vi')])
        Lang.load_translations([vi])
        with Transaction().set_context(language='vi'):
            menu = Menu(ModelData.get_id('qlvb', 'menu_qlvb'))
            self.assertEqual(menu.name, "Quản lý văn bản và điều hành")
            self.assertEqual(
                Agency.fields_get(['identifier'])['identifier']['string'],
                "Mã định danh điện tử")
            self.assertEqual(
                gettext('qlvb.msg_calendar_negative_days', days=-1),
                "Số ngày làm việc không được là số âm (-1).")


    @with_transaction()
    def test_core_strings_vietnamese(self):
        "Core menus, labels and messages read in Vietnamese (override/vi.po)"
        pool = Pool()
        Lang = pool.get('ir.lang')
        Menu = pool.get('ir.ui.menu')
        ModelData = pool.get('ir.model.data')
        User = pool.get('res.user')
        Translation = pool.get('ir.translation')
        vi, = Lang.search([('code', '=', 'vi')])
        Lang.load_translations([vi])
        with Transaction().set_context(language='vi'):
            self.assertEqual(
                Menu(ModelData.get_id('ir', 'menu_administration')).name,
                "Quản trị hệ thống")
            fields = User.fields_get(['login', 'create_uid', 'write_date'])
            self.assertEqual(fields['login']['string'], "Tên đăng nhập")
            self.assertEqual(fields['create_uid']['string'], "Người tạo")
            self.assertEqual(fields['write_date']['string'], "Ngày cập nhật")
            self.assertEqual(
                gettext('res.msg_password_length', length=8),
                "Mật khẩu phải có ít nhất 8 ký tự.")
        # Stored as the core module's row, overridden by ours: the export
        # of qlvb_dieuhanh (locale/vi.po) never picks these up.
        login, = Translation.search([
                ('lang', '=', 'vi'),
                ('type', '=', 'field'),
                ('name', '=', 'res.user,login'),
                ])
        self.assertEqual(
            (login.module, login.overriding_module), ('res', 'qlvb'))


del ModuleTestCase
