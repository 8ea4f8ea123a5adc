"""Organisation of the province: agencies, departments, positions, posts."""
import re

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields, tree)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .exceptions import IdentifierError

# Electronic identifier of an agency (Decision 20/2020/QĐ-TTg), 13 chars.
IDENTIFIER = re.compile(r'^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$')

AGENCY_LEVELS = [
    ('province', "Provincial People's Committee"),
    ('office', "Office of the Provincial People's Committee"),
    ('department', "Provincial Department or Agency"),
    ('district', "District-level People's Committee"),
    ('external', "External Agency"),
    ]


class Agency(DeactivableMixin, tree(), ModelSQL, ModelView):
    __name__ = 'qlvb.agency'
    __string__ = "Agency"

    name = fields.Char("Name", required=True)
    abbreviation = fields.Char(
        "Abbreviation", required=True,
        help="Used in document symbols, e.g. UBND, SNV, VP.")
    identifier = fields.Char(
        "Electronic Identifier",
        states={'required': Eval('internal', False)},
        depends=['internal'],
        help="Pattern 000.00.NN.Hxx.")
    level = fields.Selection(AGENCY_LEVELS, "Level", required=True)
    place = fields.Char("Place Name",
        help="The place written before the date on documents (địa danh), "
        "e.g. Bình Thuận, Phan Thiết; taken from the parent agency when "
        "empty.")
    internal = fields.Function(
        fields.Boolean("Internal"), 'on_change_with_internal',
        searcher='search_internal')
    company = fields.Many2One(
        'company.company', "Company", ondelete='RESTRICT',
        states={
            'required': Eval('internal', False),
            'invisible': ~Eval('internal', False),
            },
        help="The company that keeps this agency's registers and records.")
    parent = fields.Many2One(
        'qlvb.agency', "Parent Agency", ondelete='RESTRICT')
    children = fields.One2Many('qlvb.agency', 'parent', "Subordinate Agencies")
    departments = fields.One2Many(
        'qlvb.department', 'agency', "Departments",
        states={'invisible': ~Eval('internal', False)})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            # NULLs never collide: external agencies may have no identifier.
            ('identifier_unique', Unique(t, t.identifier),
                'qlvb.msg_agency_identifier_unique'),
            ('company_unique', Unique(t, t.company),
                'qlvb.msg_agency_company_unique'),
            ]
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_level(cls):
        return 'department'

    @fields.depends('level')
    def on_change_with_internal(self, name=None):
        return self.level != 'external' if self.level else False

    @classmethod
    def search_internal(cls, name, clause):
        _, operator, value = clause[:3]
        internal = (operator == '=') == bool(value)
        return [('level', '!=' if internal else '=', 'external')]

    def get_rec_name(self, name):
        return self.name

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('name', operator, operand, *extra),
            ('abbreviation', operator, operand, *extra),
            ('identifier', operator, operand, *extra),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('identifier'):
            values['identifier'] = values['identifier'].strip().upper()
        return values

    @classmethod
    def validate_fields(cls, agencies, field_names):
        super().validate_fields(agencies, field_names)
        if field_names & {'identifier', 'company', 'level'}:
            for agency in agencies:
                if agency.internal and not (
                        agency.identifier and agency.company):
                    raise IdentifierError(gettext(
                            'qlvb.msg_agency_internal_required',
                            agency=agency.rec_name))
                if agency.identifier and not IDENTIFIER.match(
                        agency.identifier):
                    raise IdentifierError(gettext(
                            'qlvb.msg_agency_identifier_invalid',
                            identifier=agency.identifier,
                            agency=agency.rec_name))

    @property
    def place_name(self):
        "The place on this agency's documents, inherited from its parents"
        agency = self
        while agency and not agency.place:
            agency = agency.parent
        return agency.place if agency else ''

    @classmethod
    def for_company(cls, company_id):
        "Return the internal agency kept by the company"
        agencies = cls.search([('company', '=', company_id)], limit=1)
        return agencies[0] if agencies else None


class Department(DeactivableMixin, tree(separator=' / '), ModelSQL, ModelView):
    __name__ = 'qlvb.department'
    __string__ = "Department"

    name = fields.Char("Name", required=True)
    abbreviation = fields.Char(
        "Abbreviation",
        help="Used in the symbol of an official letter, e.g. VX in UBND-VX.")
    agency = fields.Many2One(
        'qlvb.agency', "Agency", required=True, ondelete='CASCADE',
        domain=[('internal', '=', True)])
    parent = fields.Many2One(
        'qlvb.department', "Parent Department", ondelete='RESTRICT',
        domain=[('agency', '=', Eval('agency', -1))])
    children = fields.One2Many(
        'qlvb.department', 'parent', "Sub-departments",
        domain=[('agency', '=', Eval('agency', -1))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))


POSITION_LEVELS = [
    ('agency_leader', "Agency Leader"),
    ('department_leader', "Department Leader"),
    ('staff', "Staff"),
    ]


