"""Tasks assigned by the Provincial People's Committee (nhiệm vụ UBND tỉnh,
Chủ tịch UBND tỉnh giao), from a source to a lead unit with coordinating
units and a deadline, followed by the Office until accepted or closed.

State changes go through logged workflow actions (ir.model.log); progress
reports, extension requests and transfers are records of their own, so the
whole history stays on the task.
"""
import datetime as dt
from collections import defaultdict
from itertools import chain

from dateutil.relativedelta import relativedelta
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.model import (
    ChatMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction, without_check_access

from trytond.modules.qlvb.duty import DutyActors, DutyMixin, check_actor
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.picker import officials
from trytond.modules.qlvb.rule import user_organisation
from trytond.modules.qlvb.workflow import (
    WorkflowFieldsMixin, check_state, from_states)
from trytond.modules.qlvb.timeliness import (
    CLASSES, TimelinessMixin, finished_late, timeliness_case,
    timeliness_window)

from .exceptions import TaskError

STATES = [
    ('assigned', "Assigned"),
    ('in_progress', "In Progress"),
    ('reported', "Reported Done"),
    ('returned', "Returned"),
    ('closure_proposed', "Closure Proposed"),
    ('finished', "Finished"),
    ('closed', "Closed"),
    ('transferred', "Transferred"),
    ('cancelled', "Cancelled"),
    ]
# The unit still has to act on these.
OPEN = ['assigned', 'in_progress', 'returned', 'closure_proposed']
# Done for the unit; 'reported' waits for the Office's decision.
DONE = ['finished', 'closed']
SOURCES = [
    ('directive', "Directive"),
    ('decision', "Decision"),
    ('meeting', "Meeting Conclusion"),
    ('incoming', "Incoming Document"),
    ('programme', "Programme or Plan"),
    ('none', "None"),
    ]
AUTHORITIES = [
    ('province', "Provincial People's Committee"),
    ('chairman', "Chairman"),
    ('vice_chairman', "Vice-Chairman"),
    ]
PRIORITIES = [
    ('normal', "Normal"),
    ('high', "High"),
    ('urgent', "Urgent"),
    ]
RECURRENCES = [
    (None, ""),
    ('monthly', "Monthly"),
    ('quarterly', "Quarterly"),
    ('yearly', "Yearly"),
    ]
RECURRENCE_MONTHS = {'monthly': 1, 'quarterly': 3, 'yearly': 12}

_DRAFT = {'readonly': ~Eval('state').in_(['assigned'])}


class TaskCategory(ModelSQL, ModelView):
    "Suggested deadline for a kind of task (directive §5.4: a reasonable time"
    " fitting its nature, sensitivity and complexity)"
    __name__ = 'qlvb.task.category'
    __string__ = "Task Category"

    name = fields.Char("Nature", required=True, translate=True)
    sensitivity = fields.Selection([
            ('normal', "Normal"),
            ('sensitive', "Sensitive"),
            ], "Sensitivity", required=True)
    complexity = fields.Selection([
            ('simple', "Simple"),
            ('normal', "Normal"),
            ('complex', "Complex"),
            ], "Complexity", required=True)
    days = fields.Integer("Working Days", required=True,
        domain=[('days', '>', 0)],
        help="Deadline suggested for such a task, in working days from "
        "its assignment.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('category_unique', Unique(t, t.name, t.sensitivity,
                    t.complexity), 'qlvb_task.msg_task_category_unique'),
            ]
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_sensitivity(cls):
        return 'normal'

    @classmethod
    def default_complexity(cls):
        return 'normal'

    def get_rec_name(self, name):
        return '%s (%s, %s)' % (self.name,
            self.sensitivity_string, self.complexity_string)

    sensitivity_string = sensitivity.translated('sensitivity')
    complexity_string = complexity.translated('complexity')


