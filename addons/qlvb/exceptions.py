from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class IdentifierError(ValidationError):
    pass


class CalendarError(UserError):
    pass


class DocumentFileError(ValidationError):
    pass


class TextInputError(ValidationError):
    pass


class WrongStateError(UserError):
    "An action asked on a record in a state it does not start from"
    pass
