"""Recipients outside the system: an edXML package each, in the outbox;
their replies and status packages come back on the dispatch row."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access


class Dispatch(metaclass=PoolMeta):
    __name__ = 'qlvb.outgoing.dispatch'

    reply_incomings = fields.Function(fields.Many2Many(
            'qlvb.incoming', None, None, "Replies Received",
            help="Documents of an agency outside the system answering "
            "this one."), 'get_reply_incomings')
    packages = fields.One2Many('qlvb.edxml.package', 'dispatch',
        "edXML Packages", readonly=True)

    @classmethod
    def get_reply_incomings(cls, dispatches, name):
        "Read the imported replies, which the sender may not access"
        Package = Pool().get('qlvb.edxml.package')
        result = {d.id: [] for d in dispatches}
        with without_check_access():
            for package in Package.search([
                        ('dispatch', 'in', [d.id for d in dispatches]),
                        ('direction', '=', 'in'),
                        ('kind', '=', 'document'),
                        ('incoming', '!=', None)],
                    order=[('id', 'ASC')]):
                result[package.dispatch.id].append(package.incoming.id)
        return result

    @classmethod
    def send(cls, outgoing):
        dispatches = super().send(outgoing)
        Pool().get('qlvb.edxml.package').queue_document(
            [d for d in dispatches if not d.incoming], '0')
        return dispatches

    @classmethod
    def notify_external(cls, dispatches, kind, reason, replacement):
        super().notify_external(dispatches, kind, reason, replacement)
        Pool().get('qlvb.edxml.package').queue_document(dispatches,
            {'recall': '1', 'update': '2', 'replace': '3'}[kind],
            reason=reason, replacement=replacement)
        if kind == 'recall' and dispatches:
            cls.write(dispatches, {'remote_status': 'recall_requested'})
