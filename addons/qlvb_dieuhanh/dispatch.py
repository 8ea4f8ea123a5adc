"""Internal dispatch: issuing an outgoing document to agencies inside the
system creates, at each of them, an incoming document waiting for
registration, with the signed file and its verification; the sender follows
each recipient's status from that document."""
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access

STATUSES = [
    ('arrived', "Arrived"),
    ('registered', "Registered"),
    ('assigned', "Assigned"),
    ('in_progress', "In Progress"),
    ('completed', "Completed"),
    ('returned', "Returned"),
    ]
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
    }


class Dispatch(ModelSQL, ModelView):
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
        fields.Selection(STATUSES, "Status"), 'get_status_fields')
    reason = fields.Function(fields.Text("Reason"), 'get_status_fields')
    replies = fields.Function(fields.Many2Many(
            'qlvb.outgoing', None, None, "Replies"), 'get_status_fields')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('outgoing')

    @classmethod
    def get_status_fields(cls, dispatches, names):
        "Read the recipient's document, which the sender may not access"
        Outgoing = Pool().get('qlvb.outgoing')
        result = {n: {} for n in names}
        with without_check_access():
            for dispatch in cls.browse(dispatches):
                incoming = dispatch.incoming
                if 'status' in names:
                    result['status'][dispatch.id] = (
                        STATUS_OF_STATE[incoming.state] if incoming else None)
                if 'reason' in names:
                    result['reason'][dispatch.id] = (
                        incoming.state_reason if incoming and (
                            incoming.state in {'rejected', 'cancelled'})
                        else None)
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
        Agency = pool.get('qlvb.agency')
        sender = Agency.for_company(outgoing.company.id)
        dispatches = []
        for agency in outgoing.internal_recipients:
            incoming = Incoming(
                company=agency.company, medium='electronic',
                arrival_date=pool.get('ir.date').today(),
                issuer=sender, reference=outgoing.reference,
                issue_date=outgoing.issue_date,
                document_type=outgoing.document_type,
                subject=outgoing.subject,
                signer_name=outgoing.signer.name if outgoing.signer else None,
                signer_position=' '.join(filter(None, [
                            outgoing.signer_authority,
                            outgoing.signer_title])) or None,
                urgency=outgoing.urgency,
                confidentiality=outgoing.confidentiality,
                main_file=outgoing.signed_file,
                main_filename=outgoing.signed_filename,
                signature_state=outgoing.signature_state,
                signature_details=outgoing.signature_details)
            incoming.register = Incoming.general_register(agency.company)
            dispatches.append(cls(outgoing=outgoing, agency=agency,
                    incoming=incoming))
        Incoming.save([d.incoming for d in dispatches])
        cls.save(dispatches)
        return dispatches
