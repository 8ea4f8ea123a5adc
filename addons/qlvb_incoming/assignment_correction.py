"""Correcting routing: a wrong direction is withdrawn or changed by the
leader who gave it, a misrouted duty is returned by its assignee to whoever
gave it. Each correction has a reason, is a step of the document's trail and
is notified to the people concerned; a withdrawn or returned assignment is
void (assignment.VOID_STATES): it leaves the queues and is never counted.

Who corrects: the giver of the assignment (the leader of the direction, an
assistant on his behalf as for the direction itself; for a forwarded duty the
head of the unit who forwarded it). Who returns: the assignee (the official of
a personal duty, a head of the unit of a unit's duty). The clerk does neither:
he registers and submits, the leaders route."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.organisation import users_for
from trytond.modules.qlvb.workflow import check_state

from .assignment import CORRECTABLE_STATES, ROLES, VOID_STATES
from .exceptions import AssignmentError
from .incoming_wizard import _ReasonWizard

# The documents whose routing can still be corrected.
ROUTED_STATES = {'directed', 'in_progress'}


def _reason(reason):
    reason = (reason or '').strip()
    if not reason:
        raise AssignmentError(gettext(
                'qlvb_incoming.msg_correction_reason_required'))
    return reason


def _assignees(assignment):
    "The users of the assignee: the official, or the unit's heads"
    return users_for([assignment.employee],
        [] if assignment.employee else [assignment.department])


def _summary(assignment):
    "The assignee, role and deadline of an assignment, as a trail reads"
    Lang = Pool().get('ir.lang')
    assignee = assignment.employee or assignment.department
    return gettext('qlvb_incoming.msg_correction_summary',
        assignee=assignee.rec_name if assignee else '',
        role=assignment.role_string,
        deadline=Lang.get().strftime(assignment.deadline)
        if assignment.deadline else '-')


def _on_behalf_of(assignment):
    "The giver when someone else (an assistant, a head) corrects for him"
    giver = assignment.giver or assignment.assigned_by
    if giver and giver.id != Transaction().user:
        return giver


def _open_descendants(assignments):
    "The duties forwarded from assignments, at any depth, not done nor void"
    result, todo = [], list(assignments)
    while todo:
        children = [c for a in todo for c in a.children
            if c.state not in VOID_STATES and c.state != 'done']
        result.extend(children)
        todo = children
    return result


def _void(assignments, transition, reason):
    """Make assignments and their open forwarded duties void; return the
    forwarded duties made void with them"""
    Assignment = Pool().get('qlvb.incoming.assignment')
    children = _open_descendants(assignments)
    if assignments:
        getattr(Assignment, transition)(list(assignments), reason)
    if children:
        Assignment.mark_withdrawn(children, reason)
    # The proposal of a duty made void is no proposal any more.
    parents = [a.parent for a in list(assignments) + children
        if a.parent and a.parent.proposal == a]
    if parents:
        Assignment.write(parents, {'proposal': None})
    return children


def _notify(assignments, label, description):
    Assignment = Pool().get('qlvb.incoming.assignment')
    for assignment in assignments:
        for user in _assignees(assignment):
            Assignment.notify_user([assignment], 'tryton-notification',
                label, description, user=user.id)


def _log(assignment, kind, note, to_users=None):
    "A trail step of a correction, to the assignee (or to_users)"
    Step = Pool().get('qlvb.incoming.circulation')
    if to_users is None:
        to_users = _assignees(assignment)[:1] if assignment.employee else []
        departments = [] if assignment.employee else [assignment.department]
    else:
        departments = []
    Step.log([assignment.incoming], kind, to_users=to_users,
        to_departments=departments, note=note,
        on_behalf_of=_on_behalf_of(assignment) if kind != 'return_duty'
        else None)


def _check(assignments, states):
    check_state(assignments, states)
    check_state([a.incoming for a in assignments], ROUTED_STATES)


def withdraw(assignments, reason):
    """The giver withdraws assignments (and the duties forwarded from
    them): they are void, the trail says why, their people are told"""
    Assignment = Pool().get('qlvb.incoming.assignment')
    assignments = list(assignments)
    _check(assignments, CORRECTABLE_STATES)
    for assignment in assignments:
        assignment.check_correct()
        if assignment.replaced_by:
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_correction_replaced',
                    duty=assignment.rec_name,
                    other=assignment.replaced_by.rec_name))
    reason = _reason(reason)
    children = _void(assignments, 'mark_withdrawn', reason)
    for assignment in assignments:
        _log(assignment, 'withdraw', gettext(
                'qlvb_incoming.msg_trail_withdrawn',
                duty=_summary(assignment), reason=reason))
    _notify(assignments + children,
        gettext('qlvb_incoming.msg_notify_withdrawn'), reason)
    Assignment._progress(assignments)


def change(assignment, reason, department=None, employee=None, role=None,
        deadline=None):
    """The giver changes an assignment: another unit or official (the
    assignment is withdrawn and a new one given in its place), or another
    role or deadline for the same assignee (changed in place; another role
    makes it a new duty). A returned assignment given again to the same
    assignee is given anew. Return the assignment now in force."""
    Assignment = Pool().get('qlvb.incoming.assignment')
    _check([assignment], CORRECTABLE_STATES)
    assignment.check_correct()
    reason = _reason(reason)
    role = role or assignment.role
    if assignment.replaced_by:
        raise AssignmentError(gettext(
                'qlvb_incoming.msg_correction_replaced',
                duty=assignment.rec_name,
                other=assignment.replaced_by.rec_name))
    if assignment.parent and role == 'inform':
        raise AssignmentError(gettext(
                'qlvb_incoming.msg_forward_role_inform'))
    if not (department or employee):
        raise AssignmentError(gettext(
                'qlvb_incoming.msg_assignment_no_assignee'))
    same = (employee == assignment.employee
        and (department == assignment.department or (
                employee and not department)))
    returned = assignment.state == 'returned'
    if (same and not returned and role == assignment.role
            and deadline == assignment.deadline):
        raise AssignmentError(gettext('qlvb_incoming.msg_change_nothing',
                duty=assignment.rec_name))
    before = _summary(assignment)
    if same:
        current = assignment
        new_role = role != assignment.role
        # A duty for information is not forwarded.
        children = (_void_forwarded(assignment, reason)
            if new_role and role == 'inform' else [])
        Assignment.write([assignment], {'role': role, 'deadline': deadline})
        if returned or new_role:
            Assignment.restart([assignment])
        if deadline:
            _cap_forwarded(assignment, deadline)
        _notify([current], gettext('qlvb_incoming.msg_notify_changed',
                summary=_summary(current)), reason)
        _notify(children, gettext('qlvb_incoming.msg_notify_withdrawn'),
            reason)
    else:
        parent = assignment.parent
        giver = assignment.giver or assignment.assigned_by
        children = [] if returned else _void(
            [assignment], 'mark_withdrawn', reason)
        current, = Assignment.create([{
                    'incoming': assignment.incoming.id,
                    'parent': parent.id if parent else None,
                    'role': role,
                    'department': department.id if department else (
                        parent.department.id
                        if parent and parent.department else None),
                    'employee': employee.id if employee else None,
                    'deadline': deadline,
                    'note': assignment.note,
                    'giver': giver.id if giver else None,
                    'assigned_by': Transaction().user,
                    'assigned_at': dt.datetime.now(),
                    }])
        Assignment.write([assignment], {'replaced_by': current.id})
        if not returned:
            _notify([assignment] + children,
                gettext('qlvb_incoming.msg_notify_withdrawn'), reason)
        _notify([current], gettext('qlvb_incoming.msg_notify_assigned',
                role=current.role_string), current.incoming.rec_name)
    _log(current, 'change', gettext('qlvb_incoming.msg_trail_changed',
            before=before, after=_summary(current), reason=reason))
    Assignment._progress([current])
    return current


def _void_forwarded(assignment, reason):
    "Withdraw the open duties forwarded from assignment"
    Assignment = Pool().get('qlvb.incoming.assignment')
    children = _open_descendants([assignment])
    if children:
        Assignment.mark_withdrawn(children, reason)
    if assignment.proposal:
        Assignment.write([assignment], {'proposal': None})
    return children


def _cap_forwarded(assignment, deadline):
    "The open duties forwarded from assignment end by its new deadline"
    Assignment = Pool().get('qlvb.incoming.assignment')
    later = [c for c in _open_descendants([assignment])
        if c.deadline and c.deadline > deadline]
    if later:
        Assignment.write(later, {'deadline': deadline})


def return_misrouted(assignments, reason):
    """The assignee returns a misrouted duty to whoever gave it: the duty
    (and what its unit forwarded of it) is void and waits in the giver's
    queue to be routed again; the giver is told why"""
    Assignment = Pool().get('qlvb.incoming.assignment')
    assignments = list(assignments)
    _check(assignments, {'assigned', 'in_progress'})
    for assignment in assignments:
        assignment.check_return()
    reason = _reason(reason)
    children = _void(assignments, 'mark_returned', reason)
    for assignment in assignments:
        giver = assignment.giver or assignment.assigned_by
        _log(assignment, 'return_duty', gettext(
                'qlvb_incoming.msg_trail_returned',
                duty=_summary(assignment), reason=reason),
            to_users=[giver] if giver else [])
        if giver:
            Assignment.notify_user([assignment], 'tryton-notification',
                gettext('qlvb_incoming.msg_notify_returned',
                    assignee=(assignment.employee
                        or assignment.department).rec_name),
                reason, user=giver.id)
    _notify(children, gettext('qlvb_incoming.msg_notify_withdrawn'),
        reason)
    Assignment._progress(assignments)


class Withdraw(_ReasonWizard):
    "Withdraw an assignment given by mistake, with the reason"
    __name__ = 'qlvb.incoming.assignment.withdraw'

    def transition_apply(self):
        withdraw(list(self.records), self.start.reason)
        return 'end'


class ReturnMisrouted(_ReasonWizard):
    "Return a misrouted duty to whoever gave it, with the reason"
    __name__ = 'qlvb.incoming.assignment.return_misrouted'

    def transition_apply(self):
        return_misrouted(list(self.records), self.start.reason)
        return 'end'


class ChangeStart(ModelView):
    __name__ = 'qlvb.incoming.assignment.change.start'
    __string__ = "Change Assignment"

    assignment = fields.Many2One(
        'qlvb.incoming.assignment', "Assignment", readonly=True)
    company = fields.Many2One('company.company', "Company", readonly=True)
    forwarded = fields.Boolean("Forwarded", readonly=True)
    department = fields.Many2One('qlvb.department', "Department",
        domain=[('agency.company', '=', Eval('company', -1))])
    employee = fields.Many2One('company.employee', "Official",
        domain=[('company', '=', Eval('company', -1))])
    role = fields.Selection(ROLES, "Role", required=True,
        domain=[If(Eval('forwarded', False),
                ('role', 'in', ['lead', 'coordinate']), ())])
    deadline = fields.Date("Deadline")
    reason = fields.Text("Reason", required=True,
        help="Why the assignment is changed: it is written on the trail "
        "and sent to the people concerned.")


class Change(Wizard):
    "Change the unit, official, role or deadline of an assignment"
    __name__ = 'qlvb.incoming.assignment.change'
    start = StateView('qlvb.incoming.assignment.change.start',
        'qlvb_incoming.assignment_change_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Change", 'apply', 'tryton-ok', default=True),
            ])
    apply = StateTransition()

    def default_start(self, fields):
        record = self.record
        return {
            'assignment': record.id,
            'company': record.company.id,
            'forwarded': bool(record.parent),
            'department': record.department.id
            if record.department else None,
            'employee': record.employee.id if record.employee else None,
            'role': record.role,
            'deadline': record.deadline,
            }

    def transition_apply(self):
        change(self.record, self.start.reason,
            department=self.start.department, employee=self.start.employee,
            role=self.start.role, deadline=self.start.deadline)
        return 'end'
