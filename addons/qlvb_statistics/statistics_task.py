"""The task report of the statistics wizard: per lead unit (agency, or
department of an agency), the tasks of the period by timeliness class with
their extensions, unjustified delays and criticisms, and one detail row per
task counted.

The tasks counted and their classes are those of the task dashboard
(task_dashboard.task_rows), so the report and the dashboard agree; every
summary cell is an aggregate of the detail rows (set-based SQL).
"""
import datetime as dt

from sql import Literal
from sql.aggregate import Count, Sum
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.qlvb_task.task_dashboard import task_rates, task_rows
from trytond.modules.qlvb.xlsx import Workbook, columns, cover_block

from .statistics import CLASS_KEYS, count_of, stream

SUMMARY_COLUMNS = [
    ('lead_unit', 40, 'wrap'),
    ('tasks_assigned', 12, 'int'),
    ('done_on_time', 12, 'int'),
    ('done_late', 12, 'int'),
    ('in_progress', 12, 'int'),
    ('due_soon', 12, 'int'),
    ('overdue', 12, 'int'),
    ('no_deadline', 12, 'int'),
    ('completion_rate', 11, 'percent'),
    ('overdue_rate', 11, 'percent'),
    ('extensions', 10, 'int'),
    ('unjustified_delay', 12, 'int'),
    ('criticisms', 10, 'int'),
    ]
DETAIL_COLUMNS = [
    ('lead_unit', 30, 'wrap'),
    ('item', 8, 'text'),
    ('task', 50, 'wrap'),
    ('source', 30, 'wrap'),
    ('assignment_date', 12, 'date'),
    ('deadline', 12, 'date'),
    ('completion_date', 12, 'date'),
    ('timeliness', 22, 'text'),
    ('extensions', 10, 'int'),
    ('unjustified_delay', 12, 'text'),
    ('criticisms', 10, 'int'),
    ('late_reason', 30, 'wrap'),
    ]


def report_rows(filters):
    """The tasks counted by the report: the dashboard's rows of the
    agency (tasks it assigned or leads) and of the chosen units, with the
    number of criticisms naming each task"""
    pool = Pool()
    Agency = pool.get('qlvb.agency')
    Link = pool.get('qlvb.task.criticism-qlvb.task')
    # As of the end of the period (or today), as the dashboard counts.
    as_of, until = filters.window()
    rows = task_rows(filters.date_from, filters.date_to, as_of, until)
    agency = Agency.__table__()
    link = Link.__table__()
    companies = list(filters.companies) or [-1]
    criticisms = link.select(link.task, Count(Literal(1)).as_('count'),
        group_by=[link.task])
    where = (rows.company.in_(companies)
        | rows.lead_agency.in_(agency.select(agency.id,
                where=agency.company.in_(companies))))
    if filters.departments:
        where &= rows.lead_department.in_(list(filters.departments))
    return (rows
        .join(criticisms, 'LEFT', condition=criticisms.task == rows.task)
        .select(rows.task.as_('task'), rows.lead_agency.as_('lead_agency'),
            rows.lead_department.as_('lead_department'),
            rows.timeliness.as_('timeliness'),
            rows.unjustified.as_('unjustified'),
            rows.extensions.as_('extensions'),
            Coalesce(criticisms.count, 0).as_('criticisms'),
            where=where))


def task_summary(filters):
    """[(agency, department, assigned, {class: count}, extensions,
    unjustified, criticisms)] per lead unit"""
    rows = report_rows(filters)
    query = rows.select(rows.lead_agency, rows.lead_department,
        Count(Literal(1)),
        *(count_of(rows.timeliness, k) for k in CLASS_KEYS),
        Sum(rows.extensions), Sum(rows.unjustified), Sum(rows.criticisms),
        group_by=[rows.lead_agency, rows.lead_department])
    cursor = Transaction().connection.cursor()
    cursor.execute(*query)
    result = []
    for agency, department, assigned, *counts in cursor:
        counts = [int(c or 0) for c in counts]
        classes = dict(zip(CLASS_KEYS, counts))
        result.append((agency, department, int(assigned), classes,
                *counts[len(CLASS_KEYS):]))
    return result


