"""Circulation trail: who passed a document to whom, when, with what note.

History only (directive fix 2): a step is never a unit of work and is never
counted; the duties are the assignments.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.transaction import Transaction

from trytond.modules.qlvb.export_access import ExportAccessMixin

STEP_KINDS = [
    ('submit', "Submitted for Direction"),
    ('pass', "Passed On"),
    ('assign', "Assigned"),
    ('forward', "Forwarded"),
    ('return', "Returned"),
    ('send_back', "Result Sent Back"),
    ('backdate', "Completion Recorded at an Earlier Date"),
    ('withdraw', "Assignment Withdrawn"),
    ('change', "Assignment Changed"),
    ('return_duty', "Returned as Misrouted"),
    ('recall', "Recalled by the Issuer"),
    ('update', "Updated by the Issuer"),
    ('replace', "Replaced by the Issuer"),
    ]


class CirculationStep(ExportAccessMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.incoming.circulation'
    __string__ = "Circulation Step"

    incoming = fields.Many2One(
        'qlvb.incoming', "Incoming Document", required=True,
        ondelete='CASCADE')
    kind = fields.Selection(STEP_KINDS, "Kind", required=True, readonly=True)
    date = fields.DateTime("Date", required=True, readonly=True)
    from_user = fields.Many2One(
        'res.user', "From", readonly=True, ondelete='RESTRICT')
    on_behalf_of = fields.Many2One(
        'res.user', "On Behalf Of", readonly=True, ondelete='RESTRICT',
        help="The leader for whom an assistant or a delegate acted.")
    delegation = fields.Many2One(
        'qlvb.delegation', "Delegation", readonly=True, ondelete='RESTRICT',
        help="The leader's delegation under which the step was taken.")
    acted_by = fields.Char("Acted By", readonly=True,
        help="Under a delegation: both names, as on the direction.")
    to_user = fields.Many2One(
        'res.user', "To User", readonly=True, ondelete='RESTRICT')
    to_department = fields.Many2One(
        'qlvb.department', "To Department", readonly=True,
        ondelete='RESTRICT')
    note = fields.Text("Note", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('incoming')
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def check_modification(cls, mode, steps, values=None, external=False):
        super().check_modification(
            mode, steps, values=values, external=external)
        # The trail is evidence: written once by the workflow, never edited.
        if external and mode in {'write', 'delete'}:
            raise AccessError(gettext('qlvb_incoming.msg_trail_readonly'))

    @classmethod
    def log(cls, incomings, kind, to_users=(), to_departments=(), note=None,
            on_behalf_of=None, delegation=None):
        "Append one step per recipient to the trail of each document"
        now = dt.datetime.now()
        user = Transaction().user
        targets = ([('to_user', u) for u in to_users if u]
            + [('to_department', d) for d in to_departments if d]) or [
            (None, None)]
        acted_by = delegation.signature if delegation else None
        steps = []
        for incoming in incomings:
            for field, target in targets:
                step = cls(incoming=incoming, kind=kind, date=now,
                    from_user=user, note=note, on_behalf_of=on_behalf_of,
                    delegation=delegation, acted_by=acted_by)
                if field:
                    setattr(step, field, target)
                steps.append(step)
        cls.save(steps)
        return steps
