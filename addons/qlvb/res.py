"""Users as the web client shows them."""
from trytond.pool import Pool, PoolMeta


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

    @classmethod
    def default_actions(cls):
        "A new user lands on the My Work page after login"
        return home_actions()


def home_actions():
    "The ids of the actions run at login: the My Work page"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    ActWindow = pool.get('ir.action.act_window')
    try:
        return [ActWindow(ModelData.get_id('qlvb', 'act_home')).action.id]
    except KeyError:
        return []
