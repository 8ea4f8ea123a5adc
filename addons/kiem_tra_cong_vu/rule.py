"""Record-rule context of the inspection: the agencies the user leads and
the units the user inspects.

The inspected unit's head reads his unit's findings once the conclusion is
issued; for a department that is qlvb's `qlvb_led_departments`,
for a whole agency it is the agencies where the user holds an agency
leader's post, added here with the cache key as rule.py of qlvb
does. The units under an inspection the user runs (in progress or being
concluded) fill qlvb's `_inspected_scope` hook: read access to
their tasks and documents of the inspected period for the team members."""
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


def running_inspections():
    "The inspections the user runs today (in progress or being concluded)"
    pool = Pool()
    User = pool.get('res.user')
    Inspection = pool.get('inspection.inspection')
    employees = list(User.get_employees())
    if not employees:
        return []
    with Transaction().set_context(_check_access=False):
        return Inspection.search([
                ('state', 'in', ['in_progress', 'concluding']),
                ('team.members.employee', 'in', employees),
                ])


def inspected_scope():
    """(agency ids, department ids, first day, last day) of the inspections
    the user runs today"""
    inspections = running_inspections()
    if not inspections:
        return (), (), None, None
    agencies = {i.agency.id for i in inspections if not i.department}
    departments = {i.department.id for i in inspections if i.department}
    return (tuple(sorted(agencies)), tuple(sorted(departments)),
        min(i.period_start for i in inspections),
        max(i.period_end for i in inspections))


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _inspected_scope(cls):
        agencies, departments, first, last = super()._inspected_scope()
        mine = inspected_scope()
        firsts = [d for d in (first, mine[2]) if d]
        lasts = [d for d in (last, mine[3]) if d]
        return (tuple(sorted({*agencies, *mine[0]})),
            tuple(sorted({*departments, *mine[1]})),
            min(firsts) if firsts else None,
            max(lasts) if lasts else None)

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        context['inspection_led_agencies'] = list(led_agencies())
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        key = super()._get_cache_key(model_names)
        return (*key, led_agencies())
