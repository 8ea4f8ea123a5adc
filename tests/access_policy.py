"""The access policy of the e-office, declared once.

POLICY gives, for every stored model of the modules, who may read it and
how it changes. docs/access.md is rendered from it
(`python -m tests.access_policy > docs/access.md`; test_access_policy.py
fails when it is stale or when a stored model has no entry), and
test_access_matrix.py asks the server, as every demo user, whether it
obeys it.

The server implements it with record rules built from one context
(qlvb/rule.py: the user's companies, employees, departments, led
departments, inspected units) and one guard for the paths where trytond
skips rules (qlvb/export_access.py: exports; report and wizard steps read
as the user)."""
from dataclasses import dataclass

# Who reads ---------------------------------------------------------------
EVERYONE = 'everyone'
COMPANY = 'company'
INCOMING = 'incoming'
OUTGOING = 'outgoing'
TASK = 'task'
INSPECTION = 'inspection'
RESULT = 'inspection result'
PLAN = 'plan'
TEAM = 'team'
OWN = 'own'
ADMIN = 'admin'
SECRET_KEEPERS = 'secret keepers'
CLERKS = 'clerks'
FILE = 'file'
CRITICISM = 'criticism'
INFO_CENTER = 'information center'
ARCHIVE_FILE = 'archive file'
DELEGATION = 'delegation'

READERS = {
    EVERYONE: "every user (reference data)",
    COMPANY: "the users of the record's agency",
    INCOMING: "the incoming document's readers: its agency's clerks, "
    "leaders and assistants; the staff of the departments it is assigned "
    "or forwarded to, the officials it is assigned to or passed on to, "
    "the directing leader; an inspection team, read only, while it "
    "inspects the unit. A **secret** document only: the secret "
    "register's clerks, the directing leader (and the leader directing "
    "on his behalf), the officials assigned and the heads of the "
    "departments assigned",
    OUTGOING: "the outgoing document's readers: its agency's clerks, "
    "leaders and assistants; its drafter, the drafting department, the "
    "departments asked for comments; once issued, the departments it is "
    "sent to; an inspection team, read only, for issued documents of the "
    "inspected unit and period",
    TASK: "the task's readers: the office that assigns tasks, agency "
    "leaders, assistants and clerks of its agency; the lead and "
    "coordinating agencies and departments; an inspection team, read "
    "only, while it inspects the unit",
    INSPECTION: "the inspection team's members and competent leader, and "
    "the inspected unit's leaders (who are told of it)",
    RESULT: "the inspection team's members and competent leader; once "
    "the conclusion is issued, the leaders of the unit concerned",
    PLAN: "members of inspection teams and the leaders of agencies and "
    "departments (the yearly plan is announced to the units)",
    TEAM: "the inspection team's members and competent leader",
    OWN: "the user it belongs to",
    ADMIN: "administrators",
    CLERKS: "the clerks of the record's agency and administrators",
    FILE: "the processing file's readers: its agency's clerks, leaders "
    "and assistants; the officials and the staff of the departments "
    "assigned one of its documents (they write the replies)",
    CRITICISM: "the users of the office that criticises and of the "
    "agency criticised",
    INFO_CENTER: "the Information Center (group Trung tâm Thông tin) and "
    "administrators: per unit, figures of the tasks they may read and of "
    "the duties of their agencies' documents (not of secret registers)",
    ARCHIVE_FILE: "the users of the file's agency who are its clerks, "
    "leaders, assistants or archive clerks; the staff of its keeping unit "
    "and its responsible official",
    DELEGATION: "the leader who gives it, its delegate, and the "
    "administrators of its agency",
    SECRET_KEEPERS: "the clerks of the agency's secret register and the "
    "head of the agency (Circular 01/2019/TT-BNV: the history of access "
    "to secret documents); the agency's archive clerks also read the rows "
    "of the documents of archived files (their access history)",
}

# How it changes ----------------------------------------------------------
ACTIONS = 'actions'
ADMIN_EDIT = 'admin'
READERS_EDIT = 'readers'
SERVER = 'server'
TEAM_EDIT = 'team'
OFFICE_REF = 'task office'
CLERKS_EDIT = 'clerks'
TEAM_REF = 'inspection teams'
FILE_LIST_EDIT = 'file list'
ARCHIVE_EDIT = 'archive file'
LEADER_EDIT = 'leader'

