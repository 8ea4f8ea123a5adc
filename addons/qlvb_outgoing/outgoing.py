"""Outgoing documents (văn bản đi), Decree 30/2020 Articles 10-19:
draft → content review → format check → approval by the signer → number,
symbol and date given by the clerk in the register of the series."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.document import PDF_MAGIC, DocumentMixin
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.picker import officials
from trytond.modules.qlvb.workflow import check_state, from_states
from trytond.modules.qlvb_signature import signing
from trytond.modules.qlvb_signature.signature import VerifiedMixin, signing_error

from .exceptions import OutgoingError
from .outgoing_template import render_pdf
from .outgoing_version import VERSIONED

STATES = [
    ('draft', "Draft"),
    ('review', "Content Review"),
    ('format_check', "Format Check"),
    ('approval', "Waiting for Approval"),
    ('approved', "Approved"),
    ('signed', "Signed by the Signer"),
    ('numbered', "Numbered"),
    ('sealed', "Signed by the Organisation"),
    ('issued', "Issued"),
    ('recalled', "Recalled"),
    ('replaced', "Replaced"),
    ('cancelled', "Cancelled"),
    ]
AUTHORITIES = [
    (None, ""),
    ('TM.', "TM. (on behalf of the collective)"),
    ('KT.', "KT. (deputy signing for the head)"),
    ('TL.', "TL. (by order)"),
    ('TUQ.', "TUQ. (by authorisation)"),
    ('Q.', "Q. (acting)"),
    ]
SIGNATURE_MODES = [
    ('digital', "Digital Signature"),
    ('manual', "Hand-signed on Paper"),
    ]
# The content the signer approves: changing it after approval sends the
# document back to the signer.
CONTENT = {'subject', 'content', 'document_type', 'main_file', 'signer',
    'issuer',
    'signer_authority', 'signer_title', 'signer_for', 'confidentiality',
    'urgency', 'internal_recipients', 'external_recipients',
    'recipient_departments', 'signature_mode'}
SYSTEM_FIELDS = {'state', 'number', 'number_year', 'symbol',
    'reference', 'numbered_by', 'approved_by', 'signed_file',
    'signature_state', 'signature_details', 'dispatches', 'change_reason',
    'change_date', 'changed_by'}
DRAFTING = {'draft', 'review', 'format_check', 'approval', 'approved'}
_DRAFT = {'readonly': ~Eval('state').in_(['draft', 'review', 'format_check',
            'approval', 'approved'])}
# The recipients can still be completed by the clerk until the document is
# issued (an issue without recipients is refused).
_TO_ISSUE = {'readonly': ~Eval('state').in_(['draft', 'review',
            'format_check', 'approval', 'approved', 'signed', 'numbered',
            'sealed'])}


class Outgoing(ExportAccessMixin, DocumentMixin, VerifiedMixin, Workflow,
        ModelSQL, ModelView):
    __name__ = 'qlvb.outgoing'
    __string__ = "Outgoing Document"
    _rec_name = 'subject'
    _system_fields = SYSTEM_FIELDS
    _system_fields_message = 'qlvb_outgoing.msg_outgoing_system_fields'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'draft'})
    drafter = fields.Many2One(
        'res.user', "Drafter", required=True, ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'draft'})
    drafting_department = fields.Many2One(
        'qlvb.department', "Drafting Department", required=True,
        ondelete='RESTRICT', states={'readonly': Eval('state') != 'draft'},
        domain=[('agency.company', '=', Eval('company', -1))])
    document_type = fields.Many2One(
        'qlvb.document.type', "Document Type", required=True,
        ondelete='RESTRICT', states=_DRAFT)
    subject = fields.Text("Subject", required=True, states=_DRAFT)
    content = fields.Text("Content", states=_DRAFT)
    urgency = fields.Many2One(
        'qlvb.urgency', "Urgency", ondelete='RESTRICT', states=_DRAFT)
    confidentiality = fields.Many2One(
        'qlvb.confidentiality', "Confidentiality", ondelete='RESTRICT',
        states=_DRAFT)
    signer = fields.Many2One(
        'res.user', "Signer", ondelete='RESTRICT', states=_DRAFT,
        domain=[officials('signer')])
    issuer = fields.Many2One(
        'qlvb.agency', "Issuing Authority", ondelete='RESTRICT',
        domain=[('internal', '=', True)], states=_DRAFT,
        help="The agency in whose name the document is issued (e.g. the "
        "Provincial People's Committee when its Chairman signs, not its "
        "Office): its register numbers the document and its name heads "
        "it. Defaults to the agency of the signer's post.")
    signer_authority = fields.Selection(
        AUTHORITIES, "Signing Authority", states=_DRAFT,
        help="TM., KT., TL., TUQ. or Q. before the signer's title.")
    signer_title = fields.Char(
        "Signer's Title", states=_DRAFT, help="E.g. Chủ tịch, Giám đốc.")
    signature_mode = fields.Selection(SIGNATURE_MODES, "Signature Mode",
        required=True, states=_DRAFT,
        help="Chosen before signing. A document hand-signed on paper is "
        "numbered by the clerk, who then records the scan of the signed "
        "and sealed paper as its file; it is issued without digital "
        "signatures.")
    signer_for = fields.Char("Signing For", states=_DRAFT,
        help="Who the authority signs for, printed after TM./KT./TL./TUQ. "
        "(e.g. Ủy ban nhân dân, Chủ tịch); guessed from the agency and the "
        "title when empty.")
    internal_recipients = fields.Many2Many(
        'qlvb.outgoing-internal.agency', 'outgoing', 'agency',
        "Agencies in the System", states=_TO_ISSUE,
        domain=[('internal', '=', True)])
    external_recipients = fields.Many2Many(
        'qlvb.outgoing-external.agency', 'outgoing', 'agency',
        "Agencies outside the System", states=_TO_ISSUE,
        domain=[('internal', '=', False)])
    recipient_departments = fields.Many2Many(
        'qlvb.outgoing-qlvb.department', 'outgoing', 'department',
        "Departments", states=_TO_ISSUE,
        domain=[('agency.company', '=', Eval('company', -1))])
    reply_to = fields.Many2Many(
        'qlvb.outgoing-qlvb.incoming', 'outgoing', 'incoming',
        "Reply To", domain=[('company', '=', Eval('company', -1))],
        states={'readonly': Eval('state') != 'draft'},
        help="The incoming documents this document answers.")
    main_file = fields.Binary(
        "Main File", filename='main_filename', file_id='main_file_id',
        states=_DRAFT)
    main_filename = fields.Char("Main File Name", states=_DRAFT)
    main_file_id = fields.Char("Main File ID", readonly=True)

    signed_file = fields.Binary(
        "Signed File", filename='signed_filename',
        file_id='signed_file_id', readonly=True,
        help="The PDF with the signer's and the organisation's signatures.")
    signed_filename = fields.Function(
        fields.Char("Signed File Name"), 'get_signed_filename')
    signed_file_id = fields.Char("Signed File ID", readonly=True)

    dispatches = fields.One2Many('qlvb.outgoing.dispatch', 'outgoing',
        "Dispatches", readonly=True)
    comment_requests = fields.One2Many('qlvb.outgoing.comment', 'outgoing',
        "Requests for Comments",
        states={'readonly': ~Eval('state').in_(['draft', 'review'])})
    state = fields.Selection(STATES, "State", readonly=True, required=True,
        sort=False)
    state_string = state.translated('state')
    approved_by = fields.Many2One('res.user', "Approved By", readonly=True)
    waiting_for_my_approval = fields.Function(fields.Boolean(
            "Waiting for My Approval",
            help="Its signer is the user, or a leader whose power to "
            "approve the user holds by a delegation in force today."),
        'get_waiting_for_my_approval',
        searcher='search_waiting_for_my_approval')
    register = fields.Many2One(
        'qlvb.outgoing.register', "Register", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=_DRAFT,
        help="The numbering series; chosen from the type and the "
        "confidentiality when left empty.")
    number = fields.Integer("Number", readonly=True)
    number_year = fields.Integer("Numbering Year", readonly=True)
    symbol = fields.Char("Symbol", readonly=True)
    reference = fields.Char(
        "Number and Symbol", readonly=True, help="E.g. 05/QĐ-UBND.")
    issue_date = fields.Date(
        "Issue Date", states={'readonly': Eval('state') == 'numbered'},
        help="Defaults to the signing date.")
    numbered_by = fields.Many2One('res.user', "Numbered By", readonly=True)

    replaces = fields.Many2One('qlvb.outgoing', "Replaces",
        readonly=True, ondelete='RESTRICT',
        help="The issued document this one replaces once issued.")
    replaced_by = fields.One2Many('qlvb.outgoing', 'replaces',
        "Replaced By", readonly=True)
    corrects = fields.Many2One('qlvb.outgoing', "Corrects",
        ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1)),
            ('state', 'in', ['issued', 'replaced'])],
        states={'readonly': Eval('state') != 'draft'},
        help="The issued document this correcting letter (đính chính) "
        "corrects.")
    corrections = fields.One2Many('qlvb.outgoing', 'corrects',
        "Correcting Letters", readonly=True)
    change_reason = fields.Text("Reason for Recall or Replacement",
        readonly=True, states={'invisible': ~Eval('change_reason')})
    change_date = fields.DateTime("Recalled or Replaced On", readonly=True,
        states={'invisible': ~Eval('change_date')})
    changed_by = fields.Many2One('res.user', "Recalled or Replaced By",
        readonly=True, states={'invisible': ~Eval('changed_by')})
    versions = fields.One2Many('qlvb.outgoing.version', 'outgoing',
        "Draft Versions", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # A document hand-signed on paper has no digital signature.
        cls.signature_state.selection = (cls.signature_state.selection
            + [('manual', "Hand-signed on Paper")])
        cls._sql_constraints += [
            ('reference_unique',
                Unique(t, t.company, t.number_year, t.reference),
                'qlvb_outgoing.msg_outgoing_reference_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.state, Index.Equality())),
                })
        cls._sql_indexes.update(cls.search_indexes(t))
        cls._order = [('issue_date', 'DESC NULLS FIRST'),
            ('number', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'review'),
            ('review', 'format_check'),
            ('review', 'draft'),
            ('format_check', 'approval'),
            ('format_check', 'draft'),
            ('approval', 'approved'),
            ('approval', 'draft'),
            ('approved', 'approval'),
            ('approved', 'signed'),
            ('approved', 'numbered'),  # a paper document, signed by hand
            ('signed', 'numbered'),
            ('numbered', 'sealed'),
            ('sealed', 'issued'),
            ('issued', 'recalled'),
            ('issued', 'replaced'),
            ('draft', 'cancelled'),
            }
        cls._buttons.update({
                'to_review': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                'to_format_check': {
                    'invisible': Eval('state') != 'review',
                    'depends': ['state']},
                'to_approval': {
                    'invisible': Eval('state') != 'format_check',
                    'depends': ['state']},
                'approve': {
                    'invisible': Eval('state') != 'approval',
                    'depends': ['state']},
                'send_back': {
                    'invisible': ~Eval('state').in_(
                        ['review', 'format_check', 'approval']),
                    'depends': ['state']},
                'sign': {
                    'invisible': ((Eval('state') != 'approved')
                        | (Eval('signature_mode') == 'manual')),
                    'depends': ['state', 'signature_mode']},
                'record_hand_signature': {
                    'invisible': ((Eval('state') != 'numbered')
                        | (Eval('signature_mode') != 'manual')),
                    'depends': ['state', 'signature_mode']},
                'give_number': {
                    'invisible': ~Eval('state').in_(['approved', 'signed']),
                    'depends': ['state']},
                'issue': {
                    'invisible': Eval('state') != 'sealed',
                    'depends': ['state']},
                'sign_organisation': {
                    'invisible': ((Eval('state') != 'numbered')
                        | ~Eval('signed_file_id')),
                    'depends': ['state', 'signed_file_id']},
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                'recall_button': {
                    'invisible': Eval('state') != 'issued',
                    'depends': ['state']},
                'replace': {
                    'invisible': Eval('state') != 'issued',
                    'depends': ['state']},
                'send_update': {
                    'invisible': Eval('state') != 'issued',
                    'depends': ['state']},
                'render_template': {
                    'invisible': ~Eval('state').in_(['draft', 'review']),
                    'depends': ['state']},
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_drafter(cls):
        return Transaction().user

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_drafting_department(cls):
        "The department of the drafter's post in the company's agency"
        pool = Pool()
        Company = pool.get('company.company')
        Post = pool.get('qlvb.post')
        User = pool.get('res.user')
        company = cls.default_company()
        posts = Post.of_user(User(Transaction().user),
            company=Company(company) if company else None)
        departments = [p.department for p in posts if p.department]
        return departments[0].id if departments else None

    def _signer_post(self):
        "The signer's post that issues documents, the highest first"
        Post = Pool().get('qlvb.post')
        posts = Post.of_user(self.signer)
        return posts[0] if posts else None

    @fields.depends('signer', 'issuer', 'signer_title', 'signer_authority')
    def on_change_signer(self):
        """The issuing authority, the signer's title and the signing form
        from the signer's post"""
        post = self._signer_post()
        if not post:
            return
        self.issuer = post.agency
        self.signer_title = post.position.name
        self.signer_authority = post.signing_authority

    @property
    def issuing_agency(self):
        """The agency in whose name the document is issued: the one named
        on it, else the agency of the signer's post, else the company's"""
        Agency = Pool().get('qlvb.agency')
        if self.issuer:
            return self.issuer
        post = self._signer_post() if self.signer else None
        if post and post.agency.company:
            return post.agency
        return Agency.for_company(self.company.id)

    @classmethod
    def default_signature_mode(cls):
        return 'digital'

    @classmethod
    def copy(cls, outgoings, default=None):
        "A copy is a new draft: nothing of the issued life is copied"
        default = default.copy() if default is not None else {}
        default.setdefault('state', 'draft')
        for name in SYSTEM_FIELDS | {'issue_date', 'replaces', 'versions',
                'signed_file_id',
                'corrects', 'comment_requests', 'register'}:
            default.setdefault(name, None)
        default.setdefault('drafter', Transaction().user)
        return super().copy(outgoings, default=default)

    def get_rec_name(self, name):
        return ' - '.join(filter(None, [self.reference, self.short_subject]))

    @classmethod
    def check_modification(cls, mode, outgoings, values=None,
            external=False):
        super().check_modification(
            mode, outgoings, values=values, external=external)
        if mode == 'delete':
            for outgoing in outgoings:
                if outgoing.state not in {'draft', 'cancelled'}:
                    raise AccessError(gettext(
                            'qlvb_outgoing.msg_outgoing_delete',
                            document=outgoing.rec_name))

    @classmethod
    def on_modification(cls, mode, outgoings, field_names=None):
        pool = Pool()
        Version = pool.get('qlvb.outgoing.version')
        super().on_modification(mode, outgoings, field_names=field_names)
        if mode == 'create' or (mode == 'write'
                and set(field_names or ()) & set(VERSIONED)):
            with without_check_access():
                Version.record([o for o in outgoings if o.state in DRAFTING])
        if mode == 'write' and set(field_names or ()) & CONTENT:
            # A change after approval goes back to the signer.
            approved = [o for o in outgoings if o.state == 'approved']
            if approved:
                with without_check_access():
                    cls.back_to_signer(approved)

    @classmethod
    @Workflow.transition('approval')
    def back_to_signer(cls, outgoings):
        "A change after approval goes back to the signer"
        cls.write(outgoings, {'approved_by': None})

    @classmethod
    @ModelView.button
    @from_states('draft')
    @Workflow.transition('review')
    def to_review(cls, outgoings):
        "Send to the head of the drafting department for content review"
        pass

    @classmethod
    @ModelView.button
    @from_states('review')
    @Workflow.transition('format_check')
    def to_format_check(cls, outgoings):
        pass

    @classmethod
    def _acting_for(cls, scope):
        """Ids of the signers whose drafts the user handles in scope
        (approve, sign) today: his own and those of a delegation"""
        Delegation = Pool().get('qlvb.delegation')
        return {Transaction().user} | Delegation.leaders_for(scope)

    @classmethod
    def _waiting_for_me(cls, outgoings, scope):
        signers = cls._acting_for(scope)
        return {o.id: bool(o.signer and o.signer.id in signers)
            for o in outgoings}

    @classmethod
    def _search_waiting_for_me(cls, clause, scope):
        _, operator, value = clause[:3]
        signers = sorted(cls._acting_for(scope))
        if (operator == '=') == bool(value):
            return [('signer', 'in', signers)]
        return ['OR', ('signer', '=', None), ('signer', 'not in', signers)]

    @classmethod
    def get_waiting_for_my_approval(cls, outgoings, name):
        return cls._waiting_for_me(outgoings, 'approve')

    @classmethod
    def search_waiting_for_my_approval(cls, name, clause):
        return cls._search_waiting_for_me(clause, 'approve')

    @classmethod
    @ModelView.button
    @from_states('format_check')
    @Workflow.transition('approval')
    def to_approval(cls, outgoings):
        for outgoing in outgoings:
            if not outgoing.signer:
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_no_signer',
                        document=outgoing.rec_name))

    @classmethod
    @ModelView.button
    @from_states('approval')
    @Workflow.transition('approved')
    def approve(cls, outgoings):
        """The signer approves the content, or his delegate in his name
        (the act is listed on the delegation and notified to him)"""
        Delegation = Pool().get('qlvb.delegation')
        user = Transaction().user
        delegated = []
        for outgoing in outgoings:
            _, delegation = Delegation.acting_for(outgoing.signer, 'approve',
                'qlvb_outgoing.msg_outgoing_not_signer', {
                    'document': outgoing.rec_name,
                    'signer': outgoing.signer.rec_name})
            if delegation:
                delegated.append((delegation, outgoing))
        cls.write(outgoings, {'approved_by': user})
        for delegation, outgoing in delegated:
            delegation.record_act('approve', outgoing, gettext(
                    'qlvb_outgoing.msg_delegation_approved',
                    signature=delegation.signature))

    @classmethod
    @ModelView.button
    @from_states('review', 'format_check', 'approval')
    @Workflow.transition('draft')
    def send_back(cls, outgoings):
        "Back to the drafter"
        pass

    @classmethod
    @ModelView.button
    @from_states('draft')
    @Workflow.transition('cancelled')
    def cancel(cls, outgoings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_outgoing_number')
    def give_number(cls, outgoings):
        """Opens the numbering: the register proposed from the type and the
        issuing authority, and the number it will give, for the clerk to
        confirm or change"""
        pass

    @classmethod
    def check_register(cls, outgoings, register):
        """Refuse a register that does not number in the name of the
        document's issuing authority or not of its company"""
        for outgoing in outgoings:
            authority = outgoing.issuing_agency
            if (register.company != outgoing.company
                    or register.authority != authority):
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_register_authority',
                        document=outgoing.rec_name,
                        register=register.rec_name,
                        register_authority=register.authority.rec_name,
                        authority=authority.rec_name))

    @classmethod
    def check_numberable(cls, outgoings):
        "Only an approved or signed document is numbered"
        check_state(outgoings, {'approved', 'signed'})

    @classmethod
    @from_states('approved', 'signed')
    @Workflow.transition('numbered')
    def number_in(cls, outgoings, register):
        """The clerk gives the number, symbol and date in the register she
        confirmed (Decree 30, Art. 15); the number is taken last"""
        pool = Pool()
        Date = pool.get('ir.date')
        cls.check_register(outgoings, register)
        user = Transaction().user
        for outgoing in sorted(outgoings, key=lambda o: o.id):
            date = outgoing.issue_date or Date.today()
            symbol = outgoing.make_symbol(register, outgoing.issuing_agency)
            outgoing.register = register
            outgoing.issue_date = date
            outgoing.number_year = date.year
            outgoing.symbol = symbol
            outgoing.numbered_by = user
        # Every check and write done: the numbers are taken last, so a
        # refused document takes none and the series stays gap-free.
        for outgoing in sorted(outgoings, key=lambda o: o.id):
            outgoing.number = register.next_number(outgoing.issue_date)
            outgoing.reference = f'{outgoing.number:02d}/{outgoing.symbol}'
        cls.save(outgoings)

    def preview_reference(self, register):
        "The number and symbol the register would give now"
        Date = Pool().get('ir.date')
        date = self.issue_date or Date.today()
        try:
            symbol = self.make_symbol(register, self.issuing_agency)
        except OutgoingError:
            symbol = ''
        return f'{register.peek_number(date):02d}/{symbol}'

    @classmethod
    @ModelView.button
    @from_states('sealed')
    @Workflow.transition('issued')
    def issue(cls, outgoings):
        """Dispatch electronically: only with both signatures present,
        intact and trusted"""
        Dispatch = Pool().get('qlvb.outgoing.dispatch')
        for outgoing in outgoings:
            if not outgoing.has_recipients:
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_no_recipients',
                        document=outgoing.rec_name))
        for outgoing in outgoings:
            if outgoing.signature_mode == 'manual':
                continue  # signed and sealed on paper: nothing to verify
            # Verify again: the stored file is what the recipients get.
            values = outgoing.verification_values(outgoing.signed_file)
            count = len(signing.verify(bytes(outgoing.signed_file),
                    Pool().get('qlvb.signing.root').roots()).signatures)
            if values['signature_state'] != 'valid' or count < 2:
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_signatures_required',
                        document=outgoing.rec_name))
        for outgoing in outgoings:
            Dispatch.send(outgoing)
        for outgoing in outgoings:
            if outgoing.replaces:
                cls.supersede([outgoing.replaces], outgoing.change_reason,
                    outgoing)

    @property
    def has_recipients(self):
        "Issued to someone: agencies in or outside the system, departments"
        return bool(self.internal_recipients or self.external_recipients
            or self.recipient_departments)

    @classmethod
    def _change(cls, outgoings, kind, reason, replacement=None):
        """Recall or replace issued documents: recorded with its reason
        and applied at every recipient (Decree 30, Art. 21)"""
        Dispatch = Pool().get('qlvb.outgoing.dispatch')
        with without_check_access():
            cls.write(outgoings, {
                    'change_reason': reason,
                    'change_date': dt.datetime.now(),
                    'changed_by': Transaction().user,
                    })
            for outgoing in outgoings:
                Dispatch.notify_change(outgoing, kind, reason,
                    replacement=replacement)

    @classmethod
    @from_states('issued')
    @Workflow.transition('recalled')
    def recall(cls, outgoings, reason):
        "Recall issued documents; the recipients' copies are frozen"
        cls._change(outgoings, 'recall', reason)

    @classmethod
    @from_states('issued')
    @Workflow.transition('replaced')
    def supersede(cls, outgoings, reason, replacement):
        """The issued documents are replaced by replacement, now issued; the
        recipients' copies are frozen and linked to its copies"""
        cls._change(outgoings, 'replace', reason, replacement=replacement)

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_outgoing_recall')
    def recall_button(cls, outgoings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_outgoing_replace')
    def replace(cls, outgoings):
        pass

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_outgoing_update')
    def send_update(cls, outgoings):
        pass

    @classmethod
    def update_recipients(cls, outgoings, reason):
        """Send the issued documents' metadata and file again to every
        recipient with the reason (edXML business type 2, update)"""
        Dispatch = Pool().get('qlvb.outgoing.dispatch')
        check_state(outgoings, {'issued'})
        for outgoing in outgoings:
            Dispatch.notify_change(outgoing, 'update', reason)

    def recipient_verification(self):
        """The verification the recipients' copies get: the scan of a
        hand-signed document is verified as the file it is"""
        if self.signature_mode == 'manual':
            return self.verification_values(self.signed_file)
        return {'signature_state': self.signature_state,
            'signature_details': self.signature_details}

    @classmethod
    @ModelView.button
    def render_template(cls, outgoings):
        "The main file made from the template of the document's layout"
        for outgoing in outgoings:
            outgoing.main_file = render_pdf(outgoing)
            outgoing.main_filename = (
                f'{outgoing.document_type.name} - '
                f'{outgoing.short_subject[:60]}.pdf').replace('/', '_')
        cls.save(outgoings)

    @classmethod
    def draft_replacement(cls, outgoings, reason):
        """A new draft replacing each issued document; the old one is
        replaced when the new one is issued"""
        check_state(outgoings, {'issued'})
        drafts = cls.copy(outgoings)
        args = []
        for draft, outgoing in zip(drafts, outgoings):
            args.extend([[draft],
                    {'replaces': outgoing.id, 'change_reason': reason}])
        with without_check_access():
            cls.write(*args)
        return drafts

    def get_signed_filename(self, name):
        return f'{self.reference or self.id}.pdf'.replace('/', '_')

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_outgoing_sign')
    def sign(cls, outgoings):
        "Opens the signing act: what is signed, the signer's passphrase"
        pass

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_outgoing_seal')
    def sign_organisation(cls, outgoings):
        "Opens the sealing act: what is sealed, the passphrase of the seal"
        pass

    @classmethod
    def check_signable(cls, outgoings):
        """Refuse documents the acting user may not sign: only the signer
        named on the document signs it, with a file"""
        pool = Pool()
        User = pool.get('res.user')
        check_state(outgoings, {'approved'})
        user = User(Transaction().user)
        for outgoing in outgoings:
            if outgoing.signature_mode == 'manual':
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_hand_signed_mode',
                        document=outgoing.rec_name))
            if outgoing.signer != user and not outgoing.signs_for(user):
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_not_signer',
                        document=outgoing.rec_name,
                        signer=outgoing.signer.rec_name))
            if not outgoing.main_file:
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_no_file',
                        document=outgoing.rec_name))

    def signs_for(self, user):
        """Whether the user signs in the signer's name (a delegation of
        signing, delegation_sign.py)"""
        return False

    def signer_info(self):
        """(competence, position, name) of who signed, as the recipients'
        copies and the exchange packages give them"""
        return (self.signer_authority or '', self.signer_title or '',
            self.signer.name if self.signer else '')

    def signature_block(self, user):
        "(title, name) of the user's visible signature on the document"
        return (' '.join(filter(None, [
                        self.signer_authority, self.signer_title])),
            user.name)

    @classmethod
    def check_sealable(cls, outgoings):
        """Refuse documents that cannot be sealed: numbered, with the
        signer's signed file (a paper document numbered by hand has
        nothing to seal: refused as in a wrong state)"""
        check_state(outgoings, {'numbered'})
        check_state([o for o in outgoings if not o.signed_file], set())

    @classmethod
    @from_states('approved')
    @Workflow.transition('signed')
    def apply_signature(cls, outgoings, passphrase):
        """The signer's digital signature, with his image between title and
        name; passphrase opens the signer's own certificate, given at this
        act and never kept"""
        pool = Pool()
        Certificate = pool.get('qlvb.signing.certificate')
        User = pool.get('res.user')
        cls.check_signable(outgoings)
        user = User(Transaction().user)
        certificate = Certificate.personal(user)
        signer = certificate.signer(passphrase)
        for outgoing in outgoings:
            title, name = outgoing.signature_block(user)
            try:
                pdf = signing.sign_as_signer(bytes(outgoing.main_file),
                    signer, image_png=certificate.image and bytes(
                        certificate.image), title=title, name=name)
            except signing.SigningError as error:
                raise signing_error(error) from error
            outgoing.signed_file = pdf
            for key, value in outgoing.verification_values(pdf).items():
                setattr(outgoing, key, value)
        cls.save(outgoings)

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_outgoing_hand_signature')
    def record_hand_signature(cls, outgoings):
        "Opens the recording of the scan of the signed paper"
        pass

    @classmethod
    def check_hand_signable(cls, outgoings):
        "Only a numbered document whose signature mode is hand-signed"
        check_state(outgoings, {'numbered'})
        for outgoing in outgoings:
            if outgoing.signature_mode != 'manual':
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_outgoing_not_hand_signed',
                        document=outgoing.rec_name))

    @classmethod
    @from_states('numbered')
    @Workflow.transition('sealed')
    def apply_hand_signature(cls, outgoings, scan, filename):
        """The clerk records the scan (PDF) of the paper signed by the signer,
        numbered and sealed: it becomes the main and the issued file, and
        the signature is recorded as manual (nothing to verify)"""
        pool = Pool()
        User = pool.get('res.user')
        Date = pool.get('ir.date')
        Lang = pool.get('ir.lang')
        cls.check_hand_signable(outgoings)
        clerk = User(Transaction().user)
        today = Lang.get().strftime(Date.today())
        for outgoing in outgoings:
            outgoing.main_file = outgoing.signed_file = scan
            outgoing.main_filename = filename
            outgoing.signature_state = 'manual'
            outgoing.signature_details = gettext(
                'qlvb_outgoing.msg_outgoing_hand_signed_details',
                signer=outgoing.signer.name if outgoing.signer else '-',
                clerk=clerk.name, date=today)
        cls.save(outgoings)

    @classmethod
    @from_states('numbered')
    @Workflow.transition('sealed')
    def apply_seal(cls, outgoings, passphrase):
        """The organisation's digital signature by the clerk after
        numbering: the seal overlapping the left third of the signer's
        image; passphrase opens the organisation's certificate, given at
        this act and never kept"""
        cls.check_sealable(outgoings)
        for outgoing in outgoings:
            certificate = outgoing.seal_certificate()
            if not certificate.image:
                raise OutgoingError(gettext(
                        'qlvb_outgoing.msg_signing_no_seal',
                        owner=(outgoing.issuing_agency
                            or outgoing.company).rec_name))
            signer = certificate.signer(passphrase)
            pdf = bytes(outgoing.signed_file)
            try:
                pdf = signing.sign_as_organisation(pdf,
                    signer,
                    seal_png=bytes(certificate.image),
                    signer_box=signing.signature_box(pdf, 'Signer'))
            except signing.SigningError as error:
                raise signing_error(error) from error
            outgoing.signed_file = pdf
            for key, value in outgoing.verification_values(pdf).items():
                setattr(outgoing, key, value)
            outgoing._sign_attachments(signer)
        cls.save(outgoings)

    def seal_certificate(self):
        """The certificate of the organisation's seal: the issuing
        authority's (the Provincial People's Committee for a document
        issued TM. UBND), not the one of the agency keeping the document"""
        Certificate = Pool().get('qlvb.signing.certificate')
        agency = self.issuing_agency
        certificates = Certificate.search([
                ('kind', '=', 'organisation'),
                ('company', '=', agency.company.id),
                ], limit=1) if agency and agency.company else []
        if not certificates:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_outgoing_no_seal_certificate',
                    agency=(agency or self.company).rec_name,
                    document=self.rec_name))
        return certificates[0]

    def _sign_attachments(self, signer):
        """Attachments filed separately get the organisation's signature
        top-right of page 1, as text: number and symbol, signing time"""
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        now = dt.datetime.now(dt.timezone.utc)
        attachments = [a for a in Attachment.search([
                    ('resource', '=', str(self)), ('type', '=', 'data')])
            if a.data and bytes(a.data[:5]) == PDF_MAGIC]
        for attachment in attachments:
            try:
                attachment.data = signing.sign_attachment(
                    bytes(attachment.data), signer,
                    reference=self.reference, signed_at=now)
            except signing.SigningError as error:
                raise signing_error(error) from error
        Attachment.save(attachments)

    def make_symbol(self, register, agency):
        """TYPE-AGENCY (15/QĐ-UBND), or AGENCY-UNIT for an official letter,
        which has no type abbreviation (12/UBND-VX)"""
        issuer = register.abbreviation or agency.abbreviation
        if self.document_type.abbreviation:
            return f'{self.document_type.abbreviation}-{issuer}'
        unit = self.drafting_department.abbreviation
        if not unit:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_outgoing_no_unit_abbreviation',
                    department=self.drafting_department.rec_name))
        return f'{issuer}-{unit}'


