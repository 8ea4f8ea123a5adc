"""Legal references: directive and decree numbers repeat across years
(there are several "Chỉ thị 10/CT-TTg"), so a reference is always its
number, date and title together."""
from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool


class LegalReference(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'inspection.legal_reference'
    __string__ = "Legal Reference"

    number = fields.Char("Number", required=True,
        help="Number and symbol, e.g. 26/CT-TTg.")
    date = fields.Date("Date", required=True)
    title = fields.Text("Title", required=True)
    issuer = fields.Char("Issuer", help="E.g. Thủ tướng Chính phủ.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('number_date_unique', Unique(t, t.number, t.date),
                'kiem_tra_cong_vu.msg_legal_reference_unique'),
            ]
        cls._order.insert(0, ('date', 'DESC'))

    def get_rec_name(self, name):
        lang = Pool().get('ir.lang').get()
        return gettext('kiem_tra_cong_vu.msg_legal_reference_rec_name',
            number=self.number, date=lang.strftime(self.date))

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('number', operator, operand, *extra),
            ('title', operator, operand, *extra),
            ]
