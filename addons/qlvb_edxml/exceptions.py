from trytond.exceptions import UserError


class ExchangeError(UserError):
    pass
