"""Files due for transfer to the archive reminded through the task
reminders (with qlvb_task): the same log (qlvb.reminder), configuration and
daily scheduled action.

A closed file not yet transferred is reminded to its keeper (the person
responsible, else the leaders of its keeping unit, else who closed it)
once when it becomes due (three months before its transfer due date, the
event being the due date); when overdue, to its keeper and to the
agency's archive clerks, who collect the files: the working day after
the due date, then every M working days. Only closed files are reminded:
a file submitted or archived is not, a file returned by the archive is
again. A reminder of a file is read as the file is
(qlvb_task/ir.py)."""
from trytond.i18n import gettext
from trytond.model import Unique, fields
from trytond.modules.qlvb.organisation import users_for
from trytond.modules.qlvb_task.task_reminder import overdue_step
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

from .archive_file import DUE_NOTICE


def file_keepers(file):
    "The person responsible for the file, else its unit's leaders"
    with without_check_access():
        users = users_for([file.responsible] if file.responsible else [])
        if not users and file.department:
            users = users_for([], [file.department])
        if not users and file.closed_by:
            users = [file.closed_by]
    return users


def archive_clerks(company):
    "The archive clerks of the agency kept by company (its staff)"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    User = pool.get('res.user')
    group = ModelData.get_id('qlvb_archive', 'group_archivist')
    with without_check_access():
        return User.search([
                ('groups', '=', group),
                ('employees.company', '=', company.id),
                ])


class Reminder(metaclass=PoolMeta):
    __name__ = 'qlvb.reminder'

    archive_file = fields.Many2One('qlvb.archive.file', "File",
        readonly=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints.append(
            ('archive_file_event_unique', Unique(t, t.archive_file,
                    t.kind, t.event_date, t.recipient, t.channel),
                'qlvb_task.msg_reminder_unique'))

    @classmethod
    def _remindable(cls):
        return {**super()._remindable(),
            'qlvb.archive.file': 'archive_file'}

    @classmethod
    def _events(cls, date):
        pool = Pool()
        File = pool.get('qlvb.archive.file')
        config = pool.get('qlvb.configuration')(1)
        events = super()._events(date)
        for file in File.search([
                    ('state', '=', 'closed'),
                    ('transfer_due_date', '!=', None),
                    ('transfer_due_date', '<=', date + DUE_NOTICE),
                    ]):
            users = file_keepers(file)
            due = file.transfer_due_date
            if due >= date:
                events.append((file, 'before', due, users))
                continue
            overdue = overdue_step(due, date,
                config.reminder_overdue_interval)
            if not overdue:
                continue
            _, event = overdue
            users = users + archive_clerks(file.company)
            events.append((file, 'overdue', event, users))
        return events

    @classmethod
    def _message(cls, record, kind, event, user):
        if record.__name__ != 'qlvb.archive.file':
            return super()._message(record, kind, event, user)
        Lang = Pool().get('ir.lang')
        with Transaction().set_context(language=user.language.code
                if user.language else None):
            lang = Lang.get()
            due = lang.strftime(record.transfer_due_date)
            name = f'{record.code} {record.title}'
            subject = gettext('qlvb_archive.msg_reminder_file_%s' % kind,
                file=name[:120], due=due)
            body = gettext('qlvb_archive.msg_reminder_file_body',
                file=name, due=due,
                closed=lang.strftime(record.closed_date)
                if record.closed_date else '-',
                unit=record.department.rec_name if record.department
                else '-')
        return '%s\n\n%s' % (subject, body)
