"""Criticisms (phê bình) of units late or not serious with their tasks."""
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.qlvb.export_access import ExportAccessMixin


class TaskCriticism(ExportAccessMixin, ModelSQL, ModelView):
    "A criticism (phê bình) of a unit late or not serious with its tasks"
    __name__ = 'qlvb.task.criticism'
    __string__ = "Criticism"

    company = fields.Many2One('company.company', "Assigning Office",
        required=True, ondelete='RESTRICT')
    agency = fields.Many2One('qlvb.agency', "Agency", required=True,
        ondelete='RESTRICT', domain=[('internal', '=', True)])
    department = fields.Many2One('qlvb.department', "Department",
        ondelete='RESTRICT', domain=[('agency', '=', Eval('agency', -1))])
    date = fields.Date("Date", required=True)
    reason = fields.Text("Reason", required=True)
    reference = fields.Char("Reference",
        help="Number and symbol of the document that criticises.")
    tasks = fields.Many2Many('qlvb.task.criticism-qlvb.task', 'criticism',
        'task', "Tasks", domain=[('lead_agency', '=', Eval('agency', -1))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.agency, Index.Equality()),
                (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        return '%s - %s' % (self.agency.rec_name, self.date)


class TaskCriticismTask(ExportAccessMixin, ModelSQL):
    __name__ = 'qlvb.task.criticism-qlvb.task'
    __string__ = "Criticism Task"
    criticism = fields.Many2One('qlvb.task.criticism', "Criticism",
        required=True, ondelete='CASCADE')
    task = fields.Many2One('qlvb.task', "Task", required=True,
        ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('criticism')
