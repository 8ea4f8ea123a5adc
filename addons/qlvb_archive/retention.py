"""Retention periods of files (thời hạn bảo quản), kept by the
administrator: permanent, or a number of years (Circular 10/2022/TT-BNV
tables give them per kind of file)."""
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pyson import Bool, Eval


class Retention(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.archive.retention'
    __string__ = "Retention Period"
    name = fields.Char("Name", required=True, translate=True)
    permanent = fields.Boolean("Permanent")
    years = fields.Integer("Years",
        states={
            'invisible': Bool(Eval('permanent')),
            'required': ~Eval('permanent'),
            },
        domain=['OR', ('years', '=', None), ('years', '>', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('permanent', 'DESC'), ('years', 'DESC'), ('id', 'ASC')]

    @property
    def code(self):
        "As the archive data standard writes it: 'Vĩnh viễn' or years"
        return 'Vĩnh viễn' if self.permanent else str(self.years or '')
