"""Who acts on a duty.

A duty (a processing assignment, a task, a recommendation to implement, a
request for comments) is acted on by the people it belongs to: its
assignee, the head of the assigned unit (or of a unit above it), or a
leader of the agency acting on record. Everyone else is refused, whatever
the record rules let them read.

Each duty model says who its people are with `duty_actors`; the actions
(buttons, wizard transitions, reports created on the duty) call
`check_actor`. Wizards run with access checks off: their transitions call
it too. Server code (user 0) is not concerned.
"""
from dataclasses import dataclass, field

from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .rule import user_organisation

MESSAGE = 'qlvb.msg_duty_not_yours'


@dataclass
class DutyActors:
    """The people of a duty.

    employees: the assignees in person;
    departments, agencies: units whose members are the assignees (a duty
    given to a unit as a whole, as a task);
    heads: units whose leaders act (with the leaders of the units above);
    company: the company whose agency leaders act on record."""
    employees: set = field(default_factory=set)
    departments: set = field(default_factory=set)
    agencies: set = field(default_factory=set)
    heads: set = field(default_factory=set)
    company: int = None


class DutyMixin:
    "A record acted on by its people only (see check_actor)"
    __slots__ = ()

    def duty_actors(self, **kwargs):
        "Return the DutyActors of the duty"
        raise NotImplementedError


def _ids(values):
    return {getattr(v, 'id', v) for v in values if v is not None}


def _user_agencies_and_companies(employees):
    "The agencies of the user's current posts and the employees' companies"
    pool = Pool()
    Post = pool.get('qlvb.post')
    Employee = pool.get('company.employee')
    with without_check_access():
        agencies = {p.agency.id for p in Post.active_posts(list(employees))}
        companies = {e.company.id for e in Employee.browse(list(employees))
            if e.company}
    return agencies, companies


def _with_parents(departments):
    "The departments and every department above them"
    Department = Pool().get('qlvb.department')
    result = set()
    with without_check_access():
        for department in Department.browse(list(departments)):
            while department and department.id not in result:
                result.add(department.id)
                department = department.parent
    return result


def in_groups(module, groups):
    "Whether the user is the server or in one of the groups (XML ids)"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    User = pool.get('res.user')
    if Transaction().user == 0:
        return True
    user_groups = User.get_groups()
    return any(ModelData.get_id(module, g) in user_groups for g in groups)


def is_agency_leader():
    return in_groups('qlvb', ['group_agency_leader'])


def may_act(record, **kwargs):
    "Whether the user is one of the people of the duty record"
    if Transaction().user == 0:
        return True
    employees, departments, led = user_organisation()
    with without_check_access():
        actors = record.duty_actors(**kwargs)
    if _ids(actors.employees) & set(employees):
        return True
    if _ids(actors.departments) & set(departments):
        return True
    if set(led) and _with_parents(_ids(actors.heads)) & set(led):
        return True
    agencies, companies = None, None
    if actors.agencies:
        agencies, companies = _user_agencies_and_companies(employees)
        if _ids(actors.agencies) & agencies:
            return True
    if actors.company is not None and is_agency_leader():
        if companies is None:
            agencies, companies = _user_agencies_and_companies(employees)
        if getattr(actors.company, 'id', actors.company) in companies:
            return True
    return False


def check_actor(records, message=MESSAGE, **kwargs):
    """Refuse with a translated error (message has the %(duty)s variable)
    the first record the user is not one of the people of; kwargs go to
    the records' duty_actors"""
    for record in records:
        if not may_act(record, **kwargs):
            raise AccessError(gettext(message, duty=record.rec_name))
