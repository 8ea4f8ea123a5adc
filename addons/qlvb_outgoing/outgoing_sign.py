"""The signing acts (Decree 30, Art. 13 and 15): the signer signs, the clerk
applies the organisation's seal; for a document hand-signed on paper the
clerk records the scan of the signed and sealed paper. Each act shows what is signed and asks the
passphrase of the certificate used; the passphrase is used at once and never
kept, not even in the wizard's session."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import OutgoingError


class SignStart(ModelView):
    __name__ = 'qlvb.outgoing.sign.start'
    __string__ = "Sign Digitally"

    documents = fields.Text("Documents", readonly=True)
    certificate = fields.Char("Certificate", readonly=True)
    passphrase = fields.Char("Passphrase", strip=False,
        help="The passphrase of the certificate: used for this act only, "
        "never stored.")
    confirm = fields.Boolean("I confirm signing these documents")


class _SignWizard(Wizard):
    start = StateView('qlvb.outgoing.sign.start',
        'qlvb_outgoing.outgoing_sign_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Sign", 'sign', 'tryton-ok', default=True,
                states={'readonly': ~Eval('confirm', False)}),
            ])
    sign = StateTransition()

    def _check(self, outgoings):
        raise NotImplementedError

    def _certificate(self, outgoings):
        raise NotImplementedError

    def _apply(self, outgoings, passphrase):
        raise NotImplementedError

    def default_start(self, fields):
        outgoings = list(self.records)
        self._check(outgoings)
        lines = []
        for outgoing in outgoings:
            lines.append(gettext('qlvb_outgoing.msg_outgoing_sign_line',
                    document=outgoing.rec_name,
                    number=outgoing.reference or '-',
                    file=(outgoing.signed_filename if outgoing.signed_file
                        else outgoing.main_filename) or '-'))
        return {
            'documents': '\n'.join(lines),
            'certificate': self._certificate(outgoings).rec_name,
            'passphrase': None,
            'confirm': False,
            }

    def transition_sign(self):
        passphrase, self.start.passphrase = self.start.passphrase, None
        if not self.start.confirm:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_outgoing_sign_not_confirmed'))
        outgoings = list(self.records)
        self._check(outgoings)
        self._apply(outgoings, passphrase or '')
        return 'end'

    def _save(self):
        # The session keeps the values of the form between steps: the
        # passphrase is never among them.
        self.start.passphrase = None
        super()._save()


class Sign(_SignWizard):
    "The signer signs with his own certificate"
    __name__ = 'qlvb.outgoing.sign'

    def _check(self, outgoings):
        self.model.check_signable(outgoings)

    def _certificate(self, outgoings):
        pool = Pool()
        Certificate = pool.get('qlvb.signing.certificate')
        User = pool.get('res.user')
        return Certificate.personal(User(Transaction().user))

    def _apply(self, outgoings, passphrase):
        self.model.apply_signature(outgoings, passphrase)


class Seal(_SignWizard):
    "The clerk applies the organisation's seal"
    __name__ = 'qlvb.outgoing.seal'

    def _check(self, outgoings):
        self.model.check_sealable(outgoings)
        agencies = {o.issuing_agency for o in outgoings}
        if len(agencies) > 1:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_outgoing_seal_one_company'))

    def _certificate(self, outgoings):
        return outgoings[0].seal_certificate()

    def _apply(self, outgoings, passphrase):
        self.model.apply_seal(outgoings, passphrase)


class HandSignatureStart(ModelView):
    __name__ = 'qlvb.outgoing.hand_signature.start'
    __string__ = "Record Hand Signature"

    documents = fields.Text("Documents", readonly=True)
    scan = fields.Binary("Scan of the Signed Paper", filename='filename',
        required=True,
        help="The PDF of the paper signed by the signer, numbered and "
        "sealed.")
    filename = fields.Char("File Name")


class HandSignature(Wizard):
    "The clerk records the scan of a document hand-signed on paper"
    __name__ = 'qlvb.outgoing.hand_signature'
    start = StateView('qlvb.outgoing.hand_signature.start',
        'qlvb_outgoing.outgoing_hand_signature_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Record", 'record', 'tryton-ok', default=True),
            ])
    record = StateTransition()

    def default_start(self, fields):
        outgoings = list(self.records)
        self.model.check_hand_signable(outgoings)
        return {
            'documents': '\n'.join(o.rec_name for o in outgoings),
            }

    def transition_record(self):
        self.model.apply_hand_signature(list(self.records),
            self.start.scan, self.start.filename or 'scan.pdf')
        return 'end'
