from trytond.exceptions import UserError


class SearchError(UserError):
    pass