class _Link(ExportAccessMixin):
    __slots__ = ()
    outgoing = fields.Many2One(
        'qlvb.outgoing', "Outgoing Document", required=True,
        ondelete='CASCADE')


class OutgoingInternalAgency(_Link, ModelSQL):
    __name__ = 'qlvb.outgoing-internal.agency'
    __string__ = "Outgoing Document - Agency in the System"
    agency = fields.Many2One(
        'qlvb.agency', "Agency", required=True, ondelete='RESTRICT')


class OutgoingExternalAgency(_Link, ModelSQL):
    __name__ = 'qlvb.outgoing-external.agency'
    __string__ = "Outgoing Document - Agency outside the System"
    agency = fields.Many2One(
        'qlvb.agency', "Agency", required=True, ondelete='RESTRICT')


class OutgoingDepartment(_Link, ModelSQL):
    __name__ = 'qlvb.outgoing-qlvb.department'
    __string__ = "Outgoing Document - Department"
    department = fields.Many2One(
        'qlvb.department', "Department", required=True, ondelete='RESTRICT')


class OutgoingIncoming(_Link, ModelSQL):
    __name__ = 'qlvb.outgoing-qlvb.incoming'
    __string__ = "Outgoing Document - Incoming Document"
    incoming = fields.Many2One(
        'qlvb.incoming', "Incoming Document", required=True,
        ondelete='RESTRICT')
