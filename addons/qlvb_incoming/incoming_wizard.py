"""Actions on an incoming document that ask the user for something: submit
to a leader, the leader's direction (bút phê), return, reject, cancel."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.picker import officials
from trytond.modules.qlvb.workflow import check_state

from .assignment import ROLES
from .exceptions import DirectionError

DIRECTABLE = {'registered', 'submitted', 'returned'}


def _leader_domain(field='leader'):
    return [
        ('groups', 'in', [Eval('leader_group', -1)]),
        ('companies', 'in', [Eval('company', -1)]),
        officials(field),
        ]


class SubmitStart(ModelView):
    __name__ = 'qlvb.incoming.submit.start'
    __string__ = "Submit for Direction"

    company = fields.Many2One('company.company', "Company", readonly=True)
    leader_group = fields.Many2One('res.group', "Leader Group", readonly=True)
    leader = fields.Many2One('res.user', "Leader", required=True,
        domain=_leader_domain())
    note = fields.Text("Note")


class Submit(Wizard):
    "Submit the document to the leader who directs its handling"
    __name__ = 'qlvb.incoming.submit'
    start = StateView('qlvb.incoming.submit.start',
        'qlvb_incoming.incoming_submit_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Submit", 'submit', 'tryton-ok', default=True),
            ])
    submit = StateTransition()

    def default_start(self, fields):
        ModelData = Pool().get('ir.model.data')
        return {
            'company': self.record.company.id,
            'leader_group': ModelData.get_id(
                'qlvb', 'group_agency_leader'),
            }

    def transition_submit(self):
        Incoming = Pool().get('qlvb.incoming')
        # Passing a submitted document on is the direction's.
        check_state([self.record], {'registered', 'returned'})
        Incoming.submit_to_leader([self.record], self.start.leader,
            note=self.start.note)
        return 'end'


class DirectStart(ModelView):
    __name__ = 'qlvb.incoming.direct.start'
    __string__ = "Direct Handling"

    incoming = fields.Many2One('qlvb.incoming', "Document", readonly=True)
    company = fields.Many2One('company.company', "Company", readonly=True)
    leader_group = fields.Many2One('res.group', "Leader Group", readonly=True)
    leader = fields.Many2One('res.user', "Leader", required=True,
        domain=_leader_domain(),
        help="The leader giving the direction; an assistant records it on "
        "the leader's behalf.")
    direction = fields.Text("Direction", required=True)
    pass_to = fields.Many2One('res.user', "Pass On To",
        domain=_leader_domain('pass_to'),
        help="Pass the document to another leader to direct, instead of "
        "assigning units now.")
    lines = fields.One2Many('qlvb.incoming.direct.line', None, "Assignments",
        states={'invisible': Bool(Eval('pass_to'))},
        # Lines choose among the document's agency, not the user's.
        context={'qlvb_company': Eval('company', -1)}, depends=['company'])


class AgencyLineMixin:
    """A line of a direction or forwarding: it chooses departments and
    officials of the document's agency (passed as `qlvb_company`)."""
    __slots__ = ()
    company = fields.Many2One('company.company', "Company", readonly=True)

    @classmethod
    def default_role(cls):
        return 'lead'

    @classmethod
    def default_company(cls):
        context = Transaction().context
        return context.get('qlvb_company') or context.get('company')


class DirectLine(AgencyLineMixin, ModelView):
    __name__ = 'qlvb.incoming.direct.line'
    __string__ = "Direction Line"

    role = fields.Selection(ROLES, "Role", required=True)
    department = fields.Many2One('qlvb.department', "Department",
        domain=[('agency.company', '=', Eval('company', -1))])
    employee = fields.Many2One('company.employee', "Official",
        domain=[('company', '=', Eval('company', -1))])
    working_days = fields.Integer("Working Days",
        domain=[If(Bool(Eval('working_days')),
                ('working_days', '>', 0), ())],
        help="Deadline as a number of working days from today.")
    deadline = fields.Date("Deadline")
    note = fields.Char("Note")

    @fields.depends('working_days')
    def on_change_working_days(self):
        if self.working_days:
            pool = Pool()
            Calendar = pool.get('qlvb.working_calendar')
            Date = pool.get('ir.date')
            self.deadline = Calendar.add_working_days(
                Date.today(), self.working_days)


