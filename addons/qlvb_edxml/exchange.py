"""edXML exchange with agencies outside the system (QCVN 102:2016).

Packages wait in an outbox (`qlvb.edxml.package`, direction out) until the
cron hands them to the channel of the sending agency; the same cron takes
the packages the channel received and imports each one in a savepoint: a
document package becomes an incoming document waiting for registration
(or recalls, updates or replaces one already received), a status package
updates the dispatch row of the recipient.  A package refused, whatever
the error, is kept with its reason, writes nothing else and is answered
with status 02 when its sender is a known agency; the run goes on with
the next package.

Channels are pluggable: `register_channel('kind')` a `Channel` subclass;
this module ships the folder-drop channel.
"""
import abc
import datetime as dt
import hashlib
import logging
import os
from contextlib import contextmanager

from trytond import backend
from trytond.exceptions import UserError, UserWarning
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.document import check_pdf
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.workflow import check_state
from trytond.modules.qlvb_outgoing.dispatch import (
    STATUS_CODES, STATUS_OF_CODE, STATUS_OF_STATE, STATUSES, UPDATABLE,
    apply_change)

from . import edxml
from .exceptions import ExchangeError

logger = logging.getLogger(__name__)
CHANNELS = {}
BUSINESS_TYPES = [
    ('0', "New"),
    ('1', "Recall"),
    ('2', "Update"),
    ('3', "Replace"),
    ]
STATUS_SELECTION = [(None, "")] + [
    (c, f'{c}') for c in edxml.STATUS_CODES]
PACKAGE_STATES = [
    ('waiting', "Not Sent"),
    ('sent', "Sent"),
    ('failed', "Failed"),
    ('acknowledged', "Acknowledged"),
    ('returned', "Returned"),
    ('imported', "Imported"),
    ('refused', "Refused"),
    ]
# Answers of the recipient that tell the sender its package arrived.
RETURNED = {'02', '16'}


def register_channel(kind):
    "Register a Channel class under kind (the administrator's choice)"
    def register(cls):
        CHANNELS[kind] = cls
        return cls
    return register


class Channel(abc.ABC):
    """How packages travel: the integration platform (LGSP), the national
    document axis, or a shared folder.  `own_code` is the electronic
    identifier of the agency using the channel."""

    def __init__(self, own_code, settings):
        self.own_code = own_code
        self.settings = settings

    @abc.abstractmethod
    def send(self, package_bytes, recipient_code):
        "Deliver a package to the agency recipient_code or raise OSError"

    @abc.abstractmethod
    def receive(self):
        "Yield (name, bytes) of each package waiting for us"

    @abc.abstractmethod
    def acknowledge(self, name):
        "The package name was handled: do not deliver it again"


@register_channel('folder')
class FolderChannel(Channel):
    """A folder shared by the agencies: each agency's packages wait in
    `<root>/<electronic identifier>/inbox/*.edxml`; handled ones move to
    `<root>/<identifier>/done/`."""

    def _inbox(self, code):
        return os.path.join(self.settings.folder, code, 'inbox')

    def send(self, package_bytes, recipient_code):
        inbox = self._inbox(recipient_code)
        os.makedirs(inbox, exist_ok=True)
        # Named by content: the same package sent twice is one file.
        name = hashlib.sha256(package_bytes).hexdigest()[:32] + '.edxml'
        temporary = os.path.join(inbox, '.' + name + '.part')
        with open(temporary, 'wb') as file:
            file.write(package_bytes)
        # Atomic: the receiver never reads half a file.
        os.replace(temporary, os.path.join(inbox, name))

    def receive(self):
        inbox = self._inbox(self.own_code)
        if not os.path.isdir(inbox):
            return
        limit = self.settings.max_size * 1024 * 1024
        names = []
        for name in os.listdir(inbox):
            if name.endswith('.edxml') and not name.startswith('.'):
                try:
                    names.append((os.stat(
                                os.path.join(inbox, name)).st_mtime_ns, name))
                except OSError:  # taken away meanwhile
                    continue
        # In the order they were sent: an update before the recall after it.
        for _, name in sorted(names):
            try:
                with open(os.path.join(inbox, name), 'rb') as file:
                    # One byte more than allowed is enough to refuse it.
                    data = file.read(limit + 1)
            except OSError:
                logger.warning("edXML package %s unreadable", name,
                    exc_info=True)
                continue
            yield name, data

    def acknowledge(self, name):
        done = os.path.join(self.settings.folder, self.own_code, 'done')
        os.makedirs(done, exist_ok=True)
        os.replace(os.path.join(self._inbox(self.own_code), name),
            os.path.join(done, name))


