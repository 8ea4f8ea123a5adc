"""Processing assignments: the duties created by a leader's direction.

Each is one unit or person with a role and a deadline, with its own state
(directive fix 2): the same document can be done for one unit and overdue
for another. A department head's forwarding to his specialists creates child
assignments (person-level duties); per-unit statistics count only root
assignments, so the same work is never counted twice.
"""
from sql import Cast, Null
from sql.conditionals import Case, Coalesce

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.model.exceptions import AccessError
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.duty import (
    DutyActors, DutyMixin, check_actor, in_groups, may_act)
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.organisation import users_for
from trytond.modules.qlvb.rule import user_organisation
from trytond.modules.qlvb.timeliness import TimelinessMixin, finished_late
from trytond.modules.qlvb.workflow import from_states

from .exceptions import AssignmentError

# Who may record a completion at an earlier date than today (work done on
# paper, recorded afterwards); everyone else completes on the day.
BACKDATING_GROUPS = ['group_agency_leader', 'group_clerk']

ROLES = [
    ('lead', "Lead"),
    ('coordinate', "Coordinate"),
    ('inform', "For Information"),
    ]
# Assignments that are no duty any more: cancelled with their document,
# withdrawn by the leader who gave them, returned as misrouted by their
# assignee. They leave every queue, dashboard and statistic; the trail
# keeps their history.
VOID_STATES = ['cancelled', 'withdrawn', 'returned']
# The states a routing correction (withdraw, change) applies to.
CORRECTABLE_STATES = ['assigned', 'in_progress', 'read', 'returned']


