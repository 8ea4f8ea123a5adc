"""Record-rule context of the inspection: the agencies the user leads and
the units the user inspects.

The inspected unit's head reads his unit's findings once the conclusion is
issued; for a department that is qlvb_dieuhanh's `qlvb_led_departments`,
for a whole agency it is the agencies where the user holds an agency
leader's post, added here with the cache key as rule.py of qlvb_dieuhanh
does. The units under an inspection the user runs (in progress or being
concluded) fill qlvb_dieuhanh's `_inspected_units` hook: read access to
their tasks for the team members."""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


def led_agencies():
    "Ids of the agencies where the user has an agency leader's post today"
    pool = Pool()
    Post = pool.get('qlvb.post')
    User = pool.get('res.user')
    employees = list(User.get_employees())
    if not employees:
        return ()
    with Transaction().set_context(_check_access=False):
        return tuple(sorted({p.agency.id
                    for p in Post.active_posts(employees)
                    if p.position.level == 'agency_leader'}))


def inspected_units():
    "(agency ids, department ids) under inspections the user runs today"
    pool = Pool()
    User = pool.get('res.user')
    Inspection = pool.get('inspection.inspection')
    employees = list(User.get_employees())
    if not employees:
        return (), ()
    with Transaction().set_context(_check_access=False):
        inspections = Inspection.search([
                ('state', 'in', ['in_progress', 'concluding']),
                ('team.members.employee', 'in', employees),
                ])
    agencies = {i.agency.id for i in inspections if not i.department}
    departments = {i.department.id for i in inspections if i.department}
    return tuple(sorted(agencies)), tuple(sorted(departments))


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _inspected_units(cls):
        agencies, departments = super()._inspected_units()
        mine = inspected_units()
        return (tuple(sorted({*agencies, *mine[0]})),
            tuple(sorted({*departments, *mine[1]})))

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        context['inspection_led_agencies'] = list(led_agencies())
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        key = super()._get_cache_key(model_names)
        return (*key, led_agencies())
