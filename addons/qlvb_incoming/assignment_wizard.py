"""Actions on an assignment that ask for input: a department head forwards
it to his specialists; an assignee completes it with the result."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.duty import check_actor
from trytond.modules.qlvb.organisation import users_for
from trytond.modules.qlvb.timeliness import finished_late
from trytond.modules.qlvb.workflow import check_state

from .assignment import may_backdate
from .exceptions import AssignmentError
from .incoming_wizard import AgencyLineMixin, _ReasonWizard


class ForwardStart(ModelView):
    __name__ = 'qlvb.incoming.assignment.forward.start'
    __string__ = "Forward Assignment"

    assignment = fields.Many2One(
        'qlvb.incoming.assignment', "Assignment", readonly=True)
    company = fields.Many2One('company.company', "Company", readonly=True)
    max_deadline = fields.Date("Own Deadline", readonly=True)
    note = fields.Text("Note")
    lines = fields.One2Many(
        'qlvb.incoming.assignment.forward.line', None, "Forward To",
        # Lines choose among the document's agency, not the user's.
        context={'qlvb_company': Eval('company', -1)}, depends=['company'])


class ForwardLine(AgencyLineMixin, ModelView):
    __name__ = 'qlvb.incoming.assignment.forward.line'
    __string__ = "Forward Line"

    role = fields.Selection([
            ('lead', "Lead"),
            ('coordinate', "Coordinate"),
            ], "Role", required=True)
    employee = fields.Many2One('company.employee', "Official",
        domain=[('company', '=', Eval('company', -1))])
    department = fields.Many2One('qlvb.department', "Department",
        domain=[('agency.company', '=', Eval('company', -1))])
    deadline = fields.Date("Deadline")


class Forward(Wizard):
    "Forward a department's assignment to its specialists"
    __name__ = 'qlvb.incoming.assignment.forward'
    start = StateView('qlvb.incoming.assignment.forward.start',
        'qlvb_incoming.assignment_forward_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Forward", 'forward', 'tryton-ok', default=True),
            ])
    forward = StateTransition()

    def default_start(self, fields):
        return {
            'assignment': self.record.id,
            'company': self.record.company.id,
            'max_deadline': self.record.deadline,
            }

    def transition_forward(self):
        forward(self.record, [{
                    'role': l.role, 'employee': l.employee,
                    'department': l.department, 'deadline': l.deadline,
                    } for l in self.start.lines], self.start.note)
        return 'end'


def forward(assignment, lines, note=None):
    """Create the specialists' duties under a department assignment; the
    forwarding itself is a trail step, not a duty."""
    pool = Pool()
    Assignment = pool.get('qlvb.incoming.assignment')
    Step = pool.get('qlvb.incoming.circulation')
    check_state([assignment], {'assigned', 'in_progress'})
    check_actor([assignment])
    if not lines:
        raise AssignmentError(gettext(
                'qlvb_incoming.msg_forward_no_line'))
    now = dt.datetime.now()
    user = Transaction().user
    children = Assignment.create([{
                'incoming': assignment.incoming.id,
                'parent': assignment.id,
                'role': l['role'],
                'employee': l['employee'].id if l.get('employee') else None,
                'department': (l['department'].id if l.get('department')
                    else assignment.department.id if assignment.department
                    else None),
                'deadline': l.get('deadline') or assignment.deadline,
                'note': note,
                'giver': user,
                'assigned_by': user,
                'assigned_at': now,
                } for l in lines])
    if assignment.state == 'assigned':
        Assignment.start([assignment])
    for child in children:
        users = users_for([child.employee],
            [] if child.employee else [child.department])
        Step.log([assignment.incoming], 'forward',
            to_users=users[:1] if child.employee else [],
            to_departments=[] if child.employee else [child.department],
            note=note)
        for target in users:
            Assignment.notify_user([child], 'tryton-notification',
                gettext('qlvb_incoming.msg_notify_assigned',
                    role=child.role_string),
                assignment.incoming.rec_name, user=target.id)
    return children


class CompleteStart(ModelView):
    __name__ = 'qlvb.incoming.assignment.complete.start'
    __string__ = "Complete Assignment"

    incoming = fields.Many2One('qlvb.incoming', "Document", readonly=True)
    company = fields.Many2One('company.company', "Company", readonly=True)
    deadline = fields.Date("Deadline", readonly=True)
    today = fields.Date("Today", readonly=True)
    may_backdate = fields.Boolean("May Record an Earlier Date", readonly=True)
    # Today; a leader or the clerk may record an earlier date (the server
    # checks it again: assignment.check_completion_date).
    completion_date = fields.Date("Completion Date", required=True,
        states={'readonly': ~Eval('may_backdate', False)})
    backdated = fields.Function(fields.Boolean("Earlier Date"),
        'on_change_with_backdated')
    backdate_reason = fields.Text("Reason for the Earlier Date",
        states={
            'invisible': ~Eval('backdated', False),
            'required': Bool(Eval('backdated', False)),
            })
    result_reference = fields.Char(
        "Reply Number and Symbol",
        help="Number and symbol of the outgoing document answering it.")
    result_date = fields.Date("Reply Date")
    result_note = fields.Text("Result")
    late = fields.Function(fields.Boolean("Late"), 'on_change_with_late')
    late_reason = fields.Text("Late Reason",
        states={
            'invisible': ~Eval('late', False),
            'required': Bool(Eval('late', False)),
            })

    @fields.depends('deadline', 'completion_date')
    def on_change_with_late(self, name=None):
        return finished_late(self.deadline, self.completion_date)

    @fields.depends('today', 'completion_date')
    def on_change_with_backdated(self, name=None):
        return bool(self.today and self.completion_date
            and self.completion_date < self.today)


class Complete(Wizard):
    "Complete an assignment with its result"
    __name__ = 'qlvb.incoming.assignment.complete'
    start = StateView('qlvb.incoming.assignment.complete.start',
        'qlvb_incoming.assignment_complete_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Complete", 'complete', 'tryton-ok', default=True),
            ])
    complete = StateTransition()

    def default_start(self, fields):
        today = self.record.today()
        values = {
            'incoming': self.record.incoming.id,
            'company': self.record.company.id,
            'deadline': self.record.deadline,
            'today': today,
            'may_backdate': may_backdate(),
            'completion_date': today,
            }
        if self.record.proposal:
            # The head completes with the specialist's result, as offered.
            values.update({name: getattr(value, 'id', value)
                    for name, value in self.record.proposed_result().items()
                    if name != 'late_reason'})
        return values

    def completion_values(self):
        "The keyword arguments of do_complete, from the form"
        return {
            'result_note': self.start.result_note,
            'result_reference': self.start.result_reference,
            'result_date': self.start.result_date,
            'late_reason': self.start.late_reason,
            'backdate_reason': self.start.backdate_reason,
            }

    def transition_complete(self):
        Assignment = Pool().get('qlvb.incoming.assignment')
        Assignment.do_complete([self.record], self.start.completion_date,
            **self.completion_values())
        return 'end'


class SendBackResult(_ReasonWizard):
    "Send the proposed result back to the specialist with a reason"
    __name__ = 'qlvb.incoming.assignment.send_back_result'

    def transition_apply(self):
        Assignment = Pool().get('qlvb.incoming.assignment')
        Assignment.do_send_back_result([self.record], self.start.reason)
        return 'end'
