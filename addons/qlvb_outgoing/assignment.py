"""A duty's result may be the outgoing document issued in reply."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

from trytond.modules.qlvb_incoming.exceptions import AssignmentError

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
