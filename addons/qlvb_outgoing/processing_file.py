"""A processing file lists the outgoing documents issued in reply."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class ProcessingFile(metaclass=PoolMeta):
    __name__ = 'qlvb.processing.file'

    outgoings = fields.Function(fields.Many2Many(
            'qlvb.outgoing', None, None, "Replies"), 'get_outgoings')

    def get_outgoings(self, name):
        Outgoing = Pool().get('qlvb.outgoing')
        return [o.id for o in Outgoing.search([
                    ('reply_to.processing_file', '=', self.id)])]
