"""Reports of the inspection (XLSX, the shared writer): inspections by team
and period, findings by type and unit, recommendation follow-up, discipline
outcomes, and a multi-period summary like the two-year review 549/BC-TKT.
Every count is computed from the rows listed on the sheets next to it, as
the user may read them (record rules apply)."""
import datetime as dt
from collections import Counter

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.qlvb.export_access import (
    check_readable, search_as_user)
from trytond.modules.qlvb.timeliness import DONE
from trytond.modules.qlvb.xlsx import Workbook, columns, cover_block
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.wizard import Button, StateTransition, StateView, Wizard

INSPECTION_COLUMNS = [
    ('team', 28, 'wrap'),
    ('inspection', 40, 'wrap'),
    ('kind', 14, 'text'),
    ('inspected_unit', 32, 'wrap'),
    ('period_start', 12, 'date'),
    ('period_end', 12, 'date'),
    ('inspection_date', 12, 'date'),
    ('state', 16, 'text'),
    ('conclusion', 18, 'text'),
    ('conclusion_date', 12, 'date'),
    ('findings', 10, 'int'),
    ('recommendations', 10, 'int'),
    ]
FINDING_TYPE_COLUMNS = [
    ('category', 36, 'wrap'),
    ('unit', 36, 'wrap'),
    ('findings', 10, 'int'),
    ]
FINDING_COLUMNS = [
    ('inspection', 36, 'wrap'),
    ('unit', 32, 'wrap'),
    ('official', 24, 'wrap'),
    ('position', 24, 'wrap'),
    ('category', 30, 'wrap'),
    ('severity', 14, 'text'),
    ('description', 50, 'wrap'),
    ('head', 24, 'wrap'),
    ]
FOLLOW_UP_COLUMNS = [
    ('responsible_unit', 36, 'wrap'),
    ('recommendations_total', 10, 'int'),
    ('done_on_time', 10, 'int'),
    ('done_late', 10, 'int'),
    ('in_progress', 10, 'int'),
    ('overdue', 10, 'int'),
    ('completion_rate', 10, 'percent'),
    ]
RECOMMENDATION_COLUMNS = [
    ('inspection', 32, 'wrap'),
    ('recommendation', 50, 'wrap'),
    ('responsible_unit', 30, 'wrap'),
    ('deadline', 12, 'date'),
    ('completion_date', 12, 'date'),
    ('timeliness', 22, 'text'),
    ('reminders', 8, 'int'),
    ]
DISCIPLINE_COLUMNS = [
    ('official', 26, 'wrap'),
    ('unit', 30, 'wrap'),
    ('violation', 44, 'wrap'),
    ('discipline_form', 22, 'text'),
    ('legal_basis', 24, 'text'),
    ('decision', 18, 'text'),
    ('decision_date', 12, 'date'),
    ('effect_start', 12, 'date'),
    ('effect_end', 12, 'date'),
    ('state', 16, 'text'),
    ]
SUMMARY_COLUMNS = [
    ('period', 24, 'text'),
    ('inspections', 10, 'int'),
    ('planned', 10, 'int'),
    ('unannounced', 10, 'int'),
    ('inspected_units', 10, 'int'),
    ('findings', 10, 'int'),
    ('recommendations', 10, 'int'),
    ('done_on_time', 10, 'int'),
    ('done_late', 10, 'int'),
    ('overdue', 10, 'int'),
    ('disciplines', 10, 'int'),
    ]


def inspection_date(inspection):
    "The date an inspection counts in: on site, else as planned"
    return inspection.start_date or inspection.planned_date


