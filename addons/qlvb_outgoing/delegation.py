"""Delegation of the power to approve drafts (scope `approve`): the delegate
approves, in the signer's name, the drafts waiting for the leader's
approval; the draft keeps both names (its signer, and who approved), the
act is listed on the delegation and notified to the leader. Signing for
the leader is a scope of its own (KT./TUQ., delegation_sign.py)."""
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Delegation(metaclass=PoolMeta):
    __name__ = 'qlvb.delegation'

    approve = fields.Boolean("Approve Drafts",
        states={'readonly': Eval('state') != 'draft'},
        help="Approve drafts whose signer is the leader, in his name.")

    @classmethod
    def scopes(cls):
        return super().scopes() + ['approve']


class DelegationAct(metaclass=PoolMeta):
    __name__ = 'qlvb.delegation.act'

    @classmethod
    def get_scopes(cls):
        return super().get_scopes() + [('approve', "Approve Drafts")]

    @classmethod
    def _document_models(cls):
        return super()._document_models() + ['qlvb.outgoing']
