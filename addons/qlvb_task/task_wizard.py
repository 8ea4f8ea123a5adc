"""Actions on tasks that ask for input: report done, review, send back,
propose closure, transfer.

Importing the items of a directive is in task_import.py, the urging letter
in task_urge.py."""
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.timeliness import finished_late


class ReportStart(ModelView):
    __name__ = 'qlvb.task.report.start'
    __string__ = "Report Task Done"

    deadline = fields.Date("Deadline", readonly=True)
    completion_date = fields.Date("Completion Date", required=True)
    result_note = fields.Text("Result")
    result_reference = fields.Char("Result Document",
        help="Number and symbol of the document reporting the result.")
    late = fields.Function(fields.Boolean("Late"), 'on_change_with_late')
    late_reason = fields.Text("Late Reason",
        states={
            'invisible': ~Eval('late', False),
            'required': Bool(Eval('late', False)),
            })

    @fields.depends('deadline', 'completion_date')
    def on_change_with_late(self, name=None):
        return finished_late(self.deadline, self.completion_date)


class Report(Wizard):
    "Report a task done with its result"
    __name__ = 'qlvb.task.report'
    start = StateView('qlvb.task.report.start',
        'qlvb_task.task_report_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Report Done", 'report', 'tryton-ok', default=True),
            ])
    report = StateTransition()

    def default_start(self, fields):
        return {
            'deadline': self.record.deadline,
            'completion_date': Pool().get('ir.date').today(),
            }

    def transition_report(self):
        self.model.do_report([self.record], self.start.completion_date,
            result_note=self.start.result_note,
            result_reference=self.start.result_reference,
            late_reason=self.start.late_reason)
        return 'end'


class ReviewStart(ModelView):
    __name__ = 'qlvb.task.review.start'
    __string__ = "Accept Task Result"

    deadline = fields.Date("Deadline", readonly=True)
    completion_date = fields.Date("Completion Date", readonly=True)
    result_note = fields.Text("Result", readonly=True)
    late = fields.Boolean("Late", readonly=True)
    late_reason = fields.Text("Late Reason", readonly=True,
        states={'invisible': ~Eval('late', False)})
    late_reason_valid = fields.Boolean("Late Reason Is Valid",
        states={'invisible': ~Eval('late', False)},
        help="Leave unticked when the delay had no good reason: the task "
        "is then counted as an unjustified delay of the unit.")
    note = fields.Text("Note")


class Review(Wizard):
    "Accept the reported result of a task"
    __name__ = 'qlvb.task.review'
    start = StateView('qlvb.task.review.start',
        'qlvb_task.task_review_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Accept", 'accept', 'tryton-ok', default=True),
            ])
    accept = StateTransition()

    def default_start(self, fields):
        task = self.record
        return {
            'deadline': task.deadline,
            'completion_date': task.completion_date,
            'result_note': task.result_note,
            'late': finished_late(task.deadline, task.completion_date),
            'late_reason': task.late_reason,
            }

    def transition_accept(self):
        self.model.do_accept([self.record],
            late_reason_valid=self.start.late_reason_valid,
            note=self.start.note)
        return 'end'


class ReasonStart(ModelView):
    __name__ = 'qlvb.task.reason.start'
    __string__ = "Reason"

    reason = fields.Text("Reason", required=True)


class SendBack(Wizard):
    "Return a reported result or refuse a closure proposal"
    __name__ = 'qlvb.task.send_back'
    start = StateView('qlvb.task.reason.start',
        'qlvb_task.task_reason_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Send Back", 'send_back', 'tryton-ok', default=True),
            ])
    send_back = StateTransition()

    def transition_send_back(self):
        self.model.do_send_back([self.record], self.start.reason)
        return 'end'


class ProposeClosure(Wizard):
    "Propose to close a task that no longer needs doing"
    __name__ = 'qlvb.task.propose_closure'
    start = StateView('qlvb.task.reason.start',
        'qlvb_task.task_reason_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Propose Closure", 'propose', 'tryton-ok', default=True),
            ])
    propose = StateTransition()

    def transition_propose(self):
        self.model.do_propose_closure([self.record], self.start.reason)
        return 'end'


class TransferStart(ModelView):
    __name__ = 'qlvb.task.transfer.start'
    __string__ = "Transfer Task"

    agency = fields.Many2One('qlvb.agency', "New Lead Agency", required=True,
        domain=[('internal', '=', True)])
    department = fields.Many2One('qlvb.department', "New Lead Department",
        domain=[('agency', '=', Eval('agency', -1))])
    reason = fields.Text("Reason", required=True)


class Transfer(Wizard):
    "Hand a task over to another unit"
    __name__ = 'qlvb.task.transfer'
    start = StateView('qlvb.task.transfer.start',
        'qlvb_task.task_transfer_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Transfer", 'transfer', 'tryton-ok', default=True),
            ])
    transfer = StateTransition()

    def transition_transfer(self):
        self.model.do_transfer([self.record], self.start.agency,
            self.start.department, self.start.reason)
        return 'end'
