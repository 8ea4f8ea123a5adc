"""Requests for comments (xin ý kiến góp ý) on a draft: the drafter asks
departments of the agency, or other agencies in the system, for their
opinion with a response deadline suggested from the
matter's complexity and sensitivity (working days, configurable) and
editable; answers are recorded and followed with the shared timeliness."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.qlvb.duty import DutyActors, DutyMixin, check_actor
from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.organisation import users_for
from trytond.modules.qlvb.rule import user_organisation
from trytond.modules.qlvb.timeliness import TimelinessMixin
from trytond.modules.qlvb.workflow import WorkflowFieldsMixin, from_states

from .exceptions import OutgoingError

COMPLEXITIES = [
    ('simple', "Simple"),
    ('normal', "Normal"),
    ('complex', "Complex or Sensitive"),
    ]


class CommentRequest(ExportAccessMixin, DutyMixin, WorkflowFieldsMixin,
        TimelinessMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'qlvb.outgoing.comment'
    __string__ = "Request for Comments"
    _system_fields = {'state', 'incoming', 'answer', 'answered_by',
        'completion_date'}

    outgoing = fields.Many2One('qlvb.outgoing', "Draft", required=True,
        ondelete='CASCADE', states={'readonly': Eval('state') != 'draft'})
    company = fields.Function(fields.Many2One('company.company', "Company"),
        'on_change_with_company')
    department = fields.Many2One('qlvb.department', "Department",
        ondelete='RESTRICT',
        domain=[('agency.company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('state') != 'draft',
            'required': ~Eval('agency'),
            'invisible': Bool(Eval('agency')),
            })
    agency = fields.Many2One('qlvb.agency', "Agency", ondelete='RESTRICT',
        domain=[('internal', '=', True),
            ('company', '!=', Eval('company', -1))],
        states={
            'readonly': Eval('state') != 'draft',
            'invisible': Bool(Eval('department')),
            },
        help="Another agency in the system: the request arrives there as "
        "an incoming document; its completion is the answer.")
    incoming = fields.Many2One('qlvb.incoming', "Request at the Agency",
        readonly=True, ondelete='RESTRICT',
        states={'invisible': ~Eval('agency')})
    complexity = fields.Selection(COMPLEXITIES, "Complexity", required=True,
        states={'readonly': Eval('state') != 'draft'})
    requested_date = fields.Date("Request Date", required=True,
        states={'readonly': Eval('state') != 'draft'})
    deadline = fields.Date("Response Deadline", required=True,
        domain=[('deadline', '>=', Eval('requested_date', None))],
        states={'readonly': Eval('state') != 'draft'},
        help="Suggested from the complexity; it can be changed.")
    question = fields.Text("Request", required=True,
        states={'readonly': Eval('state') != 'draft'})
    answer = fields.Text("Answer", readonly=True)
    answered_by = fields.Many2One('res.user', "Answered By", readonly=True)
    completion_date = fields.Date("Answer Date", readonly=True)
    mine = fields.Function(fields.Boolean("For My Department"),
        'get_mine', searcher='search_mine')
    state = fields.Selection([
            ('draft', "Draft"),
            ('requested', "Requested"),
            ('answered', "Answered"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('outgoing')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.department, Index.Equality()),
                (t.state, Index.Equality())))
        cls._order = [('deadline', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {('draft', 'requested'),
            ('requested', 'answered')}
        cls._buttons.update({
                'send': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                'answer_request': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state']},
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_complexity(cls):
        return 'normal'

    @classmethod
    def default_requested_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('outgoing', '_parent_outgoing.company')
    def on_change_with_company(self, name=None):
        return self.outgoing.company.id if self.outgoing else None

    @fields.depends('complexity', 'requested_date')
    def on_change_with_deadline(self):
        "The suggested deadline; the drafter may change it"
        pool = Pool()
        Calendar = pool.get('qlvb.working_calendar')
        Configuration = pool.get('qlvb.configuration')
        if not (self.complexity and self.requested_date):
            return None
        days = getattr(Configuration(1), f'comment_days_{self.complexity}')
        return Calendar.add_working_days(self.requested_date, days)

    def get_mine(self, name):
        return bool(self.department) and (
            self.department.id in user_organisation()[1])

    @classmethod
    def search_mine(cls, name, clause):
        departments = list(user_organisation()[1])
        if (clause[1] == '=') == bool(clause[2]):
            return [('department', 'in', departments)]
        return [('department', 'not in', departments)]

    @classmethod
    def check_modification(cls, mode, requests, values=None,
            external=False):
        super().check_modification(
            mode, requests, values=values, external=external)
        if external and mode in {'write', 'delete'}:
            for request in requests:
                if request.state != 'draft':
                    raise AccessError(gettext(
                            'qlvb_outgoing.msg_comment_sent',
                            request=request.rec_name))

    def duty_actors(self):
        """The department asked (an agency asked answers by completing its
        incoming copy), its heads and the leaders of the agency"""
        if not self.department:
            return DutyActors()
        return DutyActors(departments={self.department},
            heads={self.department}, company=self.outgoing.company)

    def get_rec_name(self, name):
        asked = self.department or self.agency
        return f'{asked.rec_name if asked else ""} - {self.outgoing.rec_name}'

    @classmethod
    @ModelView.button
    @Workflow.transition('requested')
    def send(cls, requests):
        """Send the request: the department's leaders are notified; another
        agency receives it as an incoming document with the draft"""
        cls._deliver([r for r in requests if r.agency])
        for request in requests:
            if not request.department:
                continue
            for user in users_for(departments=[request.department]):
                cls.notify_user([request], 'tryton-notification',
                    gettext('qlvb_outgoing.msg_notify_comment'),
                    request.outgoing.rec_name, user=user.id)

    @classmethod
    def _deliver(cls, requests):
        "Waiting for registration at the agency asked, with the deadline"
        pool = Pool()
        Incoming = pool.get('qlvb.incoming')
        Agency = pool.get('qlvb.agency')
        Type = pool.get('qlvb.document.type')
        letter = Type.search([('abbreviation', '=', None)], limit=1)
        for request in requests:
            outgoing = request.outgoing
            sender = Agency.for_company(outgoing.company.id)
            incoming = Incoming(
                company=request.agency.company, medium='electronic',
                arrival_date=request.requested_date, issuer=sender,
                reference=gettext('qlvb_outgoing.msg_comment_reference',
                    draft=outgoing.id),
                issue_date=request.requested_date,
                document_type=letter[0] if letter else outgoing.document_type,
                subject=gettext('qlvb_outgoing.msg_comment_subject',
                    subject=outgoing.subject, question=request.question),
                due_date=request.deadline,
                urgency=outgoing.urgency,
                main_file=outgoing.main_file,
                main_filename=outgoing.main_filename)
            incoming.register = Incoming.general_register(
                request.agency.company)
            incoming.save()
            request.incoming = incoming
        cls.save(requests)

    @classmethod
    def answer_from(cls, incomings):
        "Answer the requests whose incoming documents were completed"
        cls.answer_by_agency(cls.search([
                    ('incoming', 'in', [i.id for i in incomings]),
                    ('state', '=', 'requested'),
                    ]))

    @classmethod
    @Workflow.transition('answered')
    def answer_by_agency(cls, requests):
        """The agency asked completed the request: its lead units' results
        are the answer, on the date they completed"""
        for request in requests:
            leads = [a for a in request.incoming.assignments
                if a.role == 'lead' and not a.parent and a.state == 'done']
            request.answer = '\n'.join(filter(None,
                    (' - '.join(filter(None,
                                [a.result_reference, a.result_note]))
                        for a in leads))) or '-'
            request.completion_date = max(
                (a.completion_date for a in leads), default=None) or (
                Pool().get('ir.date').today())
            request.answered_by = Transaction().user
        cls.save(requests)

    @classmethod
    @ModelView.button_action('qlvb_outgoing.wizard_comment_answer')
    def answer_request(cls, requests):
        pass

    @classmethod
    @from_states('requested')
    @Workflow.transition('answered')
    def record_answer(cls, requests, answer):
        "The requested department answers; late answers stay visible"
        if not (answer or '').strip():
            raise OutgoingError(gettext('qlvb_outgoing.msg_comment_empty'))
        check_actor(requests)
        with without_check_access():
            cls.write(requests, {
                    'answer': answer.strip(),
                    'answered_by': Transaction().user,
                    'completion_date': Pool().get('ir.date').today(),
                    })


class AnswerStart(ModelView):
    __name__ = 'qlvb.outgoing.comment.answer.start'
    __string__ = "Answer a Request for Comments"

    question = fields.Text("Request", readonly=True)
    answer = fields.Text("Answer", required=True)


class Answer(Wizard):
    "Answer a request for comments on a draft"
    __name__ = 'qlvb.outgoing.comment.answer'
    start = StateView('qlvb.outgoing.comment.answer.start',
        'qlvb_outgoing.comment_answer_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Answer", 'answer', 'tryton-ok', default=True),
            ])
    answer = StateTransition()

    def default_start(self, fields):
        return {'question': self.record.question}

    def transition_answer(self):
        self.model.record_answer([self.record], self.start.answer)
        return 'end'
