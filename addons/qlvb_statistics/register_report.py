"""The registers of Decree 30/2020, Appendix IV, as XLSX, in the decree's
column order, for a register and a period: Sổ đăng ký văn bản đến (10
columns), Sổ theo dõi giải quyết văn bản đến (7 columns) and Sổ đăng ký
văn bản đi (10 columns)."""
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.access_log import log_export
from trytond.modules.qlvb.export_access import (
    check_readable, readable_query)
from trytond.modules.qlvb.xlsx import Workbook, columns, cover_block
from trytond.modules.qlvb_incoming.assignment import VOID_STATES

ARRIVAL_COLUMNS = [
    ('arrival_date', 12, 'date'),
    ('arrival_number', 8, 'int'),
    ('author', 28, 'wrap'),
    ('reference', 18, 'text'),
    ('document_date', 12, 'date'),
    ('type_subject', 50, 'wrap'),
    ('receiver', 30, 'wrap'),
    ('transfer_date', 12, 'date'),
    ('receipt', 12, 'text'),
    ('note', 24, 'wrap'),
    ]
OUTGOING_COLUMNS = [
    ('document_reference', 18, 'text'),
    ('document_date', 12, 'date'),
    ('document_type_subject', 50, 'wrap'),
    ('signer', 24, 'wrap'),
    ('document_recipients', 36, 'wrap'),
    ('file_copy', 24, 'wrap'),
    ('copies', 8, 'int'),
    ('transfer_date', 12, 'date'),
    ('receipt', 12, 'text'),
    ('note', 24, 'wrap'),
    ]
TRACKING_COLUMNS = [
    ('arrival_number', 8, 'int'),
    ('document', 50, 'wrap'),
    ('assignees', 30, 'wrap'),
    ('handling_deadline', 12, 'date'),
    ('progress', 24, 'wrap'),
    ('reply_reference', 22, 'wrap'),
    ('note', 24, 'wrap'),
    ]


class RegisterPrintStart(ModelView):
    __name__ = 'qlvb.incoming.register.print.start'
    __string__ = "Print Incoming Register"

    kind = fields.Selection([
            ('arrival', "Register of Incoming Documents"),
            ('tracking', "Register of Handling of Incoming Documents"),
            ('outgoing', "Register of Outgoing Documents"),
            ], "Register Kind", required=True)
    register = fields.Many2One('qlvb.incoming.register', "Register",
        states={
            'invisible': Eval('kind') == 'outgoing',
            'required': Eval('kind') != 'outgoing',
            })
    outgoing_register = fields.Many2One(
        'qlvb.outgoing.register', "Outgoing Register",
        states={
            'invisible': Eval('kind') != 'outgoing',
            'required': Eval('kind') == 'outgoing',
            })
    date_from = fields.Date("From", required=True,
        domain=[If(Eval('date_to'), ('date_from', '<=', Eval('date_to')),
                ())])
    date_to = fields.Date("To", required=True,
        domain=[If(Eval('date_from'), ('date_to', '>=', Eval('date_from')),
                ())])

    @classmethod
    def default_kind(cls):
        return 'arrival'


class RegisterPrintResult(ModelView):
    __name__ = 'qlvb.incoming.register.print.result'
    __string__ = "Print Incoming Register"

    file = fields.Binary("File", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)


class RegisterPrint(Wizard):
    "Export an incoming register for a period as XLSX"
    __name__ = 'qlvb.incoming.register.print'
    start = StateView('qlvb.incoming.register.print.start',
        'qlvb_statistics.incoming_register_print_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('qlvb.incoming.register.print.result',
        'qlvb_statistics.incoming_register_print_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        values = {'date_from': today.replace(month=1, day=1),
            'date_to': today}
        if self.model and self.model.__name__ == 'qlvb.incoming.register':
            values['register'] = self.record.id
        return values

    def transition_export(self):
        start = self.start
        # The step runs with access checks off: the register chosen (any
        # id may be sent) must be one the user may read.
        register = (start.outgoing_register if start.kind == 'outgoing'
            else start.register)
        check_readable([register],
            'qlvb_statistics.msg_register_not_readable')
        # A secret register is the book of its clerks: others may read
        # documents of it they are involved in, not print it.
        user = Transaction().user
        if (start.kind != 'outgoing' and register.secret and user
                and user not in {c.id for c in register.clerks}):
            raise AccessError(gettext(
                    'qlvb_statistics.msg_register_not_readable'))
        if start.kind == 'outgoing':
            self._data = outgoing_register_xlsx(start.outgoing_register,
                start.date_from, start.date_to)
        else:
            self._data = register_xlsx(start.register, start.kind,
                start.date_from, start.date_to)
        return 'result'

    def default_result(self, fields):
        start = self.start
        prefix = gettext('qlvb_statistics.msg_xlsx_file_%s' % {
                'arrival': 'arrival', 'tracking': 'tracking',
                'outgoing': 'outgoing_register'}[start.kind])
        return {
            'file': self._data,
            'filename': f'{prefix}-{start.date_from:%Y%m%d}-'
            f'{start.date_to:%Y%m%d}.xlsx',
            }


