"""The clerks of a secret incoming register read the history of access to
the secret documents of its company (qlvb/access_log.py)."""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _access_log_companies(cls):
        Register = Pool().get('qlvb.incoming.register')
        companies = set(super()._access_log_companies())
        user = Transaction().user
        if user:
            with Transaction().set_context(_check_access=False):
                companies.update(r.company.id for r in Register.search([
                            ('secret', '=', True),
                            ('clerks', '=', user)]))
        return tuple(sorted(companies))
