"""The issuer outside the system is told by a status package."""
from trytond.pool import Pool, PoolMeta


class Incoming(metaclass=PoolMeta):
    __name__ = 'qlvb.incoming'

    @classmethod
    def on_modification(cls, mode, incomings, field_names=None):
        super().on_modification(mode, incomings, field_names=field_names)
        if mode == 'write' and 'state' in (field_names or ()):
            Pool().get('qlvb.edxml.package').queue_status(incomings)