def collect(date_from, date_to, team=None):
    """The records of the period as the user may read them:
    (inspections, findings, recommendations, disciplines)"""
    pool = Pool()
    Inspection = pool.get('inspection.inspection')
    Finding = pool.get('inspection.finding')
    Recommendation = pool.get('inspection.recommendation')
    Discipline = pool.get('inspection.discipline')
    domain = [('state', '!=', 'cancelled'),
        ['OR',
            [('start_date', '>=', date_from), ('start_date', '<=', date_to)],
            [('start_date', '=', None), ('planned_date', '>=', date_from),
                ('planned_date', '<=', date_to)]]]
    if team:
        domain.append(('team', '=', team.id))
    # The wizard step runs with access checks off: search as the user.
    inspections = search_as_user(Inspection, domain,
        order=[('team', 'ASC'), ('start_date', 'ASC'), ('id', 'ASC')])
    ids = [i.id for i in inspections]
    findings = search_as_user(Finding, [('inspection', 'in', ids)],
        order=[('inspection', 'ASC'), ('id', 'ASC')])
    recommendations = search_as_user(Recommendation, [
            ('inspection', 'in', ids), ('state', '!=', 'cancelled')],
        order=[('inspection', 'ASC'), ('id', 'ASC')])
    disciplines = search_as_user(Discipline, [
            ('finding.inspection', 'in', ids), ('state', '!=', 'cancelled')],
        order=[('decision_date', 'ASC'), ('id', 'ASC')])
    return inspections, findings, recommendations, disciplines


def reminded(recommendation):
    "Times reminded: one per event or click, whatever its recipients"
    return len({(r.kind, r.event_date, r.sent_at)
            for r in recommendation.reminders})


def follow_up(recommendations):
    "{unit name: Counter of timeliness classes}"
    result = {}
    for recommendation in recommendations:
        counter = result.setdefault(recommendation.unit.rec_name, Counter())
        counter[recommendation.timeliness] += 1
    return result


def summary_row(label, inspections, findings, recommendations,
        disciplines):
    timeliness = Counter(r.timeliness for r in recommendations)
    return [label, len(inspections),
        sum(1 for i in inspections if i.plan),
        sum(1 for i in inspections if not i.plan),
        len({(i.agency.id, i.department.id if i.department else None)
                for i in inspections}),
        len(findings), len(recommendations),
        timeliness['done_on_time'], timeliness['done_late'],
        timeliness['overdue'],
        sum(1 for d in disciplines if d.state == 'decided')]


def periods(date_from, date_to):
    "Calendar years of the range (each cut to the range)"
    result, year = [], date_from.year
    while year <= date_to.year:
        result.append((max(date_from, dt.date(year, 1, 1)),
                min(date_to, dt.date(year, 12, 31))))
        year += 1
    return result