class Task(ExportAccessMixin, DutyMixin, WorkflowFieldsMixin, TimelinessMixin,
        ChatMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'qlvb.task'
    __string__ = "Task"
    _system_fields = {'state', 'progress', 'last_update',
        'completion_date', 'result_note', 'result_reference', 'late_reason',
        'late_reason_valid', 'unjustified_delay', 'decision_note',
        'transferred_to', 'transferred_from', 'extension_count',
        'previous_occurrence', 'reminders'}

    company = fields.Many2One(
        'company.company', "Assigning Office", required=True,
        ondelete='RESTRICT', states=_DRAFT,
        help="The company of the office that follows the task.")
    item = fields.Char("Item", states=_DRAFT,
        help="Number of the item in the source, e.g. 5.1.")
    name = fields.Char("Title", required=True, states=_DRAFT)
    content = fields.Text("Content", states=_DRAFT)
    source_kind = fields.Selection(SOURCES, "Source", required=True,
        states=_DRAFT)
    source_reference = fields.Char("Source Number and Symbol",
        states={
            'readonly': _DRAFT['readonly'],
            'invisible': Eval('source_kind') == 'none',
            })
    source_date = fields.Date("Source Date",
        states={
            'readonly': _DRAFT['readonly'],
            'invisible': Eval('source_kind') == 'none',
            })
    source_title = fields.Char("Source Title",
        states={
            'readonly': _DRAFT['readonly'],
            'invisible': Eval('source_kind') == 'none',
            })
    source_incoming = fields.Many2One('qlvb.incoming', "Incoming Document",
        ondelete='RESTRICT',
        states={
            'readonly': _DRAFT['readonly'],
            'invisible': Eval('source_kind') != 'incoming',
            })
    authority = fields.Selection(AUTHORITIES, "Assigning Authority",
        required=True, states=_DRAFT)
    signer = fields.Char("Signer", states=_DRAFT)
    priority = fields.Selection(PRIORITIES, "Priority", required=True,
        states=_DRAFT)
    lead_agency = fields.Many2One('qlvb.agency', "Lead Agency",
        required=True, ondelete='RESTRICT',
        domain=[('internal', '=', True)],
        states={'readonly': Eval('id', -1) >= 0})
    lead_department = fields.Many2One('qlvb.department', "Lead Department",
        ondelete='RESTRICT',
        domain=[('agency', '=', Eval('lead_agency', -1))],
        states={'readonly': Eval('id', -1) >= 0},
        help="A department of the lead agency, when the task goes to one.")
    coordinating_agencies = fields.Many2Many(
        'qlvb.task-coordinating.agency', 'task', 'agency',
        "Coordinating Agencies", domain=[('internal', '=', True)],
        states=_DRAFT)
    coordinating_departments = fields.Many2Many(
        'qlvb.task-coordinating.department', 'task', 'department',
        "Coordinating Departments", states=_DRAFT)
    focal_person = fields.Many2One('res.user', "Focal Person",
        ondelete='SET NULL', domain=[officials('focal_person')],
        help="The official of the lead unit who follows the task; "
        "reminded with the head of the unit.")
    follow_up_user = fields.Many2One('res.user', "Followed Up By",
        ondelete='SET NULL',
        help="The official of the assigning office who follows the task.")

    category = fields.Many2One('qlvb.task.category', "Category",
        ondelete='RESTRICT', states=_DRAFT,
        help="Suggests the deadline from the nature, sensitivity and "
        "complexity of the task.")
    assignment_date = fields.Date("Assignment Date", required=True,
        states=_DRAFT)
    deadline_days = fields.Integer("Deadline in Working Days",
        domain=[If(Bool(Eval('deadline_days')),
                ('deadline_days', '>', 0), ())],
        states=_DRAFT)
    deadline = fields.Date("Deadline", states=_DRAFT)
    original_deadline = fields.Date("Original Deadline", readonly=True,
        help="The deadline first given; extensions change only the "
        "deadline.")
    extension_count = fields.Integer("Extensions", readonly=True)

    recurrence = fields.Selection(RECURRENCES, "Recurrence", states=_DRAFT,
        help="Each occurrence is a task of its own, generated by a "
        "scheduled action on its assignment date.")
    recurrence_end = fields.Date("Recurrence End", states={
            'invisible': ~Eval('recurrence'),
            'readonly': _DRAFT['readonly'],
            })
    previous_occurrence = fields.Many2One('qlvb.task', "Previous Occurrence",
        readonly=True, ondelete='SET NULL')

    state = fields.Selection(STATES, "State", readonly=True, required=True,
        sort=False)
    progress = fields.Integer("Progress (%)", readonly=True)
    last_update = fields.Date("Last Updated", readonly=True,
        help="Date of the last progress report of a unit.")
    completion_date = fields.Date("Completion Date", readonly=True)
    result_note = fields.Text("Result", readonly=True)
    result_reference = fields.Char("Result Document", readonly=True,
        help="Number and symbol of the document reporting the result.")
    late_reason = fields.Text("Late Reason", readonly=True)
    late_reason_valid = fields.Boolean("Late Reason Accepted", readonly=True)
    unjustified_delay = fields.Boolean("Unjustified Delay", readonly=True,
        help="Accepted after its deadline without a reason the office "
        "judged valid.")
    decision_note = fields.Text("Office Decision", readonly=True,
        help="The reason of the last return, closure or refusal.")
    transferred_to = fields.Many2One('qlvb.task', "Transferred To",
        readonly=True, ondelete='RESTRICT')
    transferred_from = fields.Many2One('qlvb.task', "Transferred From",
        readonly=True, ondelete='RESTRICT')

    progress_updates = fields.One2Many('qlvb.task.progress', 'task',
        "Progress Updates",
        states={'readonly': ~Eval('state').in_(OPEN)})
    extensions = fields.One2Many('qlvb.task.extension', 'task',
        "Extension Requests",
        states={'readonly': ~Eval('state').in_(OPEN)})
    reminders = fields.One2Many('qlvb.reminder', 'task', "Reminders",
        readonly=True)
    timeliness_original = fields.Function(
        fields.Selection(CLASSES, "Timeliness Against Original Deadline",
            help="As if no extension had been granted."),
        'get_timeliness_original', searcher='search_timeliness_original')
    lead_unit = fields.Function(fields.Char("Lead Unit"), 'get_lead_unit')
    my_unit = fields.Function(fields.Boolean("My Unit"), 'get_my_unit',
        searcher='search_my_unit')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.lead_agency, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.lead_department, Index.Equality())),
                Index(t, (t.company, Index.Equality()),
                    (t.deadline, Index.Range())),
                Index(t, (t.assignment_date, Index.Range())),
                Index(t, (t.last_update, Index.Range())),
                })
        cls._order = [
            ('deadline', 'ASC NULLS LAST'),
            ('id', 'ASC'),
            ]
        cls._transitions |= {
            ('assigned', 'in_progress'),
            ('assigned', 'reported'),
            ('in_progress', 'reported'),
            ('returned', 'reported'),
            ('returned', 'in_progress'),
            ('reported', 'finished'),
            ('reported', 'returned'),
            ('assigned', 'closure_proposed'),
            ('in_progress', 'closure_proposed'),
            ('returned', 'closure_proposed'),
            ('closure_proposed', 'closed'),
            ('closure_proposed', 'in_progress'),
            ('assigned', 'transferred'),
            ('in_progress', 'transferred'),
            ('returned', 'transferred'),
            ('assigned', 'cancelled'),
            }
        unit_open = ~Eval('state').in_(['assigned', 'in_progress',
                'returned'])
        cls._buttons.update({
                'start': {
                    'invisible': Eval('state') != 'assigned',
                    'depends': ['state'],
                    },
                'report': {
                    'invisible': unit_open,
                    'depends': ['state'],
                    },
                'propose_closure': {
                    'invisible': unit_open,
                    'depends': ['state'],
                    },
                'review': {
                    'invisible': Eval('state') != 'reported',
                    'depends': ['state'],
                    },
                'send_back': {
                    'invisible': ~Eval('state').in_(
                        ['reported', 'closure_proposed']),
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'closure_proposed',
                    'depends': ['state'],
                    },
                'transfer': {
                    'invisible': unit_open,
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'assigned',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'assigned'

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_source_kind(cls):
        return 'directive'

    @classmethod
    def default_authority(cls):
        return 'chairman'

    @classmethod
    def default_priority(cls):
        return 'normal'

    @classmethod
    def default_assignment_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_extension_count(cls):
        return 0

    @classmethod
    def default_progress(cls):
        return 0

    @classmethod
    def default_follow_up_user(cls):
        return Transaction().user or None

    @fields.depends('category', 'deadline_days')
    def on_change_category(self):
        if self.category:
            self.deadline_days = self.category.days
            self.on_change_deadline_days()

    @fields.depends('deadline_days', 'assignment_date')
    def on_change_deadline_days(self):
        if self.deadline_days and self.assignment_date:
            Calendar = Pool().get('qlvb.working_calendar')
            self.deadline = Calendar.add_working_days(
                self.assignment_date, self.deadline_days)

    @fields.depends(methods=['on_change_deadline_days'])
    def on_change_assignment_date(self):
        self.on_change_deadline_days()

    @fields.depends('lead_agency', 'lead_department')
    def on_change_lead_agency(self):
        if (self.lead_department
                and self.lead_department.agency != self.lead_agency):
            self.lead_department = None

    def get_rec_name(self, name):
        parts = []
        if self.source_reference:
            parts.append(self.source_reference
                + (' (%s)' % self.item if self.item else ''))
        elif self.item:
            parts.append(self.item)
        parts.append(self.name)
        return ' - '.join(parts)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('name', operator, operand, *extra),
            ('source_reference', operator, operand, *extra),
            ('item', operator, operand, *extra),
            ]

    @classmethod
    def original_timeliness_expression(cls, table, today, until):
        "The shared timeliness rule applied to the original deadline"
        return timeliness_case(
            Coalesce(table.original_deadline, table.deadline),
            table.completion_date, today, until)

    @classmethod
    def get_timeliness_original(cls, tasks, name):
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        expression = cls.original_timeliness_expression(
            table, *timeliness_window())
        result = {}
        for sub in grouped_slice([t.id for t in tasks]):
            cursor.execute(*table.select(table.id, expression,
                    where=reduce_ids(table.id, sub)))
            result.update(cursor)
        return result

    @classmethod
    def search_timeliness_original(cls, name, clause):
        _, operator, value = clause[:3]
        table = cls.__table__()
        expression = cls.original_timeliness_expression(
            table, *timeliness_window())
        values = [value] if isinstance(value, str) else list(value or [])
        if operator not in {'=', 'in', '!=', 'not in'}:
            return [('id', '=', -1)]
        where = expression.in_(values)
        if operator in {'!=', 'not in'}:
            where = ~where
        return [('id', 'in', table.select(table.id, where=where))]

    def get_lead_unit(self, name):
        if self.lead_department:
            return '%s - %s' % (
                self.lead_department.rec_name, self.lead_agency.rec_name)
        return self.lead_agency.rec_name

    def get_my_unit(self, name):
        return self.is_member(self)

    @classmethod
    def search_my_unit(cls, name, clause):
        agencies, departments = user_units()
        domain = ['OR',
            [('lead_department', '=', None),
                ('lead_agency', 'in', list(agencies))],
            ('lead_department', 'in', list(departments)),
            ]
        if clause[1] == '=' and clause[2] or clause[1] == '!=' and not (
                clause[2]):
            return domain
        return ['NOT', domain]

    @staticmethod
    def is_member(task, coordinating=False):
        "Whether the user belongs to the lead (or a coordinating) unit"
        agencies, departments = user_units()
        if task.lead_department:
            if task.lead_department.id in departments:
                return True
        elif task.lead_agency.id in agencies:
            return True
        if coordinating:
            return bool(
                {a.id for a in task.coordinating_agencies} & agencies
                or {d.id for d in task.coordinating_departments}
                & departments)
        return False

    @classmethod
    def validate_fields(cls, tasks, field_names):
        super().validate_fields(tasks, field_names)
        if field_names & {'deadline', 'assignment_date', 'lead_agency',
                'lead_department', 'recurrence_end'}:
            for task in tasks:
                task.check_deadline()

    def check_deadline(self):
        if self.deadline and self.deadline < self.assignment_date:
            raise TaskError(gettext(
                    'qlvb_task.msg_task_deadline_before_assignment',
                    task=self.rec_name, deadline=self.deadline,
                    assignment_date=self.assignment_date))
        if (self.lead_department
                and self.lead_department.agency != self.lead_agency):
            raise TaskError(gettext(
                    'qlvb_task.msg_task_department_agency',
                    department=self.lead_department.rec_name,
                    agency=self.lead_agency.rec_name))

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            if values.get('deadline_days') and not values.get('deadline'):
                Calendar = Pool().get('qlvb.working_calendar')
                start = values.get('assignment_date') or (
                    cls.default_assignment_date())
                values['deadline'] = Calendar.add_working_days(
                    start, values['deadline_days'])
            values.setdefault('original_deadline', values.get('deadline'))
        return values

    @classmethod
    def check_modification(cls, mode, tasks, values=None, external=False):
        super().check_modification(
            mode, tasks, values=values, external=external)
        if mode == 'delete' and external:
            for task in tasks:
                if task.state != 'assigned' or task.progress_updates:
                    raise AccessError(gettext(
                            'qlvb_task.msg_task_delete',
                            task=task.rec_name))
        if (mode == 'write' and external and Transaction().user
                and not is_office()):
            # Units act through the buttons; from the form they may only
            # name their focal person and add progress reports or
            # extension requests (checked by those models).
            values = values or {}
            only_new = all(action[0] == 'create'
                for name in ['progress_updates', 'extensions']
                for action in values.get(name, []))
            for task in tasks:
                if (set(values) - {'focal_person', 'progress_updates',
                            'extensions'}
                        or not only_new
                        or ('focal_person' in values
                            and not cls.is_member(task))
                        or ('extensions' in values
                            and not cls.is_member(task))
                        or not cls.is_member(task, coordinating=True)):
                    raise AccessError(gettext(
                            'qlvb_task.msg_task_office_only',
                            task=task.rec_name))
        if mode == 'write' and external and values and (
                'deadline' in values) and any(
                t.state != 'assigned' for t in tasks):
            raise AccessError(gettext(
                    'qlvb_task.msg_task_deadline_by_extension'))

    @classmethod
    def copy(cls, tasks, default=None):
        default = default.copy() if default else {}
        for name in ['progress_updates', 'extensions', 'reminders',
                'completion_date', 'result_note', 'result_reference',
                'late_reason', 'decision_note', 'transferred_to',
                'transferred_from', 'last_update', 'previous_occurrence']:
            default.setdefault(name, None)
        default.setdefault('state', 'assigned')
        default.setdefault('progress', 0)
        default.setdefault('extension_count', 0)
        default.setdefault('unjustified_delay', False)
        default.setdefault('late_reason_valid', False)
        return super().copy(tasks, default=default)

    # --- checks shared by the actions ------------------------------------

    def duty_actors(self, coordinating=False):
        """The lead unit (with the coordinating units when they act too),
        the heads above it and the leaders of the lead agency"""
        actors = DutyActors(company=self.lead_agency.company)
        units = [(self.lead_department, self.lead_agency)]
        if coordinating:
            units += [(d, None) for d in self.coordinating_departments]
            units += [(None, a) for a in self.coordinating_agencies]
        for department, agency in units:
            if department:
                actors.departments.add(department)
                actors.heads.add(department)
            else:
                actors.agencies.add(agency)
        return actors

    @classmethod
    def _check_member(cls, tasks, coordinating=False):
        "The people of the task act on it; the assigning office as well"
        if Transaction().user == 0 or is_office():
            return
        check_actor(tasks, coordinating=coordinating)

    state_string = state.translated('state')

    # --- actions of the lead unit ----------------------------------------

    @classmethod
    @ModelView.button
    @from_states('assigned')
    @Workflow.transition('in_progress')
    def start(cls, tasks):
        cls._check_member(tasks)

    @classmethod
    @ModelView.button_action('qlvb_task.wizard_task_report')
    def report(cls, tasks):
        pass

    @classmethod
    @from_states('assigned', 'in_progress', 'returned')
    @Workflow.transition('reported')
    def do_report(cls, tasks, completion_date, result_note=None,
            result_reference=None, late_reason=None):
        "The lead unit reports the task done; late needs a reason"
        cls._check_member(tasks)
        if not ((result_note or '').strip()
                or (result_reference or '').strip()):
            raise TaskError(gettext('qlvb_task.msg_task_result_required'))
        today = Pool().get('ir.date').today()
        if completion_date > today:
            raise TaskError(gettext(
                    'qlvb_task.msg_task_completion_future',
                    date=completion_date))
        for task in tasks:
            if completion_date < task.assignment_date:
                raise TaskError(gettext(
                        'qlvb_task.msg_task_completion_before_assignment',
                        task=task.rec_name))
            if (finished_late(task.deadline, completion_date)
                    and not (late_reason or '').strip()):
                raise TaskError(gettext(
                        'qlvb_task.msg_task_late_reason_required',
                        task=task.rec_name, deadline=task.deadline))
        with without_check_access():
            cls.write(tasks, {
                    'completion_date': completion_date,
                    'result_note': result_note,
                    'result_reference': result_reference,
                    'late_reason': (late_reason or '').strip() or None,
                    'progress': 100,
                    'last_update': today,
                    })
        cls._notify_office(tasks, 'qlvb_task.msg_notify_task_reported')

    @classmethod
    @ModelView.button_action('qlvb_task.wizard_task_propose_closure')
    def propose_closure(cls, tasks):
        pass

    @classmethod
    @from_states('assigned', 'in_progress', 'returned')
    @Workflow.transition('closure_proposed')
    def do_propose_closure(cls, tasks, reason):
        cls._check_member(tasks)
        _require_reason(reason)
        with without_check_access():
            cls.write(tasks, {'decision_note': reason})
        cls._notify_office(tasks, 'qlvb_task.msg_notify_task_closure')

    # --- actions of the assigning office ---------------------------------

    @classmethod
    @ModelView.button_action('qlvb_task.wizard_task_review')
    def review(cls, tasks):
        pass

    @classmethod
    @from_states('reported')
    @Workflow.transition('finished')
    def do_accept(cls, tasks, late_reason_valid=False, note=None):
        """Accept the reported result. A late completion whose reason the
        office does not accept as valid is an unjustified delay."""
        decisions = defaultdict(list)  # (valid, unjustified): tasks
        for task in tasks:
            late = finished_late(task.deadline, task.completion_date)
            valid = bool(late and late_reason_valid and task.late_reason)
            decisions[(valid, late and not valid)].append(task)
        with without_check_access():
            cls.write(*chain.from_iterable(
                    (group, {
                            'late_reason_valid': valid,
                            'unjustified_delay': unjustified,
                            'decision_note': note or None,
                            })
                    for (valid, unjustified), group in decisions.items()))
        cls._notify_unit(tasks, 'qlvb_task.msg_notify_task_finished')

    @classmethod
    @ModelView.button_action('qlvb_task.wizard_task_send_back')
    def send_back(cls, tasks):
        pass

    @classmethod
    def do_send_back(cls, tasks, reason):
        """Return a reported result (the unit goes on working) or refuse a
        closure proposal"""
        check_state(tasks, {'reported', 'closure_proposed'})
        _require_reason(reason)
        reported = [t for t in tasks if t.state == 'reported']
        proposed = [t for t in tasks if t.state == 'closure_proposed']
        with without_check_access():
            if reported:
                cls.return_result(reported, reason)
            if proposed:
                cls.refuse_closure(proposed, reason)
        cls._notify_unit(tasks, 'qlvb_task.msg_notify_task_returned')

    @classmethod
    @Workflow.transition('returned')
    def return_result(cls, tasks, reason):
        "The reported result is not accepted: the unit goes on working"
        cls.write(tasks, {
                'completion_date': None,
                'decision_note': reason,
                })

    @classmethod
    @Workflow.transition('in_progress')
    def refuse_closure(cls, tasks, reason):
        "The closure proposal is refused: the unit goes on working"
        cls.write(tasks, {'decision_note': reason})

    @classmethod
    @ModelView.button
    @from_states('closure_proposed')
    @Workflow.transition('closed')
    def close(cls, tasks):
        "Accept a closure proposal: the task no longer needs doing"
        today = Pool().get('ir.date').today()
        for task in tasks:
            cls.write([task], {
                    'completion_date': max(today, task.assignment_date),
                    })

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, tasks):
        pass

    @classmethod
    @ModelView.button_action('qlvb_task.wizard_task_transfer')
    def transfer(cls, tasks):
        pass

    @classmethod
    @from_states('assigned', 'in_progress', 'returned')
    @Workflow.transition('transferred')
    def do_transfer(cls, tasks, agency, department=None, reason=None):
        """Hand the task over to another unit: the new unit gets a task of
        its own with the same deadline, this one stays as history."""
        for task in tasks:
            if (task.lead_agency == agency
                    and task.lead_department == department):
                raise TaskError(gettext(
                        'qlvb_task.msg_task_transfer_same_unit',
                        task=task.rec_name))
        if department and department.agency != agency:
            raise TaskError(gettext(
                    'qlvb_task.msg_task_department_agency',
                    department=department.rec_name, agency=agency.rec_name))
        _require_reason(reason)
        new_tasks = []
        with without_check_access():
            for task in tasks:
                new, = cls.copy([task], default={
                        'lead_agency': agency.id,
                        'lead_department': department.id
                        if department else None,
                        'focal_person': None,
                        'original_deadline': task.original_deadline,
                        'extension_count': task.extension_count,
                        'transferred_from': task.id,
                        'decision_note': reason,
                        'recurrence': None,
                        })
                cls.write([task], {
                        'transferred_to': new.id,
                        'decision_note': reason,
                        })
                new_tasks.append(new)
        cls._notify_unit(new_tasks, 'qlvb_task.msg_notify_task_assigned')
        return new_tasks

    # --- recurring tasks -------------------------------------------------

    @classmethod
    def generate_occurrences(cls, date=None):
        """Create the next occurrence of every recurring series whose next
        assignment date has come (called daily by a scheduled action).

        Each occurrence is a task of its own: assigned one period after the
        previous one, due the same number of working days later (or one
        period later, moved to the next working day)."""
        pool = Pool()
        Date = pool.get('ir.date')
        Calendar = pool.get('qlvb.working_calendar')
        date = date or Transaction().context.get('qlvb_today') or Date.today()
        created = []
        while True:
            # The last occurrence of each series: nobody follows it.
            latest = cls.search([
                    ('recurrence', '!=', None),
                    ('state', '!=', 'cancelled'),
                    ('transferred_from', '=', None),
                    ])
            followed = {t.previous_occurrence.id for t in cls.search([
                        ('previous_occurrence', 'in', [t.id for t in latest]),
                        ])}
            to_create = []
            for task in latest:
                if task.id in followed:
                    continue
                months = RECURRENCE_MONTHS[task.recurrence]
                # Count from the first occurrence, so that a deadline moved
                # off a holiday does not shift the following ones.
                first, count = task, 1
                while first.previous_occurrence:
                    first, count = first.previous_occurrence, count + 1
                shift = relativedelta(months=months * count)
                start = first.assignment_date + shift
                if start > date or (
                        task.recurrence_end and start > task.recurrence_end):
                    continue
                if task.deadline_days:
                    deadline = Calendar.add_working_days(
                        start, task.deadline_days)
                elif first.original_deadline or first.deadline:
                    deadline = (first.original_deadline or first.deadline
                        ) + shift
                    while not Calendar.is_working_day(deadline):
                        deadline += dt.timedelta(days=1)
                else:
                    deadline = None
                to_create.append((task, start, deadline))
            if not to_create:
                break
            for task, start, deadline in to_create:
                new, = cls.copy([task], default={
                        'assignment_date': start,
                        'deadline': deadline,
                        'original_deadline': deadline,
                        'previous_occurrence': task.id,
                        })
                created.append(new)
        if created:
            cls._notify_unit(created, 'qlvb_task.msg_notify_task_assigned')
        return created

    # --- notifications ---------------------------------------------------

    @classmethod
    def _notify_unit(cls, tasks, message):
        for task in tasks:
            for user in unit_heads(task) + (
                    [task.focal_person] if task.focal_person else []):
                cls.notify_user([task], 'tryton-notification',
                    gettext(message), task.rec_name, user=user.id)

    @classmethod
    def _notify_office(cls, tasks, message):
        for task in tasks:
            if task.follow_up_user:
                cls.notify_user([task], 'tryton-notification',
                    gettext(message), task.rec_name,
                    user=task.follow_up_user.id)

    @classmethod
    def on_modification(cls, mode, tasks, field_names=None):
        super().on_modification(mode, tasks, field_names=field_names)
        if mode == 'create':
            cls._notify_unit(tasks, 'qlvb_task.msg_notify_task_assigned')
        if mode == 'write' and field_names and 'deadline' in field_names:
            to_fix = [t for t in tasks if t.state == 'assigned'
                and not t.extension_count
                and t.original_deadline != t.deadline]
            for task in to_fix:
                cls.write([task], {'original_deadline': task.deadline})


def _require_reason(reason):
    if not (reason or '').strip():
        raise TaskError(gettext('qlvb_task.msg_task_reason_required'))


def user_units():
    "Return (agency ids, department ids) of the user's current posts"
    Post = Pool().get('qlvb.post')
    employees = user_organisation()[0]
    if not employees:
        return set(), set()
    with without_check_access():
        posts = Post.active_posts(list(employees))
    return ({p.agency.id for p in posts},
        {p.department.id for p in posts if p.department})


def is_office():
    "Whether the user follows tasks for the assigning office"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    User = pool.get('res.user')
    group = ModelData.get_id('qlvb_task', 'group_task_office')
    return group in User.get_groups()


def unit_heads(task):
    """Users heading the lead unit: the department's leaders when the task
    goes to a department, else the head of the agency"""
    if task.lead_department:
        return _heads([('department', '=', task.lead_department.id),
                ('position.level', '=', 'department_leader')])
    return agency_heads(task.lead_agency)


def agency_heads(agency):
    return _heads([('agency', '=', agency.id),
            ('position.level', '=', 'agency_leader')])


def _heads(domain):
    "Users holding a head position among the posts of domain"
    pool = Pool()
    Post = pool.get('qlvb.post')
    User = pool.get('res.user')
    with without_check_access():
        employees = [p.employee.id for p in Post.search(
                domain + [('position.head', '=', True)])]
        if not employees:
            return []
        return User.search([('employees', 'in', employees)])


class TaskCoordinatingAgency(ExportAccessMixin, ModelSQL):
    __name__ = 'qlvb.task-coordinating.agency'
    __string__ = "Task Coordinating Agency"
    task = fields.Many2One('qlvb.task', "Task", required=True,
        ondelete='CASCADE')
    agency = fields.Many2One('qlvb.agency', "Agency", required=True,
        ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('task')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.agency, Index.Equality())))


class TaskCoordinatingDepartment(ExportAccessMixin, ModelSQL):
    __name__ = 'qlvb.task-coordinating.department'
    __string__ = "Task Coordinating Department"
    task = fields.Many2One('qlvb.task', "Task", required=True,
        ondelete='CASCADE')
    department = fields.Many2One('qlvb.department', "Department",
        required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('task')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.department, Index.Equality())))
