"""The counting rules of the statistics (domain §6), written once as SQL.

Every figure of a summary is an aggregate of the same row query the detail
sheet lists, so a count never disagrees with its list:

- `incoming_rows`: one row per processing assignment given by a leader's
  direction (a root assignment, neither cancelled, withdrawn nor returned
  as misrouted: assignment.VOID_STATES) of a document received in
  the period. Forwarding steps (a leader passing the document on) are
  circulation history, and a department head's forwarding to specialists
  creates child assignments: neither is a row.
- per unit and role (`incoming_summary`): one count per row; a document
  with two lead units counts once for each.
- agency-wide (`incoming_total`): documents counted once, classed by the
  worst of their lead rows (of all their rows when the filters left no
  lead), the same rule as the document's own timeliness.
- classes are as of the end of the period (today for a period not yet
  over): work completed after it counts as not completed.

Everything is set-based (python-sql); nothing loops over records.
"""
from dataclasses import dataclass, field
import datetime as dt

from sql import Literal, Null, Union
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce

from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.qlvb_incoming.assignment import VOID_STATES
from trytond.modules.qlvb_outgoing.dispatch import STATUS_OF_STATE, STATUSES
from trytond.modules.qlvb.export_access import readable_query
from trytond.modules.qlvb.timeliness import (
    CLASSES, SEVERITY, severity_case, timeliness_case, timeliness_window)

CLASS_KEYS = [k for k, _ in CLASSES]
ROLE_ORDER = {'lead': 0, 'coordinate': 1, 'inform': 2}
# Documents that never reached handling are not counted as handled.
EXCLUDED_STATES = ['rejected', 'cancelled']


@dataclass
class Filters:
    "What a report covers; None means no restriction"
    companies: list
    date_from: dt.date
    date_to: dt.date
    departments: list = None
    document_type: int = None
    urgency: int = None
    issuer: int = None
    today: dt.date = None
    due_soon_until: dt.date = None
    # A query of the assignment ids the reader may see (record rules)
    assignments: object = None
    # Read the rows with the user's record rules (report SQL has none)
    as_user: bool = False
    # {model name: query of the ids the reader may see}, filled as needed
    readable: dict = field(default_factory=dict)

    def visible(self, name, column):
        "The condition that the row of column is readable to the user"
        if self.as_user and name not in self.readable:
            self.readable[name] = readable_query(Pool().get(name))
        query = self.readable.get(name)
        if name == 'qlvb.incoming.assignment' and query is None:
            query = self.assignments
        return column.in_(query) if query is not None else Literal(True)

    def window(self):
        """(as-of date, end of its due-soon window): a report is as of
        the end of its period, or today for a period not yet over"""
        if self.today is None:
            today, _ = timeliness_window()
            with Transaction().set_context(
                    qlvb_today=min(today, self.date_to)):
                self.today, self.due_soon_until = timeliness_window()
        return self.today, self.due_soon_until

    def completed(self, column):
        "A completion after the as-of date is not a completion yet"
        today, _ = self.window()
        return Case((column <= today, column), else_=Null)


def count_of(expression, value):
    return Sum(Case((expression == Literal(value), Literal(1)),
            else_=Literal(0)))


def incoming_rows(filters):
    """The rows counted: root assignments of documents received in the
    period. Columns: assignment, incoming, department, employee (when the
    assignee is a person without department), role, timeliness."""
    pool = Pool()
    Assignment = pool.get('qlvb.incoming.assignment')
    Incoming = pool.get('qlvb.incoming')
    a = Assignment.__table__()
    i = Incoming.__table__()
    today, until = filters.window()
    where = ((a.parent == Null) & ~a.state.in_(VOID_STATES)
        & ~i.state.in_(EXCLUDED_STATES)
        & i.company.in_(list(filters.companies) or [-1])
        & (i.arrival_date >= filters.date_from)
        & (i.arrival_date <= filters.date_to))
    if filters.departments:
        where &= a.department.in_(list(filters.departments))
    where &= filters.visible('qlvb.incoming.assignment', a.id)
    for name in ['document_type', 'urgency', 'issuer']:
        value = getattr(filters, name)
        if value:
            where &= getattr(i, name) == value
    return a.join(i, condition=a.incoming == i.id).select(
        a.id.as_('assignment'),
        a.incoming.as_('incoming'),
        a.department.as_('department'),
        Case((a.department == Null, a.employee), else_=Null).as_('employee'),
        a.role.as_('role'),
        timeliness_case(a.deadline, filters.completed(a.completion_date),
            today, until).as_('timeliness'),
        where=where)


