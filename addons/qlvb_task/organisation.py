from trytond.model import fields
from trytond.pool import PoolMeta


class Agency(metaclass=PoolMeta):
    __name__ = 'qlvb.agency'

    task_criticisms = fields.One2Many('qlvb.task.criticism', 'agency',
        "Criticisms", readonly=True)
