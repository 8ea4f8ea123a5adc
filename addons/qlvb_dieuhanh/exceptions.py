from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import ValidationError


class IdentifierError(ValidationError):
    pass


class CalendarError(UserError):
    pass


class DocumentFileError(ValidationError):
    pass


class IncomingError(ValidationError):
    pass


class DuplicateWarning(UserWarning):
    pass


class ReasonError(UserError):
    pass


class AssignmentError(ValidationError):
    pass


class DirectionError(UserError):
    pass


class OutgoingError(ValidationError):
    pass


class StatisticsError(UserError):
    pass


class ExchangeError(UserError):
    pass


class TaskError(ValidationError):
    pass