def incoming_summary_query(filters):
    """The counts per unit and role: columns department, employee, role,
    received and one per class (the report and the dashboard)"""
    rows = incoming_rows(filters)
    return rows.select(
        rows.department.as_('department'), rows.employee.as_('employee'),
        rows.role.as_('role'), Count(Literal(1)).as_('received'),
        *(count_of(rows.timeliness, k).as_(k) for k in CLASS_KEYS),
        group_by=[rows.department, rows.employee, rows.role])


def incoming_domain(filters, department, employee, role, klass=None):
    """The rows of one unit, role and class as a domain on
    qlvb.incoming.assignment, so a list shows exactly what is counted.
    It states incoming_rows and timeliness_case as a domain: keep them in
    step (test_statistics checks every figure against its list)."""
    today, until = filters.window()
    domain = [
        ('parent', '=', None),
        ('state', 'not in', VOID_STATES),
        ('incoming.state', 'not in', EXCLUDED_STATES),
        ('incoming.company', 'in', list(filters.companies) or [-1]),
        ('incoming.arrival_date', '>=', filters.date_from),
        ('incoming.arrival_date', '<=', filters.date_to),
        ('department', '=', department),
        ('role', '=', role),
        ]
    if not department:
        domain.append(('employee', '=', employee))
    if filters.departments:
        domain.append(('department', 'in', list(filters.departments)))
    for name in ['document_type', 'urgency', 'issuer']:
        value = getattr(filters, name)
        if value:
            domain.append(('incoming.%s' % name, '=', value))
    # A completion after the as-of date is not a completion yet.
    open_ = ['OR', ('completion_date', '=', None),
        ('completion_date', '>', today)]
    domain.extend({
            None: [],
            'no_deadline': [('deadline', '=', None)],
            'done_on_time': [('completion_date', '<=', today),
                ('timeliness', '=', 'done_on_time')],
            'done_late': [('completion_date', '<=', today),
                ('timeliness', '=', 'done_late')],
            'in_progress': [open_, ('deadline', '>', until)],
            'due_soon': [open_, ('deadline', '>=', today),
                ('deadline', '<=', until)],
            'overdue': [open_, ('deadline', '<', today)],
            }[klass])
    return domain


def incoming_summary(filters):
    """[(department, employee, role, received, {class: count})] per unit
    and role"""
    query = incoming_summary_query(filters)
    cursor = Transaction().connection.cursor()
    cursor.execute(*query)
    return [(department, employee, role, int(received),
            dict(zip(CLASS_KEYS, map(int, counts))))
        for department, employee, role, received, *counts in cursor]


def incoming_total(filters):
    "(documents, {class: count}) agency-wide, each document once"
    rows = incoming_rows(filters)
    # Lead rows weigh 100 more, so the maximum is the worst lead row when
    # there is one; the remainder is the severity.
    severity = severity_case(rows.timeliness)
    weighted = Max(Case((rows.role == 'lead', severity + Literal(100)),
            else_=severity))
    documents = rows.select(rows.incoming, weighted.as_('weight'),
        group_by=[rows.incoming])
    worst = Case((documents.weight >= Literal(100),
            documents.weight - Literal(100)), else_=documents.weight)
    query = documents.select(Count(Literal(1)),
        *(count_of(worst, SEVERITY[k]) for k in CLASS_KEYS))
    cursor = Transaction().connection.cursor()
    cursor.execute(*query)
    total, *counts = cursor.fetchone()
    return int(total or 0), dict(zip(CLASS_KEYS, (int(c or 0)
                for c in counts)))


def incoming_detail(filters):
    """The detail query: the counted rows with what a reader needs, in the
    order of the summary (unit, role, arrival)."""
    pool = Pool()
    Assignment = pool.get('qlvb.incoming.assignment')
    Incoming = pool.get('qlvb.incoming')
    Agency = pool.get('qlvb.agency')
    Department = pool.get('qlvb.department')
    Employee = pool.get('company.employee')
    Party = pool.get('party.party')
    rows = incoming_rows(filters)
    a = Assignment.__table__()
    i = Incoming.__table__()
    issuer = Agency.__table__()
    department = Department.__table__()
    employee = Employee.__table__()
    party = Party.__table__()
    query = (rows
        .join(a, condition=a.id == rows.assignment)
        .join(i, condition=i.id == rows.incoming)
        .join(issuer, 'LEFT', condition=issuer.id == i.issuer)
        .join(department, 'LEFT', condition=department.id == rows.department)
        .join(employee, 'LEFT', condition=employee.id == rows.employee)
        .join(party, 'LEFT', condition=party.id == employee.party)
        .select(
            rows.department, rows.employee, rows.role, rows.timeliness,
            i.arrival_number, i.arrival_date, issuer.name, i.reference,
            i.subject, i.direction, a.note, a.deadline, a.completion_date,
            a.result_reference, a.result_note, a.late_reason, rows.incoming,
            order_by=[department.name, party.name, rows.department,
                rows.employee, rows.role, i.arrival_date,
                i.arrival_number, rows.assignment]))
    return query


