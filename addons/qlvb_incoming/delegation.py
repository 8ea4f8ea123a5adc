"""Delegation (ủy quyền) while a leader is away.

A leader gives a deputy or an assistant of his agency, for a period, the
power to direct documents in his name (scope `direct`; qlvb_outgoing adds
`approve`, approving drafts). During the period the delegate sees the
leader's queue and acts on record on his behalf: every act shows both names
("Phó Chủ tịch X (ủy quyền của Chủ tịch Y)"), is listed on the delegation
and notified to the leader. The delegation ends by its dates (checked on
each act, no cron) or earlier when the leader revokes it. Nobody delegates
more than he holds: only a leader of the agency delegates, only his own
power, and a delegate never delegates it again.

An assistant records directions only for the leaders his post serves
(`qlvb.post.served_leaders`); for any other leader he needs a delegation.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.organisation import served_leaders
from trytond.modules.qlvb.workflow import WorkflowFieldsMixin, from_states

from .exceptions import DelegationError

STATES = [
    ('draft', "Draft"),
    ('given', "Given"),
    ('revoked', "Revoked"),
    ]
_DRAFT = {'readonly': Eval('state') != 'draft'}


class Delegation(WorkflowFieldsMixin, ExportAccessMixin, Workflow, ModelSQL,
        ModelView):
    __name__ = 'qlvb.delegation'
    __string__ = "Delegation"
    _system_fields = {'state', 'revoked_at'}
    _system_fields_message = 'qlvb_incoming.msg_delegation_actions_only'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_DRAFT)
    leader = fields.Many2One(
        'res.user', "Leader", required=True, ondelete='RESTRICT',
        readonly=True, help="The leader who delegates his own power.")
    delegate = fields.Many2One(
        'res.user', "Delegate", required=True, ondelete='RESTRICT',
        states=_DRAFT,
        help="A deputy or an assistant of the same agency.")
    start_date = fields.Date("From", required=True, states=_DRAFT,
        domain=[If(Eval('start_date') & Eval('end_date'),
                ('start_date', '<=', Eval('end_date')), ())])
    end_date = fields.Date("To", required=True, states=_DRAFT,
        domain=[If(Eval('start_date') & Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    direct = fields.Boolean("Direct Documents", states=_DRAFT,
        help="Give directions on incoming documents in the leader's name.")
    note = fields.Text("Note", states=_DRAFT)
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    revoked_at = fields.DateTime("Revoked At", readonly=True,
        states={'invisible': Eval('state') != 'revoked'})
    in_force = fields.Function(fields.Boolean("In Force",
            help="Given, not revoked, and today within its dates."),
        'get_in_force', searcher='search_in_force')
    acts = fields.One2Many('qlvb.delegation.act', 'delegation',
        "Acts under the Delegation", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'given'),
            ('given', 'revoked'),
            }
        cls._buttons.update({
                'give': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'revoke': {
                    'invisible': Eval('state') != 'given',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_leader(cls):
        return Transaction().user

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_start_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_direct(cls):
        return True

    @classmethod
    def scopes(cls):
        "The names of the scope fields"
        return ['direct']

    def get_rec_name(self, name):
        return gettext('qlvb_incoming.msg_delegation_rec_name',
            leader=self.leader.rec_name, delegate=self.delegate.rec_name)

    @classmethod
    def _in_force_domain(cls, date=None):
        date = date or Pool().get('ir.date').today()
        return [('state', '=', 'given'),
            ('start_date', '<=', date), ('end_date', '>=', date)]

    def get_in_force(self, name):
        today = Pool().get('ir.date').today()
        return (self.state == 'given'
            and self.start_date <= today <= self.end_date)

    @classmethod
    def search_in_force(cls, name, clause):
        _, operator, value = clause[:3]
        domain = cls._in_force_domain()
        if (operator == '=') == bool(value):
            return domain
        return ['NOT', domain]

    @classmethod
    def check_modification(cls, mode, delegations, values=None,
            external=False):
        super().check_modification(
            mode, delegations, values=values, external=external)
        if not external:
            return
        user = Transaction().user
        for delegation in delegations:
            # A leader delegates only his own power.
            if delegation.leader.id != user:
                raise AccessError(gettext(
                        'qlvb_incoming.msg_delegation_not_own',
                        leader=delegation.leader.rec_name))
            if mode in {'write', 'delete'} and delegation.state != 'draft':
                raise AccessError(gettext(
                        'qlvb_incoming.msg_delegation_given',
                        delegation=delegation.rec_name))

    # --- what a user holds --------------------------------------------

    @classmethod
    def leader_posts(cls, user, company):
        """The user's current posts of agency leader in the agency of the
        company"""
        pool = Pool()
        Post = pool.get('qlvb.post')
        Agency = pool.get('qlvb.agency')
        agency = Agency.for_company(company.id)
        if not agency:
            return []
        return [p for p in Post.active_posts([e.id for e in user.employees])
            if p.agency == agency and p.position.level == 'agency_leader']

    @classmethod
    def posts_in(cls, user, company):
        "The user's current posts in the agency of the company"
        pool = Pool()
        Post = pool.get('qlvb.post')
        Agency = pool.get('qlvb.agency')
        agency = Agency.for_company(company.id)
        return [p for p in Post.active_posts([e.id for e in user.employees])
            if agency and p.agency == agency]

    def check_powers(self):
        """Refuse a delegation of more than the leader holds: he gives his
        own power, as a leader of the agency, to a deputy or an assistant
        of the same agency, with at least one scope"""
        user = Transaction().user
        if self.leader.id != user:
            raise DelegationError(gettext(
                    'qlvb_incoming.msg_delegation_not_own',
                    leader=self.leader.rec_name))
        scopes = [s for s in self.scopes() if getattr(self, s)]
        if not scopes:
            raise DelegationError(gettext(
                    'qlvb_incoming.msg_delegation_no_scope'))
        if not self.leader_posts(self.leader, self.company):
            labels = self.fields_get(scopes)
            raise DelegationError(gettext(
                    'qlvb_incoming.msg_delegation_power_lacking',
                    scope=', '.join(labels[s]['string'] for s in scopes),
                    company=self.company.rec_name))
        if not self.delegate_allowed():
            raise DelegationError(gettext(
                    'qlvb_incoming.msg_delegation_delegate_invalid',
                    delegate=self.delegate.rec_name,
                    company=self.company.rec_name))

    def delegate_allowed(self):
        "Whether the delegate is a deputy or an assistant of the agency"
        ModelData = Pool().get('ir.model.data')
        groups = {ModelData.get_id('qlvb', 'group_agency_leader'),
            ModelData.get_id('qlvb', 'group_assistant')}
        return bool(self.delegate != self.leader
            and self.posts_in(self.delegate, self.company)
            and groups & {g.id for g in self.delegate.groups})

    @classmethod
    def in_force_for(cls, leader, scope, user=None, date=None):
        "The delegation of scope the leader gave the user, in force on date"
        user = user if user is not None else Transaction().user
        with Transaction().set_context(_check_access=False):
            delegations = cls.search([
                    ('leader', '=', leader.id),
                    ('delegate', '=', user),
                    (scope, '=', True),
                    *cls._in_force_domain(date),
                    ], limit=1)
        return delegations[0] if delegations else None

    @classmethod
    def leaders_for(cls, scope, user=None, date=None):
        "Ids of the leaders whose power of scope the user holds on date"
        user = user if user is not None else Transaction().user
        with Transaction().set_context(_check_access=False):
            return {d.leader.id for d in cls.search([
                        ('delegate', '=', user),
                        (scope, '=', True),
                        *cls._in_force_domain(date),
                        ])}

    @classmethod
    def acting_for(cls, leader, scope, message, variables):
        """How the user acts for the leader: (None, None) as the leader
        himself; (leader, None) as an assistant serving him (scope
        direct); (leader, delegation) under his delegation in force today.
        Anybody else is refused with message (ir.message id) and its
        variables (dict)."""
        user = Transaction().user
        if leader.id == user or user == 0:
            return None, None
        if scope == 'direct' and leader.id in served_leaders(user):
            return leader, None
        delegation = cls.in_force_for(leader, scope)
        if not delegation:
            raise DelegationError(gettext(message, **variables))
        return leader, delegation

    @classmethod
    def may_act_for(cls, leader, scope):
        "Whether the user may act for the leader in scope today"
        user = Transaction().user
        return bool(leader and (leader.id == user or user == 0
                or scope == 'direct' and leader.id in served_leaders(user)
                or cls.in_force_for(leader, scope)))

    # --- names on record ----------------------------------------------

    @classmethod
    def titled_name(cls, user, company):
        "The user's name after his position in the agency (Chủ tịch X)"
        posts = cls.posts_in(user, company)
        if posts:
            return f'{posts[0].position.name} {user.rec_name}'
        return user.rec_name

    @property
    def signature(self):
        "Both names, as every act under the delegation shows them"
        return gettext('qlvb_incoming.msg_delegation_signature',
            delegate=self.titled_name(self.delegate, self.company),
            leader=self.titled_name(self.leader, self.company))

    def record_act(self, scope, document, description):
        """List an act done under the delegation and notify the leader"""
        Act = Pool().get('qlvb.delegation.act')
        act, = Act.create([{
                    'delegation': self.id,
                    'scope': scope,
                    'date': dt.datetime.now(),
                    'document': str(document),
                    'description': description,
                    }])
        self.__class__.notify_user([self], 'tryton-notification',
            gettext('qlvb_incoming.msg_delegation_notify_act',
                delegate=self.delegate.rec_name),
            f'{document.rec_name}: {description}', user=self.leader.id)
        return act

    # --- workflow -----------------------------------------------------

    @classmethod
    @ModelView.button
    @from_states('draft')
    @Workflow.transition('given')
    def give(cls, delegations):
        for delegation in delegations:
            delegation.check_powers()
        for delegation in delegations:
            cls.notify_user([delegation], 'tryton-notification',
                gettext('qlvb_incoming.msg_delegation_notify_given',
                    leader=delegation.leader.rec_name),
                delegation.rec_name, user=delegation.delegate.id)

    @classmethod
    @ModelView.button
    @from_states('given')
    @Workflow.transition('revoked')
    def revoke(cls, delegations):
        "The leader ends the delegation before its end date"
        user = Transaction().user
        for delegation in delegations:
            if delegation.leader.id != user:
                raise DelegationError(gettext(
                        'qlvb_incoming.msg_delegation_not_own',
                        leader=delegation.leader.rec_name))
        cls.write(delegations, {'revoked_at': dt.datetime.now()})
        for delegation in delegations:
            cls.notify_user([delegation], 'tryton-notification',
                gettext('qlvb_incoming.msg_delegation_notify_revoked',
                    leader=delegation.leader.rec_name),
                delegation.rec_name, user=delegation.delegate.id)


SCOPES = [
    ('direct', "Direct Documents"),
    ]


class DelegationAct(ExportAccessMixin, ModelSQL, ModelView):
    "An act done under a delegation, listed for the leader"
    __name__ = 'qlvb.delegation.act'
    __string__ = "Act under a Delegation"

    delegation = fields.Many2One('qlvb.delegation', "Delegation",
        required=True, ondelete='CASCADE', readonly=True)
    scope = fields.Selection('get_scopes', "Scope", required=True,
        readonly=True)
    date = fields.DateTime("Date", required=True, readonly=True)
    document = fields.Reference("Document", selection='get_documents',
        readonly=True)
    description = fields.Text("Description", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('delegation')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def get_scopes(cls):
        return SCOPES

    @classmethod
    def get_documents(cls):
        Model = Pool().get('ir.model')
        return [(None, '')] + [(m, Model.get_name(m))
            for m in cls._document_models()]

    @classmethod
    def _document_models(cls):
        return ['qlvb.incoming']

    @classmethod
    def check_modification(cls, mode, acts, values=None, external=False):
        super().check_modification(
            mode, acts, values=values, external=external)
        # A record of what was done: written by the server only.
        if external:
            raise AccessError(gettext(
                    'qlvb_incoming.msg_delegation_acts_readonly'))
