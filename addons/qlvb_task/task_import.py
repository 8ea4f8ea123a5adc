"""Import the numbered items of a directive (chỉ thị, thông báo kết luận) as
tasks: the text is split into its leaf items, the lead and coordinating
agencies are guessed from their names, and the user checks every line before
the tasks are created in one step."""
import re

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from .exceptions import TaskError
from .task import AUTHORITIES, SOURCES


# A numbered item at the start of a line: "5.", "5.1.", "5.1.2."
ITEM = re.compile(r'^[ \t]*(\d{1,2}(?:\.\d{1,2})*)\.[ \t]+', re.MULTILINE)
END = re.compile(r'^\s*Nơi nhận\s*:', re.MULTILINE)
LEAD = re.compile(r'\b(?:Giao|Đối với)\s+(.*?)(?:\s+chủ trì|[:,;.]|$)')
COORDINATE = re.compile(r'phối hợp (?:với\s+)?(.*?)(?:[:;.]|\s+nghiên cứu|$)')


def split_items(text):
    """Return [(number, text)] of the leaf numbered items of a directive.

    Numbers must follow each other (1, 2, 5, 5.1, 5.2...), so a wrapped
    line starting with a figure is not taken for an item."""
    text = END.split(text)[0]
    found, last = [], None
    for match in ITEM.finditer(text):
        number = tuple(int(n) for n in match.group(1).split('.'))
        if last is None:
            ok = number == (1,)
        else:
            ok = (number == last + (1,)
                or any(number == last[:i] + (last[i] + 1,)
                    for i in range(len(last))))
        if ok:
            found.append((number, match.start(), match.end()))
            last = number
    items = []
    for i, (number, start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(text)
        is_parent = i + 1 < len(found) and (
            found[i + 1][0][:len(number)] == number)
        if is_parent:
            continue
        body = ' '.join(text[end:stop].split())
        items.append(('.'.join(map(str, number)), body))
    return items


def _normalise(text):
    text = ' '.join(text.split())
    return text.replace('UBND', 'Ủy ban nhân dân').lower()


def find_agencies(text, agencies):
    "The agencies named in text, in the order they appear"
    text = _normalise(text)
    found = []
    for agency in agencies:
        position = text.find(_normalise(agency.name))
        if position >= 0:
            found.append((position, -len(agency.name), agency))
    return [a for _, _, a in sorted(found, key=lambda f: f[:2])]


class ImportStart(ModelView):
    __name__ = 'qlvb.task.import.start'
    __string__ = "Import Directive Items"

    source_kind = fields.Selection(SOURCES, "Source", required=True)
    source_reference = fields.Char("Source Number and Symbol", required=True)
    source_date = fields.Date("Source Date", required=True)
    source_title = fields.Char("Source Title")
    authority = fields.Selection(AUTHORITIES, "Assigning Authority",
        required=True)
    signer = fields.Char("Signer")
    assignment_date = fields.Date("Assignment Date", required=True)
    deadline_days = fields.Integer("Deadline in Working Days",
        domain=[('deadline_days', '>', 0)], required=True,
        help="Default deadline of every item; change it per item on the "
        "next step.")
    text = fields.Text("Text of the Directive", required=True,
        help="Paste the text: each numbered item (1., 2., 5.1....) "
        "becomes a task.")

    @classmethod
    def default_source_kind(cls):
        return 'directive'

    @classmethod
    def default_authority(cls):
        return 'chairman'

    @classmethod
    def default_assignment_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_deadline_days(cls):
        return 30


class ImportLines(ModelView):
    __name__ = 'qlvb.task.import.lines'
    __string__ = "Import Directive Items"

    lines = fields.One2Many('qlvb.task.import.line', None, "Tasks",
        help="Remove the items that are not tasks for a unit.")


class ImportLine(ModelView):
    __name__ = 'qlvb.task.import.line'
    __string__ = "Directive Item"

    item = fields.Char("Item", readonly=True)
    name = fields.Char("Title", required=True)
    content = fields.Text("Content")
    lead_agency = fields.Many2One('qlvb.agency', "Lead Agency",
        required=True, domain=[('internal', '=', True)])
    lead_department = fields.Many2One('qlvb.department', "Lead Department",
        domain=[('agency', '=', Eval('lead_agency', -1))])
    coordinating_agencies = fields.Many2Many('qlvb.agency', None, None,
        "Coordinating Agencies", domain=[('internal', '=', True)])
    deadline = fields.Date("Deadline", required=True)


class Import(Wizard):
    "Create one task per numbered item of a directive, in one step"
    __name__ = 'qlvb.task.import'
    start = StateView('qlvb.task.import.start',
        'qlvb_task.task_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Next", 'lines', 'tryton-forward', default=True),
            ])
    lines = StateView('qlvb.task.import.lines',
        'qlvb_task.task_import_lines_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create Tasks", 'create_', 'tryton-ok', default=True),
            ])
    create_ = StateTransition()
    open_ = StateAction('qlvb_task.act_task_form')

    def default_lines(self, fields):
        pool = Pool()
        Agency = pool.get('qlvb.agency')
        Calendar = pool.get('qlvb.working_calendar')
        self._check_duplicate()
        items = split_items(self.start.text or '')
        if not items:
            raise TaskError(gettext('qlvb_task.msg_task_import_empty'))
        agencies = Agency.search([('internal', '=', True)])
        deadline = Calendar.add_working_days(
            self.start.assignment_date, self.start.deadline_days)
        lines = []
        for number, body in items:
            lead_match = LEAD.search(body)
            lead = find_agencies(lead_match.group(1), agencies) if (
                lead_match) else []
            coordinate_match = COORDINATE.search(body)
            coordinating = find_agencies(coordinate_match.group(1),
                agencies) if coordinate_match else []
            title = re.split(r'(?<=[.;:])\s', body, maxsplit=1)[0]
            if len(title) > 200:
                title = title[:197].rsplit(' ', 1)[0] + '...'
            lines.append({
                    'item': number,
                    'name': title,
                    'content': body,
                    'lead_agency': lead[0].id if lead else None,
                    'coordinating_agencies': [a.id for a in coordinating
                        if not lead or a != lead[0]],
                    'deadline': deadline,
                    })
        return {'lines': lines}

    def _check_duplicate(self):
        Task = Pool().get('qlvb.task')
        with without_check_access():
            if Task.search_count([
                        ('source_reference', '=',
                            self.start.source_reference.strip()),
                        ('source_date', '=', self.start.source_date),
                        ('transferred_from', '=', None),
                        ('previous_occurrence', '=', None),
                        ]):
                raise TaskError(gettext(
                        'qlvb_task.msg_task_import_duplicate',
                        reference=self.start.source_reference,
                        date=self.start.source_date))

    def transition_create_(self):
        Task = Pool().get('qlvb.task')
        self._check_duplicate()
        start = self.start
        if not self.lines.lines:
            raise TaskError(gettext('qlvb_task.msg_task_import_empty'))
        self._tasks = Task.create([{
                    'company': Transaction().context.get('company'),
                    'item': line.item,
                    'name': line.name,
                    'content': line.content,
                    'source_kind': start.source_kind,
                    'source_reference': start.source_reference.strip(),
                    'source_date': start.source_date,
                    'source_title': start.source_title,
                    'authority': start.authority,
                    'signer': start.signer,
                    'assignment_date': start.assignment_date,
                    'deadline': line.deadline,
                    'lead_agency': line.lead_agency.id,
                    'lead_department': line.lead_department.id
                    if line.lead_department else None,
                    'coordinating_agencies': [('add',
                            [a.id for a in line.coordinating_agencies])],
                    } for line in self.lines.lines])
        return 'open_'

    def do_open_(self, action):
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [t.id for t in getattr(self, '_tasks', [])])])
        return action, {}