def outgoing_rows(filters):
    """Outgoing documents issued in the period (numbered, not cancelled),
    by drafting department and type."""
    Outgoing = Pool().get('qlvb.outgoing')
    o = Outgoing.__table__()
    where = ((o.number != Null) & (o.state != 'cancelled')
        & o.company.in_(list(filters.companies) or [-1])
        & (o.issue_date >= filters.date_from)
        & (o.issue_date <= filters.date_to)
        & filters.visible('qlvb.outgoing', o.id))
    if filters.departments:
        where &= o.drafting_department.in_(list(filters.departments))
    for name in ['document_type', 'urgency']:
        value = getattr(filters, name)
        if value:
            where &= getattr(o, name) == value
    return o, where


def dispatch_status_case(dispatch, incoming):
    """SQL of the recipient's status seen from the sender (dispatch.py):
    from the recipient's document in the system, else the status it
    reported"""
    return Case((incoming.id == Null, dispatch.remote_status),
        *((incoming.state == Literal(state), Literal(status))
            for state, status in STATUS_OF_STATE.items()),
        else_=Literal('arrived'))


STATUS_KEYS = [k for k, _ in STATUSES]


def outgoing_summary(filters):
    """{(department, document type): {figure: count}}: issued, replies
    (issued documents answering incoming ones), dispatches per status, and
    requests for comments answered on time, late, or overdue."""
    pool = Pool()
    Link = pool.get('qlvb.outgoing-qlvb.incoming')
    Dispatch = pool.get('qlvb.outgoing.dispatch')
    Incoming = pool.get('qlvb.incoming')
    Comment = pool.get('qlvb.outgoing.comment')
    Outgoing = pool.get('qlvb.outgoing')
    cursor = Transaction().connection.cursor()
    result = {}

    def add(query, names):
        cursor.execute(*query)
        for department, type_, *counts in cursor:
            figures = result.setdefault((department, type_), {})
            figures.update(zip(names, (int(c or 0) for c in counts)))

    o, where = outgoing_rows(filters)
    link = Link.__table__()
    replies = link.select(link.outgoing)
    add(o.select(o.drafting_department, o.document_type, Count(Literal(1)),
            Sum(Case((o.id.in_(replies), Literal(1)), else_=Literal(0))),
            where=where, group_by=[o.drafting_department, o.document_type]),
        ['issued', 'replies'])

    o, where = outgoing_rows(filters)
    d = Dispatch.__table__()
    i = Incoming.__table__()
    status = dispatch_status_case(d, i)
    add(d.join(o, condition=d.outgoing == o.id)
        .join(i, 'LEFT', condition=d.incoming == i.id)
        .select(o.drafting_department, o.document_type, Count(Literal(1)),
            *(count_of(status, k) for k in STATUS_KEYS),
            where=where & filters.visible('qlvb.outgoing.dispatch', d.id),
            group_by=[o.drafting_department, o.document_type]),
        ['dispatches'] + STATUS_KEYS)

    # Requests for comments sent in the period, on drafts of the unit.
    c = Comment.__table__()
    o = Outgoing.__table__()
    today, until = filters.window()
    klass = timeliness_case(
        c.deadline, filters.completed(c.completion_date), today, until)
    where = ((c.state != 'draft')
        & o.company.in_(list(filters.companies) or [-1])
        & (c.requested_date >= filters.date_from)
        & (c.requested_date <= filters.date_to)
        & filters.visible('qlvb.outgoing.comment', c.id)
        & filters.visible('qlvb.outgoing', o.id))
    if filters.departments:
        where &= o.drafting_department.in_(list(filters.departments))
    for name in ['document_type', 'urgency']:
        value = getattr(filters, name)
        if value:
            where &= getattr(o, name) == value
    add(c.join(o, condition=c.outgoing == o.id)
        .select(o.drafting_department, o.document_type, Count(Literal(1)),
            count_of(klass, 'done_on_time'), count_of(klass, 'done_late'),
            count_of(klass, 'overdue'),
            where=where, group_by=[o.drafting_department, o.document_type]),
        ['comments', 'comments_on_time', 'comments_late',
            'comments_overdue'])
    return result


