from trytond.model.exceptions import ValidationError


class OutgoingError(ValidationError):
    pass
