"""A duty's result may be the outgoing document issued in reply."""
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


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
            kwargs['result_reference'] = result_outgoing.reference
            kwargs['result_date'] = result_outgoing.issue_date
            kwargs['result_outgoing'] = result_outgoing.id
        return super().do_complete(assignments, completion_date, **kwargs)


class CompleteStart(metaclass=PoolMeta):
    __name__ = 'qlvb.incoming.assignment.complete.start'

    result_outgoing = fields.Many2One('qlvb.outgoing', "Reply Document",
        domain=[('reply_to', '=', Eval('incoming', -1)),
            ('state', '=', 'numbered')],
        help="An outgoing document numbered in reply to this document.")

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
