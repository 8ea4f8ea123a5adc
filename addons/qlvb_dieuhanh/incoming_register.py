"""Registers (sổ văn bản) kept by each agency."""
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction


class IncomingRegister(DeactivableMixin, ModelSQL, ModelView):
    "Sổ văn bản đến: arrival numbers run per register and calendar year"
    __name__ = 'qlvb.incoming.register'
    __string__ = "Incoming Register"

    name = fields.Char("Name", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    secret = fields.Boolean(
        "Secret Documents",
        help="Register of documents with a confidentiality level: only its "
        "clerks, the directing leader and the assignees see them.")
    clerks = fields.Many2Many(
        'qlvb.incoming.register-res.user', 'register', 'user', "Clerks",
        help="Clerks keeping this register.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def next_arrival_number(self, date):
        Counter = Pool().get('qlvb.numbering.counter')
        return Counter.next_number(f'{self.__name__},{self.id}', date.year)


class IncomingRegisterClerk(ModelSQL):
    __name__ = 'qlvb.incoming.register-res.user'
    __string__ = "Incoming Register - Clerk"

    register = fields.Many2One(
        'qlvb.incoming.register', "Register", required=True,
        ondelete='CASCADE')
    user = fields.Many2One(
        'res.user', "User", required=True, ondelete='CASCADE')
