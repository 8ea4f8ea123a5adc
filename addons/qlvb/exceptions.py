from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class IdentifierError(ValidationError):
    pass


class CalendarError(UserError):
    pass


class DocumentFileError(ValidationError):
    pass
