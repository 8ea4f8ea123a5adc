from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def domain_get(cls, model_name, mode='read'):
        """A reminder follows the rules of its record, as __access__ would
        if it allowed a field that is empty for the other kinds of record"""
        domain = super().domain_get(model_name, mode=mode)
        if model_name != 'qlvb.reminder' or not Transaction().check_access:
            return domain
        Reminder = Pool().get('qlvb.reminder')
        origins = ['OR']
        for model, field in Reminder._remindable().items():
            origins.append([(field, '!=', None),
                    (field, 'where', cls.domain_get(model, mode='read'))])
        return ['AND', domain, origins] if domain else origins


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('qlvb.reminder|send_reminders', "Send Task Reminders"),
                ('qlvb.task|generate_occurrences',
                    "Generate Recurring Tasks"),
                ])