class Direct(Wizard):
    "The leader's direction: write it and assign the handling"
    __name__ = 'qlvb.incoming.direct'
    start = StateView('qlvb.incoming.direct.start',
        'qlvb_incoming.incoming_direct_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Direct", 'direct', 'tryton-ok', default=True),
            ])
    direct = StateTransition()

    def default_start(self, fields):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        incoming = self.record
        Delegation = pool.get('qlvb.delegation')
        user = Transaction().user
        leader = incoming.directing_leader
        # An assistant or a delegate directs for the leader it waits for.
        if (leader and leader.id != user
                and Delegation.may_act_for(leader, 'direct')):
            leader_id = leader.id
        else:
            leader_id = user
        return {
            'incoming': incoming.id,
            'company': incoming.company.id,
            'leader_group': ModelData.get_id(
                'qlvb', 'group_agency_leader'),
            'leader': leader_id,
            }

    def transition_direct(self):
        direct(self.record, self.start.leader, self.start.direction,
            pass_to=self.start.pass_to, lines=[{
                    'role': l.role, 'department': l.department,
                    'employee': l.employee, 'deadline': l.deadline,
                    'note': l.note} for l in self.start.lines])
        return 'end'


def direct(incoming, leader, direction, pass_to=None, lines=()):
    """Record a leader's direction: pass the document on to another leader,
    or create the processing assignments. Raises when the document was
    already directed."""
    pool = Pool()
    Incoming = pool.get('qlvb.incoming')
    Delegation = pool.get('qlvb.delegation')
    check_state([incoming], DIRECTABLE,
        message='qlvb_incoming.msg_already_directed')
    if not (direction or '').strip():
        raise DirectionError(gettext('qlvb_incoming.msg_direction_required'))
    leaders = pool.get('ir.model.data').get_id('qlvb', 'group_agency_leader')
    if leaders not in {g.id for g in leader.groups}:
        raise DirectionError(gettext(
                'qlvb_incoming.msg_direction_leader_required',
                leader=leader.rec_name))
    # The leader himself, an assistant serving him, or his delegate.
    on_behalf_of, delegation = Delegation.acting_for(leader, 'direct',
        'qlvb_incoming.msg_direction_no_delegation',
        {'leader': leader.rec_name})
    # Under a delegation the direction shows both names.
    author = delegation.signature if delegation else leader.rec_name
    text = f'{author}: {direction.strip()}'
    incoming.direction = '\n'.join(filter(None, [incoming.direction, text]))
    incoming.save()
    if pass_to:
        Incoming.submit_to_leader([incoming], pass_to, note=direction,
            kind='pass', on_behalf_of=on_behalf_of, delegation=delegation)
        assignments = []
    else:
        assignments = Incoming.assign_handling([incoming], lines,
            note=direction, on_behalf_of=on_behalf_of,
            delegation=delegation)
    if delegation:
        delegation.record_act('direct', incoming, direction.strip())
    return assignments


class ReasonStart(ModelView):
    __name__ = 'qlvb.incoming.reason.start'
    __string__ = "Reason"

    reason = fields.Text("Reason", required=True)


class _ReasonWizard(Wizard):
    start = StateView('qlvb.incoming.reason.start',
        'qlvb_incoming.incoming_reason_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("OK", 'apply', 'tryton-ok', default=True),
            ])
    apply = StateTransition()


class Return(_ReasonWizard):
    "Return the document to the clerk"
    __name__ = 'qlvb.incoming.return'

    def transition_apply(self):
        Incoming = Pool().get('qlvb.incoming')
        Incoming.do_return(list(self.records), self.start.reason)
        return 'end'


class Reject(_ReasonWizard):
    "Reject a document sent to the wrong agency or invalid"
    __name__ = 'qlvb.incoming.reject'

    def transition_apply(self):
        Incoming = Pool().get('qlvb.incoming')
        Incoming.do_reject(list(self.records), self.start.reason)
        return 'end'


class Cancel(_ReasonWizard):
    "Cancel a registration; its arrival number stays in the register"
    __name__ = 'qlvb.incoming.cancel'

    def transition_apply(self):
        Incoming = Pool().get('qlvb.incoming')
        Incoming.do_cancel(list(self.records), self.start.reason)
        return 'end'