class ExchangeChannel(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.edxml.channel'
    __string__ = "edXML Channel"

    company = fields.Many2One('company.company', "Company", required=True,
        ondelete='CASCADE')
    kind = fields.Selection('get_kinds', "Kind", required=True)
    folder = fields.Char("Folder",
        states={
            'required': Eval('kind') == 'folder',
            'invisible': Eval('kind') != 'folder',
            },
        help="The shared folder; each agency's packages arrive in "
        "<folder>/<electronic identifier>/inbox.")
    max_size = fields.Integer("Maximum Package Size (MB)", required=True,
        domain=[('max_size', '>', 0)],
        help="Larger packages are refused without being read.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_unique', Unique(t, t.company),
                'qlvb_edxml.msg_edxml_channel_company_unique'),
            ]

    @classmethod
    def get_kinds(cls):
        return [('folder', "Shared Folder")] + sorted(
            (k, k) for k in CHANNELS if k != 'folder')

    @classmethod
    def default_kind(cls):
        return 'folder'

    @classmethod
    def default_max_size(cls):
        return 50

    def get_rec_name(self, name):
        return self.company.rec_name

    def channel(self):
        "The channel object, for the company's own agency"
        Agency = Pool().get('qlvb.agency')
        agency = Agency.for_company(self.company.id)
        return CHANNELS[self.kind](agency.identifier, self)


class ExchangeCode(ModelSQL, ModelView):
    "edXML code tables differ between implementations: kept as data"
    __name__ = 'qlvb.edxml.code'
    __string__ = "edXML Code"

    kind = fields.Selection([
            ('document_type', "Document Type"),
            ('priority', "Priority"),
            ], "Kind", required=True)
    code = fields.Char("Code", required=True,
        help="The value written in the package.")
    document_type = fields.Many2One('qlvb.document.type', "Document Type",
        ondelete='CASCADE',
        states={
            'required': Eval('kind') == 'document_type',
            'invisible': Eval('kind') != 'document_type',
            })
    urgency = fields.Many2One('qlvb.urgency', "Urgency", ondelete='CASCADE',
        states={
            'required': Eval('kind') == 'priority',
            'invisible': Eval('kind') != 'priority',
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.kind, t.code),
                'qlvb_edxml.msg_edxml_code_unique'),
            ]
        cls._order.insert(0, ('kind', 'ASC'))
        cls._order.insert(1, ('code', 'ASC'))

    @classmethod
    def code_of(cls, kind, record):
        "The code written for our document type or urgency"
        if not record:
            return ''
        codes = cls.search([('kind', '=', kind),
                (kind if kind == 'document_type' else 'urgency', '=',
                    record.id)], limit=1)
        return codes[0].code if codes else record.code

    @classmethod
    def record_of(cls, kind, code):
        "Our document type or urgency for a code read in a package"
        pool = Pool()
        field = 'document_type' if kind == 'document_type' else 'urgency'
        codes = cls.search([('kind', '=', kind), ('code', '=', code)],
            limit=1)
        if codes:
            return getattr(codes[0], field)
        Target = pool.get(
            'qlvb.document.type' if kind == 'document_type'
            else 'qlvb.urgency')
        records = Target.search([('code', '=', code)], limit=1) if code \
            else []
        return records[0] if records else None


def _naive_utc(value):
    "As Tryton stores date-times"
    if value.tzinfo:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


@contextmanager
def savepoint(name):
    """Undo everything written inside on error: one package, all or
    nothing (the notifications queued inside are dropped too)."""
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    notifications = len(transaction.user_notifications)
    logs = len(transaction.log_records)
    cursor.execute(f'SAVEPOINT {name}')
    try:
        yield
    except BaseException:
        cursor.execute(f'ROLLBACK TO SAVEPOINT {name}')
        del transaction.user_notifications[notifications:]
        del transaction.log_records[logs:]
        transaction.cache.clear()
        raise
    else:
        cursor.execute(f'RELEASE SAVEPOINT {name}')