class Position(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.position'
    __string__ = "Position"

    name = fields.Char("Name", required=True)
    code = fields.Char("Code", required=True)
    level = fields.Selection(POSITION_LEVELS, "Level", required=True)
    head = fields.Boolean(
        "Head", help="The head of the unit rather than a deputy.")
    sequence = fields.Integer("Sequence")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'qlvb.msg_position_code_unique'),
            ]
        cls._order.insert(0, ('sequence', 'ASC NULLS LAST'))

    @classmethod
    def default_level(cls):
        return 'staff'


class Post(ModelSQL, ModelView):
    "An official's assignment to a position in an agency and department"
    __name__ = 'qlvb.post'
    __string__ = "Official Post"
    # (user, employees, date) -> the user's departments, see rule.py
    _organisation_cache = Cache('qlvb.post.organisation', context=False)

    employee = fields.Many2One(
        'company.employee', "Official", required=True, ondelete='CASCADE')
    agency = fields.Many2One(
        'qlvb.agency', "Agency", required=True, ondelete='RESTRICT',
        domain=[('internal', '=', True)])
    department = fields.Many2One(
        'qlvb.department', "Department", ondelete='RESTRICT',
        domain=[('agency', '=', Eval('agency', -1))])
    position = fields.Many2One(
        'qlvb.position', "Position", required=True, ondelete='RESTRICT')
    start_date = fields.Date(
        "Start Date",
        domain=[If(Eval('start_date') & Eval('end_date'),
                ('start_date', '<=', Eval('end_date')), ())])
    end_date = fields.Date(
        "End Date",
        domain=[If(Eval('start_date') & Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    served_leaders = fields.Many2Many(
        'qlvb.post-res.user', 'post', 'leader', "Leaders Served",
        domain=[('employees.posts.agency', '=', Eval('agency', -1))],
        help="For an assistant: the leaders of the agency whose directions "
        "the assistant records on their behalf. Acting for another leader "
        "needs that leader's delegation.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('employee')

    def get_rec_name(self, name):
        parts = [self.position.rec_name]
        if self.department:
            parts.append(self.department.name)
        parts.append(self.agency.rec_name)
        return ' - '.join(parts)

    @classmethod
    def on_modification(cls, mode, posts, field_names=None):
        super().on_modification(mode, posts, field_names=field_names)
        cls._organisation_cache.clear()

    @classmethod
    def active_posts(cls, employee_ids, date=None):
        "Posts of the employees valid on the date (default today)"
        Date = Pool().get('ir.date')
        date = date or Date.today()
        return cls.search([
                ('employee', 'in', employee_ids),
                ['OR', ('start_date', '=', None),
                    ('start_date', '<=', date)],
                ['OR', ('end_date', '=', None), ('end_date', '>=', date)],
                ])


    @classmethod
    def of_user(cls, user, company=None, date=None):
        """The user's posts valid on the date, the highest position first;
        only those in the agency of company when given"""
        if not user:
            return []
        posts = cls.active_posts([e.id for e in user.employees], date)
        if company is not None:
            posts = [p for p in posts if p.agency.company == company]
        return sorted(posts, key=lambda p: (
                p.position.sequence is None, p.position.sequence or 0,
                p.id))

    @property
    def signing_authority(self):
        """The signing form of the post's holder in the agency's name
        (Decree 30, Appendix I): TM. for the head of a collective body (a
        People's Committee), KT. for a deputy of the agency's head, none
        for the head of another agency"""
        if self.position.level != 'agency_leader':
            return None
        if not self.position.head:
            return 'KT.'
        if self.agency.level in {'province', 'district'}:
            return 'TM.'
        return None
class PostServedLeader(ModelSQL):
    "A leader an assistant's post serves"
    __name__ = 'qlvb.post-res.user'
    __string__ = "Leader Served"

    post = fields.Many2One(
        'qlvb.post', "Post", required=True, ondelete='CASCADE')
    leader = fields.Many2One(
        'res.user', "Leader", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('post')

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get('qlvb.post')._organisation_cache.clear()


def served_leaders(user_id, date=None):
    """Ids of the leaders the user serves as an assistant on the date
    (default today), from the user's current posts"""
    pool = Pool()
    Post = pool.get('qlvb.post')
    User = pool.get('res.user')
    Date = pool.get('ir.date')
    date = date or Date.today()
    key = ('served', user_id, str(date))
    cached = Post._organisation_cache.get(key)
    if cached is not None:
        return set(cached)
    with Transaction().set_context(_check_access=False):
        employees = [e.id for e in User(user_id).employees]
        leaders = {l.id for p in Post.active_posts(employees, date)
            for l in p.served_leaders} if employees else set()
    Post._organisation_cache.set(key, sorted(leaders))
    return leaders


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    posts = fields.One2Many('qlvb.post', 'employee', "Posts")


def users_for(employees=(), departments=()):
    """Users to notify for officials and for departments (their leaders)"""
    pool = Pool()
    Post = pool.get('qlvb.post')
    User = pool.get('res.user')
    employee_ids = {e.id for e in employees if e}
    department_ids = [d.id for d in departments if d]
    if department_ids:
        employee_ids.update(p.employee.id for p in Post.search([
                    ('department', 'in', department_ids),
                    ('position.level', '=', 'department_leader'),
                    ]))
    if not employee_ids:
        return []
    return User.search([('employees', 'in', list(employee_ids))])
