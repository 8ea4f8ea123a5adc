"""The "My Work" home page: one screen opened after login with a counter
for each kind of work waiting for the user, each opening its list.

The page is one row per user (`qlvb.home`, the id is the user's); each
module adds its counters with a PoolMeta extension in its own home.py
(`counter_field` + `counter_opener` + `COUNTERS`, and in its home.xml the
button of each counter with the groups that see it), so a counter exists
only when its module is activated. A counter is the list of an existing queue:
the window action's domain and one of its tabs, counted with
search_count as the user (model access and record rules applied), so the
number equals what the list shows. A user outside a counter's groups gets
no value and the page hides it.
"""
from sql import Literal

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, PYSONDecoder, PYSONEncoder
from trytond.transaction import (
    Transaction, check_access, without_check_access)


class Counter:
    "A counter of the home page: the list it counts and who sees it"
    __slots__ = ('action', 'tab', 'groups', 'domain')

    def __init__(self, action, tab=None, groups=(), domain=None):
        self.action = action  # 'module.xml_id' of the act_window
        self.tab = tab  # 'module.xml_id' of its act_window.domain
        # 'module.xml_id' of the res.group that see it: the groups of its
        # button open_<name> in the module's home.xml, which the page
        # follows (the server checks them when the button is clicked)
        self.groups = tuple(groups)
        # a domain added to the action's, for a list without a tab (the
        # rows of a dashboard with a figure)
        self.domain = domain


def counter_field(name, string):
    "The Integer counter name, hidden when the user may not see it (None)"
    return fields.Function(fields.Integer(string,
            states={'invisible': _hidden(name)}), 'get_counters')


def counter_opener(name):
    "The button that opens the list counted by the counter name"
    def opener(cls, homes):
        return cls.open_counter(name)
    # ModelView.button finds the button's groups by the function's name
    opener.__name__ = opener.__qualname__ = 'open_%s' % name
    return classmethod(ModelView.button(opener))


def _hidden(name):
    return Eval(name, None) == None  # noqa: E711


def _xml_id(value):
    return Pool().get('ir.model.data').get_id(*value.split('.', 1))


class Home(ModelSQL, ModelView):
    __name__ = 'qlvb.home'
    __string__ = "My Work"

    user = fields.Many2One('res.user', "User", readonly=True)

    # name of the counter field: Counter; each module's extension adds
    # its own before calling super().__setup__()
    counters = {}

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({'open_%s' % name: {
                    'invisible': _hidden(name),
                    'depends': [name],
                    } for name in cls.counters})

    @classmethod
    def table_query(cls):
        User = Pool().get('res.user')
        user = User.__table__()
        return user.select(
            user.id.as_('id'),
            user.id.as_('user'),
            cls.create_uid.sql_cast(Literal(None)).as_('create_uid'),
            cls.create_date.sql_cast(Literal(None)).as_('create_date'),
            cls.write_uid.sql_cast(Literal(None)).as_('write_uid'),
            cls.write_date.sql_cast(Literal(None)).as_('write_date'),
            where=user.id == Transaction().user)

    def get_rec_name(self, name):
        # Shown by the web client after the title of a list a counter opens
        return self.user.rec_name if self.user else ''

    @classmethod
    def visible(cls, name):
        """Whether the user is in one of the groups of the counter's
        button (the groups the server checks when it is clicked)"""
        pool = Pool()
        Button = pool.get('ir.model.button')
        User = pool.get('res.user')
        groups = Button.get_groups(cls.__name__, 'open_%s' % name)
        return not groups or bool(groups & set(User.get_groups()))

    @classmethod
    def counter_list(cls, name):
        """Return (action values, domain, context, title) of the list
        counted by the counter name: the action's domain and its tab's"""
        pool = Pool()
        Action = pool.get('ir.action')
        Domain = pool.get('ir.action.act_window.domain')
        counter = cls.counters[name]
        with without_check_access():
            action = Action.get_action_values(
                'ir.action.act_window', [_xml_id(counter.action)])[0]
        context = Transaction().context
        decoder = PYSONDecoder(dict(context, _user=Transaction().user))
        domain = decoder.decode(action['pyson_domain'] or '[]')
        action_context = decoder.decode(action['pyson_context'] or '{}')
        if counter.tab:
            tab = Domain(_xml_id(counter.tab))
            domain = [domain, decoder.decode(tab.domain or '[]')]
        if counter.domain:
            domain = [domain, counter.domain]
        title = cls.fields_get([name])[name]['string']
        return action, domain, action_context, title

    @classmethod
    def count(cls, name):
        "The number of records in the list of the counter, as the user"
        pool = Pool()
        action, domain, action_context, _ = cls.counter_list(name)
        Model = pool.get(action['res_model'])
        with Transaction().set_context(action_context), check_access():
            return Model.search_count(domain)

    @classmethod
    def get_counters(cls, homes, names):
        user = Transaction().user
        result = {n: {h.id: None for h in homes} for n in names}
        for name in names:
            if not cls.visible(name):
                continue
            value = cls.count(name)
            for home in homes:
                if home.id == user:
                    result[name][home.id] = value
        return result

    @classmethod
    def open_counter(cls, name):
        "The list action of the counter, exactly the records it counts"
        if not cls.visible(name):
            return
        action, domain, action_context, title = cls.counter_list(name)
        encoder = PYSONEncoder()
        action = dict(action)
        action['pyson_domain'] = encoder.encode(domain)
        action['domains'] = []
        action['name'] = title
        return action


class Action(metaclass=PoolMeta):
    __name__ = 'ir.action'

    @classmethod
    def get_action_values(cls, type_, action_ids, columns=None):
        # A window on the page opens the user's own row: the web client
        # would otherwise show a form view as a new record.
        values = super().get_action_values(type_, action_ids, columns)
        if type_ == 'ir.action.act_window':
            for value in values:
                if value.get('res_model') == Home.__name__:
                    value['res_id'] = Transaction().user
        return values
