"""Incoming documents (văn bản đến), Decree 30/2020 Articles 20-24:
receive → register → submit and route → handle, track and urge."""
from sql import Null
from sql.aggregate import Max

from trytond.i18n import gettext
from trytond.model import (
    ChatMixin, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.document import DocumentMixin
from trytond.modules.qlvb_signature.signature import VerifiedMixin
from trytond.modules.qlvb.timeliness import (
    CLASSES, SEVERITY, severity_case, timeliness_case, timeliness_window)

from .exceptions import DuplicateWarning, IncomingError, ReasonError

STATES = [
    ('received', "Received"),
    ('registered', "Registered"),
    ('submitted', "Submitted for Direction"),
    ('returned', "Returned to the Clerk"),
    ('directed', "Directed"),
    ('in_progress', "In Progress"),
    ('completed', "Completed"),
    ('rejected', "Rejected"),
    ('cancelled', "Cancelled"),
    ('recalled', "Recalled by the Issuer"),
    ]
# States in which the metadata is frozen (changed only by logged actions).
FROZEN = ['registered', 'submitted', 'returned', 'directed', 'in_progress',
    'completed', 'rejected', 'cancelled', 'recalled']
SYSTEM_FIELDS = {'state', 'state_reason', 'arrival_number', 'registered_by',
    'replaced_by',
    'signature_state', 'signature_details',
    'directing_leader', 'direction', 'directed_by', 'directed_on_behalf_of',
    'directed_at', 'processing_file', 'assignments', 'trail'}

_RO = {'readonly': Eval('state') != 'received'}


class Incoming(ExportAccessMixin, DocumentMixin, VerifiedMixin, ChatMixin,
        Workflow, ModelSQL, ModelView):
    __name__ = 'qlvb.incoming'
    __string__ = "Incoming Document"
    _rec_name = 'subject'
    _system_fields = SYSTEM_FIELDS
    _system_fields_message = 'qlvb_incoming.msg_incoming_system_fields'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_RO)
    register = fields.Many2One(
        'qlvb.incoming.register', "Register", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('state') != 'received',
            'required': Eval('state') != 'received',
            })
    arrival_number = fields.Integer(
        "Arrival Number", readonly=True,
        help="Consecutive per register and calendar year, given at "
        "registration.")
    arrival_date = fields.Date("Arrival Date", required=True, states=_RO)
    medium = fields.Selection([
            ('paper', "Paper"),
            ('electronic', "Electronic"),
            ], "Medium", required=True, states=_RO)

    issuer = fields.Many2One(
        'qlvb.agency', "Issuing Agency", ondelete='RESTRICT', states=_RO)
    reference = fields.Char(
        "Number and Symbol", states=_RO,
        help="As written by the issuer, e.g. 15/QĐ-UBND.")
    issue_date = fields.Date("Issue Date", states=_RO)
    document_type = fields.Many2One(
        'qlvb.document.type', "Document Type", ondelete='RESTRICT',
        states=_RO)
    subject = fields.Text("Subject", required=True, states=_RO)
    signer_name = fields.Char("Signer", states=_RO)
    signer_position = fields.Char("Signer's Position", states=_RO)
    page_count = fields.Integer(
        "Pages", states=_RO,
        domain=[If(Bool(Eval('page_count')),
                ('page_count', '>', 0), ())])
    language = fields.Char("Language", states=_RO)
    urgency = fields.Many2One(
        'qlvb.urgency', "Urgency", ondelete='RESTRICT', states=_RO)
    urgent = fields.Function(fields.Boolean("Urgent"), 'get_urgent')
    confidentiality = fields.Many2One(
        'qlvb.confidentiality', "Confidentiality", ondelete='RESTRICT',
        states=_RO)
    recipients = fields.Char("Recipients", states=_RO)
    due_date = fields.Date(
        "Due Date", states=_RO,
        help="The deadline set by the document itself, if any.")
    description = fields.Text("Description", states=_RO)
    main_file = fields.Binary(
        "Main File", filename='main_filename', file_id='main_file_id',
        states=_RO)
    main_filename = fields.Char("Main File Name", states=_RO)
    main_file_id = fields.Char("Main File ID", readonly=True)

    state = fields.Selection(STATES, "State", readonly=True, required=True,
        sort=False)
    state_string = state.translated('state')
    state_reason = fields.Text(
        "Reason", readonly=True,
        states={'invisible': ~Eval('state').in_(
                ['returned', 'rejected', 'cancelled', 'recalled'])},
        help="Why the document was returned, rejected, cancelled or "
        "recalled.")
    replaced_by = fields.Many2One(
        'qlvb.incoming', "Replaced By", readonly=True, ondelete='RESTRICT',
        states={'invisible': ~Eval('replaced_by')},
        help="The document the issuer sent to replace this one.")
    registered_by = fields.Many2One('res.user', "Registered By",
        readonly=True)
    directing_leader = fields.Many2One(
        'res.user', "Directing Leader", readonly=True,
        help="The leader to whom the document is submitted for direction.")
    direction = fields.Text(
        "Leader's Direction", readonly=True,
        help="The direction (bút phê) written by the leader.")
    directed_by = fields.Many2One('res.user', "Directed By", readonly=True)
    directed_on_behalf_of = fields.Many2One(
        'res.user', "Directed on Behalf Of", readonly=True)
    directed_at = fields.DateTime("Directed At", readonly=True)
    processing_file = fields.Many2One(
        'qlvb.processing.file', "Processing File", readonly=True,
        ondelete='RESTRICT')
    assignments = fields.One2Many(
        'qlvb.incoming.assignment', 'incoming', "Assignments", readonly=True)
    trail = fields.One2Many(
        'qlvb.incoming.circulation', 'incoming', "Circulation Trail",
        readonly=True)
    timeliness = fields.Function(
        fields.Selection([(None, "")] + CLASSES, "Timeliness",
            help="The worst of the lead unit assignments."),
        'get_timeliness', searcher='search_timeliness')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.register, Index.Equality()),
                    (t.arrival_number, Index.Range())),
                Index(t, (t.arrival_date, Index.Range())),
                })
        cls._sql_indexes.update(cls.search_indexes(t))
        cls._order = [
            ('urgency', 'DESC NULLS LAST'),
            ('arrival_date', 'DESC NULLS FIRST'),
            ('arrival_number', 'DESC NULLS FIRST'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('received', 'registered'),
            ('received', 'rejected'),
            ('registered', 'submitted'),
            ('returned', 'submitted'),
            ('submitted', 'returned'),
            ('registered', 'directed'),
            ('submitted', 'directed'),
            ('returned', 'directed'),
            ('directed', 'in_progress'),
            ('directed', 'completed'),
            ('in_progress', 'completed'),
            ('registered', 'cancelled'),
            ('submitted', 'cancelled'),
            ('returned', 'cancelled'),
            }
        # The issuer's recall or replacement freezes it in any state
        # (dispatch.apply_change).
        cls._transitions |= {(s, 'recalled') for s, _ in STATES
            if s != 'recalled'}
        cls._buttons.update({
                'register_arrival': {
                    'invisible': Eval('state') != 'received',
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': Eval('state') != 'received',
                    'depends': ['state'],
                    },
                'submit': {
                    'invisible': ~Eval('state').in_(
                        ['registered', 'returned']),
                    'depends': ['state'],
                    },
                'return_to_clerk': {
                    'invisible': Eval('state') != 'submitted',
                    'depends': ['state'],
                    },
                'direct': {
                    'invisible': ~Eval('state').in_(
                        ['registered', 'submitted', 'returned']),
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['registered', 'submitted', 'returned']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'received'

    @classmethod
    def default_medium(cls):
        return 'paper'

    @classmethod
    def default_language(cls):
        return 'vi'

    @classmethod
    def default_arrival_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_register(cls):
        register = cls.general_register(cls.default_company())
        return register.id if register else None

    @classmethod
    def general_register(cls, company):
        "The general (not secret) incoming register of a company"
        Register = Pool().get('qlvb.incoming.register')
        registers = Register.search([
                ('company', '=', company), ('secret', '=', False)], limit=1)
        return registers[0] if registers else None

    def chat_language(self, audience='internal'):
        return 'vi'

    def get_urgent(self, name):
        return bool(self.urgency and self.urgency.urgent)

    def get_rec_name(self, name):
        parts = []
        if self.arrival_number:
            parts.append(str(self.arrival_number))
        if self.reference:
            parts.append(self.reference)
        parts.append(self.short_subject)
        return ' - '.join(p for p in parts if p)

    # --- validation ---------------------------------------------------

    @classmethod
    def validate_fields(cls, incomings, field_names):
        super().validate_fields(incomings, field_names)
        if field_names & {'issue_date', 'arrival_date'}:
            for incoming in incomings:
                if (incoming.issue_date and incoming.arrival_date
                        and incoming.issue_date > incoming.arrival_date):
                    raise IncomingError(gettext(
                            'qlvb_incoming.msg_issue_after_arrival',
                            issue_date=incoming.issue_date,
                            arrival_date=incoming.arrival_date))

    @classmethod
    def check_modification(cls, mode, incomings, values=None,
            external=False):
        super().check_modification(
            mode, incomings, values=values, external=external)
        if mode == 'delete':
            for incoming in incomings:
                if incoming.state != 'received':
                    raise AccessError(gettext(
                            'qlvb_incoming.msg_incoming_delete_registered',
                            document=incoming.rec_name))
        elif mode == 'write' and external:
            for incoming in incomings:
                if incoming.state in FROZEN:
                    raise AccessError(gettext(
                            'qlvb_incoming.msg_incoming_frozen',
                            document=incoming.rec_name))

    def _missing_for_registration(self):
        return [name for name in ['register', 'issuer', 'reference',
                'issue_date', 'document_type', 'subject', 'arrival_date']
            if not getattr(self, name)]

    def _check_duplicate(self):
        "Warn (never block) when the same document was already received"
        pool = Pool()
        Warning = pool.get('res.user.warning')
        duplicates = self.search([
                ('id', '!=', self.id),
                ('company', '=', self.company.id),
                ('issuer', '=', self.issuer.id),
                ('reference', '=', self.reference),
                ('issue_date', '=', self.issue_date),
                ('state', 'not in', ['rejected', 'cancelled']),
                ], limit=1)
        if duplicates:
            key = Warning.format('qlvb_incoming_duplicate', [self])
            if Warning.check(key):
                raise DuplicateWarning(key, gettext(
                        'qlvb_incoming.msg_incoming_duplicate',
                        reference=self.reference,
                        issuer=self.issuer.rec_name,
                        other=duplicates[0].rec_name,
                        number=duplicates[0].arrival_number or '-'))

    # --- workflow -----------------------------------------------------

    @classmethod
    @ModelView.button
    def register_arrival(cls, incomings):
        "Register: give the arrival number of the register for the year"
        user = Transaction().user
        for incoming in sorted(incomings, key=lambda i: i.id):
            if incoming.state != 'received':
                raise IncomingError(gettext(
                        'qlvb_incoming.msg_incoming_wrong_state',
                        document=incoming.rec_name,
                        state=incoming.state_string))
            missing = incoming._missing_for_registration()
            if missing:
                raise IncomingError(gettext(
                        'qlvb_incoming.msg_registration_missing',
                        fields=', '.join(
                            cls._fields[f].string for f in missing)))
            incoming._check_duplicate()
        with without_check_access():
            for incoming in sorted(incomings, key=lambda i: i.id):
                incoming.arrival_number = (
                    incoming.register.next_number(
                        incoming.arrival_date))
                incoming.registered_by = user
                # Verify the signatures of the received PDF (Decree 30,
                # Art. 20: authenticity and integrity before handling).
                for key, value in incoming.verification_values(
                        incoming.main_file).items():
                    setattr(incoming, key, value)
            cls.save(incomings)
            cls._to_registered(incomings)

    @classmethod
    @Workflow.transition('registered')
    def _to_registered(cls, incomings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_incoming_reason_reject')
    def reject(cls, incomings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_incoming_submit')
    def submit(cls, incomings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_incoming_reason_return')
    def return_to_clerk(cls, incomings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_incoming_direct')
    def direct(cls, incomings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_incoming_reason_cancel')
    def cancel(cls, incomings):
        pass

    @classmethod
    def apply_reason(cls, incomings, state, reason):
        "Return, reject or cancel with the mandatory reason"
        if not (reason or '').strip():
            raise ReasonError(gettext('qlvb_incoming.msg_reason_required'))
        allowed = {s for s, t in cls._transitions if t == state}
        for incoming in incomings:
            if incoming.state not in allowed:
                raise IncomingError(gettext(
                        'qlvb_incoming.msg_incoming_wrong_state',
                        document=incoming.rec_name,
                        state=incoming.state_string))
        with without_check_access():
            cls.write(incomings, {'state_reason': reason.strip()})
            getattr(cls, '_to_' + state)(incomings)
        if state == 'returned':
            Step = Pool().get('qlvb.incoming.circulation')
            Step.log(incomings, 'return', to_users=[
                    i.registered_by for i in incomings], note=reason)

    @classmethod
    @Workflow.transition('returned')
    def _to_returned(cls, incomings):
        pass

    @classmethod
    @Workflow.transition('rejected')
    def _to_rejected(cls, incomings):
        pass

    @classmethod
    @Workflow.transition('cancelled')
    def _to_cancelled(cls, incomings):
        pass

    @classmethod
    @Workflow.transition('submitted')
    def _to_submitted(cls, incomings):
        pass

    @classmethod
    @Workflow.transition('recalled')
    def _to_recalled(cls, incomings):
        pass

    @classmethod
    @Workflow.transition('directed')
    def _to_directed(cls, incomings):
        pass

    @classmethod
    @Workflow.transition('in_progress')
    def _to_in_progress(cls, incomings):
        pass

    @classmethod
    @Workflow.transition('completed')
    def _to_completed(cls, incomings):
        pass

    @classmethod
    def update_progress(cls, incomings):
        """Move documents along with their assignments: in progress once a
        duty started, completed when every lead unit assignment is done."""
        in_progress, completed = [], []
        for incoming in incomings:
            if incoming.state not in {'directed', 'in_progress'}:
                continue
            roots = [a for a in incoming.assignments
                if not a.parent and a.state != 'cancelled']
            leads = [a for a in roots if a.role == 'lead']
            if leads and all(a.state == 'done' for a in leads):
                completed.append(incoming)
            elif incoming.state == 'directed' and any(
                    a.state != 'assigned' for a in incoming.assignments):
                in_progress.append(incoming)
        if in_progress:
            cls._to_in_progress(in_progress)
        if completed:
            cls._to_completed(completed)

    # --- timeliness of the document: the worst of its lead assignments --

    @classmethod
    def _worst_lead_severity(cls):
        "Return (table, SQL of the worst severity, condition) per document"
        Assignment = Pool().get('qlvb.incoming.assignment')
        today, until = timeliness_window()
        a = Assignment.__table__()
        severity = Max(severity_case(timeliness_case(
                    a.deadline, a.completion_date, today, until)))
        condition = ((a.role == 'lead') & (a.parent == Null)
            & (a.state != 'cancelled'))
        return a, severity, condition

    @classmethod
    def get_timeliness(cls, incomings, name):
        cursor = Transaction().connection.cursor()
        by_severity = {v: k for k, v in SEVERITY.items()}
        result = {i.id: None for i in incomings}
        a, severity, condition = cls._worst_lead_severity()
        for sub in grouped_slice([i.id for i in incomings]):
            cursor.execute(*a.select(a.incoming, severity,
                    where=condition & reduce_ids(a.incoming, sub),
                    group_by=[a.incoming]))
            for incoming, worst in cursor:
                result[incoming] = by_severity[worst]
        return result

    @classmethod
    def search_timeliness(cls, name, clause):
        _, operator, value = clause[:3]
        values = [value] if isinstance(value, str) else list(value or [])
        if operator not in {'=', 'in'}:
            return [('id', '=', -1)]
        a, severity, condition = cls._worst_lead_severity()
        severities = [SEVERITY[v] for v in values if v in SEVERITY]
        return [('id', 'in', a.select(a.incoming, where=condition,
                    group_by=[a.incoming],
                    having=severity.in_(severities or [-1])))]

