"""Incoming documents (văn bản đến), Decree 30/2020 Articles 20-24:
receive → register → submit and route → handle, track and urge."""
import datetime as dt

from sql import Null
from sql.aggregate import Max, Min
from trytond.i18n import gettext
from trytond.model import (
    ChatMixin, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.tools import grouped_slice, reduce_ids
from trytond.tools import timezone as tz
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.document import DocumentMixin
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.organisation import served_leaders, users_for
from trytond.modules.qlvb.timeliness import (
    CLASSES, SEVERITY, days_left, days_left_field, overdue_rows, severity_case, timeliness_case,
    timeliness_window)
from trytond.modules.qlvb.workflow import from_states
from trytond.modules.qlvb_signature.signature import (
    DOUBTFUL, VerifiedMixin)

from .assignment import VOID_STATES
from .exceptions import (
    DirectionError, DuplicateWarning, IncomingError, ReasonError,
    SignatureWarning)


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
    'signature_state', 'signature_details', 'signature_warning',
    'directing_leader', 'direction', 'directed_by', 'directed_on_behalf_of',
    'directed_at', 'processing_file', 'assignments', 'trail'}

_RO = {'readonly': Eval('state') != 'received'}
# What registration needs: the columns of the register.
REGISTRATION_FIELDS = ['register', 'issuer', 'reference', 'issue_date',
    'document_type', 'subject', 'arrival_date']
