"""Users as the web client shows them."""
from trytond.pool import PoolMeta


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    def get_status_bar(self, name):
        # The company module appends the company's currency ("[VND]") to
        # the name in the client's header: noise for a public office.
        status = super().get_status_bar(name)
        if self.company and self.company.currency:
            suffix = ' [%s]' % self.company.currency.code
            if status.endswith(suffix):
                status = status[:-len(suffix)]
        return status