def inspection_xlsx(date_from, date_to, team=None):
    "Return the XLSX bytes of the inspection reports for the period"
    pool = Pool()
    Lang = pool.get('ir.lang')
    Finding = pool.get('inspection.finding')
    Recommendation = pool.get('inspection.recommendation')
    Inspection = pool.get('inspection.inspection')
    lang = Lang.get()
    inspections, findings, recommendations, disciplines = collect(
        date_from, date_to, team)
    filters = [(gettext('kiem_tra_cong_vu.msg_report_team'),
            team.rec_name if team else None)]
    kinds = dict(Inspection.fields_get(['kind'])['kind']['selection'])
    categories = dict(Finding.fields_get(['category'])['category'][
            'selection'])
    classes = dict(Recommendation.fields_get(['timeliness'])[
            'timeliness']['selection'])

    def cover(title):
        return cover_block(gettext(title), date_from, date_to, filters)

    def sheet_of(name, specs, title):
        return book.sheet(
            gettext(f'kiem_tra_cong_vu.msg_xlsx_sheet_{name}'),
            columns('kiem_tra_cong_vu', specs),
            cover(f'kiem_tra_cong_vu.msg_report_{title}'))

    book = Workbook()
    sheet = sheet_of('inspections', INSPECTION_COLUMNS, 'inspections')
    for i in inspections:
        sheet.write([i.team.rec_name, i.name, kinds[i.kind],
                i.unit.rec_name, i.period_start, i.period_end,
                inspection_date(i), i.state_string,
                i.conclusion.reference if i.conclusion else None,
                i.conclusion_date,
                sum(1 for f in findings if f.inspection == i),
                sum(1 for r in recommendations if r.inspection == i)])

    sheet = sheet_of('findings_by_type', FINDING_TYPE_COLUMNS, 'findings')
    by_type = Counter((f.category, (f.department or f.agency).rec_name)
        for f in findings)
    for (category, unit), count in sorted(by_type.items()):
        sheet.write([categories[category], unit, count])
    sheet = sheet_of('findings', FINDING_COLUMNS, 'findings')
    for f in findings:
        sheet.write([f.inspection.name, (f.department or f.agency).rec_name,
                f.employee.rec_name if f.employee else None, f.position,
                categories[f.category], f.severity_string, f.description,
                f.head.rec_name if f.head_responsible and f.head else None])

    sheet = sheet_of('follow_up', FOLLOW_UP_COLUMNS, 'follow_up')
    for unit, counter in sorted(follow_up(recommendations).items()):
        total = sum(counter.values())
        done = sum(counter[c] for c in DONE)
        sheet.write([unit, total, counter['done_on_time'],
                counter['done_late'],
                counter['in_progress'] + counter['due_soon'],
                counter['overdue'], done / total if total else None])
    sheet = sheet_of('recommendations', RECOMMENDATION_COLUMNS,
        'follow_up')
    for r in recommendations:
        sheet.write([r.inspection.name, r.description, r.unit.rec_name,
                r.deadline, r.completion_date, classes.get(r.timeliness),
                reminded(r)])

    sheet = sheet_of('discipline', DISCIPLINE_COLUMNS, 'discipline')
    states = dict(pool.get('inspection.discipline').fields_get(
            ['state'])['state']['selection'])
    for d in disciplines:
        finding = d.finding
        sheet.write([d.employee.rec_name,
                (finding.department or finding.agency).rec_name,
                d.violation, d.form.name if d.form else None,
                d.form.legal_reference.rec_name if d.form else None,
                d.decision_reference, d.decision_date, d.effect_start,
                d.effect_end, states[d.state]])

    sheet = sheet_of('summary', SUMMARY_COLUMNS, 'summary')
    for start, end in periods(date_from, date_to):
        kept = [i for i in inspections if start <= inspection_date(i) <= end]
        sheet.write(summary_row(
                '%s - %s' % (lang.strftime(start), lang.strftime(end)),
                kept, [f for f in findings if f.inspection in kept],
                [r for r in recommendations if r.inspection in kept],
                [d for d in disciplines if d.finding.inspection in kept]))
    sheet.write(summary_row(gettext('kiem_tra_cong_vu.msg_report_total'),
            inspections, findings, recommendations, disciplines))
    return book.close()


class ReportStart(ModelView):
    __name__ = 'inspection.report.start'
    __string__ = "Inspection Reports"

    team = fields.Many2One('inspection.team', "Team",
        help="Empty for every team the user may read.")
    date_from = fields.Date("From", required=True,
        domain=[If(Eval('date_to'), ('date_from', '<=', Eval('date_to')),
                ())])
    date_to = fields.Date("To", required=True,
        domain=[If(Eval('date_from'), ('date_to', '>=', Eval('date_from')),
                ())])


class ReportResult(ModelView):
    __name__ = 'inspection.report.result'
    __string__ = "Inspection Reports"

    file = fields.Binary("File", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)


class Report(Wizard):
    "Export the inspection reports of a period as XLSX"
    __name__ = 'inspection.report'
    start = StateView('inspection.report.start',
        'kiem_tra_cong_vu.report_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('inspection.report.result',
        'kiem_tra_cong_vu.report_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        today = Pool().get('ir.date').today()
        # Two years by default, as the seed's review (549/BC-TKT).
        values = {'date_from': dt.date(today.year - 1, 1, 1),
            'date_to': today}
        if self.model and self.model.__name__ == 'inspection.team':
            values['team'] = self.record.id
        return values

    def transition_export(self):
        start = self.start
        # Any team id may be sent: the step runs with access checks off.
        check_readable([start.team],
            'kiem_tra_cong_vu.msg_report_team_not_readable')
        self._data = inspection_xlsx(start.date_from, start.date_to,
            start.team)
        return 'result'

    def default_result(self, fields):
        start = self.start
        return {
            'file': self._data,
            'filename': gettext('kiem_tra_cong_vu.msg_xlsx_file')
            + f'-{start.date_from:%Y%m%d}-'
            f'{start.date_to:%Y%m%d}.xlsx',
            }
