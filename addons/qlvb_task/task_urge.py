"""Urging letters (văn bản đôn đốc): an outgoing letter drafted for a unit,
listing its overdue tasks."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import TaskError


class Outgoing(metaclass=PoolMeta):
    __name__ = 'qlvb.outgoing'

    urged_agency = fields.Many2One('qlvb.agency', "Urged Agency",
        readonly=True, ondelete='RESTRICT',
        help="The unit this urging letter (văn bản đôn đốc) is about.")


class Agency(metaclass=PoolMeta):
    __name__ = 'qlvb.agency'

    urging_letters = fields.One2Many('qlvb.outgoing', 'urged_agency',
        "Urging Letters", readonly=True)


class UrgeStart(ModelView):
    __name__ = 'qlvb.task.urge.start'
    __string__ = "Urging Letter"

    agency = fields.Many2One('qlvb.agency', "Agency", required=True,
        domain=[('internal', '=', True)])
    drafting_department = fields.Many2One('qlvb.department',
        "Drafting Department", required=True)


class Urge(Wizard):
    "Draft an urging letter to a unit listing its overdue tasks"
    __name__ = 'qlvb.task.urge'
    start = StateView('qlvb.task.urge.start',
        'qlvb_task.task_urge_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Draft Letter", 'draft', 'tryton-ok', default=True),
            ])
    draft = StateAction('qlvb_outgoing.act_outgoing_form')

    def default_start(self, fields):
        from trytond.modules.qlvb.rule import user_organisation
        values = {}
        if self.model and self.model.__name__ == 'qlvb.task' and (
                self.record):
            values['agency'] = self.record.lead_agency.id
        departments = user_organisation()[1]
        if departments:
            values['drafting_department'] = departments[0]
        return values

    def do_draft(self, action):
        pool = Pool()
        Task = pool.get('qlvb.task')
        Outgoing = pool.get('qlvb.outgoing')
        DocumentType = pool.get('qlvb.document.type')
        Lang = pool.get('ir.lang')
        agency = self.start.agency
        tasks = Task.search([
                ('lead_agency', '=', agency.id),
                ('timeliness', '=', 'overdue'),
                ('state', 'in', ['assigned', 'in_progress', 'returned',
                        'closure_proposed']),
                ], order=[('deadline', 'ASC'), ('id', 'ASC')])
        if not tasks:
            raise TaskError(gettext('qlvb_task.msg_task_urge_none',
                    agency=agency.rec_name))
        lang = Lang.get()
        lines = [gettext('qlvb_task.msg_urge_line', number=i,
                task=t.rec_name, deadline=lang.strftime(t.deadline))
            for i, t in enumerate(tasks, 1)]
        letter_types = DocumentType.search([('code', '=', 'CV')], limit=1)
        company = Transaction().context.get('company')
        letter, = Outgoing.create([{
                    'company': company,
                    'drafter': Transaction().user,
                    'drafting_department': self.start.drafting_department.id,
                    'document_type': letter_types[0].id
                    if letter_types else None,
                    'subject': gettext('qlvb_task.msg_urge_subject'),
                    'content': '\n'.join([gettext(
                                'qlvb_task.msg_urge_intro',
                                agency=agency.rec_name)] + lines),
                    'internal_recipients': [('add', [agency.id])],
                    'urged_agency': agency.id,
                    }])
        action['res_id'] = [letter.id]
        action['views'].reverse()
        return action, {}
