"""Reference data of Decree 30/2020: document types, urgency, confidentiality.

The names are Vietnamese legal terms kept as data (not translated) so that an
administrator can extend the lists as the law changes.
"""
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields


class CodedMixin(DeactivableMixin):
    name = fields.Char("Name", required=True)
    code = fields.Char("Code", required=True)
    sequence = fields.Integer("Sequence")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'qlvb.msg_code_unique'),
            ]
        cls._order.insert(0, ('sequence', 'ASC NULLS LAST'))


class DocumentType(CodedMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.document.type'
    __string__ = "Document Type"

    abbreviation = fields.Char(
        "Abbreviation",
        help="Used in the symbol (QĐ, TB...); empty for an official letter "
        "(công văn), whose symbol uses the drafting unit instead.")


class Urgency(CodedMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.urgency'
    __string__ = "Urgency"

    urgent = fields.Boolean(
        "Urgent", help="Handled immediately and listed first in every queue.")


class Confidentiality(CodedMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.confidentiality'
    __string__ = "Confidentiality"

    secret = fields.Boolean(
        "Secret", help="Restricted access and separate registers.")
