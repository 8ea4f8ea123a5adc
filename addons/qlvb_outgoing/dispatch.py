"""Dispatch: issuing an outgoing document to agencies inside the system
creates, at each of them, an incoming document waiting for registration,
with the signed file and its verification; agencies outside the system get
an edXML package (exchange.py).  The sender follows each recipient's status
from that document or from the status packages it answers with.

A recall, update or replacement reaches every recipient in one place:
`Dispatch.notify_change`, applied by `apply_change` to the recipient's
incoming document."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.organisation import users_for

STATUSES = [
    ('arrived', "Arrived"),
    ('registered', "Registered"),
    ('assigned', "Assigned"),
    ('in_progress', "In Progress"),
    ('completed', "Completed"),
    ('returned', "Returned"),
    ('recall_requested', "Recall Requested"),
    ('recalled', "Recalled"),
    ('recall_refused', "Recall Refused"),
    ]
# QCVN 102:2016 status codes of the statuses above.
STATUS_CODES = {
    'arrived': '01',
    'returned': '02',
    'registered': '03',
    'assigned': '04',
    'in_progress': '05',
    'completed': '06',
    'recall_requested': '13',
    'recalled': '15',
    'recall_refused': '16',
    }
STATUS_OF_CODE = {v: k for k, v in STATUS_CODES.items()}
CHANGES = ['recall', 'update', 'replace']
# Fields of the incoming document an update from the issuer may change.
UPDATABLE = ['subject', 'issue_date', 'document_type', 'signer_name',
    'signer_position', 'urgency', 'due_date', 'description', 'recipients',
    'page_count', 'main_file', 'main_filename']
# The recipient's incoming state seen from the sender (edXML status codes
# 01 arrived, 03 registered, 04 assigned, 05 in progress, 06 completed,
# 02 returned with its reason).
STATUS_OF_STATE = {
    'received': 'arrived',
    'registered': 'registered',
    'submitted': 'registered',
    'returned': 'registered',
    'directed': 'assigned',
    'in_progress': 'in_progress',
    'completed': 'completed',
    'rejected': 'returned',
    'cancelled': 'returned',
    'recalled': 'recalled',
    }


class Dispatch(ExportAccessMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.outgoing.dispatch'
    __string__ = "Dispatch"

    outgoing = fields.Many2One('qlvb.outgoing', "Outgoing Document",
        required=True, readonly=True, ondelete='CASCADE')
    agency = fields.Many2One('qlvb.agency', "Recipient", required=True,
        readonly=True, ondelete='RESTRICT')
    incoming = fields.Many2One('qlvb.incoming', "Incoming Document",
        readonly=True, ondelete='RESTRICT',
        help="The document created at the recipient.")
    status = fields.Function(
        fields.Selection([(None, "")] + STATUSES, "Status"),
        'get_status_fields')
    reason = fields.Function(fields.Text("Reason"), 'get_status_fields')
    replies = fields.Function(fields.Many2Many(
            'qlvb.outgoing', None, None, "Replies"), 'get_status_fields')
    # Of an agency outside the system: the last status package received.
    remote_status = fields.Selection([(None, "")] + STATUSES,
        "Reported Status", readonly=True)
    remote_reason = fields.Text("Reported Reason", readonly=True)
    remote_date = fields.DateTime("Reported At", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('outgoing')

    @classmethod
    def get_status_fields(cls, dispatches, names):
        "Read the recipient's document, which the sender may not access"
        pool = Pool()
        Outgoing = pool.get('qlvb.outgoing')
        result = {n: {} for n in names}
        with without_check_access():
            for dispatch in cls.browse(dispatches):
                incoming = dispatch.incoming
                if 'status' in names:
                    result['status'][dispatch.id] = (
                        STATUS_OF_STATE[incoming.state] if incoming
                        else dispatch.remote_status)
                if 'reason' in names:
                    result['reason'][dispatch.id] = (
                        incoming.state_reason if incoming and (
                            incoming.state in {'rejected', 'cancelled'})
                        else None if incoming else dispatch.remote_reason)
                if 'replies' in names:
                    result['replies'][dispatch.id] = [o.id for o in (
                            Outgoing.search([
                                    ('reply_to', '=', incoming.id),
                                    ('number', '!=', None)])
                            if incoming else [])]
        return result

    @classmethod
    def send(cls, outgoing):
        "Create the incoming document at each agency in the system"
        pool = Pool()
        Incoming = pool.get('qlvb.incoming')
        # The recipients receive it from the agency in whose name it is
        # issued (the UBND tỉnh, not the Office keeping its registers).
        sender = outgoing.issuing_agency
        verification = outgoing.recipient_verification()
        dispatches = []
        competence, position, signer = outgoing.signer_info()
        for agency in outgoing.internal_recipients:
            incoming = Incoming(
                company=agency.company, medium='electronic',
                arrival_date=pool.get('ir.date').today(),
                issuer=sender, reference=outgoing.reference,
                issue_date=outgoing.issue_date,
                document_type=outgoing.document_type,
                subject=outgoing.subject,
                signer_name=signer or None,
                signer_position=' '.join(filter(None, [
                            competence, position])) or None,
                urgency=outgoing.urgency,
                confidentiality=outgoing.confidentiality,
                main_file=outgoing.signed_file,
                main_filename=outgoing.signed_filename,
                **verification)
            incoming.register = Incoming.general_register(agency.company)
            dispatches.append(cls(outgoing=outgoing, agency=agency,
                    incoming=incoming))
        Incoming.save([d.incoming for d in dispatches])
        # Agencies outside the system are reached by the exchange module.
        external = [cls(outgoing=outgoing, agency=agency)
            for agency in outgoing.external_recipients]
        cls.save(dispatches + external)
        return dispatches + external

    @classmethod
    def notify_change(cls, outgoing, kind, reason, replacement=None):
        """Recall (kind 'recall'), update ('update') or replace ('replace')
        an issued document at every recipient: applied to the incoming
        documents of agencies in the system, sent as an edXML package of
        business type 1, 2 or 3 to the others."""
        assert kind in CHANGES, kind
        with without_check_access():
            dispatches = cls.search([('outgoing', '=', outgoing.id)])
            internal = [d for d in dispatches if d.incoming]
            values = {}
            if kind == 'update':
                values = cls._update_values(outgoing)
            apply_change([d.incoming for d in internal], kind, reason,
                values=values, replacement=cls._replacement_at(
                    replacement, internal) if replacement else None)
            cls.notify_external([d for d in dispatches if not d.incoming],
                kind, reason, replacement)

    @classmethod
    def notify_external(cls, dispatches, kind, reason, replacement):
        "Tell the recipients outside the system (the exchange does)"
        pass

    @classmethod
    def _update_values(cls, outgoing):
        "What an update changes on the recipients' copies"
        return {
            'subject': outgoing.subject,
            'document_type': outgoing.document_type.id,
            'urgency': outgoing.urgency.id if outgoing.urgency else None,
            'main_file': outgoing.signed_file,
            'main_filename': outgoing.signed_filename,
            **outgoing.recipient_verification(),
            }

    @classmethod
    def _replacement_at(cls, replacement, internal):
        "The replacing document's copy at each internal recipient"
        copies = {d.agency.id: d.incoming for d in cls.search([
                    ('outgoing', '=', replacement.id),
                    ('incoming', '!=', None)])}
        return {d.incoming.id: copies.get(d.agency.id) for d in internal}


def apply_change(incomings, kind, reason, values=None, replacement=None):
    """The one rule for a change the issuer makes to a document its
    recipients hold: a recall or a replacement freezes the copy (state
    recalled, open duties cancelled), an update rewrites its metadata and
    file; each is logged on the trail and the assignees are told.

    replacement: the replacing incoming document, or {incoming id: it}."""
    pool = Pool()
    Incoming = pool.get('qlvb.incoming')
    Assignment = pool.get('qlvb.incoming.assignment')
    Step = pool.get('qlvb.incoming.circulation')
    if not incomings:
        return
    open_ = [a for i in incomings for a in i.assignments
        if a.state in {'assigned', 'in_progress', 'read'}]
    to_notify = users_for(
        employees=[a.employee for a in open_],
        departments=[a.department for a in open_ if not a.employee])
    with without_check_access():
        if kind == 'update':
            Incoming.write(list(incomings), values or {})
        else:
            if not isinstance(replacement, dict):
                replacement = {i.id: replacement for i in incomings}
            for incoming in incomings:
                incoming.state_reason = reason
                incoming.replaced_by = replacement.get(incoming.id)
            Incoming.save(incomings)
            live = [i for i in incomings if i.state != 'recalled']
            if live:
                Incoming.recall(live)
            # A recalled or replaced document creates no duty any more
            # (after the state, so that no progress is derived from it).
            duties = [a for a in open_ if a.state != 'read']
            if duties:
                Assignment.write(duties, {'state': 'cancelled'})
        Step.log(incomings, kind, note=reason)
        for user in to_notify:
            Incoming.notify_user(incomings, 'tryton-notification',
                gettext(f'qlvb_outgoing.msg_notify_{kind}'),
                reason, user=user.id)
