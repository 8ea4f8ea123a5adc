from trytond.exceptions import UserError


class ArchiveError(UserError):
    pass
