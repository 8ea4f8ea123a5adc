from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import ValidationError


class IncomingError(ValidationError):
    pass


class DuplicateWarning(UserWarning):
    pass


class SignatureWarning(UserWarning):
    pass


class ReasonError(UserError):
    pass


class AssignmentError(ValidationError):
    pass


class DirectionError(UserError):
    pass


class DelegationError(UserError):
    pass
