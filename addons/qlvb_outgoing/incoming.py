from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access


class Incoming(metaclass=PoolMeta):
    __name__ = 'qlvb.incoming'

    @classmethod
    def complete(cls, incomings):
        super().complete(incomings)
        with without_check_access():
            Pool().get('qlvb.outgoing.comment').answer_from(incomings)
