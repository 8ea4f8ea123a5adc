"""Record-rule context: who the user is in the organisation.

Rules of documents and assignments use the user's employees, the departments
of their current posts and the departments they lead. The values are added
to the rule context and to its cache key together, as attendance does.
"""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


def user_organisation():
    "Return (employee ids, department ids, led department ids) of the user"
    pool = Pool()
    Post = pool.get('qlvb.post')
    User = pool.get('res.user')
    Date = pool.get('ir.date')
    employees = tuple(User.get_employees())
    key = (Transaction().user, employees, str(Date.today()))
    cached = Post._organisation_cache.get(key)
    if cached is not None:
        return tuple(tuple(c) for c in cached)
    departments, led = set(), set()
    if employees:
        with Transaction().set_context(_check_access=False):
            for post in Post.active_posts(list(employees)):
                if post.department:
                    departments.add(post.department.id)
                    if post.position.level == 'department_leader':
                        led.add(post.department.id)
    result = (employees, tuple(sorted(departments)), tuple(sorted(led)))
    Post._organisation_cache.set(key, result)
    return result


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        employees, departments, led = user_organisation()
        context['user_id'] = Transaction().user
        context['employees'] = list(employees)
        context['qlvb_departments'] = list(departments)
        context['qlvb_led_departments'] = list(led)
        agencies, departments, first, last = cls._inspected_scope()
        context['qlvb_inspected_agencies'] = list(agencies)
        context['qlvb_inspected_departments'] = list(departments)
        context['qlvb_inspected_companies'] = list(
            inspected_companies(agencies))
        context['qlvb_inspected_from'] = first
        context['qlvb_inspected_to'] = last
        context['qlvb_access_log_companies'] = list(
            cls._access_log_companies())
        return context

    @classmethod
    def _access_log_companies(cls):
        """Companies whose history of access to secret documents the user
        reads: those of the agencies the user heads (with the office
        keeping the registers of a People's Committee). The incoming module
        adds those of the secret registers the user keeps."""
        return headed_companies()

    @classmethod
    def _inspected_scope(cls):
        """Return (agency ids, department ids, first day, last day) the
        user inspects today.

        Empty here; the inspection module fills it for the members of an
        inspection team while their inspection runs, giving them read
        access to the tasks of those units and to their documents of the
        inspected period."""
        return (), (), None, None

    @classmethod
    def _get_cache_key(cls, model_names):
        key = super()._get_cache_key(model_names)
        agencies, departments, first, last = cls._inspected_scope()
        return (*key, Transaction().user, *user_organisation(),
            tuple(agencies), tuple(departments), first, last,
            tuple(sorted(cls._access_log_companies())))


def headed_companies():
    """Companies of the agencies the user heads today, and of the offices
    serving them"""
    pool = Pool()
    Post = pool.get('qlvb.post')
    Agency = pool.get('qlvb.agency')
    Date = pool.get('ir.date')
    employees, _, _ = user_organisation()
    if not employees:
        return ()
    key = ('headed', Transaction().user, employees, str(Date.today()))
    cached = Post._organisation_cache.get(key)
    if cached is not None:
        return tuple(cached)
    with Transaction().set_context(_check_access=False):
        heads = [p.agency for p in Post.active_posts(list(employees))
            if p.position.level == 'agency_leader' and p.position.head]
        offices = Agency.search([
                ('parent', 'in', [a.id for a in heads]),
                ('level', '=', 'office')]) if heads else []
        result = tuple(sorted({a.company.id for a in heads + offices
                    if a.company}))
    Post._organisation_cache.set(key, result)
    return result


def inspected_companies(agencies):
    "Companies of the inspected agencies: documents belong to companies"
    if not agencies:
        return ()
    Agency = Pool().get('qlvb.agency')
    with Transaction().set_context(_check_access=False):
        return tuple(sorted({a.company.id for a in Agency.browse(agencies)
                    if a.company}))