CHANGES = {
    ACTIONS: "only through the buttons and wizards of its workflow, by "
    "the people the step belongs to; its workflow fields (state, numbers, "
    "registration, completion, signatures) are refused on a direct "
    "create or write, and a direct delete is refused once it left draft",
    ADMIN_EDIT: "administrators create, change and delete; others read",
    READERS_EDIT: "those who may read it, within its agency",
    SERVER: "the server only: nobody edits or deletes it",
    TEAM_EDIT: "the inspection team's members, while the inspection runs",
    CLERKS_EDIT: "its agency's clerks (they attach further documents); "
    "the server opens it at the first direction",
    OFFICE_REF: "the office that follows tasks (group Theo dõi nhiệm vụ) "
    "and administrators; others read",
    FILE_LIST_EDIT: "its agency's clerks while it is a draft; the agency "
    "head approves it (button), then nobody changes it; the clerks copy it "
    "to the next year",
    ARCHIVE_EDIT: "those who read it (not assistants and archive clerks) "
    "while it is open: they file documents they may read; one opened "
    "outside the file list by others than the clerks waits for a clerk's "
    "approval (button) before documents are filed; closing, "
    "transfer and acceptance by their buttons; read-only once closed",
    LEADER_EDIT: "the leader who gives it, while it is a draft; then "
    "only its buttons (give, revoke: the leader's); a leader delegates "
    "only his own power, as a leader of the agency",
    TEAM_REF: "members of inspection teams (group Tổ Kiểm tra công vụ) "
    "and administrators; others read",
}


@dataclass(frozen=True)
class Entry:
    read: str
    change: str
    # The record whose access this one follows (trytond __access__), and
    # the field that reaches it.
    follows: str = None
    # Text fields a relation search may reach it by (the side door of
    # ('<relation>.<field>', 'ilike', ...)).
    text: tuple = ()


def follows(field, parent):
    "A child record: read and changed as its parent is"
    return Entry(parent.read, parent.change, follows=field)


_incoming = Entry(INCOMING, ACTIONS, text=('subject', 'reference'))
_outgoing = Entry(OUTGOING, ACTIONS, text=('subject',))
_task = Entry(TASK, ACTIONS, text=('name',))
_inspection = Entry(INSPECTION, TEAM_EDIT, text=('name',))
_reference = Entry(EVERYONE, ADMIN_EDIT)

