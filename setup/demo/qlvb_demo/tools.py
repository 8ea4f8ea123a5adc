"""Helpers for scenarios driven through proteus as the demo users."""
import contextlib
import re
import unittest

from proteus import Model
from proteus import config as pconfig
from trytond.exceptions import UserError, UserWarning
from trytond.i18n import gettext
from trytond.pyson import PYSONDecoder
from trytond.tests.test_tryton import drop_db
from trytond.tests.tools import activate_modules, set_user
from trytond.transaction import Transaction

from qlvb_demo import setup_demo
from qlvb_demo.flows import (
    TODAY, click, complete, direct, forward, give_number, new_incoming,
    record, seal, sign, submit)

# The users' acts live in qlvb_demo.flows (the demo month uses them too).
__all__ = ['TODAY', 'DemoScenario', 'accept_warning', 'activate_demo',
    'as_user', 'click', 'complete', 'direct', 'forward', 'give_number',
    'message',
    'new_incoming', 'queue', 'record', 'refused', 'seal', 'sign', 'submit']

MODULES = ['qlvb_dieuhanh']


def activate_demo():
    "Activate the module with the demo organisation; return {login: id}"
    config = activate_modules(MODULES, setup_demo)
    User = Model.get('res.user', config=config)
    return config, {u.login: u.id for u in User.find([])}


class DemoScenario(unittest.TestCase):
    "A scenario on its own database with the demo, played as its users"

    @classmethod
    def setUpClass(cls):
        drop_db()
        cls.config, cls.users = activate_demo()

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def login(self, login):
        return as_user(self.users, login, self.config)


def as_user(users, login, config=None):
    config = config or pconfig.get_config()
    set_user(users[login], config=config)
    return config


class _Placeholders(dict):
    "Variables of a message; those not given stay marked in its text"
    def __missing__(self, key):
        return '\0'


def message(message_id, **variables):
    """The text of the ir.message message_id rendered with variables in
    the language of the current proteus user, as an error shows it; a
    variable not given is rendered as a NUL character"""
    config = pconfig.get_config()
    language = config.context.get('language') or 'vi'
    with Transaction().start(config.database_name, 0, readonly=True,
            context={'language': language}):
        template = gettext(message_id)  # without variables: the template
    return template % _Placeholders(variables)


@contextlib.contextmanager
def refused(test, message_id, exception=UserError, **variables):
    """The block raises exception (a trytond error, as proteus raises it
    in-process) whose message is message_id rendered with variables;
    variables not given may be any text"""
    with test.assertRaises(exception) as error:
        yield error
    expected = message(message_id, **variables)
    if '\0' in expected:
        test.assertRegex(error.exception.message, '(?s)\\A%s\\Z' % '.+'.join(
                re.escape(p) for p in expected.split('\0')))
    else:
        test.assertEqual(error.exception.message, expected)


def accept_warning(test, action, *args):
    """The user is warned by action, accepts the warning as the web client
    does, and the action goes through"""
    with test.assertRaises(UserWarning) as warning:
        action(*args)
    Model.get('res.user.warning')._proxy.skip(
        warning.exception.name, False, {})
    return action(*args)


def queue(action_xml_id):
    """{tab name: (counter, ids of its list)} of a queue as the current user,
    evaluated as the web client does: the action's domain and each tab's."""
    config = pconfig.get_config()
    ModelData = Model.get('ir.model.data')
    ActWindow = Model.get('ir.action.act_window')
    TabDomain = Model.get('ir.action.act_window.domain')
    module, fs_id = action_xml_id.split('.')
    action = ActWindow(ModelData.get_id(module, fs_id, config.context))
    decoder = PYSONDecoder(dict(config.context, _user=config.user))
    base = decoder.decode(action.pyson_domain or '[]')
    Target = Model.get(action.res_model)
    result = {}
    for tab in TabDomain.find([('act_window', '=', action.id)]):
        domain = [base, decoder.decode(tab.domain or '[]')]
        ids = [r.id for r in Target.find(domain)]
        count = Target._proxy.search_count(domain, 0, None, config.context)
        result[tab.name] = (count, ids)
    if not result:
        ids = [r.id for r in Target.find(base)]
        result[None] = (
            Target._proxy.search_count(base, 0, None, config.context),
            ids)
    return result

