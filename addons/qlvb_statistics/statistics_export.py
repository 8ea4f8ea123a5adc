"""Statistics of a long period built in the background.

A report over more than a quarter reads, at a province's size, hundreds of
thousands of rows: the wizard leaves it to the queue (trytond-worker in
production, docs/administration.md), tells the user so, and the user is
notified when the workbook waits in "Bảng thống kê đã lập", where only he
finds it. The workbook is built as the user who asked, with the same
checks and the same rows as the wizard's. Without a queue worker (the
demo), the task runs right after the request."""
import json

from trytond.i18n import gettext
from trytond.exceptions import UserError
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.pool import Pool, PoolMeta
from trytond.protocols.jsonrpc import JSONDecoder, JSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import Button, StateView

from .statistics_report import check_period, report_filters, workbook, \
    workbook_name

# Periods longer than this many days are built in the background.
BACKGROUND_DAYS = 92


class StatisticsExport(ExportAccessMixin, ModelSQL, ModelView):
    "A statistics workbook built in the background for its user"
    __name__ = 'qlvb.statistics.export'
    __string__ = "Statistics Workbook"

    user = fields.Many2One('res.user', "User", required=True, readonly=True,
        ondelete='CASCADE')
    name = fields.Char("Name", readonly=True)
    state = fields.Selection([
            ('queued', "Being Built"),
            ('done', "Ready"),
            ('failed', "Failed"),
            ], "State", required=True, readonly=True, sort=False)
    file = fields.Binary("File", readonly=True, filename='filename',
        file_id='file_id')
    file_id = fields.Char("File ID", readonly=True)
    filename = fields.Char("File Name", readonly=True)
    message = fields.Text("Message", readonly=True)
    # The wizard's choices, as the worker rebuilds them
    parameters = fields.Text("Parameters", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def queue(cls, start):
        "Record the choices of the wizard's start and queue the workbook"
        Start = start.__class__
        values = {name: getattr(start, name, None)
            for name, field in Start._fields.items()
            if not isinstance(field, fields.Function)}
        values = {name: value.id if isinstance(value, ModelSQL) else value
            for name, value in values.items()}
        export = cls(user=Transaction().user, state='queued',
            name=workbook_name(start), parameters=json.dumps(
                values, cls=JSONEncoder))
        export.save()
        cls.__queue__.build([export])
        return export

    @classmethod
    def build(cls, exports):
        "Build the workbooks (run by trytond-worker as their user)"
        for export in exports:
            # The queue keeps the context but the language: the user's
            language = export.user.language
            with Transaction().set_context(
                    language=language.code if language else None):
                export._build()

    def _build(self):
        Start = Pool().get('qlvb.statistics.start')
        start = Start(**json.loads(self.parameters,
                object_hook=JSONDecoder()))
        try:
            self.file = workbook(start)
            self.filename = workbook_name(start)
            self.state = 'done'
            label = gettext('qlvb_statistics.msg_statistics_export_ready')
        except UserError as error:
            self.state = 'failed'
            self.message = error.message
            label = gettext('qlvb_statistics.msg_statistics_export_failed')
        self.save()
        self.__class__.notify_user([self], 'tryton-notification', label,
            self.name, user=self.user.id)


class Statistics(metaclass=PoolMeta):
    __name__ = 'qlvb.statistics'
    queued = StateView('qlvb.statistics.result',
        'qlvb_statistics.statistics_queued_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_export(self):
        start = self.start
        check_period(start)
        if (start.date_to - start.date_from).days <= BACKGROUND_DAYS:
            return super().transition_export()
        report_filters(start)  # refused now, not in the background
        pool = Pool()
        pool.get('qlvb.statistics.export').queue(start)
        return 'queued'

    def default_queued(self, fields):
        return {'filename': workbook_name(self.start)}
