"""Requests of the lead unit for a later deadline (đề nghị gia hạn), decided
by the assigning Office; an approved request moves the task's deadline and
keeps the original one."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import TaskError
from .task import OPEN
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.workflow import check_state


class TaskExtension(ExportAccessMixin, Workflow, ModelSQL, ModelView):
    "A request of the lead unit for a later deadline"
    __name__ = 'qlvb.task.extension'
    __string__ = "Task Extension Request"

    task = fields.Many2One('qlvb.task', "Task", required=True,
        ondelete='CASCADE', domain=[('state', 'in', OPEN)],
        states={'readonly': Eval('id', -1) >= 0})
    request_date = fields.Date("Request Date", readonly=True)
    requested_by = fields.Many2One('res.user', "Requested By", readonly=True)
    current_deadline = fields.Date("Deadline When Requested", readonly=True)
    requested_deadline = fields.Date("Requested Deadline", required=True,
        states={'readonly': Eval('state') != 'requested'})
    reason = fields.Text("Reason", required=True,
        states={'readonly': Eval('id', -1) >= 0})
    state = fields.Selection([
            ('requested', "Requested"),
            ('approved', "Approved"),
            ('refused', "Refused"),
            ], "State", readonly=True, required=True)
    decided_by = fields.Many2One('res.user', "Decided By", readonly=True)
    decision_date = fields.Date("Decision Date", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('task')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.task, Index.Equality())))
        cls._order = [('request_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('requested', 'approved'),
            ('requested', 'refused'),
            }
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'requested'

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            Task = Pool().get('qlvb.task')
            task = Task(values['task'])
            values['request_date'] = Pool().get('ir.date').today()
            values['requested_by'] = Transaction().user or None
            values['current_deadline'] = task.deadline
            values['state'] = 'requested'
        return values

    @classmethod
    def check_modification(cls, mode, extensions, values=None,
            external=False):
        super().check_modification(
            mode, extensions, values=values, external=external)
        if external and mode == 'delete':
            raise AccessError(gettext(
                    'qlvb_task.msg_task_extension_frozen'))
        if external and mode == 'write' and set(values or {}) - {
                'requested_deadline'}:
            raise AccessError(gettext(
                    'qlvb_task.msg_task_extension_frozen'))
        if mode == 'create' and external:
            Task = Pool().get('qlvb.task')
            Task._check_member([e.task for e in extensions])

    @classmethod
    def validate_fields(cls, extensions, field_names):
        super().validate_fields(extensions, field_names)
        if not field_names & {'requested_deadline', 'task'}:
            return
        for extension in extensions:
            task = extension.task
            if extension.state != 'requested':
                continue
            check_state([task], OPEN)
            if task.deadline and (
                    extension.requested_deadline <= task.deadline):
                raise TaskError(gettext(
                        'qlvb_task.msg_task_extension_shorter',
                        task=task.rec_name, deadline=task.deadline,
                        requested=extension.requested_deadline))
        # One open request per task.
        for extension in extensions:
            if cls.search_count([
                        ('task', '=', extension.task.id),
                        ('state', '=', 'requested'),
                        ('id', '!=', extension.id),
                        ]):
                raise TaskError(gettext(
                        'qlvb_task.msg_task_extension_pending',
                        task=extension.task.rec_name))

    @classmethod
    def on_modification(cls, mode, extensions, field_names=None):
        super().on_modification(mode, extensions, field_names=field_names)
        if mode == 'create':
            Task = Pool().get('qlvb.task')
            Task._notify_office([e.task for e in extensions],
                'qlvb_task.msg_notify_task_extension')

    def get_rec_name(self, name):
        return '%s → %s' % (self.task.rec_name, self.requested_deadline)

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    def approve(cls, extensions):
        "The new deadline replaces the deadline; the original stays"
        Task = Pool().get('qlvb.task')
        for extension in extensions:
            task = extension.task
            Task.write([task], {
                    'deadline': extension.requested_deadline,
                    'original_deadline': task.original_deadline
                    or task.deadline,
                    'extension_count': (task.extension_count or 0) + 1,
                    })
        cls._decide(extensions)
        Task._notify_unit([e.task for e in extensions],
            'qlvb_task.msg_notify_extension_approved')

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, extensions):
        Task = Pool().get('qlvb.task')
        cls._decide(extensions)
        Task._notify_unit([e.task for e in extensions],
            'qlvb_task.msg_notify_extension_refused')

    @classmethod
    def _decide(cls, extensions):
        cls.write(extensions, {
                'decided_by': Transaction().user or None,
                'decision_date': Pool().get('ir.date').today(),
                })
