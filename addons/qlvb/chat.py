"""Record discussion that obeys record rules.

Tryton 8.0 only checks the model access for a chat (ir/chat.py has a TODO
for record rules): anyone who may read incoming documents could read the
discussion of any of them. Here the record itself must be readable by the
user, and documents with a confidentiality level have no discussion at all.
"""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, check_access

from .bus import guard_subscriptions


class Channel(metaclass=PoolMeta):
    __name__ = 'ir.chat.channel'

    @classmethod
    def check_access(cls, resource):
        super().check_access(resource)
        if not Transaction().user:
            return
        model, id_ = str(resource).split(',')
        Model = Pool().get(model)
        with check_access():
            # The search applies the record rules of the user.
            visible = Model.search([('id', '=', int(id_))], count=True)
        if not visible:
            raise AccessError(gettext(
                    'qlvb.msg_chat_no_access',
                    model=Model.__names__()['model']))
        record = Model(int(id_))
        if getattr(record, 'is_secret', False):
            raise AccessError(gettext('qlvb.msg_chat_secret'))


# The live side of the discussion: its bus channel obeys the same rules.
guard_subscriptions()