# The clerk's entry actions (context qlvb_clerk_entry) ask for all of them
# before saving: the web client saves a record before it runs a button, so
# a registration refused for a missing field would leave a half record.
# Documents created by the system (dispatch, exchange) may lack some.
CLERK_ENTRY = Bool(Eval('context', {}).get('qlvb_clerk_entry', False))
_ENTRY = {
    'readonly': Eval('state') != 'received',
    'required': (Eval('state') == 'received') & CLERK_ENTRY,
    }


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
            'required': (Eval('state') != 'received') | CLERK_ENTRY,
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
        'qlvb.agency', "Issuing Agency", ondelete='RESTRICT',
        states=_ENTRY)
    reference = fields.Char(
        "Number and Symbol", states=_ENTRY,
        help="As written by the issuer, e.g. 15/QĐ-UBND.")
    issue_date = fields.Date("Issue Date", states=_ENTRY)
    document_type = fields.Many2One(
        'qlvb.document.type', "Document Type", ondelete='RESTRICT',
        states=_ENTRY)
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

    signature_warning = fields.Text("Signature Warning", readonly=True,
        states={'invisible': ~Eval('signature_warning')},
        help="The warning on the signatures the clerk accepted at "
        "registration.")

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
    waiting_for_me = fields.Function(fields.Boolean("Waiting for Me",
            help="Submitted to the user, to a leader the user serves as an "
            "assistant, or to a leader whose power to direct the user holds "
            "by a delegation in force today."),
        'get_waiting_for_me', searcher='search_waiting_for_me')
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
    deadline = fields.Function(
        fields.Date("Deadline",
            help="The earliest deadline of the lead units still at work, "
            "or the document's own due date."),
        'get_deadline')
    days_left = days_left_field()

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
            # A leader passes a submitted document on to another leader.
            ('submitted', 'submitted'),
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

    @classmethod
    def copy(cls, incomings, default=None):
        "A copy is a new document to register: no workflow data"
        default = default.copy() if default is not None else {}
        default.setdefault('state', 'received')
        for name in SYSTEM_FIELDS - {'state'}:
            default.setdefault(name, None)
        return super().copy(incomings, default=default)

    def get_rec_name(self, name):
        parts = []
        if self.arrival_number:
            parts.append(str(self.arrival_number))
        if self.reference:
            parts.append(self.reference)
        parts.append(self.short_subject)
        return ' - '.join(p for p in parts if p)

    @classmethod
    def _directing_for(cls):
        "Ids of the leaders whose documents the user directs today"
        Delegation = Pool().get('qlvb.delegation')
        user = Transaction().user
        return ({user} | served_leaders(user)
            | Delegation.leaders_for('direct'))

    @classmethod
    def get_waiting_for_me(cls, incomings, name):
        leaders = cls._directing_for()
        return {i.id: bool(i.directing_leader
                and i.directing_leader.id in leaders) for i in incomings}

    @classmethod
    def search_waiting_for_me(cls, name, clause):
        _, operator, value = clause[:3]
        leaders = sorted(cls._directing_for())
        if (operator == '=') == bool(value):
            return [('directing_leader', 'in', leaders)]
        return ['OR', ('directing_leader', '=', None),
            ('directing_leader', 'not in', leaders)]

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
        if (external and mode == 'write'
                and set(values or ()) == {'processing_file'}):
            # Attaching a document to a processing file (the file's form)
            # is an act on the file, not a change of the document.
            File = Pool().get('qlvb.processing.file')
            File.check_attach(incomings, values['processing_file'])
            external = False
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
        return [name for name in REGISTRATION_FIELDS
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

    def _signatures_expected(self):
        "An electronic document is expected to be signed"
        return self.medium == 'electronic'

    def _verify_signatures(self):
        """Verify the signatures of the received PDF (Decree 30, Art. 20:
        authenticity and integrity before handling); an electronic document
        unsigned, damaged, modified, untrusted or without the required
        organisation's signature is registered only once the clerk has
        accepted the warning, which stays on the document"""
        pool = Pool()
        Warning = pool.get('res.user.warning')
        Lang = pool.get('ir.lang')
        required = bool(
            (self.document_type and self.document_type.organisation_signature)
            or (self.register and self.register.organisation_signature))
        for key, value in self.verification_values(
                self.main_file, organisation_required=required).items():
            setattr(self, key, value)
        self.signature_warning = None
        if (not self._signatures_expected()
                or self.signature_state not in DOUBTFUL):
            return
        state = dict(self.fields_get(['signature_state'])[
                'signature_state']['selection'])[self.signature_state]
        warning = gettext('qlvb_incoming.msg_incoming_signature_warning',
            document=self.rec_name, state=state)
        key = Warning.format('qlvb_incoming_signature', [self])
        if Warning.check(key):
            raise SignatureWarning(key, warning)
        user = Pool().get('res.user')(Transaction().user)
        self.signature_warning = gettext(
            'qlvb_incoming.msg_incoming_signature_accepted',
            warning=warning, user=user.rec_name,
            date=Lang.get().strftime(dt.datetime.now(tz.ZoneInfo(
                        self.company.timezone or 'Asia/Ho_Chi_Minh')),
                '%d/%m/%Y %H:%M'))

    # --- workflow -----------------------------------------------------

    @classmethod
    @ModelView.button
    @from_states('received')
    @Workflow.transition('registered')
    def register_arrival(cls, incomings):
        "Register: give the arrival number of the register for the year"
        user = Transaction().user
        for incoming in sorted(incomings, key=lambda i: i.id):
            missing = incoming._missing_for_registration()
            if missing:
                # The labels the user reads on the form, in his language;
                # "; " as a label may hold a comma ("Số, ký hiệu").
                labels = cls.fields_get(missing)
                raise IncomingError(gettext(
                        'qlvb_incoming.msg_registration_missing',
                        fields='; '.join(
                            labels[f]['string'] for f in missing)))
            incoming._check_duplicate()
            incoming._verify_signatures()
        for incoming in sorted(incomings, key=lambda i: i.id):
            incoming.arrival_number = (
                incoming.register.next_number(incoming.arrival_date))
            incoming.registered_by = user
        cls.save(incomings)

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
    @from_states('registered', 'submitted', 'returned')
    @Workflow.transition('submitted')
    def submit_to_leader(cls, incomings, leader, note=None, kind='submit',
            on_behalf_of=None, delegation=None):
        """Submit to the leader who directs the handling (kind 'submit'), or
        pass a document on to another leader (kind 'pass')"""
        Step = Pool().get('qlvb.incoming.circulation')
        cls.write(incomings, {'directing_leader': leader.id})
        Step.log(incomings, kind, to_users=[leader], note=note,
            on_behalf_of=on_behalf_of, delegation=delegation)
        for incoming in incomings:
            cls.notify_user([incoming], 'tryton-notification',
                gettext('qlvb_incoming.msg_notify_submitted'),
                incoming.rec_name, user=leader.id)

    @classmethod
    @from_states('registered', 'submitted', 'returned')
    @Workflow.transition('directed')
    def assign_handling(cls, incomings, lines, note=None, on_behalf_of=None,
            delegation=None):
        """The leader's direction assigns the handling: the assignments of
        lines ({role, department, employee, deadline, note}) are created,
        logged on the trail and notified"""
        pool = Pool()
        Assignment = pool.get('qlvb.incoming.assignment')
        File = pool.get('qlvb.processing.file')
        Step = pool.get('qlvb.incoming.circulation')
        if not any(l['role'] == 'lead' for l in lines):
            raise DirectionError(gettext(
                    'qlvb_incoming.msg_direction_no_lead'))
        for line in lines:
            if not (line.get('department') or line.get('employee')):
                raise DirectionError(gettext(
                        'qlvb_incoming.msg_assignment_no_assignee'))
        user = Transaction().user
        now = dt.datetime.now()
        for incoming in incomings:
            incoming.directed_by = user
            incoming.directed_on_behalf_of = on_behalf_of
            incoming.directed_at = now
            incoming.processing_file = File.for_incoming(incoming)
        cls.save(incomings)
        assignments = Assignment.create([{
                    'incoming': incoming.id,
                    'role': l['role'],
                    'department': l['department'].id
                    if l.get('department') else None,
                    'employee': l['employee'].id if l.get('employee')
                    else None,
                    'deadline': l.get('deadline'),
                    'note': l.get('note'),
                    'giver': on_behalf_of.id if on_behalf_of else user,
                    'assigned_by': user,
                    'assigned_at': now,
                    } for incoming in incomings for l in lines])
        for assignment in assignments:
            users = users_for([assignment.employee], [assignment.department])
            Step.log([assignment.incoming], 'assign',
                to_departments=[assignment.department]
                if not assignment.employee else [],
                to_users=[] if not assignment.employee else users[:1],
                note=assignment.note or note, on_behalf_of=on_behalf_of,
                delegation=delegation)
            for target in users:
                Assignment.notify_user([assignment], 'tryton-notification',
                    gettext('qlvb_incoming.msg_notify_assigned',
                        role=assignment.role_string),
                    assignment.incoming.rec_name, user=target.id)
        return assignments

    @classmethod
    def _write_reason(cls, incomings, reason):
        "The mandatory reason of a return, rejection or cancellation"
        if not (reason or '').strip():
            raise ReasonError(gettext('qlvb_incoming.msg_reason_required'))
        with without_check_access():
            cls.write(incomings, {'state_reason': reason.strip()})

    @classmethod
    @from_states('submitted')
    @Workflow.transition('returned')
    def do_return(cls, incomings, reason):
        "Return to the clerk who registered the document"
        Step = Pool().get('qlvb.incoming.circulation')
        cls._write_reason(incomings, reason)
        Step.log(incomings, 'return', to_users=[
                i.registered_by for i in incomings], note=reason)

    @classmethod
    @from_states('received')
    @Workflow.transition('rejected')
    def do_reject(cls, incomings, reason):
        "Reject a document sent to the wrong agency or invalid"
        cls._write_reason(incomings, reason)

    @classmethod
    @from_states('registered', 'submitted', 'returned')
    @Workflow.transition('cancelled')
    def do_cancel(cls, incomings, reason):
        "Cancel a registration; its arrival number stays in the register"
        cls._write_reason(incomings, reason)

    @classmethod
    @Workflow.transition('recalled')
    def recall(cls, incomings):
        """Frozen by the issuer's recall or replacement, in any state
        (qlvb_outgoing dispatch.apply_change)"""
        pass

    @classmethod
    @Workflow.transition('in_progress')
    def proceed(cls, incomings):
        "A duty of the document started"
        pass

    @classmethod
    @Workflow.transition('completed')
    def complete(cls, incomings):
        "Every lead unit assignment of the document is done"
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
                if not a.parent and a.state not in VOID_STATES]
            leads = [a for a in roots if a.role == 'lead']
            if leads and all(a.state == 'done' for a in leads):
                completed.append(incoming)
            elif incoming.state == 'directed' and any(
                    a.state not in {'assigned', *VOID_STATES}
                    for a in incoming.assignments):
                in_progress.append(incoming)
        if in_progress:
            cls.proceed(in_progress)
        if completed:
            cls.complete(completed)

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
            & ~a.state.in_(VOID_STATES))
        return a, severity, condition

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [overdue_rows()]

    @classmethod
    def get_deadline(cls, incomings, name):
        "The earliest deadline of the open lead assignments, else due date"
        cursor = Transaction().connection.cursor()
        result = {i.id: i.due_date for i in incomings}
        a, _, condition = cls._worst_lead_severity()
        condition &= (a.completion_date == Null) & (a.deadline != Null)
        for sub in grouped_slice([i.id for i in incomings]):
            cursor.execute(*a.select(a.incoming, Min(a.deadline),
                    where=condition & reduce_ids(a.incoming, sub),
                    group_by=[a.incoming]))
            result.update(cursor)
        return result

    def get_days_left(self, name):
        if self.state in {'completed', 'cancelled', 'rejected', 'recalled'}:
            return None
        return days_left(self.deadline)

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

