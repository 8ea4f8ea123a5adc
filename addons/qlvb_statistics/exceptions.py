from trytond.exceptions import UserError


class StatisticsError(UserError):
    pass