class Assignment(DutyMixin, ExportAccessMixin, TimelinessMixin, Workflow,
        ModelSQL, ModelView):
    __name__ = 'qlvb.incoming.assignment'
    __string__ = "Processing Assignment"

    incoming = fields.Many2One(
        'qlvb.incoming', "Incoming Document", required=True,
        ondelete='CASCADE', readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        ondelete='RESTRICT')
    parent = fields.Many2One(
        'qlvb.incoming.assignment', "Forwarded From", readonly=True,
        ondelete='CASCADE',
        help="The department assignment this duty was forwarded from.")
    children = fields.One2Many(
        'qlvb.incoming.assignment', 'parent', "Forwarded To", readonly=True)
    role = fields.Selection(ROLES, "Role", required=True, readonly=True)
    role_string = role.translated('role')
    department = fields.Many2One(
        'qlvb.department', "Department", readonly=True, ondelete='RESTRICT')
    employee = fields.Many2One(
        'company.employee', "Official", readonly=True, ondelete='RESTRICT')
    deadline = fields.Date("Deadline", readonly=True)
    note = fields.Text("Note", readonly=True,
        help="The direction or forwarding note for this assignee.")
    # What the assignee works from, shown on the assignment's form.
    incoming_direction = fields.Function(
        fields.Text("Leader's Direction",
            help="The direction written by the leader on the document."),
        'get_incoming_document')
    incoming_file = fields.Function(
        fields.Binary("Document File", filename='incoming_filename'),
        'get_incoming_document')
    incoming_filename = fields.Function(
        fields.Char("Document File Name"), 'get_incoming_document')
    assigned_by = fields.Many2One('res.user', "Assigned By", readonly=True)
    assigned_at = fields.DateTime("Assigned At", readonly=True)
    state = fields.Selection([
            ('assigned', "Assigned"),
            ('in_progress', "In Progress"),
            ('read', "Read"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ('withdrawn', "Withdrawn"),
            ('returned', "Returned as Misrouted"),
            ], "State", readonly=True, required=True, sort=False)
    state_reason = fields.Text("Reason", readonly=True,
        states={'invisible': ~Eval('state').in_(['withdrawn', 'returned'])},
        help="Why the assignment was withdrawn or returned as misrouted.")
    giver = fields.Many2One('res.user', "Given By", readonly=True,
        help="The leader who gave the direction, or the head who forwarded "
        "the duty: he corrects it and receives it when it is returned.")
    replaced_by = fields.Many2One(
        'qlvb.incoming.assignment', "Replaced By", readonly=True,
        ondelete='SET NULL',
        states={'invisible': ~Eval('replaced_by')},
        help="The assignment given instead of this one when its unit or "
        "official was changed.")
    may_correct = fields.Function(
        fields.Boolean("May Withdraw or Change"), 'get_may_correct')
    may_return = fields.Function(
        fields.Boolean("May Return"), 'get_may_return')
    completion_date = fields.Date("Completion Date", readonly=True)
    completed_by = fields.Many2One('res.user', "Completed By", readonly=True)
    result_reference = fields.Char(
        "Reply Number and Symbol", readonly=True,
        help="Number and symbol of the outgoing document answering it.")
    result_date = fields.Date("Reply Date", readonly=True)
    result_note = fields.Text("Result", readonly=True)
    late_reason = fields.Text("Late Reason", readonly=True)
    proposal = fields.Many2One(
        'qlvb.incoming.assignment', "Proposed Result", readonly=True,
        ondelete='SET NULL',
        help="The specialist's completed duty whose result is offered to "
        "the unit: the head accepts it or sends it back.")
    mine = fields.Function(fields.Boolean("Mine"), 'get_mine',
        searcher='search_mine')
    my_department = fields.Function(
        fields.Boolean("My Department"), 'get_my_department',
        searcher='search_my_department')
    urgent = fields.Function(fields.Boolean("Urgent"), 'get_incoming_field',
        searcher='search_urgent')
    subject = fields.Function(fields.Text("Subject"), 'get_incoming_field')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('incoming')
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.incoming, Index.Equality())),
                Index(t, (t.department, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.employee, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.company, Index.Equality()),
                    (t.deadline, Index.Range())),
                # Open duties by deadline: the queues' timeliness tabs
                # (overdue, due soon) of a person or a department.
                Index(t, (t.employee, Index.Equality()),
                    (t.deadline, Index.Range()),
                    where=t.completion_date == Null),
                Index(t, (t.department, Index.Equality()),
                    (t.deadline, Index.Range()),
                    where=t.completion_date == Null),
                })
        # Urgent documents first in every queue, then by deadline.
        cls._order = [
            ('urgent', 'DESC NULLS LAST'),
            ('deadline', 'ASC NULLS LAST'),
            ('id', 'ASC'),
            ]
        cls._transitions |= {
            ('assigned', 'in_progress'),
            ('assigned', 'done'),
            ('in_progress', 'done'),
            ('assigned', 'read'),
            ('assigned', 'cancelled'),
            ('in_progress', 'cancelled'),
            # A result sent back by the head of the unit
            ('done', 'in_progress'),
            # Routing corrections (assignment_correction.py)
            *((s, 'withdrawn') for s in CORRECTABLE_STATES),
            ('assigned', 'returned'),
            ('in_progress', 'returned'),
            ('in_progress', 'assigned'),
            ('read', 'assigned'),
            ('returned', 'assigned'),
            }
        cls._buttons.update({
                'start': {
                    'invisible': ((Eval('state') != 'assigned')
                        | (Eval('role') == 'inform')),
                    'depends': ['state', 'role'],
                    },
                'forward': {
                    'invisible': (~Eval('state').in_(
                            ['assigned', 'in_progress'])
                        | (Eval('role') == 'inform')
                        | ~Eval('department')),
                    'depends': ['state', 'role', 'department'],
                    },
                'complete': {
                    'invisible': (~Eval('state').in_(
                            ['assigned', 'in_progress'])
                        | (Eval('role') == 'inform')),
                    'depends': ['state', 'role'],
                    },
                'accept_result': {
                    'invisible': (~Eval('state').in_(
                            ['assigned', 'in_progress'])
                        | ~Eval('proposal')),
                    'depends': ['state', 'proposal'],
                    },
                'send_back_result': {
                    'invisible': (~Eval('state').in_(
                            ['assigned', 'in_progress'])
                        | ~Eval('proposal')),
                    'depends': ['state', 'proposal'],
                    },
                'mark_read': {
                    'invisible': ((Eval('state') != 'assigned')
                        | (Eval('role') != 'inform')),
                    'depends': ['state', 'role'],
                    },
                # Shown to the people who may use them only; the server
                # checks them again (assignment_correction.py).
                'withdraw': {
                    'invisible': (~Eval('state').in_(CORRECTABLE_STATES)
                        | ~Eval('may_correct', False)),
                    'depends': ['state', 'may_correct'],
                    },
                'change': {
                    'invisible': (~Eval('state').in_(CORRECTABLE_STATES)
                        | ~Eval('may_correct', False)),
                    'depends': ['state', 'may_correct'],
                    },
                'return_misrouted': {
                    'invisible': (~Eval('state').in_(
                            ['assigned', 'in_progress'])
                        | ~Eval('may_return', False)),
                    'depends': ['state', 'may_return'],
                    },
                })

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        # Reading completes a for-information duty: those read before this
        # rule are dated by their last change (the reading).
        cursor.execute(*table.update([table.completion_date],
                [Cast(Coalesce(table.write_date, table.create_date),
                        'DATE')],
                where=(table.state == 'read')
                & (table.completion_date == Null)))
        # Who gave the assignments made before the giver was recorded: the
        # leader a direction was given for, the head who forwarded.
        Incoming = Pool().get('qlvb.incoming')
        incoming = Incoming.__table__()
        cursor.execute(*table.update([table.giver],
                [incoming.select(Coalesce(incoming.directed_on_behalf_of,
                            table.assigned_by),
                        where=incoming.id == table.incoming)],
                where=(table.giver == Null) & (table.parent == Null)))
        cursor.execute(*table.update([table.giver], [table.assigned_by],
                where=(table.giver == Null) & (table.parent != Null)))

    @classmethod
    def default_state(cls):
        return 'assigned'

    def today(self):
        "Today in the time zone of the duty's agency (Vietnam time)"
        with Transaction().set_context(company=self.company.id):
            return Pool().get('ir.date').today()

    @classmethod
    def _timeliness_expression(cls, table):
        "A void assignment is no duty: it has no timeliness class"
        return Case((table.state.in_(VOID_STATES), Null),
            else_=super()._timeliness_expression(table))

    @classmethod
    def search_timeliness(cls, name, clause):
        return [('state', 'not in', VOID_STATES),
            super().search_timeliness(name, clause)]

    def get_incoming_document(self, name):
        return getattr(self.incoming, {
                'incoming_direction': 'direction',
                'incoming_file': 'main_file',
                'incoming_filename': 'main_filename',
                }[name])

    def get_may_correct(self, name):
        return self.state in CORRECTABLE_STATES and self.may_correct_as()

    def get_may_return(self, name):
        return (self.state in {'assigned', 'in_progress'}
            and self.may_return_as())

    def may_correct_as(self):
        """Whether the user may withdraw or change the assignment: the
        leader who gave the direction (or an assistant serving him or his
        delegate, as for the direction itself), or for a forwarded duty the people of
        the unit's assignment it was forwarded from (its head, the agency
        leaders acting on record)"""
        user = Transaction().user
        if user == 0:
            return True
        giver = self.giver or self.assigned_by
        if giver and giver.id == user:
            return True
        if self.parent:
            return may_act(self.parent)
        # An assistant serving the giver, or his delegate.
        Delegation = Pool().get('qlvb.delegation')
        return Delegation.may_act_for(giver, 'direct')

    def check_correct(self):
        if not self.may_correct_as():
            giver = self.giver or self.assigned_by
            raise AccessError(gettext(
                    'qlvb_incoming.msg_correction_not_giver',
                    duty=self.rec_name,
                    giver=giver.rec_name if giver else ''))

    def may_return_as(self):
        """Whether the user may return the duty as misrouted: its assignee,
        i.e. the official of a personal duty or a head of the unit of a
        unit's duty (not the leaders above, who correct it instead)"""
        if Transaction().user == 0:
            return True
        employees, _, led = user_organisation()
        if self.employee:
            return self.employee.id in employees
        return bool(self.department and self.department.id in led)

    def check_return(self):
        if not self.may_return_as():
            raise AccessError(gettext(
                    'qlvb_incoming.msg_return_not_assignee',
                    duty=self.rec_name))

    def get_mine(self, name):
        return bool(self.employee
            and self.employee.id in user_organisation()[0])

    @classmethod
    def search_mine(cls, name, clause):
        employees = list(user_organisation()[0])
        if clause[1] == '=' and clause[2] or clause[1] == '!=' and not (
                clause[2]):
            return [('employee', 'in', employees)]
        return ['OR', ('employee', '=', None),
            ('employee', 'not in', employees)]

    def get_my_department(self, name):
        return bool(not self.employee and self.department
            and self.department.id in user_organisation()[1])

    @classmethod
    def search_my_department(cls, name, clause):
        departments = list(user_organisation()[1])
        domain = [('employee', '=', None), ('department', 'in', departments)]
        if clause[1] == '=' and clause[2] or clause[1] == '!=' and not (
                clause[2]):
            return domain
        return ['NOT', domain]

    @classmethod
    def search_urgent(cls, name, clause):
        return [('incoming.urgency.urgent',) + tuple(clause[1:])]

    @classmethod
    def order_urgent(cls, tables):
        pool = Pool()
        Incoming = pool.get('qlvb.incoming')
        Urgency = pool.get('qlvb.urgency')
        table, _ = tables[None]
        if 'incoming' not in tables:
            incoming = Incoming.__table__()
            urgency = Urgency.__table__()
            tables['incoming'] = {
                None: (incoming, incoming.id == table.incoming),
                'urgency': {
                    None: (urgency, urgency.id == incoming.urgency),
                    },
                }
        urgency, _ = tables['incoming']['urgency'][None]
        return [urgency.sequence]

    @classmethod
    def get_incoming_field(cls, assignments, names):
        return {name: {a.id: getattr(a.incoming, name) for a in assignments}
            for name in names}

    def duty_actors(self):
        "The official assigned, the head of the unit, the agency leaders"
        return DutyActors(
            employees={self.employee} if self.employee else set(),
            heads={self.department} if self.department else set(),
            company=self.company)

    def get_rec_name(self, name):
        assignee = self.employee or self.department
        return '%s - %s' % (
            assignee.rec_name if assignee else '', self.incoming.rec_name)

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and values.get('incoming'):
            Incoming = Pool().get('qlvb.incoming')
            values.setdefault(
                'company', Incoming(values['incoming']).company.id)
        return values

    @classmethod
    def validate_fields(cls, assignments, field_names):
        super().validate_fields(assignments, field_names)
        for assignment in assignments:
            assignment._check_assignee()
            assignment._check_deadline()
        if field_names is None or field_names & {
                'incoming', 'parent', 'department', 'employee', 'state'}:
            for assignment in assignments:
                assignment._check_unique_assignee()

    def _check_assignee(self):
        if not (self.department or self.employee):
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_assignment_no_assignee'))
        company = self.incoming.company
        if self.department and (
                self.department.agency.company != company):
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_assignment_outside_agency',
                    assignee=self.department.rec_name,
                    document=self.incoming.rec_name))
        if self.employee and self.employee.company != company:
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_assignment_outside_agency',
                    assignee=self.employee.rec_name,
                    document=self.incoming.rec_name))

    def _check_unique_assignee(self):
        """A direction (or a forwarding) names each unit or person once,
        with one role: per-unit statistics count one row per assignment"""
        if self.state in VOID_STATES:
            return
        if self.employee:
            assignee = [('employee', '=', self.employee.id)]
        else:
            assignee = [('employee', '=', None),
                ('department', '=', self.department.id)]
        with without_check_access():
            others = self.search([
                    ('incoming', '=', self.incoming.id),
                    ('parent', '=', self.parent.id if self.parent else None),
                    ('state', 'not in', VOID_STATES),
                    ('id', '!=', self.id),
                    *assignee,
                    ], limit=1)
        if others:
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_assignment_duplicate',
                    assignee=(self.employee or self.department).rec_name,
                    document=self.incoming.rec_name))

    def _check_deadline(self):
        if not self.deadline:
            return
        if self.deadline < self.incoming.arrival_date:
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_deadline_before_arrival',
                    deadline=self.deadline,
                    arrival_date=self.incoming.arrival_date))
        if (self.parent and self.parent.deadline
                and self.deadline > self.parent.deadline):
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_deadline_after_parent',
                    deadline=self.deadline,
                    parent_deadline=self.parent.deadline))

    @classmethod
    def _progress(cls, assignments):
        Incoming = Pool().get('qlvb.incoming')
        Incoming.update_progress(list({a.incoming for a in assignments}))

    @classmethod
    def check_modification(cls, mode, assignments, values=None,
            external=False):
        super().check_modification(
            mode, assignments, values=values, external=external)
        # Assignments change only through the direction, forwarding and
        # completion actions, which are logged.
        if external:
            raise AccessError(gettext(
                    'qlvb_incoming.msg_assignment_actions_only'))

    @classmethod
    @ModelView.button
    @from_states('assigned')
    @Workflow.transition('in_progress')
    def start(cls, assignments):
        check_actor(assignments)

    @classmethod
    def on_modification(cls, mode, assignments, field_names=None):
        super().on_modification(mode, assignments, field_names=field_names)
        if mode == 'write' and 'state' in (field_names or ()):
            cls._progress(assignments)

    @classmethod
    @ModelView.button
    @Workflow.transition('read')
    def mark_read(cls, assignments):
        "Reading is what a for-information duty asks: it completes it"
        check_actor(assignments)
        for assignment in assignments:
            cls.write([assignment], {
                    'completion_date': assignment.today(),
                    'completed_by': Transaction().user,
                    })

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_assignment_forward')
    def forward(cls, assignments):
        pass

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_assignment_complete')
    def complete(cls, assignments):
        pass

    @classmethod
    @from_states('assigned', 'in_progress')
    @Workflow.transition('done')
    def do_complete(cls, assignments, completion_date=None, result_note=None,
            result_reference=None, result_date=None, late_reason=None,
            backdate_reason=None, **values):
        """Record the result; a completion after the deadline needs a reason.
        The completion is dated today unless completion_date is earlier
        (see check_completion_date). Modules that link the result to a
        record pass it in values."""
        Step = Pool().get('qlvb.incoming.circulation')
        check_actor(assignments)
        dates = {}
        for assignment in assignments:
            if not (result_note or result_reference):
                raise AssignmentError(gettext(
                        'qlvb_incoming.msg_assignment_result_required'))
            date = dates[assignment] = assignment.check_completion_date(
                completion_date, backdate_reason)
            if (finished_late(assignment.deadline, date)
                    and not (late_reason or '').strip()):
                raise AssignmentError(gettext(
                        'qlvb_incoming.msg_late_reason_required',
                        deadline=assignment.deadline))
        for assignment, date in dates.items():
            cls.write([assignment], {
                    'completion_date': date,
                    'completed_by': Transaction().user,
                    'result_note': result_note,
                    'result_reference': result_reference,
                    'result_date': result_date,
                    'late_reason': late_reason or None,
                    'proposal': None,
                    **values,
                    })
            if date < assignment.today():
                Step.log([assignment.incoming], 'backdate',
                    note=gettext('qlvb_incoming.msg_trail_backdated',
                        duty=assignment.rec_name, date=date,
                        reason=backdate_reason.strip()))
        cls._propose_results(list(dates))

    @classmethod
    def _propose_results(cls, assignments):
        """Offer the result of a specialist's lead duty to the unit's
        assignment it was forwarded from, and tell the head of the unit"""
        for child in assignments:
            parent = child.parent
            if (child.role != 'lead' or not parent
                    or parent.state not in {'assigned', 'in_progress'}):
                continue
            cls.write([parent], {'proposal': child.id})
            for user in users_for([], [parent.department]):
                cls.notify_user([parent], 'tryton-notification',
                    gettext('qlvb_incoming.msg_notify_result_proposed',
                        assignee=(child.employee or child.department
                            ).rec_name),
                    parent.incoming.rec_name, user=user.id)

    def proposed_result(self):
        "The keyword arguments of do_complete taking the proposed result"
        child = self.proposal
        return {
            'result_note': child.result_note,
            'result_reference': child.result_reference,
            'result_date': child.result_date,
            'late_reason': child.late_reason,
            }

    @classmethod
    def _check_proposal(cls, assignments):
        for assignment in assignments:
            if not assignment.proposal:
                raise AssignmentError(gettext(
                        'qlvb_incoming.msg_assignment_no_proposal',
                        duty=assignment.rec_name))

    @classmethod
    @ModelView.button
    @from_states('assigned', 'in_progress')
    def accept_result(cls, assignments):
        """The head takes the specialist's result as the unit's: the unit's
        assignment completes today with it"""
        cls._check_proposal(assignments)
        for assignment in assignments:
            cls.do_complete([assignment], **assignment.proposed_result())

    @classmethod
    @ModelView.button_action(
        'qlvb_incoming.wizard_assignment_send_back_result')
    def send_back_result(cls, assignments):
        pass

    @classmethod
    @from_states('assigned', 'in_progress')
    def do_send_back_result(cls, assignments, reason):
        """The head refuses the proposed result: the specialist's duty
        reopens and he is told why"""
        Step = Pool().get('qlvb.incoming.circulation')
        check_actor(assignments)
        if not (reason or '').strip():
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_send_back_reason_required'))
        cls._check_proposal(assignments)
        children = [a.proposal for a in assignments]
        cls.write(list(assignments), {'proposal': None})
        cls.reopen(children)
        for child in children:
            users = users_for([child.employee],
                [] if child.employee else [child.department])
            Step.log([child.incoming], 'send_back', to_users=users[:1],
                note=reason)
            for user in users:
                cls.notify_user([child], 'tryton-notification',
                    gettext('qlvb_incoming.msg_notify_result_sent_back'),
                    reason, user=user.id)

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_assignment_withdraw')
    def withdraw(cls, assignments):
        pass

    @classmethod
    @ModelView.button_action('qlvb_incoming.wizard_assignment_change')
    def change(cls, assignments):
        pass

    @classmethod
    @ModelView.button_action(
        'qlvb_incoming.wizard_assignment_return_misrouted')
    def return_misrouted(cls, assignments):
        pass

    @classmethod
    @Workflow.transition('withdrawn')
    def mark_withdrawn(cls, assignments, reason):
        "No duty any more (assignment_correction.withdraw)"
        cls.write(assignments, {'state_reason': reason, 'proposal': None})

    @classmethod
    @Workflow.transition('returned')
    def mark_returned(cls, assignments, reason):
        "Returned as misrouted (assignment_correction.return_misrouted)"
        cls.write(assignments, {'state_reason': reason, 'proposal': None})

    @classmethod
    @Workflow.transition('assigned')
    def restart(cls, assignments):
        "Given again after a correction: a new duty for its assignee"
        cls.write(assignments, {
                'state_reason': None,
                'proposal': None,
                'completion_date': None,
                'completed_by': None,
                'late_reason': None,
                })

    @classmethod
    @Workflow.transition('in_progress')
    def reopen(cls, assignments):
        cls.write(assignments, {
                'completion_date': None,
                'completed_by': None,
                'late_reason': None,
                })

    def check_completion_date(self, date=None, reason=None):
        """Return the date a completion of the duty is recorded at.

        Completion is an act dated by the server: today in Vietnam time.
        Only a leader or the clerk records an earlier date (work finished
        on paper), with a reason; never before the document arrived, never
        in the future."""
        today = self.today()
        date = date or today
        if date > today:
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_completion_future',
                    date=date, today=today))
        if date < self.incoming.arrival_date:
            raise AssignmentError(gettext(
                    'qlvb_incoming.msg_completion_before_arrival',
                    date=date, arrival_date=self.incoming.arrival_date,
                    document=self.incoming.rec_name))
        if date < today:
            if not may_backdate():
                raise AssignmentError(gettext(
                        'qlvb_incoming.msg_completion_backdate_forbidden',
                        date=date, today=today))
            if not (reason or '').strip():
                raise AssignmentError(gettext(
                        'qlvb_incoming.msg_completion_backdate_reason',
                        date=date))
        return date


def may_backdate():
    "Whether the user may record a completion at an earlier date"
    return in_groups('qlvb', BACKDATING_GROUPS)
