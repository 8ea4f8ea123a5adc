"""Digital signature configuration and the verification kept on documents.

Certificates are PKCS#12 files an administrator uploads for a signer (a
user) or for an organisation (a company, its seal). Their passphrase is
never stored: it is asked when the file is uploaded (to check it and read
its subject) and at each signing act, from the signer. The signing engine is
`signing.py`, behind the `Signer` interface so that a USB token or a remote
signing service can replace the PKCS#12 signer. Trusted roots are the CA
certificates an administrator accepts when verifying signed PDFs.
"""
from sql import Column, Null

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import timezone as tz
from trytond.transaction import Transaction

from . import signing

VERIFICATION = [
    (None, ""),
    ('unsigned', "Not Signed"),
    ('valid', "Valid and Trusted"),
    ('untrusted', "Valid, Untrusted Issuer"),
    ('tampered', "Modified After Signing"),
    ('broken', "Damaged Signature"),
    ('incomplete', "Organisation's Signature Missing"),
    ]
# The states a clerk is warned of when registering an electronic document.
DOUBTFUL = {'unsigned', 'untrusted', 'tampered', 'broken', 'incomplete'}


# Users read times in the province's zone whatever the server's.
TIMEZONE = 'Asia/Ho_Chi_Minh'


def local_time(value):
    """value (aware, or naive in UTC) in the time zone of the context's
    company (Asia/Ho_Chi_Minh when it has none)"""
    Company = Pool().get('company.company')
    company_id = Transaction().context.get('company')
    zone = (Company(company_id).timezone if company_id else None) or TIMEZONE
    if not value.tzinfo:
        value = value.replace(tzinfo=tz.UTC)
    return value.astimezone(tz.ZoneInfo(zone))


def signing_error(error):
    "The translated message of a signing engine error"
    return ValidationError(gettext(
            f'qlvb_signature.msg_signing_{error.code}'))


class SigningCertificate(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.signing.certificate'
    __string__ = "Signing Certificate"

    kind = fields.Selection([
            ('personal', "Signer"),
            ('organisation', "Organisation"),
            ], "Kind", required=True)
    user = fields.Many2One('res.user', "User", ondelete='CASCADE',
        states={
            'required': Eval('kind') == 'personal',
            'invisible': Eval('kind') != 'personal',
            })
    company = fields.Many2One('company.company', "Company",
        ondelete='CASCADE',
        states={
            'required': Eval('kind') == 'organisation',
            'invisible': Eval('kind') != 'organisation',
            })
    pkcs12 = fields.Binary("PKCS#12 File", required=True,
        filename='pkcs12_filename')
    pkcs12_filename = fields.Char("File Name")
    passphrase = fields.Function(fields.Char("Passphrase", strip=False,
            help="Asked to check the uploaded file, never stored."),
        'get_passphrase', setter='set_passphrase')
    image = fields.Binary("Image", filename='image_filename',
        help="The signer's signature (blue, transparent PNG) or the "
        "organisation's seal (red, transparent PNG).")
    image_filename = fields.Char("Image File Name")
    subject = fields.Char("Subject", readonly=True)

    @classmethod
    def __register__(cls, module):
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        table_h = cls.__table_handler__(module)
        # Passphrases were stored before: their data is destroyed.
        if table_h.column_exist('passphrase'):
            cursor.execute(*table.update(
                    [Column(table, 'passphrase')], [Null]))
            table_h.drop_column('passphrase')
        super().__register__(module)

    @classmethod
    def default_kind(cls):
        return 'personal'

    def get_rec_name(self, name):
        return self.subject or ''

    def get_passphrase(self, name):
        return None

    @classmethod
    def set_passphrase(cls, certificates, name, value):
        "Only checked with the uploaded file (preprocess_values)"
        pass

    def signer(self, passphrase):
        """The engine's signer opened with the passphrase the signer has
        just entered; refuses a wrong passphrase, an expired or wrong
        certificate"""
        try:
            return signing.PKCS12Signer(self.pkcs12, passphrase)
        except signing.SigningError as error:
            raise signing_error(error) from error

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('pkcs12'):
            try:
                signer = signing.PKCS12Signer(
                    values['pkcs12'], values.get('passphrase'))
            except signing.SigningError as error:
                raise signing_error(error) from error
            values['subject'] = signer.subject_name
        values.pop('passphrase', None)  # checked, never stored
        return values

    @classmethod
    def personal(cls, user):
        "The active certificate of a signer"
        certificates = cls.search([
                ('kind', '=', 'personal'), ('user', '=', user.id)], limit=1)
        if not certificates:
            raise ValidationError(gettext(
                    'qlvb_signature.msg_signing_no_certificate',
                    owner=user.rec_name))
        return certificates[0]

    @classmethod
    def organisation(cls, company):
        "The active certificate of an organisation"
        certificates = cls.search([
                ('kind', '=', 'organisation'),
                ('company', '=', company.id)], limit=1)
        if not certificates:
            raise ValidationError(gettext(
                    'qlvb_signature.msg_signing_no_certificate',
                    owner=company.rec_name))
        return certificates[0]


class TrustedRoot(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.signing.root'
    __string__ = "Trusted Root Certificate"

    name = fields.Char("Name", required=True)
    certificate = fields.Binary("Certificate", required=True,
        help="A CA certificate (PEM or DER) whose signatures are trusted.")

    @classmethod
    def roots(cls):
        return [r.certificate for r in cls.search([])]


class VerifiedMixin:
    """Stores on a document the verification of its signed PDF: who signed,
    when, intact or not, trusted or not."""
    __slots__ = ()
    signature_state = fields.Selection(VERIFICATION, "Signatures",
        readonly=True)
    signature_details = fields.Text("Signature Details", readonly=True)

    def verification_values(self, pdf, organisation_required=False):
        """Return the values to store for the verification of pdf; with
        organisation_required, a document signed only by its signer is
        incomplete (Decree 30: the signer's and the organisation's)"""
        pool = Pool()
        Root = pool.get('qlvb.signing.root')
        Lang = pool.get('ir.lang')
        if not pdf:
            return {'signature_state': None, 'signature_details': None}
        try:
            result = signing.verify(bytes(pdf), Root.roots())
        except signing.SigningError as error:
            raise signing_error(error) from error
        if not result.signatures:
            state = 'unsigned'
        elif result.broken:
            state = 'broken'
        elif result.tampered:
            state = 'tampered'
        elif organisation_required and result.signer_count < 2:
            state = 'incomplete'
        elif not result.all_trusted:
            state = 'untrusted'
        else:
            state = 'valid'
        lang = Lang.get()
        lines = []
        for info in result.signatures:
            when = (lang.strftime(local_time(info.signing_time),
                    '%d/%m/%Y %H:%M:%S %z')
                if info.signing_time else '')
            lines.append(gettext('qlvb_signature.msg_signature_line',
                    name=info.signer_name, date=when,
                    intact=gettext('qlvb_signature.msg_yes' if info.intact
                        else 'qlvb_signature.msg_no'),
                    trusted=gettext('qlvb_signature.msg_yes' if info.trusted
                        else 'qlvb_signature.msg_no')))
        return {'signature_state': state,
            'signature_details': '\n'.join(lines) or None}
