"""Draft versions: every change of the content the signer approves keeps
the previous text and file, so reviewers can see what changed and the
signer can check what he approved."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.transaction import Transaction

from trytond.modules.qlvb.export_access import ExportAccessMixin

# What a version keeps of the draft.
VERSIONED = ['subject', 'content', 'main_file', 'main_filename']


class OutgoingVersion(ExportAccessMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.outgoing.version'
    __string__ = "Draft Version"

    outgoing = fields.Many2One('qlvb.outgoing', "Outgoing Document",
        required=True, readonly=True, ondelete='CASCADE')
    number = fields.Integer("Version", required=True, readonly=True)
    date = fields.DateTime("Date", required=True, readonly=True)
    author = fields.Many2One('res.user', "Author", readonly=True,
        ondelete='RESTRICT')
    state = fields.Char("Step", readonly=True,
        help="The step of the draft when the version was made.")
    subject = fields.Text("Subject", readonly=True)
    content = fields.Text("Content", readonly=True)
    main_file = fields.Binary("File", filename='main_filename',
        file_id='main_file_id', readonly=True)
    main_filename = fields.Char("File Name", readonly=True)
    main_file_id = fields.Char("File ID", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('outgoing')
        cls._order = [('outgoing', 'ASC'), ('number', 'DESC'), ('id', 'DESC')]

    def get_rec_name(self, name):
        return f'{self.outgoing.rec_name} v{self.number}'

    @classmethod
    def check_modification(cls, mode, versions, values=None, external=False):
        super().check_modification(
            mode, versions, values=values, external=external)
        # A version is evidence of what was drafted: never edited by hand.
        if external:
            raise AccessError(gettext('qlvb_outgoing.msg_version_readonly'))

    @classmethod
    def record(cls, outgoings):
        "Keep the current draft of each document as its next version"
        last = {}
        for version in cls.search(
                [('outgoing', 'in', [o.id for o in outgoings])],
                order=[('number', 'DESC')]):
            last.setdefault(version.outgoing.id, version.number)
        now = dt.datetime.now()
        user = Transaction().user
        versions = []
        for outgoing in outgoings:
            version = cls(outgoing=outgoing,
                number=last.get(outgoing.id, 0) + 1,
                date=now, author=user, state=outgoing.state_string)
            for name in VERSIONED:
                setattr(version, name, getattr(outgoing, name))
            versions.append(version)
        cls.save(versions)
        return versions
