"""Helpers for scenarios driven through proteus as the demo users."""
import contextlib
import datetime as dt
import re
import unittest
from zoneinfo import ZoneInfo

from proteus import Model, Wizard
from proteus import config as pconfig
from trytond.exceptions import UserError, UserWarning
from trytond.i18n import gettext
from trytond.pyson import PYSONDecoder
from trytond.tests.test_tryton import drop_db
from trytond.tests.tools import activate_modules, set_user
from trytond.transaction import Transaction

from qlvb_demo import setup_demo

MODULES = ['qlvb_dieuhanh']
# "Today" for the users: the companies work in Vietnam time.
TODAY = dt.datetime.now(ZoneInfo('Asia/Ho_Chi_Minh')).date()


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


def record(model, domain):
    "The one record of model matching domain (as the current user)"
    records = Model.get(model).find(domain)
    assert len(records) == 1, (model, domain, records)
    return records[0]


def new_incoming(subject, arrival_date=None, reference='01/CV-BNV',
        issue_date=None, issuer='BNV', **values):
    "A received document from an external agency, filled as a clerk does"
    Incoming = Model.get('qlvb.incoming')
    arrival_date = arrival_date or TODAY
    incoming = Incoming(subject=subject, reference=reference,
        arrival_date=arrival_date,
        issue_date=issue_date or arrival_date - dt.timedelta(days=2),
        issuer=record('qlvb.agency', [('abbreviation', '=', issuer)]),
        document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
        **values)
    incoming.save()
    return incoming


def accept_warning(test, action, *args):
    """The user is warned by action, accepts the warning as the web client
    does, and the action goes through"""
    with test.assertRaises(UserWarning) as warning:
        action(*args)
    Model.get('res.user.warning')._proxy.skip(
        warning.exception.name, False, {})
    return action(*args)


def submit(incoming, leader_id):
    wizard = Wizard('qlvb.incoming.submit', [incoming])
    wizard.form.leader = Model.get('res.user')(leader_id)
    wizard.execute('submit')
    incoming.reload()


def direct(incoming, direction, pass_to=None, lines=()):
    """lines: (role, department name or None, employee name or None,
    deadline)"""
    wizard = Wizard('qlvb.incoming.direct', [incoming])
    wizard.form.direction = direction
    if pass_to:
        wizard.form.pass_to = Model.get('res.user')(pass_to)
    for role, department, employee, deadline in lines:
        line = wizard.form.lines.new()
        line.role = role
        if department:
            line.department = record(
                'qlvb.department', [('name', '=', department)])
        if employee:
            line.employee = record(
                'company.employee', [('party.name', '=', employee)])
        line.deadline = deadline
    wizard.execute('direct')
    incoming.reload()


def forward(assignment, lines, note=None):
    "lines: (role, employee name, deadline)"
    wizard = Wizard('qlvb.incoming.assignment.forward', [assignment])
    wizard.form.note = note
    for role, employee, deadline in lines:
        line = wizard.form.lines.new()
        line.role = role
        line.employee = record(
            'company.employee', [('party.name', '=', employee)])
        line.deadline = deadline
    wizard.execute('forward')
    assignment.reload()


def complete(assignment, completion_date, result_note="Đã xử lý",
        late_reason=None, result_reference=None, backdate_reason=None):
    """The completion wizard; a completion_date before today is recorded by
    a leader or the clerk with backdate_reason"""
    wizard = Wizard('qlvb.incoming.assignment.complete', [assignment])
    wizard.form.completion_date = completion_date
    if backdate_reason:
        wizard.form.backdate_reason = backdate_reason
    wizard.form.result_note = result_note
    wizard.form.result_reference = result_reference
    if late_reason:
        wizard.form.late_reason = late_reason
    wizard.execute('complete')
    assignment.reload()


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


def sign(outgoing, passphrase=None, wizard='qlvb.outgoing.sign'):
    """The signing act of the current user on an outgoing document: the
    wizard shows what is signed, the signer gives his passphrase and
    confirms. Returns the wizard's form (what was shown)."""
    from qlvb_demo.pki import PASSPHRASE
    Outgoing = Model.get('qlvb.outgoing')
    act = Wizard(wizard, [Outgoing(int(outgoing))])
    shown = {'documents': act.form.documents,
        'certificate': act.form.certificate}
    act.form.passphrase = PASSPHRASE if passphrase is None else passphrase
    act.form.confirm = True
    act.execute('sign')
    return shown


def seal(outgoing, passphrase=None):
    """The clerk's act applying the organisation's seal, with the passphrase
    of the organisation's certificate"""
    return sign(outgoing, passphrase, wizard='qlvb.outgoing.seal')


def give_number(outgoing, register=None):
    """The clerk's numbering act: the wizard proposes a register of the
    document's issuing authority and the number it gives; the clerk keeps
    it or picks register, and confirms. Returns what was shown (issuer,
    register, reference)."""
    Outgoing = Model.get('qlvb.outgoing')
    act = Wizard('qlvb.outgoing.number', [Outgoing(int(outgoing))])
    shown = {'issuer': act.form.issuer, 'register': act.form.register,
        'reference': act.form.reference,
        'registers': list(act.form.registers)}
    if register is not None:
        act.form.register = register
    act.execute('number')
    return shown


def click(outgoing, button):
    """A step of an outgoing document's workflow as the current user; the
    signing and numbering acts go through their wizard (the demo
    passphrase, the proposed register)"""
    if button == 'sign':
        sign(outgoing)
    elif button == 'sign_organisation':
        seal(outgoing)
    elif button == 'give_number':
        give_number(outgoing)
    else:
        Model.get('qlvb.outgoing')(int(outgoing)).click(button)