class Package(ExportAccessMixin, Workflow, ModelSQL, ModelView):
    "The outbox and inbox of edXML packages"
    __name__ = 'qlvb.edxml.package'
    __string__ = "edXML Package"

    company = fields.Many2One('company.company', "Company", required=True,
        readonly=True, ondelete='RESTRICT')
    direction = fields.Selection([
            ('out', "Sent"),
            ('in', "Received"),
            ], "Direction", required=True, readonly=True)
    kind = fields.Selection([
            (None, ""),
            ('document', "Document"),
            ('status', "Status"),
            ], "Kind", readonly=True)
    agency = fields.Many2One('qlvb.agency', "Agency", readonly=True,
        ondelete='RESTRICT', help="The recipient or the sender.")
    package_id = fields.Char("Package ID", readonly=True,
        help="The same for every sending of the same package.")
    document_id = fields.Char("Document ID", readonly=True,
        help="OrganId,yyyy/MM/dd,number/symbol of the document concerned.")
    reference = fields.Char("Number and Symbol", readonly=True)
    subject = fields.Text("Subject", readonly=True)
    business_type = fields.Selection([(None, "")] + BUSINESS_TYPES,
        "Business Type", readonly=True)
    status_code = fields.Selection(STATUS_SELECTION, "Status Code",
        readonly=True)
    description = fields.Text("Reason", readonly=True,
        help="The reason of a recall, replacement, update or return.")
    outgoing = fields.Many2One('qlvb.outgoing', "Outgoing Document",
        readonly=True, ondelete='CASCADE')
    dispatch = fields.Many2One('qlvb.outgoing.dispatch', "Dispatch",
        readonly=True, ondelete='CASCADE')
    # A received document may still be deleted before registration; its
    # package stays, so that it is not imported again.
    incoming = fields.Many2One('qlvb.incoming', "Incoming Document",
        readonly=True, ondelete='SET NULL')
    data = fields.Binary("Package", filename='filename', file_id='data_id',
        readonly=True)
    data_id = fields.Char("Package ID in the Store", readonly=True)
    filename = fields.Char("File Name", readonly=True)
    state = fields.Selection(PACKAGE_STATES, "State", required=True,
        readonly=True, sort=False)
    error = fields.Text("Error", readonly=True,
        states={'invisible': ~Eval('error')})
    tries = fields.Integer("Tries", readonly=True)
    date = fields.DateTime("Date", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.direction, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.package_id, Index.Equality())),
                Index(t, (t.document_id, Index.Equality())),
                })
        cls._order = [('date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('waiting', 'sent'),
            ('waiting', 'failed'),
            ('failed', 'sent'),
            ('failed', 'failed'),
            ('failed', 'waiting'),
            ('sent', 'acknowledged'),
            ('sent', 'returned'),
            ('acknowledged', 'returned'),
            ('returned', 'acknowledged'),
            }
        cls._buttons.update({
                'resend': {
                    'invisible': ~Eval('state').in_(['waiting', 'failed']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'waiting'

    @classmethod
    def default_tries(cls):
        return 0

    @classmethod
    def default_date(cls):
        return dt.datetime.now()

    def get_rec_name(self, name):
        return ' - '.join(filter(None, [self.reference,
                    self.agency.rec_name if self.agency else None]))

    # --- outbox -------------------------------------------------------

    @classmethod
    def queue_document(cls, dispatches, business_type, reason=None,
            replacement=None):
        """Put in the outbox the package of each dispatch to an agency
        outside the system; a package already there is not duplicated"""
        packages = []
        for dispatch in dispatches:
            outgoing, agency = dispatch.outgoing, dispatch.agency
            document = replacement or outgoing
            sender = cls._agency_of(document.company)
            doc_id = edxml.document_id(sender.identifier,
                document.issue_date, document.reference)
            parts = [doc_id, agency.identifier or agency.id, business_type]
            if business_type == '2':  # several updates may follow
                parts.append(cls.search_count([
                            ('dispatch', '=', dispatch.id),
                            ('business_type', '=', '2')]))
            id_ = edxml.package_id(*parts)
            if cls.search([('direction', '=', 'out'),
                        ('package_id', '=', id_)], limit=1):
                continue
            packages.append(cls(company=outgoing.company, direction='out',
                    kind='document', agency=agency, dispatch=dispatch,
                    outgoing=document, package_id=id_, document_id=doc_id,
                    reference=document.reference, subject=document.subject,
                    business_type=business_type, description=reason,
                    filename=f'{id_}.edxml'))
        for package in packages:
            try:
                package.data = package._build_document()
            except ExchangeError as error:
                package.state = 'failed'
                package.error = error.message
        cls.save(packages)
        return packages

    @classmethod
    def _agency_of(cls, company):
        Agency = Pool().get('qlvb.agency')
        return Agency.for_company(company.id)

    def _build_document(self):
        "The edXML bytes of the document package"
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        Code = pool.get('qlvb.edxml.code')
        PackageIn = self.__class__
        outgoing = self.outgoing
        # A replacing document names the one it replaces.
        replaced = self.dispatch.outgoing if self.business_type == '3' \
            else None
        if not self.agency.identifier:
            raise ExchangeError(gettext(
                    'qlvb_edxml.msg_edxml_no_identifier',
                    agency=self.agency.rec_name))
        sender = self._agency_of(outgoing.company)
        answered = [p.document_id for p in PackageIn.search([
                    ('direction', '=', 'in'), ('kind', '=', 'document'),
                    ('incoming', 'in', [i.id for i in outgoing.reply_to]),
                    ])] if outgoing.reply_to else []
        if not outgoing.signed_file:
            raise ExchangeError(gettext(
                    'qlvb_outgoing.msg_outgoing_signatures_required',
                    document=outgoing.rec_name))
        attachments = [edxml.Attachment(
                name=outgoing.signed_filename,
                data=bytes(outgoing.signed_file))]
        attachments += [edxml.Attachment(name=a.name, data=bytes(a.data),
                content_type='application/octet-stream')
            for a in Attachment.search([('resource', '=', str(outgoing)),
                    ('type', '=', 'data')]) if a.data]
        competence, position, signer = outgoing.signer_info()
        package = edxml.DocumentPackage(
            id=self.package_id,
            sender=edxml.Organ(sender.identifier, sender.name),
            recipients=[edxml.Organ(self.agency.identifier,
                    self.agency.name)],
            code_number=f'{outgoing.number:02d}',
            code_notation=outgoing.symbol,
            promulgation_date=outgoing.issue_date,
            document_type=Code.code_of(
                'document_type', outgoing.document_type),
            document_type_name=outgoing.document_type.name,
            subject=outgoing.subject,
            content=outgoing.content or '',
            signer_competence=competence,
            signer_position=position,
            signer_name=signer,
            to_places=[a.name for a in outgoing.internal_recipients
                + outgoing.external_recipients],
            priority=Code.code_of('priority', outgoing.urgency) or '0',
            response_for=answered,
            business_type=self.business_type,
            business_reason=self.description or '',
            replacement_for=self.document_id_of(replaced) if replaced
            else '',
            trace=[(sender.identifier, dt.datetime.now(dt.timezone.utc))],
            attachments=attachments)
        return edxml.build(package)

    @classmethod
    def document_id_of(cls, outgoing):
        sender = cls._agency_of(outgoing.company)
        return edxml.document_id(
            sender.identifier, outgoing.issue_date, outgoing.reference)

    @classmethod
    def queue_status(cls, incomings):
        """Tell the issuers outside the system what became of the
        documents they sent: one status package per new status"""
        pool = Pool()
        Agency = pool.get('qlvb.agency')
        with without_check_access():
            # The packages that created the documents (not the recalls
            # or updates of them).
            received = cls.search([('direction', '=', 'in'),
                    ('kind', '=', 'document'), ('state', '=', 'imported'),
                    ('business_type', 'in', ['0', '3']),
                    ('incoming', 'in', [i.id for i in incomings])])
            packages = []
            for origin in received:
                incoming = origin.incoming
                status = STATUS_OF_STATE[incoming.state]
                code = STATUS_CODES[status]
                id_ = edxml.package_id(origin.package_id, 'status', code)
                if cls.search([('package_id', '=', id_),
                            ('direction', '=', 'out')], limit=1):
                    continue
                reason = incoming.state_reason if code == '02' else ''
                own = Agency.for_company(incoming.company.id)
                packages.append(cls(company=incoming.company,
                        direction='out', kind='status', agency=origin.agency,
                        incoming=incoming, package_id=id_,
                        document_id=origin.document_id,
                        reference=origin.reference, subject=origin.subject,
                        status_code=code, description=reason,
                        filename=f'{id_}.edxml',
                        data=edxml.build(edxml.StatusPackage(
                                id=id_,
                                sender=edxml.Organ(own.identifier, own.name),
                                recipient=edxml.Organ(
                                    origin.agency.identifier,
                                    origin.agency.name),
                                response_for=origin.document_id,
                                status=code, description=reason or '',
                                timestamp=dt.datetime.now(
                                    dt.timezone.utc)))))
            cls.save(packages)
            return packages

    @classmethod
    @ModelView.button
    def resend(cls, packages):
        "Send again; the recipient ignores a package it already has"
        check_state(packages, {'waiting', 'failed'})
        for package in packages:
            if package.direction != 'out':
                raise ExchangeError(gettext(
                        'qlvb_edxml.msg_edxml_not_resendable',
                        package=package.rec_name))
        for package in packages:
            if not package.data and package.kind == 'document':
                try:
                    package.data = package._build_document()
                except ExchangeError as error:
                    package.error = error.message
            package.save()
        cls.send(packages)

    @classmethod
    def send(cls, packages):
        "Hand each package to its company's channel; failures are kept"
        Channel = Pool().get('qlvb.edxml.channel')
        sent, failed = [], []
        for package in packages:
            package.tries = (package.tries or 0) + 1
            channels = Channel.search(
                [('company', '=', package.company.id)], limit=1)
            try:
                if not channels:
                    raise ExchangeError(gettext(
                            'qlvb_edxml.msg_edxml_no_channel',
                            company=package.company.rec_name))
                if not package.data:
                    raise ExchangeError(package.error or gettext(
                            'qlvb_edxml.msg_edxml_no_identifier',
                            agency=package.agency.rec_name))
                channels[0].channel().send(
                    bytes(package.data), package.agency.identifier)
            except (OSError, ExchangeError) as error:
                package.error = getattr(error, 'message', None) or str(
                    error)
                failed.append(package)
            else:
                package.error = None
                sent.append(package)
        cls.save(sent + failed)
        if failed:
            cls.mark_failed(failed)
        if sent:
            cls.mark_sent(sent)

    @classmethod
    @Workflow.transition('sent')
    def mark_sent(cls, packages):
        "The channel took the packages"
        pass

    @classmethod
    @Workflow.transition('failed')
    def mark_failed(cls, packages):
        "The channel refused the packages or could not be reached"
        pass

    @classmethod
    @Workflow.transition('acknowledged')
    def mark_acknowledged(cls, packages):
        "The recipient reported a status of the document sent"
        pass

    @classmethod
    @Workflow.transition('returned')
    def mark_returned(cls, packages):
        "The recipient returned or refused the document sent"
        pass

    # --- inbox --------------------------------------------------------

    @classmethod
    def run_exchange(cls):
        "Cron: send what waits in the outbox, import what arrived"
        Channel = Pool().get('qlvb.edxml.channel')
        company = Transaction().context.get('company')
        domain = [('company', '=', company)] if company else []
        with without_check_access():
            for settings in Channel.search(domain):
                cls.send(cls.search([('company', '=', settings.company.id),
                            ('direction', '=', 'out'),
                            ('state', '=', 'waiting')],
                        order=[('id', 'ASC')]))
                Transaction().commit()
                channel = settings.channel()
                for name, data in channel.receive():
                    try:
                        # A bad package is refused with its reason, so
                        # that it does not block the next ones.
                        cls.import_package(settings.company, data, name=name)
                    except backend.DatabaseOperationalError:
                        raise
                    except Exception:
                        # Not even its refusal could be stored: set aside
                        # in the channel (logged) rather than block.
                        Transaction().rollback()
                        logger.exception(
                            "edXML package %s set aside unstored", name)
                    # Taken off the channel only once stored: a package is
                    # never lost, at worst received twice (and skipped).
                    Transaction().commit()
                    try:
                        channel.acknowledge(name)
                    except OSError:
                        logger.warning("edXML package %s not acknowledged",
                            name, exc_info=True)

    @classmethod
    def import_package(cls, company, data, name=None):
        """Import the bytes of a received package for company; return the
        inbox row (refused with its reason when the package is bad).

        Whatever goes wrong, the package is refused, in its own savepoint:
        nothing of it is written but the refusal, and the caller goes on
        with the next package."""
        Channel = Pool().get('qlvb.edxml.channel')
        channels = Channel.search([('company', '=', company.id)], limit=1)
        limit = (channels[0].max_size if channels
            else Channel.default_max_size()) * 1024 * 1024
        if name:
            # A file name that is not UTF-8 cannot be stored as text.
            name = os.fsencode(name).decode('utf-8', 'replace')
        package, verification, refusal = cls.examine(data, limit)
        if not refusal:
            row, error = cls._attempt(cls._store, company, package,
                verification, data, name)
            if not error:
                return row
            refusal = error[0], cls._answer_to(package)
        reason, answer_to = refusal
        return cls._refuse(company, data if len(data) <= limit else None,
            name, reason, answer_to)

    @classmethod
    def examine(cls, data, limit):
        """Read a received package and verify the signatures of the file
        it brings, writing nothing.  Return (package, verification values,
        refusal): refusal is None or (reason, answer_to), answer_to the
        (sender organ, DocumentId) of a refused document when known."""
        result, refusal = cls._attempt(cls._read, data, limit)
        if not refusal:
            return result + (None,)
        reason, answer_to, package = refusal
        return package, None, (reason, cls._answer_to(package) or answer_to)

    @staticmethod
    def _answer_to(package):
        if isinstance(package, edxml.DocumentPackage):
            return package.sender, package.document_id

    @classmethod
    def _read(cls, data, limit):
        Incoming = Pool().get('qlvb.incoming')
        package = edxml.parse(data, limit)
        verification = None
        # A recall brings no file to keep: it is not checked.
        if (isinstance(package, edxml.DocumentPackage)
                and package.business_type != '1'):
            main = package.attachments[0]
            try:
                check_pdf(main.data, main.name)
                verification = Incoming().verification_values(main.data)
            except Exception as error:
                error.package = package  # refused, but its sender known
                raise
        return package, verification

    @classmethod
    def _store(cls, company, package, verification, data, name):
        with savepoint('edxml_import'):
            if isinstance(package, edxml.StatusPackage):
                return cls._import_status(company, package, data, name)
            return cls._import_document(
                company, package, verification, data, name)

    @classmethod
    def _attempt(cls, function, *args):
        """(function(*args), None), or (None, (reason, answer_to, package))
        for whatever error the package provokes"""
        try:
            return function(*args), None
        except edxml.EdxmlError as error:
            return None, (gettext(f'qlvb_edxml.msg_edxml_{error.code}',
                    **{k: str(v) for k, v in error.params.items()}),
                error.answer_to, None)
        except (UserError, UserWarning) as error:
            return None, (error.message, None,
                getattr(error, 'package', None))
        except backend.DatabaseOperationalError:
            raise  # a lock or a lost connection: the whole run is retried
        except Exception as error:
            # A defect of ours or of a library (a malformed signature, a
            # PDF no parser expected): logged for us, told to the sender
            # without the details.
            logger.exception("edXML package could not be imported")
            return None, (gettext('qlvb_edxml.msg_edxml_unexpected',
                    error=type(error).__name__), None,
                getattr(error, 'package', None))

    @classmethod
    def _refuse(cls, company, data, name, message, answer_to):
        """Keep the refused package with its reason and answer its sender
        with status 02 (a status package is not answered: two systems
        refusing each other's answers would never stop)"""
        Agency = Pool().get('qlvb.agency')
        # The database refuses NUL; a reason stays readable.
        message = message.replace('\x00', '')[:2000]
        refused = cls(company=company, direction='in', state='refused',
            error=message, filename=name, data=data)
        sender = None
        if answer_to:
            organ, document_id = answer_to
            refused.kind, refused.document_id = 'document', document_id[:300]
            # Only an agency already known: a refused package must not add
            # agencies to the directory.
            senders = Agency.search([('identifier', '=', organ.id)], limit=1)
            sender = refused.agency = senders[0] if senders else None
        refused.save()
        if sender:
            try:
                with savepoint('edxml_refusal'):
                    cls.queue_refusal(refused, data)
            except backend.DatabaseOperationalError:
                raise
            except Exception:
                logger.exception("edXML refusal of %s not queued", name)
        return refused

    @classmethod
    def queue_refusal(cls, refused, data):
        "Status 02 with the reason, to the sender of a refused package"
        Agency = Pool().get('qlvb.agency')
        # The same package refused twice is answered once.
        id_ = edxml.package_id(
            hashlib.sha256(data or refused.error.encode()).hexdigest(),
            refused.document_id, 'refused')
        if cls.search([('direction', '=', 'out'), ('package_id', '=', id_)],
                limit=1):
            return None
        own = Agency.for_company(refused.company.id)
        answer = cls(company=refused.company, direction='out',
            kind='status', agency=refused.agency, package_id=id_,
            document_id=refused.document_id,
            reference=refused.document_id.split(',', 2)[-1][:100],
            status_code='02', description=refused.error,
            filename=f'{id_}.edxml',
            data=edxml.build(edxml.StatusPackage(
                    sender=edxml.Organ(own.identifier, own.name),
                    recipient=edxml.Organ(refused.agency.identifier,
                        refused.agency.name),
                    response_for=refused.document_id, status='02',
                    description=refused.error,
                    timestamp=dt.datetime.now(dt.timezone.utc))))
        answer.save()
        return answer

    @classmethod
    def _own_agency(cls, company, organs):
        "Our agency, which the package must be addressed to"
        agency = cls._agency_of(company)
        if agency.identifier not in {o.id for o in organs}:
            raise ExchangeError(gettext(
                    'qlvb_edxml.msg_edxml_not_for_us',
                    agency=agency.rec_name))
        return agency

    @classmethod
    def _sender(cls, organ, reference):
        """The issuing agency by its electronic identifier; an agency not
        yet known is created as external, so that the clerk can register
        the document and reply to it"""
        Agency = Pool().get('qlvb.agency')
        agencies = Agency.search([('identifier', '=', organ.id)], limit=1)
        if agencies:
            return agencies[0]
        # The issuer part of the symbol: 15/QĐ-UBND → UBND.
        abbreviation = reference.rsplit('-', 1)[-1][:20] or organ.id
        agency = Agency(name=organ.name or organ.id, identifier=organ.id,
            abbreviation=abbreviation, level='external')
        agency.save()
        return agency

    @classmethod
    def _import_document(cls, company, package, verification, data, name):
        self_id = package.id or edxml.package_id(package.document_id,
            ','.join(o.id for o in package.recipients),
            package.business_type)
        if cls.search([('company', '=', company.id),
                    ('direction', '=', 'in'), ('package_id', '=', self_id),
                    ('state', '=', 'imported')], limit=1):
            return None  # already imported: sending again changes nothing
        cls._own_agency(company, package.recipients)
        sender = cls._sender(package.sender, package.reference)
        row = cls(company=company, direction='in', kind='document',
            state='imported', agency=sender, package_id=self_id,
            document_id=package.document_id, reference=package.reference,
            subject=package.subject, business_type=package.business_type,
            description=package.business_reason or None, data=data,
            filename=name)
        # A reply to one of our documents: shown on its dispatch row.
        for answered in package.response_for:
            ours = cls.search([('company', '=', company.id),
                    ('direction', '=', 'out'), ('kind', '=', 'document'),
                    ('document_id', '=', answered),
                    ('agency', '=', sender.id)], limit=1)
            if ours:
                row.dispatch, row.outgoing = ours[0].dispatch, (
                    ours[0].outgoing)
                break
        if package.business_type in {'1', '2'}:
            row.incoming = cls._received(company, package.document_id)
            if package.business_type == '1':
                apply_change([row.incoming], 'recall',
                    package.business_reason)
            else:
                values = cls._incoming_values(company, sender, package)
                values = {k: v for k, v in values.items() if k in UPDATABLE}
                # The new file's own verdict: a tampered file must not
                # keep the one of the file it replaces.
                values.update(verification)
                apply_change([row.incoming], 'update',
                    package.business_reason, values=values)
        else:
            # A replacing document comes both as new (it is issued to us)
            # and as a replacement: one incoming document for both.
            known = cls.search([('company', '=', company.id),
                    ('direction', '=', 'in'), ('kind', '=', 'document'),
                    ('state', '=', 'imported'),
                    ('document_id', '=', package.document_id),
                    ('business_type', 'in', ['0', '3'])], limit=1)
            if known and package.business_type == '0':
                return None
            incoming = (known[0].incoming if known
                else cls._new_incoming(company, sender, package,
                    verification))
            if package.business_type == '3':
                old = cls._received(company, package.replacement_for)
                apply_change([old], 'replace', package.business_reason,
                    replacement=incoming)
            row.incoming = incoming
        row.save()
        if package.business_type == '0' or package.business_type == '3':
            cls.queue_status([row.incoming])
        return row

    @classmethod
    def _received(cls, company, document_id):
        "The incoming document created for a document id we received"
        rows = cls.search([('company', '=', company.id),
                ('direction', '=', 'in'), ('kind', '=', 'document'),
                ('document_id', '=', document_id),
                ('state', '=', 'imported'), ('incoming', '!=', None)],
            order=[('id', 'ASC')], limit=1)
        if not rows:
            raise ExchangeError(gettext(
                    'qlvb_edxml.msg_edxml_unknown_document',
                    document=document_id))
        return rows[0].incoming

    @classmethod
    def _incoming_values(cls, company, sender, package):
        Code = Pool().get('qlvb.edxml.code')
        main = package.attachments[0]  # checked and verified on reading
        document_type = (Code.record_of('document_type',
                package.document_type) if package.document_type else None)
        if not document_type and package.document_type_name:
            DocumentType = Pool().get('qlvb.document.type')
            types = DocumentType.search(
                [('name', '=', package.document_type_name)], limit=1)
            document_type = types[0] if types else None
        urgency = Code.record_of('priority', package.priority)
        return {
            'issuer': sender.id,
            'reference': package.reference,
            'issue_date': package.promulgation_date,
            'document_type': document_type.id if document_type else None,
            'subject': package.subject,
            'description': package.content or None,
            'signer_name': package.signer_name or None,
            'signer_position': ' '.join(filter(None, [
                        package.signer_competence,
                        package.signer_position])) or None,
            'urgency': urgency.id if urgency else None,
            'due_date': package.due_date,
            'page_count': package.page_amount,
            'recipients': ', '.join(package.to_places)[:1000] or None,
            'main_file': main.data,
            'main_filename': main.name,
            }

    @classmethod
    def _new_incoming(cls, company, sender, package, verification):
        """The document waiting for registration, pre-filled from the
        package, with its files and the verification of its signatures"""
        pool = Pool()
        Incoming = pool.get('qlvb.incoming')
        Attachment = pool.get('ir.attachment')
        Configuration = pool.get('qlvb.configuration')
        values = cls._incoming_values(company, sender, package)
        incoming = Incoming(company=company, medium='electronic',
            arrival_date=pool.get('ir.date').today(),
            register=Incoming.general_register(company), **{
                k: v for k, v in values.items()})
        for key, value in verification.items():
            setattr(incoming, key, value)
        incoming.save()
        limit = Configuration(1).max_file_size * 1024 * 1024
        files = []
        for attachment in package.attachments[1:]:
            if len(attachment.data) > limit:
                raise ExchangeError(gettext(
                        'qlvb.msg_file_too_large',
                        file=attachment.name,
                        size=round(len(attachment.data) / 1024 / 1024, 1),
                        limit=limit // 1024 // 1024))
            files.append(Attachment(resource=incoming, type='data',
                    name=attachment.name, data=attachment.data))
        Attachment.save(files)
        return incoming

    @classmethod
    def _import_status(cls, company, package, data, name):
        "The recipient's answer, shown on the dispatch row"
        pool = Pool()
        Dispatch = pool.get('qlvb.outgoing.dispatch')
        self_id = package.id or edxml.package_id(package.response_for,
            package.sender.id, package.status, package.timestamp)
        if cls.search([('company', '=', company.id),
                    ('direction', '=', 'in'), ('package_id', '=', self_id),
                    ('state', '=', 'imported')], limit=1):
            return None
        cls._own_agency(company, [package.recipient])
        if package.status == '02' and not package.description:
            raise ExchangeError(gettext(
                    'qlvb_edxml.msg_edxml_reason_required'))
        ours = cls.search([('company', '=', company.id),
                ('direction', '=', 'out'), ('kind', '=', 'document'),
                ('document_id', '=', package.response_for),
                ('agency.identifier', '=', package.sender.id)],
            order=[('id', 'DESC')], limit=1)
        if not ours:
            raise ExchangeError(gettext(
                    'qlvb_edxml.msg_edxml_unknown_document',
                    document=package.response_for))
        sent = ours[0]
        when = _naive_utc(package.timestamp)
        status = STATUS_OF_CODE[package.status]
        # Packages may arrive out of order: the latest status wins, the
        # furthest one within the same second (timestamps have no more).
        rank = [s for s, _ in STATUSES].index
        current = sent.dispatch
        if not current.remote_date or (current.remote_date,
                rank(current.remote_status or 'arrived')) <= (
                when, rank(status)):
            Dispatch.write([sent.dispatch], {
                    'remote_status': status,
                    'remote_reason': package.description or None,
                    'remote_date': when,
                    })
        if package.status in RETURNED:
            cls.mark_returned([sent])
        else:
            cls.mark_acknowledged([sent])
        row = cls(company=company, direction='in', kind='status',
            state='imported', agency=sent.agency, package_id=self_id,
            document_id=package.response_for, reference=sent.reference,
            subject=sent.subject, status_code=package.status,
            description=package.description or None,
            outgoing=sent.outgoing, dispatch=sent.dispatch, data=data,
            filename=name)
        row.save()
        return row

    @classmethod
    def check_modification(cls, mode, packages, values=None,
            external=False):
        super().check_modification(
            mode, packages, values=values, external=external)
        # The outbox and inbox are evidence of what was exchanged.
        if external and mode in {'write', 'delete'}:
            raise ValidationError(gettext(
                    'qlvb_edxml.msg_edxml_package_readonly'))
