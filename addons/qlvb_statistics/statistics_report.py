"""The statistics wizard: a period of Decree 09/2019 (or a custom range),
filters, and an XLSX report of the handling of incoming documents or of the
outgoing documents, each with its summary and the detail rows it counts
(the counting rules are in statistics.py)."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.access_log import log_export
from trytond.modules.qlvb.period import PERIODS, period_containing, period_dates
from trytond.modules.qlvb.rule import user_organisation
from trytond.modules.qlvb.xlsx import Workbook, columns, cover_block

from .exceptions import StatisticsError
from .statistics import (
    ROLE_ORDER, STATUS_KEYS, Filters, dispatch_detail,
    incoming_detail, incoming_summary, incoming_total, outgoing_detail,
    outgoing_summary, stream)
from .statistics_task import task_xlsx

INCOMING_SUMMARY_COLUMNS = [
    ('handling_unit', 40, 'wrap'),
    ('role', 12, 'text'),
    ('documents_received', 12, 'int'),
    ('done_on_time', 12, 'int'),
    ('done_late', 12, 'int'),
    ('in_progress', 12, 'int'),
    ('due_soon', 12, 'int'),
    ('overdue', 12, 'int'),
    ('no_deadline', 12, 'int'),
    ('completion_rate', 11, 'percent'),
    ('late_rate', 11, 'percent'),
    ]
INCOMING_DETAIL_COLUMNS = [
    ('arrival_number', 8, 'int'),
    ('arrival_date', 12, 'date'),
    ('issuer', 28, 'wrap'),
    ('reference', 18, 'text'),
    ('subject', 50, 'wrap'),
    ('direction', 50, 'wrap'),
    ('handling_unit', 30, 'wrap'),
    ('role', 12, 'text'),
    ('deadline', 12, 'date'),
    ('completion_date', 12, 'date'),
    ('result', 36, 'wrap'),
    ('timeliness', 22, 'text'),
    ('late_reason', 30, 'wrap'),
    ]
OUTGOING_SUMMARY_COLUMNS = [
    ('drafting_unit', 36, 'wrap'),
    ('document_type', 20, 'text'),
    ('issued', 12, 'int'),
    ('replies', 12, 'int'),
    ('dispatches', 12, 'int'),
    # then one column per dispatch status (statistics.STATUS_KEYS)
    ]
COMMENT_COLUMNS = [
    ('comment_requests', 10, 'int'),
    ('comments_on_time', 10, 'int'),
    ('comments_late', 10, 'int'),
    ('comments_overdue', 10, 'int'),
    ]
OUTGOING_DETAIL_COLUMNS = [
    ('drafting_unit', 30, 'wrap'),
    ('document_type', 18, 'text'),
    ('reference', 18, 'text'),
    ('issue_date', 12, 'date'),
    ('subject', 50, 'wrap'),
    ('replied_incomings', 12, 'int'),
    ('dispatch_recipients', 12, 'int'),
    # Of a document answering a duty or a request (outgoing_answers)
    ('deadline', 12, 'date'),
    ('completion_date', 12, 'date'),
    ('timeliness', 22, 'text'),
    ]
DISPATCH_COLUMNS = [
    ('drafting_unit', 30, 'wrap'),
    ('document_type', 18, 'text'),
    ('reference', 18, 'text'),
    ('issue_date', 12, 'date'),
    ('recipient', 36, 'wrap'),
    ('status', 16, 'text'),
    ('return_reason', 30, 'wrap'),
    ]


class StatisticsStart(ModelView):
    __name__ = 'qlvb.statistics.start'
    __string__ = "Statistics Report"

    report = fields.Selection([
            ('incoming', "Handling of Incoming Documents"),
            ('outgoing', "Outgoing Documents"),
            ('task', "Tasks"),
            ], "Report", required=True)
    preset = fields.Selection(PERIODS, "Period", required=True)
    period_range = fields.Function(fields.Char("Period Dates",
            help="The first and last day the period counts (Decree "
            "09/2019/ND-CP: a month runs from the 15th of the previous "
            "month to the 14th)."),
        'on_change_with_period_range')
    year = fields.Integer("Year",
        states={
            'invisible': Eval('preset') == 'custom',
            'required': Eval('preset') != 'custom',
            })
    month = fields.Integer("Month",
        domain=[If(Eval('month'),
                [('month', '>=', 1), ('month', '<=', 12)], [])],
        states={
            'invisible': Eval('preset') != 'month',
            'required': Eval('preset') == 'month',
            })
    quarter = fields.Integer("Quarter",
        domain=[If(Eval('quarter'),
                [('quarter', '>=', 1), ('quarter', '<=', 4)], [])],
        states={
            'invisible': Eval('preset') != 'quarter',
            'required': Eval('preset') == 'quarter',
            })
    date_from = fields.Date("From", required=True,
        states={'readonly': Eval('preset') != 'custom'},
        domain=[If(Eval('date_to'), ('date_from', '<=', Eval('date_to')),
                ())])
    date_to = fields.Date("To", required=True,
        states={'readonly': Eval('preset') != 'custom'},
        domain=[If(Eval('date_from'), ('date_to', '>=', Eval('date_from')),
                ())])
    agency = fields.Many2One('qlvb.agency', "Agency", required=True,
        domain=[
            ('internal', '=', True),
            ('company', 'in', Eval('context', {}).get('companies', [])),
            ])
    department = fields.Many2One('qlvb.department', "Department",
        domain=[('agency', '=', Eval('agency', -1))],
        help="Only this unit and its sub-units.")
    document_type = fields.Many2One('qlvb.document.type', "Document Type",
        states={'invisible': Eval('report') == 'task'})
    urgency = fields.Many2One('qlvb.urgency', "Urgency",
        states={'invisible': Eval('report') == 'task'})
    issuer = fields.Many2One('qlvb.agency', "Assigning Authority",
        states={'invisible': Eval('report') != 'incoming'},
        help="The agency that issued the documents to handle.")

    @classmethod
    def default_report(cls):
        return 'incoming'

    @classmethod
    def default_preset(cls):
        return 'month'

    @classmethod
    def default_agency(cls):
        Agency = Pool().get('qlvb.agency')
        company = Transaction().context.get('company')
        agency = Agency.for_company(company) if company else None
        return agency.id if agency else None

    @fields.depends('preset', 'year', 'month', 'quarter')
    def on_change_preset(self):
        Date = Pool().get('ir.date')
        if self.preset == 'custom':
            return
        _, last = period_containing(self.preset, Date.today())
        self.year = self.year or last.year
        if self.preset == 'month' and not self.month:
            self.month = last.month
        if self.preset == 'quarter' and not self.quarter:
            self.quarter = (last.month - 1) // 3 + 1
        self._set_dates()

    @fields.depends('preset', 'year', 'month', 'quarter')
    def on_change_year(self):
        self._set_dates()

    @fields.depends('preset', 'year', 'month', 'quarter')
    def on_change_month(self):
        self._set_dates()

    @fields.depends('preset', 'year', 'month', 'quarter')
    def on_change_quarter(self):
        self._set_dates()

    @fields.depends('preset', 'year', 'month', 'quarter', 'date_from',
        'date_to')
    def on_change_with_period_range(self, name=None):
        "The period's first and last day, as the user writes dates"
        if self.preset and self.preset != 'custom':
            dates = self._preset_dates()
        else:
            dates = self.date_from, self.date_to
        return format_range(dates)

    def _preset_dates(self):
        "(first day, last day) of the preset, None when incomplete"
        number = {'month': self.month, 'quarter': self.quarter}.get(
            self.preset)
        limit = {'month': 12, 'quarter': 4}.get(self.preset)
        if limit and not (number and 1 <= number <= limit):
            return None
        if self.preset and self.preset != 'custom' and self.year:
            return period_dates(self.preset, self.year, number or 1)

    def _set_dates(self):
        dates = self._preset_dates()
        if dates:
            self.date_from, self.date_to = dates


class StatisticsResult(ModelView):
    __name__ = 'qlvb.statistics.result'
    __string__ = "Statistics Report"

    file = fields.Binary("File", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)


class Statistics(Wizard):
    "Export the statistics of a period as XLSX"
    __name__ = 'qlvb.statistics'
    start = StateView('qlvb.statistics.start',
        'qlvb_statistics.statistics_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('qlvb.statistics.result',
        'qlvb_statistics.statistics_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        date_from, date_to = period_containing('month', Date.today())
        return {'year': date_to.year, 'month': date_to.month,
            'date_from': date_from, 'date_to': date_to,
            'period_range': format_range((date_from, date_to))}

    def transition_export(self):
        check_period(self.start)
        self._data = workbook(self.start)
        return 'result'

    def default_result(self, fields):
        return {'file': self._data, 'filename': workbook_name(self.start)}


def format_range(dates):
    "'first day - last day' in the user's language, None when incomplete"
    Lang = Pool().get('ir.lang')
    if not dates or not all(dates):
        return None
    lang = Lang.get()
    return ' - '.join(lang.strftime(d) for d in dates)


def check_period(start):
    "Set the dates of the preset; refuse a period that ends before it starts"
    if start.preset != 'custom':
        start._set_dates()
    if not (start.date_from and start.date_to) or (
            start.date_from > start.date_to):
        raise StatisticsError(gettext(
                'qlvb_statistics.msg_statistics_period_invalid'))


def workbook(start):
    "The XLSX of the wizard's choices, read as the user"
    filters = report_filters(start)
    writer = {'incoming': incoming_xlsx, 'outgoing': outgoing_xlsx,
        'task': task_xlsx}[start.report]
    return writer(filters, cover_filters(start))


def workbook_name(start):
    prefix = gettext(f'qlvb_statistics.msg_xlsx_file_{start.report}')
    return (f'{prefix}-{start.date_from:%Y%m%d}-'
        f'{start.date_to:%Y%m%d}.xlsx')


def report_filters(start):
    """Filters of the wizard, checked against what the user may see: his
    companies, and only the units he leads when he is neither a leader nor
    a clerk of the agency."""
    pool = Pool()
    User = pool.get('res.user')
    Department = pool.get('qlvb.department')
    ModelData = pool.get('ir.model.data')
    transaction = Transaction()
    user = User(transaction.user)
    company = start.agency.company
    if transaction.user and (not company or company not in user.companies):
        raise StatisticsError(gettext(
                'qlvb_statistics.msg_statistics_agency_denied',
                agency=start.agency.rec_name))
    departments = None
    if start.department:
        departments = [d.id for d in Department.search([
                    ('parent', 'child_of', [start.department.id]),
                    ])]
    agency_wide = {ModelData.get_id('qlvb', g) for g in [
            'group_agency_leader', 'group_clerk', 'group_qlvb_admin',
            'group_assistant']}
    if transaction.user and not agency_wide & {
            g.id for g in user.groups}:
        led_roots = list(user_organisation()[2])
        led = {d.id for d in Department.search([
                    ('parent', 'child_of', led_roots)])} if led_roots \
            else set()
        if not led:
            raise StatisticsError(gettext(
                    'qlvb_statistics.msg_statistics_no_unit'))
        departments = [d for d in departments or led if d in led]
        if not departments:
            raise StatisticsError(gettext(
                    'qlvb_statistics.msg_statistics_no_unit'))
    return Filters(
        companies=[company.id],
        date_from=start.date_from, date_to=start.date_to,
        departments=departments,
        document_type=start.document_type.id if start.document_type
        else None,
        urgency=start.urgency.id if start.urgency else None,
        issuer=(start.issuer.id if start.issuer
            and start.report == 'incoming' else None),
        # The wizard step runs with access checks off: count and list
        # only the rows the user may read.
        as_user=True)


def cover_filters(start):
    names = start.__class__.fields_get(
        ['agency', 'department', 'document_type', 'urgency', 'issuer'])
    return [(names[f]['string'], getattr(start, f).rec_name)
        for f in ['agency', 'department', 'document_type', 'urgency',
            'issuer']
        if getattr(start, f)
        and (f != 'issuer' or start.report == 'incoming')
        and (f not in {'document_type', 'urgency'}
            or start.report != 'task')]


def _labels(model, field):
    return dict(Pool().get(model).fields_get([field])[field]['selection'])


def _names(model, ids):
    Model = Pool().get(model)
    ids = [i for i in set(ids) if i]
    return {r['id']: r['rec_name'] for r in Model.read(ids, ['rec_name'])} \
        if ids else {}


def _rate(part, whole):
    return part / whole if whole else None


def incoming_xlsx(filters, cover=()):
    "Return the XLSX bytes of the handling of incoming documents"
    summary = incoming_summary(filters)
    documents, total = incoming_total(filters)
    departments = _names('qlvb.department', [s[0] for s in summary])
    employees = _names('company.employee', [s[1] for s in summary])
    roles = _labels('qlvb.incoming.assignment', 'role')
    classes = _labels('qlvb.incoming.assignment', 'timeliness')

    def unit(department, employee):
        return departments.get(department) or employees.get(employee) or ''

    summary.sort(key=lambda s: (unit(s[0], s[1]), s[0] or 0, s[1] or 0,
            ROLE_ORDER.get(s[2], 9)))
    title = gettext('qlvb_statistics.msg_statistics_incoming_title')
    book = Workbook()
    sheet = book.sheet(gettext('qlvb_statistics.msg_statistics_summary'),
        columns('qlvb_statistics', INCOMING_SUMMARY_COLUMNS), cover_block(
            title.upper(), filters.date_from, filters.date_to, cover))

    def figures(received, counts):
        done = counts['done_on_time'] + counts['done_late']
        late = counts['done_late'] + counts['overdue']
        return [received, counts['done_on_time'], counts['done_late'],
            counts['in_progress'] + counts['due_soon'], counts['due_soon'],
            counts['overdue'], counts['no_deadline'],
            _rate(done, received), _rate(late, received)]

    for department, employee, role, received, counts in summary:
        sheet.write([unit(department, employee), roles[role]]
            + figures(received, counts))
    sheet.write([gettext('qlvb_statistics.msg_statistics_total_documents'),
            None] + figures(documents, total))

    detail = book.sheet(gettext('qlvb_statistics.msg_statistics_detail'),
        columns('qlvb_statistics', INCOMING_DETAIL_COLUMNS), cover_block(
            title.upper(), filters.date_from, filters.date_to, cover))
    detail_departments = _names('qlvb.department',
        filters.departments or _all_departments(filters))
    printed = set()
    for (department, employee, role, timeliness, number, arrival, issuer,
            reference, subject, direction, note, deadline, completion,
            result_reference, result_note, late_reason, incoming) in stream(
                incoming_detail(filters)):
        printed.add(incoming)
        if department:
            name = detail_departments.get(department) or departments.get(
                department, '')
        else:
            name = employees.get(employee, '')
        detail.write([number, _date(arrival), issuer, reference, subject,
                '\n'.join(filter(None, [direction, note])),
                name, roles[role], _date(deadline), _date(completion),
                ' - '.join(filter(None, [result_reference, result_note])),
                classes[timeliness], late_reason])
    log_export('qlvb.incoming', printed)
    return book.close()


def _all_departments(filters):
    Department = Pool().get('qlvb.department')
    return [d.id for d in Department.search([
                ('agency.company', 'in', filters.companies)])]


def _date(value):
    "SQLite returns dates as text"
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def outgoing_xlsx(filters, cover=()):
    "Return the XLSX bytes of the outgoing documents report"
    summary = outgoing_summary(filters)
    departments = _names('qlvb.department', [k[0] for k in summary])
    types = _names('qlvb.document.type', [k[1] for k in summary])
    statuses = _labels('qlvb.outgoing.dispatch', 'status')
    title = gettext('qlvb_statistics.msg_statistics_outgoing_title')
    book = Workbook()
    sheet = book.sheet(gettext('qlvb_statistics.msg_statistics_summary'),
        columns('qlvb_statistics', OUTGOING_SUMMARY_COLUMNS)
        + [(statuses[k], 10, 'int') for k in STATUS_KEYS]
        + columns('qlvb_statistics', COMMENT_COLUMNS), cover_block(
            title.upper(), filters.date_from, filters.date_to, cover))
    names = ['issued', 'replies', 'dispatches'] + STATUS_KEYS + [
        'comments', 'comments_on_time', 'comments_late', 'comments_overdue']
    totals = dict.fromkeys(names, 0)
    for key in sorted(summary, key=lambda k: (
                departments.get(k[0], ''), types.get(k[1], ''), k)):
        values = [summary[key].get(n, 0) for n in names]
        for n, v in zip(names, values):
            totals[n] += v
        sheet.write([departments.get(key[0], ''), types.get(key[1], '')]
            + values)
    sheet.write([gettext('qlvb_statistics.msg_statistics_total'), None]
        + [totals[n] for n in names])

    detail = book.sheet(gettext('qlvb_statistics.msg_statistics_detail'),
        columns('qlvb_statistics', OUTGOING_DETAIL_COLUMNS), cover_block(
            title.upper(), filters.date_from, filters.date_to, cover))
    all_departments = _names('qlvb.department', _all_departments(filters))
    all_types = _names('qlvb.document.type',
        [t.id for t in Pool().get('qlvb.document.type').search([])])
    classes = _labels('qlvb.incoming.assignment', 'timeliness')
    for (department, type_, reference, issue_date, subject, replies,
            dispatches, _, deadline, completion, timeliness) in stream(
                outgoing_detail(filters)):
        detail.write([all_departments.get(department, ''),
                all_types.get(type_, ''), reference, _date(issue_date),
                subject, replies or 0, dispatches or 0, _date(deadline),
                _date(completion), classes.get(timeliness)])
    recipients = book.sheet(
        gettext('qlvb_statistics.msg_statistics_dispatches'),
        columns('qlvb_statistics', DISPATCH_COLUMNS), cover_block(
            title.upper(), filters.date_from, filters.date_to, cover))
    for (department, type_, reference, issue_date, agency, status,
            reason) in stream(dispatch_detail(filters)):
        recipients.write([all_departments.get(department, ''),
                all_types.get(type_, ''), reference, _date(issue_date),
                agency, statuses.get(status, status),
                reason if status == 'returned' else None])
    return book.close()