POLICY = {
    # qlvb: organisation and reference data
    'qlvb.agency': _reference,
    'qlvb.department': _reference,
    'qlvb.position': _reference,
    'qlvb.post': follows('employee', _reference),
    'qlvb.post-res.user': follows('post', _reference),
    'qlvb.document.type': _reference,
    'qlvb.urgency': _reference,
    'qlvb.confidentiality': _reference,
    'qlvb.calendar.day': _reference,
    'qlvb.configuration': _reference,
    'qlvb.numbering.counter': Entry(ADMIN, SERVER),
    'qlvb.access.log': Entry(SECRET_KEEPERS, SERVER),
    # The My Work page: a SQL view of one row, the user's own; its
    # counters count as the user
    'qlvb.home': Entry(OWN, SERVER),
    'qlvb.reminder': Entry(INCOMING, SERVER,
        follows='record (the task, recommendation, document duty, incoming '
        'document, request for comments or file it reminds of)'),
    # qlvb_signature
    'qlvb.signing.certificate': Entry(OWN, ADMIN_EDIT),
    'qlvb.signing.root': _reference,
    # qlvb_incoming
    'qlvb.incoming.register': Entry(COMPANY, ADMIN_EDIT),
    'qlvb.incoming.register-res.user': Entry(COMPANY, ADMIN_EDIT),
    'qlvb.incoming': _incoming,
    'qlvb.incoming.assignment': Entry(INCOMING, ACTIONS,
        follows='incoming', text=('result_note',)),
    'qlvb.incoming.circulation': Entry(INCOMING, SERVER,
        follows='incoming', text=('note',)),
    'qlvb.processing.file': Entry(FILE, CLERKS_EDIT, text=('name',)),
    'qlvb.delegation': Entry(DELEGATION, LEADER_EDIT, text=('note',)),
    'qlvb.delegation.act': follows('delegation', Entry(DELEGATION, SERVER)),
    # qlvb_outgoing
    'qlvb.outgoing.register': Entry(COMPANY, ADMIN_EDIT),
    'qlvb.outgoing.register-qlvb.document.type': Entry(COMPANY, ADMIN_EDIT),
    'qlvb.outgoing': _outgoing,
    'qlvb.outgoing-internal.agency': follows('outgoing', _outgoing),
    'qlvb.outgoing-external.agency': follows('outgoing', _outgoing),
    'qlvb.outgoing-qlvb.department': follows('outgoing', _outgoing),
    'qlvb.outgoing-qlvb.incoming': follows('outgoing', _outgoing),
    'qlvb.outgoing.version': follows('outgoing', _outgoing),
    'qlvb.outgoing.dispatch': follows('outgoing', _outgoing),
    'qlvb.outgoing.comment': follows('outgoing', _outgoing),
    # qlvb_edxml
    'qlvb.edxml.channel': Entry(ADMIN, ADMIN_EDIT),
    'qlvb.edxml.code': _reference,
    'qlvb.edxml.package': Entry(CLERKS, SERVER),
    # qlvb_fulltext: the text of the documents, searched only through the
    # documents (their text_search field, under their rules); no RPC door
    'qlvb.fulltext.text': Entry(ADMIN, SERVER),
    # qlvb_task
    'qlvb.task': _task,
    'qlvb.task.category': Entry(EVERYONE, OFFICE_REF),
    'qlvb.task-coordinating.agency': follows('task', _task),
    'qlvb.task-coordinating.department': follows('task', _task),
    'qlvb.task.progress': follows('task', _task),
    'qlvb.task.extension': follows('task', _task),
    'qlvb.task.criticism': Entry(CRITICISM, ACTIONS),
    'qlvb.task.criticism-qlvb.task': follows('criticism', Entry(
                CRITICISM, ACTIONS)),
    # qlvb_statistics: SQL views, rows filtered by the rules of what
    # they count
    'qlvb.incoming.dashboard': Entry(INCOMING, SERVER),
    'qlvb.task.dashboard': Entry(TASK, SERVER),
    'qlvb.statistics.export': Entry(OWN, SERVER),
    'qlvb.task.follow_up': Entry(INFO_CENTER, SERVER),
    # kiem_tra_cong_vu
    'inspection.team': Entry(EVERYONE, ADMIN_EDIT),
    'inspection.team.member': follows('team', Entry(EVERYONE, ADMIN_EDIT)),
    'inspection.team-qlvb.agency': follows('team', Entry(
                EVERYONE, ADMIN_EDIT)),
    'inspection.plan': Entry(PLAN, TEAM_EDIT),
    'inspection.inspection': _inspection,
    'inspection.inspection-inspection.team.member': follows(
        'inspection', _inspection),
    'inspection.checklist.template': _reference,
    'inspection.criterion': _reference,
    'inspection.checklist.line': Entry(RESULT, TEAM_EDIT,
        follows='inspection'),
    'inspection.evidence': Entry(TEAM, TEAM_EDIT, text=('description',)),
    'inspection.finding': Entry(RESULT, TEAM_EDIT,
        text=('description',)),
    'inspection.finding.evidence': follows('finding', Entry(
                RESULT, TEAM_EDIT)),
    'inspection.recommendation': Entry(RESULT, ACTIONS,
        text=('description',)),
    'inspection.recommendation.report': follows('recommendation', Entry(
                RESULT, ACTIONS)),
    'inspection.discipline': Entry(TEAM, TEAM_EDIT),
    'inspection.discipline.form': Entry(EVERYONE, TEAM_REF),
    'inspection.legal_reference': Entry(EVERYONE, TEAM_REF),
    # qlvb_archive
    'qlvb.archive.retention': _reference,
    'qlvb.archive.file_list': Entry(COMPANY, FILE_LIST_EDIT),
    'qlvb.archive.file_list.line': follows('list', Entry(
                COMPANY, FILE_LIST_EDIT)),
    'qlvb.archive.file': Entry(ARCHIVE_FILE, ARCHIVE_EDIT,
        text=('title',)),
    'qlvb.archive.file-qlvb.incoming': Entry(INCOMING, ARCHIVE_EDIT,
        follows='file and incoming (both must be readable)'),
    'qlvb.archive.file-qlvb.outgoing': Entry(OUTGOING, ARCHIVE_EDIT,
        follows='file and outgoing (both must be readable)'),
    'qlvb.archive.transfer': Entry(COMPANY, ACTIONS),
    'qlvb.archive.transfer.line': follows('transfer', Entry(
                COMPANY, ACTIONS)),
    # Core records attached to any of the above
    'ir.note': Entry('record', READERS_EDIT, follows='resource'),
    'ir.attachment': Entry('record', READERS_EDIT, follows='resource'),
}


def render():
    "docs/access.md"
    lines = [
        "# Access policy",
        "",
        "Generated from `tests/access_policy.py` "
        "(`python -m tests.access_policy > docs/access.md`); "
        "`tests/test_access_matrix.py` checks the server against it through "
        "JSON-RPC as every demo user. Rules are enforced by the server on "
        "every path: search, read, export, relation searches, notes, "
        "attachments, chat, wizards and reports.",
        "",
        "## Who reads",
        "",
        "| key | readers |",
        "|---|---|",
        *(f"| `{k}` | {v} |" for k, v in READERS.items()),
        "| `record` | those who may read the record it is attached to |",
        "",
        "## How it changes",
        "",
        "| key | who changes it |",
        "|---|---|",
        *(f"| `{k}` | {v} |" for k, v in CHANGES.items()),
        "",
        "## Models",
        "",
        "| model | read | change | follows | searchable text |",
        "|---|---|---|---|---|",
        ]
    for name, entry in sorted(POLICY.items()):
        lines.append(f"| `{name}` | `{entry.read}` | `{entry.change}` | "
            f"{entry.follows or ''} | {', '.join(entry.text)} |")
    return '\n'.join(lines) + '\n'


if __name__ == '__main__':
    print(render(), end='')