def task_detail(filters):
    "The counted tasks with what a reader needs, in the order of the summary"
    pool = Pool()
    Task = pool.get('qlvb.task')
    Agency = pool.get('qlvb.agency')
    Department = pool.get('qlvb.department')
    rows = report_rows(filters)
    task = Task.__table__()
    agency = Agency.__table__()
    department = Department.__table__()
    return (rows
        .join(task, condition=task.id == rows.task)
        .join(agency, 'LEFT', condition=agency.id == rows.lead_agency)
        .join(department, 'LEFT',
            condition=department.id == rows.lead_department)
        .select(rows.lead_agency, rows.lead_department, task.item,
            task.name, task.source_reference, task.source_title,
            task.assignment_date, task.deadline, task.completion_date,
            rows.timeliness, rows.extensions, rows.unjustified,
            rows.criticisms, task.late_reason,
            order_by=[agency.name, rows.lead_agency, department.name,
                rows.lead_department, task.deadline, task.id]))


def _date(value):
    "SQLite returns dates as text"
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _unit_names(summary):
    "{(agency, department): name} of the lead units of the summary"
    pool = Pool()
    Agency = pool.get('qlvb.agency')
    Department = pool.get('qlvb.department')
    keys = [(a, d) for a, d, *_ in summary]
    agencies = {r['id']: r['rec_name'] for r in Agency.read(
            list({a for a, _ in keys if a}), ['rec_name'])}
    departments = {r['id']: r['rec_name'] for r in Department.read(
            list({d for _, d in keys if d}), ['rec_name'])}
    return {(a, d): (departments[d] if d else agencies.get(a, ''))
        for a, d in keys}


def task_xlsx(filters, cover=()):
    "Return the XLSX bytes of the task report"
    summary = task_summary(filters)
    names = _unit_names(summary)
    classes = dict(Pool().get('qlvb.task').fields_get(
            ['timeliness'])['timeliness']['selection'])
    summary.sort(key=lambda s: (names[s[0], s[1]], s[0] or 0, s[1] or 0))
    title = gettext('qlvb_statistics.msg_statistics_task_title').upper()
    book = Workbook()
    sheet = book.sheet(gettext('qlvb_statistics.msg_statistics_summary'),
        columns('qlvb_statistics', SUMMARY_COLUMNS), cover_block(
            title, filters.date_from, filters.date_to, cover))

    def figures(assigned, counts, extensions, unjustified, criticisms):
        done = counts['done_on_time'] + counts['done_late']
        return [assigned, counts['done_on_time'], counts['done_late'],
            counts['in_progress'] + counts['due_soon'], counts['due_soon'],
            counts['overdue'], counts['no_deadline'],
            *task_rates(assigned, done, counts['overdue']),
            extensions, unjustified, criticisms]

    totals = [0, dict.fromkeys(CLASS_KEYS, 0), 0, 0, 0]
    for agency, department, assigned, counts, *others in summary:
        sheet.write([names[agency, department]]
            + figures(assigned, counts, *others))
        totals[0] += assigned
        for key in CLASS_KEYS:
            totals[1][key] += counts[key]
        for i, value in enumerate(others, 2):
            totals[i] += value
    sheet.write([gettext('qlvb_statistics.msg_statistics_total')]
        + figures(*totals))

    detail = book.sheet(gettext('qlvb_statistics.msg_statistics_detail'),
        columns('qlvb_statistics', DETAIL_COLUMNS), cover_block(
            title, filters.date_from, filters.date_to, cover))
    yes_no = {True: gettext('qlvb_statistics.msg_xlsx_yes'),
        False: gettext('qlvb_statistics.msg_xlsx_no')}
    for (agency, department, item, name, reference, source_title, assigned,
            deadline, completion, timeliness, extensions, unjustified,
            criticisms, late_reason) in stream(task_detail(filters)):
        detail.write([names[agency, department], item, name,
                ' - '.join(filter(None, [reference, source_title])),
                _date(assigned), _date(deadline), _date(completion),
                classes[timeliness], extensions,
                yes_no[bool(unjustified)], criticisms, late_reason])
    return book.close()
