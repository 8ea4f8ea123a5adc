"""Registers (sổ văn bản) kept by each agency."""
from trytond.model import ModelSQL, ModelView, fields

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.numbering import RegisterMixin


class IncomingRegister(
        ExportAccessMixin, RegisterMixin, ModelSQL, ModelView):
    "Sổ văn bản đến: arrival numbers run per register and calendar year"
    __name__ = 'qlvb.incoming.register'
    __string__ = "Incoming Register"

    secret = fields.Boolean(
        "Secret Documents",
        help="Register of documents with a confidentiality level: only its "
        "clerks, the directing leader and the assignees see them.")
    organisation_signature = fields.Boolean(
        "Organisation's Signature Required",
        help="An electronic document of this register signed only by its "
        "signer is reported as missing the organisation's signature.")
    clerks = fields.Many2Many(
        'qlvb.incoming.register-res.user', 'register', 'user', "Clerks",
        help="Clerks keeping this register.")



class IncomingRegisterClerk(ModelSQL):
    __name__ = 'qlvb.incoming.register-res.user'
    __string__ = "Incoming Register - Clerk"

    register = fields.Many2One(
        'qlvb.incoming.register', "Register", required=True,
        ondelete='CASCADE')
    user = fields.Many2One(
        'res.user', "User", required=True, ondelete='CASCADE')