def outgoing_answers(filters):
    """Per outgoing document answering a duty (the result of an incoming
    assignment not cancelled) or a request (a reply to an incoming
    document with a due date): outgoing, deadline (the earliest),
    completion (the duties' completion, the reply's issue date for a
    request; the latest, none while one is open), timeliness (the shared
    rule, as of the report's date)."""
    pool = Pool()
    Assignment = pool.get('qlvb.incoming.assignment')
    Link = pool.get('qlvb.outgoing-qlvb.incoming')
    Incoming = pool.get('qlvb.incoming')
    Outgoing = pool.get('qlvb.outgoing')
    a = Assignment.__table__()
    link = Link.__table__()
    i = Incoming.__table__()
    reply = Outgoing.__table__()
    duties = a.select(a.result_outgoing.as_('outgoing'),
        a.deadline.as_('deadline'), a.completion_date.as_('completion'),
        where=(a.result_outgoing != Null) & ~a.state.in_(VOID_STATES))
    requests = (link
        .join(i, condition=link.incoming == i.id)
        .join(reply, condition=link.outgoing == reply.id)
        .select(link.outgoing.as_('outgoing'), i.due_date.as_('deadline'),
            reply.issue_date.as_('completion'),
            where=i.due_date != Null))
    answered = Union(duties, requests, all_=True)
    grouped = answered.select(answered.outgoing,
        Min(answered.deadline).as_('deadline'),
        Case((Count(answered.completion) == Count(Literal(1)),
                Max(answered.completion)), else_=Null).as_('completion'),
        group_by=[answered.outgoing])
    today, until = filters.window()
    return grouped.select(grouped.outgoing, grouped.deadline,
        grouped.completion,
        timeliness_case(grouped.deadline,
            filters.completed(grouped.completion), today, until
            ).as_('timeliness'))


def outgoing_detail(filters):
    """The issued documents, one row each, in the order of the summary;
    with the deadline, completion and timeliness of what they answer"""
    pool = Pool()
    Department = pool.get('qlvb.department')
    Type = pool.get('qlvb.document.type')
    Link = pool.get('qlvb.outgoing-qlvb.incoming')
    Dispatch = pool.get('qlvb.outgoing.dispatch')
    o, where = outgoing_rows(filters)
    department = Department.__table__()
    type_ = Type.__table__()
    link = Link.__table__()
    dispatch = Dispatch.__table__()
    links = link.select(link.outgoing, Count(Literal(1)).as_('count'),
        group_by=[link.outgoing])
    dispatches = dispatch.select(dispatch.outgoing,
        Count(Literal(1)).as_('count'), group_by=[dispatch.outgoing])
    answers = outgoing_answers(filters)
    return (o
        .join(department, condition=department.id == o.drafting_department)
        .join(type_, condition=type_.id == o.document_type)
        .join(links, 'LEFT', condition=links.outgoing == o.id)
        .join(dispatches, 'LEFT', condition=dispatches.outgoing == o.id)
        .join(answers, 'LEFT', condition=answers.outgoing == o.id)
        .select(o.drafting_department, o.document_type, o.reference,
            o.issue_date, o.subject, links.count, dispatches.count, o.id,
            answers.deadline, answers.completion, answers.timeliness,
            where=where,
            order_by=[department.name, o.drafting_department, type_.name,
                o.document_type, o.issue_date, o.number, o.id]))


def dispatch_detail(filters):
    "One row per recipient of the issued documents, with its status"
    pool = Pool()
    Dispatch = pool.get('qlvb.outgoing.dispatch')
    Incoming = pool.get('qlvb.incoming')
    Agency = pool.get('qlvb.agency')
    o, where = outgoing_rows(filters)
    d = Dispatch.__table__()
    i = Incoming.__table__()
    agency = Agency.__table__()
    return (d.join(o, condition=d.outgoing == o.id)
        .join(i, 'LEFT', condition=d.incoming == i.id)
        .join(agency, condition=agency.id == d.agency)
        .select(o.drafting_department, o.document_type, o.reference,
            o.issue_date, agency.name, dispatch_status_case(d, i),
            Coalesce(i.state_reason, d.remote_reason),
            where=where & filters.visible('qlvb.outgoing.dispatch', d.id),
            order_by=[o.drafting_department, o.document_type, o.issue_date,
                o.id, agency.name, d.id]))


def stream(query, size=2000):
    """Iterate the rows of a query without holding them all: a server-side
    cursor on PostgreSQL, fetchmany elsewhere."""
    transaction = Transaction()
    connection = transaction.connection
    if transaction.database.name and hasattr(connection, 'cursor') and (
            connection.__class__.__module__.startswith('psycopg')):
        cursor = connection.cursor(name='qlvb_statistics')
        cursor.itersize = size
    else:
        cursor = connection.cursor()
    try:
        cursor.execute(*query)
        while True:
            rows = cursor.fetchmany(size)
            if not rows:
                break
            yield from rows
    finally:
        cursor.close()
