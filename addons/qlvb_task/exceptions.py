from trytond.model.exceptions import ValidationError


class TaskError(ValidationError):
    pass
