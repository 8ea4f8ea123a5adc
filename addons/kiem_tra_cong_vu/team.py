"""Inspection teams (Tổ Kiểm tra công vụ): one for the province and one
per district, each formed by a decision of its People's Committee chairman
(seed directive §3), with the agencies under its authority."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.picker import officials

from .exceptions import TeamError

LEVELS = [
    ('province', "Province"),
    ('district', "District"),
    ]
ROLES = [
    ('leader', "Team Leader"),
    ('deputy', "Deputy Team Leader"),
    ('member', "Member"),
    ('secretary', "Secretary"),
    ]


class Team(ExportAccessMixin, ModelSQL, ModelView):
    __name__ = 'inspection.team'
    __string__ = "Inspection Team"

    name = fields.Char("Name", required=True)
    level = fields.Selection(LEVELS, "Level", required=True)
    agency = fields.Many2One(
        'qlvb.agency', "People's Committee", required=True,
        ondelete='RESTRICT',
        domain=[('level', '=', If(Eval('level') == 'district',
                    'district', 'province'))],
        help="The People's Committee whose chairman formed the team.")
    decision = fields.Many2One(
        'qlvb.outgoing', "Founding Decision", ondelete='RESTRICT',
        domain=[('state', '=', 'issued')],
        help="The issued decision, when it was issued in the system.")
    decision_number = fields.Char("Decision Number", required=True,
        help="E.g. 123/QĐ-UBND.")
    decision_date = fields.Date("Decision Date", required=True)
    competent_leader = fields.Many2One(
        'res.user', "Competent Leader", required=True, ondelete='RESTRICT',
        domain=[officials('competent_leader')],
        help="The chairman (or his deputy) who approves the plans and "
        "receives the findings.")
    secretariat = fields.Many2One(
        'qlvb.department', "Secretariat", ondelete='RESTRICT',
        help="The department that serves the team and drafts its "
        "documents (conclusions, reports).")
    register = fields.Many2One(
        'qlvb.outgoing.register', "Register", ondelete='RESTRICT',
        domain=[If(Eval('secretariat'),
                ('company', '=', Eval('secretariat_company', -1)), ())],
        help="The series the team's documents are numbered in; empty for "
        "the agency's general register.")
    secretariat_company = fields.Function(
        fields.Many2One('company.company', "Secretariat Company"),
        'on_change_with_secretariat_company')
    members = fields.One2Many('inspection.team.member', 'team', "Members")
    leader = fields.Function(
        fields.Many2One('company.employee', "Team Leader"), 'get_leader')
    agencies = fields.Many2Many(
        'inspection.team-qlvb.agency', 'team', 'agency',
        "Agencies under Authority", domain=[('internal', '=', True)])
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date",
        domain=[If(Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    active_team = fields.Function(
        fields.Boolean("Active"), 'get_active_team',
        searcher='search_active_team')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('start_date', 'DESC'))

    @classmethod
    def default_level(cls):
        return 'province'

    @fields.depends('decision')
    def on_change_decision(self):
        if self.decision:
            self.decision_number = self.decision.reference
            self.decision_date = self.decision.issue_date

    @fields.depends('secretariat')
    def on_change_with_secretariat_company(self, name=None):
        if self.secretariat and self.secretariat.agency.company:
            return self.secretariat.agency.company.id

    def get_leader(self, name):
        for member in self.members:
            if member.role == 'leader':
                return member.employee.id

    @staticmethod
    def _today():
        return (Transaction().context.get('qlvb_today')
            or Pool().get('ir.date').today())

    def get_active_team(self, name):
        today = self._today()
        return self.start_date <= today and (
            not self.end_date or self.end_date >= today)

    @classmethod
    def search_active_team(cls, name, clause):
        _, operator, value = clause[:3]
        today = cls._today()
        active = [('start_date', '<=', today),
            ['OR', ('end_date', '=', None), ('end_date', '>=', today)]]
        if (operator == '=') == bool(value):
            return active
        return ['OR', ('start_date', '>', today), ('end_date', '<', today)]

    @classmethod
    def validate_fields(cls, teams, field_names):
        super().validate_fields(teams, field_names)
        for team in teams:
            leaders = [m for m in team.members if m.role == 'leader']
            if len(leaders) > 1:
                raise TeamError(gettext(
                        'kiem_tra_cong_vu.msg_team_one_leader',
                        team=team.rec_name))

    def is_member(self, employee_ids):
        return any(m.employee.id in employee_ids for m in self.members)


class TeamMember(ModelSQL, ModelView):
    __name__ = 'inspection.team.member'
    __string__ = "Inspection Team Member"

    team = fields.Many2One(
        'inspection.team', "Team", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Official", required=True, ondelete='RESTRICT')
    role = fields.Selection(ROLES, "Role in the Team", required=True)
    position = fields.Char("Position",
        help="The official's post, e.g. Phó Giám đốc Sở Nội vụ.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('team')

    @classmethod
    def default_role(cls):
        return 'member'

    def get_rec_name(self, name):
        return self.employee.rec_name


class TeamAgency(ModelSQL):
    __name__ = 'inspection.team-qlvb.agency'
    __string__ = "Inspection Team - Agency"

    team = fields.Many2One(
        'inspection.team', "Team", required=True, ondelete='CASCADE')
    agency = fields.Many2One(
        'qlvb.agency', "Agency", required=True, ondelete='CASCADE')


class Agency(metaclass=PoolMeta):
    __name__ = 'qlvb.agency'

    inspection_team_active = fields.Function(
        fields.Boolean("Has an Active Inspection Team",
            help="A district must have an active inspection team "
            "(seed directive §3)."),
        'get_inspection_team_active',
        searcher='search_inspection_team_active')

    @classmethod
    def _agencies_with_active_team(cls):
        Team = Pool().get('inspection.team')
        teams = Team.search([('active_team', '=', True)])
        return {t.agency.id for t in teams}

    @classmethod
    def get_inspection_team_active(cls, agencies, name):
        with_team = cls._agencies_with_active_team()
        return {a.id: a.id in with_team for a in agencies}

    @classmethod
    def search_inspection_team_active(cls, name, clause):
        _, operator, value = clause[:3]
        ids = list(cls._agencies_with_active_team())
        if (operator == '=') == bool(value):
            return [('id', 'in', ids)]
        return [('id', 'not in', ids)]
