"""Numbering an outgoing document (cấp số, Decree 30 Art. 15): the register
is proposed from the document's type and issuing authority and shown with
the number it will give; the clerk confirms it or picks another register of
the same authority, and only then is the number taken."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.export_access import check_readable

from .exceptions import OutgoingError


class NumberStart(ModelView):
    __name__ = 'qlvb.outgoing.number.start'
    __string__ = "Give Number"

    outgoing = fields.Many2One('qlvb.outgoing', "Outgoing Document",
        readonly=True)
    issuer = fields.Many2One('qlvb.agency', "Issuing Authority",
        readonly=True)
    registers = fields.Many2Many('qlvb.outgoing.register', None, None,
        "Registers of the Authority", readonly=True)
    register = fields.Many2One('qlvb.outgoing.register', "Register",
        required=True, domain=[('id', 'in', Eval('registers', []))],
        help="Proposed from the document's type and issuing authority; "
        "another register of the same authority may be chosen.")
    reference = fields.Char("Number and Symbol", readonly=True,
        help="The number the register gives now; taken when confirmed "
        "(another clerk numbering at the same time may take it first).")

    @fields.depends('outgoing', 'register')
    def on_change_with_reference(self):
        if self.outgoing and self.register:
            return self.outgoing.preview_reference(self.register)


class Number(Wizard):
    "The clerk confirms the register and the document is numbered"
    __name__ = 'qlvb.outgoing.number'
    start = StateView('qlvb.outgoing.number.start',
        'qlvb_outgoing.outgoing_number_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Give Number", 'number', 'tryton-ok', default=True),
            ])
    number = StateTransition()

    def _outgoing(self):
        Outgoing = Pool().get('qlvb.outgoing')
        outgoings = list(self.records)
        if len(outgoings) != 1:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_outgoing_number_one'))
        outgoing, = outgoings
        # Wizard steps read outside the record rules: only a document the
        # clerk may read is numbered.
        check_readable(outgoings, 'qlvb_outgoing.msg_outgoing_number_access')
        Outgoing.check_numberable(outgoings)
        return outgoing

    def default_start(self, fields):
        Register = Pool().get('qlvb.outgoing.register')
        outgoing = self._outgoing()
        registers = Register.candidates(outgoing)
        if not registers:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_outgoing_no_register',
                    document=outgoing.rec_name,
                    authority=outgoing.issuing_agency.rec_name))
        proposed = registers[0]
        if outgoing.register in registers:
            proposed = outgoing.register
        return {
            'outgoing': outgoing.id,
            'issuer': outgoing.issuing_agency.id,
            'registers': [r.id for r in registers],
            'register': proposed.id,
            'reference': outgoing.preview_reference(proposed),
            }

    def transition_number(self):
        Register = Pool().get('qlvb.outgoing.register')
        outgoing = self._outgoing()
        # The register comes from the client: checked as the clerk reads
        # it, then against the document's authority.
        register = Register(self.start.register.id)
        check_readable([register],
            'qlvb_outgoing.msg_outgoing_number_access')
        self.model.number_in([outgoing], register)
        return 'end'
