"""Transfer of closed files to the agency's archive (nộp lưu, Decree
30/2020 Article 31): a unit lists its closed files, submits them, and the
archive's clerk accepts or returns each file with a reason. Accepted files
are in the archive's custody, out of the units' lists."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.workflow import check_state, from_states
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ArchiveError


class Transfer(ExportAccessMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'qlvb.archive.transfer'
    __string__ = "Transfer to the Archive"
    company = fields.Many2One('company.company', "Agency", required=True,
        states={'readonly': Eval('state') != 'draft'})
    department = fields.Many2One('qlvb.department', "Transferring Unit",
        states={'readonly': Eval('state') != 'draft'})
    date = fields.Date("Date", required=True,
        states={'readonly': Eval('state') != 'draft'})
    lines = fields.One2Many('qlvb.archive.transfer.line', 'transfer',
        "Files", states={'readonly': Eval('state') != 'draft'})
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Submitted"),
            ('done', "Received"),
            ], "State", readonly=True, required=True)
    submitted_by = fields.Many2One('res.user', "Submitted By",
        readonly=True)
    received_date = fields.Date("Received On", readonly=True)
    received_by = fields.Many2One('res.user', "Received By", readonly=True,
        help="The archive's clerk who checked the last file.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'submitted'), ('submitted', 'done')}
        cls._buttons.update({
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'export': {
                    'invisible': Eval('state') != 'done',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @staticmethod
    def default_state():
        return 'draft'

    def get_rec_name(self, name):
        unit = self.department.rec_name if self.department \
            else self.company.rec_name
        return f'{unit} {self.date.strftime("%d/%m/%Y")}'

    @classmethod
    def check_modification(cls, mode, records, values=None,
            external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        if mode == 'write' and set(values or ()) & {'state', 'submitted_by',
                'received_date', 'received_by'}:
            raise AccessError(gettext('qlvb_archive.msg_transfer_buttons'))
        if mode in {'write', 'delete'}:
            for transfer in records:
                if transfer.state != 'draft':
                    raise AccessError(gettext(
                            'qlvb_archive.msg_transfer_submitted',
                            transfer=transfer.rec_name))

    @classmethod
    @ModelView.button
    @from_states('draft', message='qlvb_archive.msg_transfer_wrong_state')
    @Workflow.transition('submitted')
    def submit(cls, transfers):
        File = Pool().get('qlvb.archive.file')
        files = []
        for transfer in transfers:
            if not transfer.lines:
                raise ArchiveError(gettext(
                        'qlvb_archive.msg_transfer_empty',
                        transfer=transfer.rec_name))
            for line in transfer.lines:
                if line.file.company != transfer.company:
                    raise ArchiveError(gettext(
                            'qlvb_archive.msg_transfer_other_agency',
                            file=line.file.rec_name))
                files.append(line.file)
        check_state(files, {'closed'},
            message='qlvb_archive.msg_file_wrong_state')
        File.submit(files)
        cls.write(transfers, {'submitted_by': Transaction().user})

    @classmethod
    @ModelView.button_action('qlvb_archive.wizard_transfer_export')
    def export(cls, transfers):
        pass

    @classmethod
    def check_done(cls, transfers):
        "Received once every file is accepted or returned"
        # Read again: their lines changed
        done = [t for t in cls.browse([t.id for t in transfers]) if t.state == 'submitted'
            and all(l.state != 'pending' for l in t.lines)]
        if done:
            cls.receive(done)

    @classmethod
    @Workflow.transition('done')
    def receive(cls, transfers):
        cls.write(transfers, {
                'received_date': Pool().get('ir.date').today(),
                'received_by': Transaction().user or None,
                })


class TransferLine(ExportAccessMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'qlvb.archive.transfer.line'
    __string__ = "Transferred File"
    transfer = fields.Many2One('qlvb.archive.transfer', "Transfer",
        required=True, ondelete='CASCADE',
        states={'readonly': Eval('state') != 'pending'})
    file = fields.Many2One('qlvb.archive.file', "File", required=True,
        ondelete='RESTRICT',
        domain=[('state', '=', 'closed')],
        states={'readonly': Eval('state') != 'pending'})
    state = fields.Selection([
            ('pending', "To Check"),
            ('accepted', "Accepted"),
            ('returned', "Returned"),
            ], "State", readonly=True, required=True)
    reason = fields.Text("Reason for Return",
        states={'readonly': Eval('state') != 'pending'})
    decided_by = fields.Many2One('res.user', "Checked By", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('transfer')
        cls._order = [('id', 'ASC')]
        cls._transitions |= {
            ('pending', 'accepted'), ('pending', 'returned')}
        buttons = {
            'invisible': ((Eval('state') != 'pending')
                | (Eval('transfer_state') != 'submitted')),
            'depends': ['state', 'transfer_state'],
            }
        cls._buttons.update({'accept': buttons, 'return_': buttons})

    transfer_state = fields.Function(fields.Selection('get_transfer_states',
            "Transfer State"), 'on_change_with_transfer_state')

    @classmethod
    def get_transfer_states(cls):
        return Pool().get('qlvb.archive.transfer').fields_get(
            ['state'])['state']['selection']

    @fields.depends('transfer', '_parent_transfer.state')
    def on_change_with_transfer_state(self, name=None):
        return self.transfer.state if self.transfer else 'draft'

    @staticmethod
    def default_state():
        return 'pending'

    def get_rec_name(self, name):
        return self.file.rec_name

    @classmethod
    def check_modification(cls, mode, records, values=None,
            external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        if mode == 'write' and set(values or ()) & {'state', 'decided_by'}:
            raise AccessError(gettext('qlvb_archive.msg_transfer_buttons'))
        if mode == 'write' and set(values or ()) == {'reason'}:
            # The archive's clerk gives the reason of a return
            for line in records:
                if line.state != 'pending':
                    raise AccessError(gettext(
                            'qlvb_archive.msg_transfer_submitted',
                            transfer=line.transfer.rec_name))
            return
        for line in records:
            if line.transfer.state != 'draft':
                raise AccessError(gettext(
                        'qlvb_archive.msg_transfer_submitted',
                        transfer=line.transfer.rec_name))

    @classmethod
    def _decide(cls, lines):
        check_state([l.transfer for l in lines], {'submitted'},
            message='qlvb_archive.msg_transfer_wrong_state')
        cls.write(lines, {'decided_by': Transaction().user})

    @classmethod
    @ModelView.button
    @from_states('pending', message='qlvb_archive.msg_file_wrong_state')
    def accept(cls, lines):
        "The file goes into the archive's custody"
        pool = Pool()
        File = pool.get('qlvb.archive.file')
        cls._decide(lines)
        cls._accepted(lines)
        File.archive([l.file for l in lines])
        pool.get('qlvb.archive.transfer').check_done(
            list({l.transfer for l in lines}))

    @classmethod
    @ModelView.button
    @from_states('pending', message='qlvb_archive.msg_file_wrong_state')
    def return_(cls, lines):
        "The file goes back to its unit, closed, with the reason"
        pool = Pool()
        File = pool.get('qlvb.archive.file')
        for line in lines:
            if not (line.reason or '').strip():
                raise ArchiveError(gettext(
                        'qlvb_archive.msg_transfer_return_reason',
                        file=line.file.rec_name))
        cls._decide(lines)
        cls._returned(lines)
        File.give_back([l.file for l in lines])
        pool.get('qlvb.archive.transfer').check_done(
            list({l.transfer for l in lines}))

    @classmethod
    @Workflow.transition('accepted')
    def _accepted(cls, lines):
        pass

    @classmethod
    @Workflow.transition('returned')
    def _returned(cls, lines):
        pass