def register_xlsx(register, kind, date_from, date_to):
    "Return the XLSX bytes of the register for the period"
    pool = Pool()
    Incoming = pool.get('qlvb.incoming')
    Assignment = pool.get('qlvb.incoming.assignment')
    # Only the rows the user may read (record rules), the step running
    # with access checks off.
    incomings = Incoming.search_read([
            ('id', 'in', readable_query(Incoming)),
            ('register', '=', register.id),
            ('arrival_number', '!=', None),
            ('arrival_date', '>=', date_from),
            ('arrival_date', '<=', date_to),
            ], order=[('arrival_number', 'ASC'), ('id', 'ASC')],
        fields_names=['arrival_date', 'arrival_number', 'issuer.rec_name',
            'reference', 'issue_date', 'document_type.rec_name', 'subject',
            'directed_at', 'state', 'state_reason', 'description',
            'timeliness'])
    log_export('qlvb.incoming', [i['id'] for i in incomings])
    # The register's order: numbers run per calendar year.
    incomings.sort(
        key=lambda i: (i['arrival_date'].year, i['arrival_number']))
    assignments = defaultdict(list)
    ids = [i['id'] for i in incomings]
    if ids:
        for a in Assignment.search_read([
                    ('id', 'in', readable_query(Assignment)),
                    ('incoming', 'in', ids), ('parent', '=', None),
                    ('state', 'not in', VOID_STATES),
                    ], order=[('incoming', 'ASC'), ('role', 'ASC'),
                    ('id', 'ASC')],
                fields_names=['incoming', 'role', 'department.rec_name',
                    'employee.rec_name', 'deadline', 'result_reference',
                    'state']):
            assignments[a['incoming']].append(a)

    states = dict(Incoming.fields_get(['state'])['state']['selection'])
    classes = dict(
        Incoming.fields_get(['timeliness'])['timeliness']['selection'])
    roles = dict(Assignment.fields_get(['role'])['role']['selection'])

    def assignees(incoming_id):
        return '; '.join(
            f"{(a.get('employee.') or a.get('department.') or {}).get('rec_name', '')}"
            f" ({roles[a['role']]})" for a in assignments[incoming_id])

    def note(incoming):
        if incoming['state'] in {'cancelled', 'rejected'}:
            return f"{states[incoming['state']]}: {incoming['state_reason']}"
        return incoming['description']

    book = Workbook()
    if kind == 'arrival':
        title = gettext('qlvb_statistics.msg_register_arrival_title')
        sheet = book.sheet(title, columns(
                'qlvb_statistics', ARRIVAL_COLUMNS), cover_block(
                title.upper(), date_from, date_to,
                [(register.__names__()['model'], register.rec_name)]))
        for i in incomings:
            doc_type = (i.get('document_type.') or {}).get('rec_name', '')
            sheet.write([
                    i['arrival_date'], i['arrival_number'],
                    (i.get('issuer.') or {}).get('rec_name'),
                    i['reference'], i['issue_date'],
                    f"{doc_type}: {i['subject']}" if doc_type
                    else i['subject'],
                    assignees(i['id']),
                    i['directed_at'].date() if i['directed_at'] else None,
                    None, note(i)])
    else:
        title = gettext('qlvb_statistics.msg_register_tracking_title')
        sheet = book.sheet(title, columns(
                'qlvb_statistics', TRACKING_COLUMNS), cover_block(
                title.upper(), date_from, date_to,
                [(register.__names__()['model'], register.rec_name)]))
        lang = pool.get('ir.lang').get()
        for i in incomings:
            doc_type = (i.get('document_type.') or {}).get('rec_name', '')
            issue_date = lang.strftime(i['issue_date']) if i['issue_date'] \
                else ''
            issuer = (i.get('issuer.') or {}).get('rec_name', '')
            leads = [a for a in assignments[i['id']] if a['role'] == 'lead']
            deadlines = [a['deadline'] for a in leads if a['deadline']]
            progress = states[i['state']]
            if i['timeliness']:
                progress += f" - {classes[i['timeliness']]}"
            sheet.write([
                    i['arrival_number'],
                    ', '.join(filter(None, [doc_type, i['reference'],
                                issue_date, issuer])),
                    assignees(i['id']),
                    min(deadlines) if deadlines else None,
                    progress,
                    '; '.join(a['result_reference'] for a in leads
                        if a['result_reference']),
                    note(i)])
    return book.close()


def outgoing_register_xlsx(register, date_from, date_to):
    "Return the XLSX bytes of Sổ đăng ký văn bản đi for the period"
    Outgoing = Pool().get('qlvb.outgoing')
    outgoings = Outgoing.search_read([
            ('id', 'in', readable_query(Outgoing)),
            ('register', '=', register.id),
            ('number', '!=', None),
            ('issue_date', '>=', date_from),
            ('issue_date', '<=', date_to),
            ], order=[('number', 'ASC'), ('id', 'ASC')],
        fields_names=['reference', 'issue_date', 'document_type.rec_name',
            'subject', 'signer.rec_name', 'internal_recipients.rec_name',
            'external_recipients.rec_name',
            'recipient_departments.rec_name',
            'drafting_department.rec_name', 'state'])
    outgoings.sort(key=lambda o: (o['issue_date'].year, o['reference']))
    title = gettext('qlvb_statistics.msg_register_outgoing_title')
    book = Workbook()
    sheet = book.sheet(title, columns(
            'qlvb_statistics', OUTGOING_COLUMNS), cover_block(
            title.upper(), date_from, date_to,
            [(register.__names__()['model'], register.rec_name)]))

    def names(record, field):
        return '; '.join(r['rec_name'] for r in record.get(field + '.', []))
    for o in outgoings:
        doc_type = (o.get('document_type.') or {}).get('rec_name', '')
        sheet.write([
                o['reference'], o['issue_date'],
                f"{doc_type}: {o['subject']}",
                (o.get('signer.') or {}).get('rec_name'),
                '; '.join(filter(None, [
                            names(o, 'internal_recipients'),
                            names(o, 'external_recipients'),
                            names(o, 'recipient_departments')])),
                (o.get('drafting_department.') or {}).get('rec_name'),
                None, None, None, None])
    return book.close()
