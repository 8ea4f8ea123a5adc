from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class TeamError(ValidationError):
    pass


class PlanError(UserError):
    pass


class InspectionError(UserError):
    pass


class RecommendationError(UserError):
    pass


class DisciplineError(ValidationError):
    pass
