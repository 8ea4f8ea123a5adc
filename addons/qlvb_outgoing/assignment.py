"""A duty's result may be the outgoing document issued in reply; the
holder of an open duty drafts that reply from the duty."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import StateAction, Wizard

from trytond.modules.qlvb_incoming.exceptions import AssignmentError

from .exceptions import OutgoingError

# A reply answers once it has its number: numbered, sealed or issued.
RESULT_STATES = ['numbered', 'sealed', 'issued']


def reply_domain(incoming, company):
    """The outgoing documents that may be the result of a duty on incoming:
    the agency's numbered replies to it. Used as the form's domain (with
    PYSON values) and checked by the server (with ids)."""
    return [
        ('reply_to', '=', incoming),
        ('company', '=', company),
        ('state', 'in', RESULT_STATES),
        ]


class Assignment(metaclass=PoolMeta):
    __name__ = 'qlvb.incoming.assignment'

    result_outgoing = fields.Many2One(
        'qlvb.outgoing', "Reply Document", readonly=True,
        ondelete='RESTRICT',
        help="The outgoing document issued in reply, in the same "
        "processing file.")

    may_reply = fields.Function(
        fields.Boolean("May Draft a Reply"), 'get_may_reply')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Shown to the holder of the open duty only; the wizard checks it.
        cls._buttons.update({
                'draft_reply': {
                    'invisible': ~Eval('may_reply', False),
                    'depends': ['may_reply'],
                    },
                })

    def get_may_reply(self, name):
        return self.may_reply_as()

    def may_reply_as(self):
        """Whether the user may draft the reply: the holder of the duty
        (its official, or a head of its unit) while it is open"""
        return (self.state in {'assigned', 'in_progress'}
            and self.role != 'inform' and self.may_return_as())

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_assignment_draft_reply')
    def draft_reply(cls, assignments):
        pass

    @classmethod
    def create_replies(cls, assignments):
        """Outgoing drafts in reply to the documents of the duties, by
        their holder: linked to the document, from the holder's unit, the
        subject and the recipient filled in"""
        Outgoing = Pool().get('qlvb.outgoing')
        for assignment in assignments:
            if not assignment.may_reply_as():
                raise AccessError(gettext(
                        'qlvb_outgoing.msg_reply_not_holder'))
        return Outgoing.create([a.reply_values() for a in assignments])

    def reply_values(self):
        pool = Pool()
        DocumentType = pool.get('qlvb.document.type')
        Lang = pool.get('ir.lang')
        Post = pool.get('qlvb.post')
        User = pool.get('res.user')
        user = User(Transaction().user)
        incoming = self.incoming
        departments = [p.department
            for p in Post.of_user(user, company=self.company)
            if p.department]
        department = (departments[0] if departments
            else self.department or (self.parent and self.parent.department))
        if not department:
            raise OutgoingError(gettext(
                    'qlvb_outgoing.msg_reply_no_department'))
        letter_types = DocumentType.search([('code', '=', 'CV')], limit=1)
        lang = Lang.get()
        values = {
            'company': self.company.id,
            'drafter': user.id,
            'drafting_department': department.id,
            'document_type': letter_types[0].id if letter_types else None,
            'subject': gettext('qlvb_outgoing.msg_reply_subject',
                type=(incoming.document_type.name
                    if incoming.document_type else ''),
                reference=incoming.reference or '',
                date=(lang.strftime(incoming.issue_date)
                    if incoming.issue_date else ''),
                issuer=incoming.issuer.rec_name if incoming.issuer else ''),
            'reply_to': [('add', [incoming.id])],
            }
        if incoming.issuer:
            recipients = ('internal_recipients' if incoming.issuer.internal
                else 'external_recipients')
            values[recipients] = [('add', [incoming.issuer.id])]
        return values

    @classmethod
    def do_complete(cls, assignments, completion_date=None,
            result_outgoing=None, **kwargs):
        if result_outgoing:
            cls._check_result_outgoing(assignments, result_outgoing)
            kwargs['result_reference'] = result_outgoing.reference
            kwargs['result_date'] = result_outgoing.issue_date
            kwargs['result_outgoing'] = result_outgoing.id
        return super().do_complete(assignments, completion_date, **kwargs)

    @classmethod
    def _check_result_outgoing(cls, assignments, outgoing):
        # The rule of the form's domain, for what a client sends anyway.
        Outgoing = Pool().get('qlvb.outgoing')
        for assignment in assignments:
            with without_check_access():
                valid = Outgoing.search([('id', '=', outgoing.id),
                        *reply_domain(assignment.incoming.id,
                            assignment.company.id)], limit=1)
                if not valid:
                    raise AssignmentError(gettext(
                            'qlvb_outgoing.msg_result_outgoing_not_reply',
                            outgoing=outgoing.rec_name,
                            document=assignment.incoming.rec_name))

    def proposed_result(self):
        result = super().proposed_result()
        if self.proposal.result_outgoing:
            result['result_outgoing'] = self.proposal.result_outgoing
        return result


class CompleteStart(metaclass=PoolMeta):
    __name__ = 'qlvb.incoming.assignment.complete.start'

    result_outgoing = fields.Many2One('qlvb.outgoing', "Reply Document",
        domain=reply_domain(Eval('incoming', -1), Eval('company', -1)),
        help="An outgoing document of the agency numbered or issued in "
        "reply to this document.")

    @fields.depends('result_outgoing')
    def on_change_result_outgoing(self):
        if self.result_outgoing:
            self.result_reference = self.result_outgoing.reference
            self.result_date = self.result_outgoing.issue_date


class Complete(metaclass=PoolMeta):
    __name__ = 'qlvb.incoming.assignment.complete'

    def completion_values(self):
        return dict(super().completion_values(),
            result_outgoing=self.start.result_outgoing)


class DraftReply(Wizard):
    "The holder of a duty drafts the reply to its document"
    __name__ = 'qlvb.incoming.assignment.draft_reply'
    start = StateAction('qlvb_outgoing.act_outgoing_form')

    def do_start(self, action):
        Assignment = Pool().get('qlvb.incoming.assignment')
        drafts = Assignment.create_replies(list(self.records))
        action['views'].reverse()  # open the new draft in its form
        return action, {'res_id': [d.id for d in drafts]}
