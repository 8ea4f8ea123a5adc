"""Delegation of signing (scope `sign`) where the law allows it (Decree
30/2020 Article 13): KT. (ký thay), a deputy of the agency signs for its
head; TUQ. (thừa ủy quyền), the head of a unit of the agency signs by the
head's written authorisation. The delegate signs the drafts whose signer
is the leader with the delegate's OWN certificate; the visible signature
reads "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / <delegate>" (or TUQ. ...), the
document keeps both names (its signer, and who signed) and the act is
listed on the delegation and notified to the leader. A delegation
without the signing scope does not let its delegate sign."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .exceptions import OutgoingError

SIGNING_FORMS = [
    (None, ""),
    ('KT.', "KT. (a deputy signs for the head)"),
    ('TUQ.', "TUQ. (the head of a unit signs by authorisation)"),
    ]


class Delegation(metaclass=PoolMeta):
    __name__ = 'qlvb.delegation'

    sign = fields.Boolean("Sign Drafts",
        states={'readonly': Eval('state') != 'draft'},
        help="Sign, with the delegate's own certificate, the drafts whose "
        "signer is the leader (KT. or TUQ.).")
    signing_form = fields.Selection(SIGNING_FORMS, "Signing Form",
        states={
            'readonly': Eval('state') != 'draft',
            'required': Bool(Eval('sign')),
            'invisible': ~Eval('sign'),
            },
        help="KT.: a deputy of the agency signs for its head; TUQ.: the "
        "head of a unit of the agency signs by authorisation.")

    @classmethod
    def scopes(cls):
        return super().scopes() + ['sign']

    def signing_post(self):
        """The delegate's post the signing form requires in the agency: a
        deputy of the agency's head (KT.), the head of a unit (TUQ.)"""
        for post in self.posts_in(self.delegate, self.company):
            position = post.position
            if (self.signing_form == 'KT.'
                    and position.level == 'agency_leader'
                    and not position.head):
                return post
            if (self.signing_form == 'TUQ.' and position.head
                    and position.level in {
                        'agency_leader', 'department_leader'}):
                return post

    def check_powers(self):
        super().check_powers()
        if not self.sign:
            return
        # Only the head of the agency has a signature others sign for
        if not any(p.position.head
                for p in self.leader_posts(self.leader, self.company)):
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_delegation_sign_not_head',
                    leader=self.leader.rec_name,
                    company=self.company.rec_name))
        if not self.signing_form or not self.signing_post():
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_delegation_sign_delegate',
                    delegate=self.delegate.rec_name,
                    form=self.signing_form or '-'))

    def delegate_allowed(self):
        # The signing form says who may sign (check_powers); the other
        # scopes go to a deputy or an assistant.
        others = [s for s in self.scopes() if s != 'sign' and getattr(self, s)]
        if self.sign and not others:
            return self.delegate != self.leader
        return super().delegate_allowed()

    def signature_lines(self, outgoing):
        "The title lines of the delegate's signature: KT. CHỦ TỊCH, PHÓ ..."
        post = self.signing_post()
        leader_title = outgoing.signer_title or self.titled_name(
            self.leader, self.company).removesuffix(self.leader.rec_name)
        return (f'{self.signing_form} {leader_title.strip().upper()}',
            post.position.name.upper() if post else '')


class DelegationAct(metaclass=PoolMeta):
    __name__ = 'qlvb.delegation.act'

    @classmethod
    def get_scopes(cls):
        return super().get_scopes() + [('sign', "Sign Drafts")]


class Outgoing(metaclass=PoolMeta):
    __name__ = 'qlvb.outgoing'

    signed_by = fields.Many2One('res.user', "Signed By", readonly=True,
        help="Who signed: the signer, or the delegate in his name.")
    signing_delegation = fields.Many2One('qlvb.delegation',
        "Signed under Delegation", readonly=True,
        states={'invisible': ~Eval('signing_delegation')})
    signed_as = fields.Char("Signature Block", readonly=True,
        help="As the visible signature reads: the signing form, the "
        "title and the name of who signed.")
    waiting_for_my_signature = fields.Function(fields.Boolean(
            "Waiting for My Signature",
            help="Its signer is the user, or a leader whose power to sign "
            "the user holds by a delegation in force today."),
        'get_waiting_for_my_signature',
        searcher='search_waiting_for_my_signature')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._system_fields = cls._system_fields | {
            'signed_by', 'signing_delegation', 'signed_as'}

    @classmethod
    def get_waiting_for_my_signature(cls, outgoings, name):
        return cls._waiting_for_me(outgoings, 'sign')

    @classmethod
    def search_waiting_for_my_signature(cls, name, clause):
        return cls._search_waiting_for_me(clause, 'sign')

    @classmethod
    def copy(cls, outgoings, default=None):
        default = default.copy() if default is not None else {}
        for name in ['signed_by', 'signing_delegation', 'signed_as']:
            default.setdefault(name, None)
        return super().copy(outgoings, default=default)

    def _sign_delegation(self, user):
        """The delegation of signing the signer gave the user, in force
        today; a delegation of other powers only is refused by name"""
        Delegation = Pool().get('qlvb.delegation')
        if not self.signer:
            return None
        delegation = Delegation.in_force_for(self.signer, 'sign', user.id)
        if delegation:
            return delegation
        with Transaction().set_context(_check_access=False):
            others = Delegation.search([
                    ('leader', '=', self.signer.id),
                    ('delegate', '=', user.id),
                    *Delegation._in_force_domain()], limit=1)
        if others:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_outgoing_sign_not_delegated',
                    document=self.rec_name, signer=self.signer.rec_name))

    def signs_for(self, user):
        return bool(super().signs_for(user) or self._sign_delegation(user))

    def signer_info(self):
        "Signed under a delegation: its form, the delegate's position, name"
        delegation = self.signing_delegation
        if not (delegation and self.signed_by):
            return super().signer_info()
        post = delegation.signing_post()
        return (delegation.signing_form,
            post.position.name if post else '', self.signed_by.name)

    def signature_block(self, user):
        if self.signer == user:
            return super().signature_block(user)
        delegation = self._sign_delegation(user)
        if not delegation:
            return super().signature_block(user)
        return '\n'.join(delegation.signature_lines(self)), user.name

    @classmethod
    def apply_signature(cls, outgoings, passphrase):
        "Both names kept: who signed, how, under which delegation"
        pool = Pool()
        User = pool.get('res.user')
        user = User(Transaction().user)
        delegations = {o.id: (o._sign_delegation(user)
                if o.signer != user else None) for o in outgoings}
        super().apply_signature(outgoings, passphrase)
        args = []
        for outgoing in outgoings:
            delegation = delegations[outgoing.id]
            title, name = outgoing.signature_block(user)
            args.extend([[outgoing], {
                        'signed_by': user.id,
                        'signing_delegation': (delegation.id
                            if delegation else None),
                        'signed_as': ' / '.join(
                            filter(None, title.splitlines() + [name])),
                        }])
        cls.write(*args)
        for outgoing in outgoings:
            delegation = delegations[outgoing.id]
            if delegation:
                delegation.record_act('sign', outgoing, gettext(
                        'qlvb_outgoing.msg_delegation_signed',
                        signed_as=outgoing.signed_as,
                        signature=delegation.signature))
