"""The users' acts on documents, driven through proteus as the current
proteus user (access and record rules apply): shared by the test scenarios
(qlvb_demo.tools) and the demo month (qlvb_demo.month). Imports nothing of
trytond's test tools, so scripts may use it on a real database."""
import datetime as dt
from zoneinfo import ZoneInfo

from proteus import Model, Wizard
from proteus import config as pconfig

# "Today" for the users: the companies work in Vietnam time.
TODAY = dt.datetime.now(ZoneInfo('Asia/Ho_Chi_Minh')).date()


def set_user(user_id, config=None):
    "Act as the user user_id with his preferences (as trytond's set_user)"
    config = config or pconfig.get_config()
    config.user = int(user_id)
    # Nothing of the previous user's context (his company, his employee)
    # may leak into the preferences read for this one.
    config._context = {}
    config._context = Model.get('res.user', config=config).get_preferences(
        True, {})
    return config


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
