"""Progress reports on a task (báo cáo tiến độ): made by the lead unit, a
coordinating unit or the assigning Office, never changed afterwards."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .task import OPEN
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.workflow import check_state


class TaskProgress(ExportAccessMixin, ModelSQL, ModelView):
    "A progress report of the lead or a coordinating unit; never changed"
    __name__ = 'qlvb.task.progress'
    __string__ = "Task Progress Update"

    task = fields.Many2One('qlvb.task', "Task", required=True,
        ondelete='CASCADE', domain=[('state', 'in', OPEN)],
        states={'readonly': Eval('id', -1) >= 0})
    date = fields.Date("Date", required=True, readonly=True)
    user = fields.Many2One('res.user', "Reported By", readonly=True)
    role = fields.Selection([
            ('lead', "Lead"),
            ('coordinate', "Coordinate"),
            ('office', "Assigning Office"),
            ], "Role", readonly=True)
    percent = fields.Integer("Progress (%)", required=True,
        domain=[('percent', '>=', 0), ('percent', '<=', 100)],
        states={'readonly': Eval('id', -1) >= 0})
    description = fields.Text("Work Done", required=True,
        states={'readonly': Eval('id', -1) >= 0})
    difficulties = fields.Text("Difficulties and Proposals",
        states={'readonly': Eval('id', -1) >= 0})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('task')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.task, Index.Equality())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_percent(cls):
        return 0

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            Task = Pool().get('qlvb.task')
            values['date'] = (Transaction().context.get('qlvb_today')
                or Pool().get('ir.date').today())
            values['user'] = Transaction().user or None
            task = Task(values['task'])
            if Task.is_member(task):
                values['role'] = 'lead'
            elif Task.is_member(task, coordinating=True):
                values['role'] = 'coordinate'
            else:
                values['role'] = 'office'
        return values

    @classmethod
    def check_modification(cls, mode, updates, values=None, external=False):
        super().check_modification(
            mode, updates, values=values, external=external)
        if external and mode in {'write', 'delete'}:
            raise AccessError(gettext(
                    'qlvb_task.msg_task_progress_frozen'))
        if mode == 'create' and external:
            Task = Pool().get('qlvb.task')
            tasks = [u.task for u in updates]
            Task._check_member(tasks, coordinating=True)

    @classmethod
    def on_modification(cls, mode, updates, field_names=None):
        super().on_modification(mode, updates, field_names=field_names)
        if mode != 'create':
            return
        Task = Pool().get('qlvb.task')
        with without_check_access():
            for update in updates:
                task = update.task
                check_state([task], OPEN)
                values = {'last_update': update.date}
                if update.role == 'lead':
                    values['progress'] = update.percent
                Task.write([task], values)
            # The lead unit's first progress report starts the task.
            to_start = [u.task for u in updates
                if u.task.state == 'assigned' and u.role == 'lead']
            if to_start:
                Task.start(to_start)
