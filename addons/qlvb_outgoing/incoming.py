from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access


class Incoming(metaclass=PoolMeta):
    __name__ = 'qlvb.incoming'

    def _signatures_expected(self):
        # A request for comments carries the draft, never signed.
        Comment = Pool().get('qlvb.outgoing.comment')
        with without_check_access():
            if Comment.search([('incoming', '=', self.id)], limit=1):
                return False
        return super()._signatures_expected()

    @classmethod
    def complete(cls, incomings):
        super().complete(incomings)
        with without_check_access():
            Pool().get('qlvb.outgoing.comment').answer_from(incomings)
