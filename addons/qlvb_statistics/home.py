"""The units' timeliness on the My Work page of leaders and clerks: the
units of the incoming-handling dashboard (this month's period, as the
dashboard opens) with duties overdue or due soon, each opening the
dashboard's rows it counts."""
from trytond.modules.qlvb.home import Counter, counter_field, counter_opener
from trytond.pool import PoolMeta

GROUPS = ['qlvb.group_agency_leader', 'qlvb.group_department_leader',
    'qlvb.group_clerk']
DASHBOARD = 'qlvb_statistics.act_incoming_dashboard'

COUNTERS = {
    'units_overdue': Counter(DASHBOARD, groups=GROUPS,
        domain=[('overdue', '>', 0)]),
    'units_due_soon': Counter(DASHBOARD, groups=GROUPS,
        domain=[('due_soon', '>', 0)]),
    }


class Home(metaclass=PoolMeta):
    __name__ = 'qlvb.home'

    units_overdue = counter_field(
        'units_overdue', "Units with Duties Overdue")
    units_due_soon = counter_field(
        'units_due_soon', "Units with Duties Due Soon")

    open_units_overdue = counter_opener('units_overdue')
    open_units_due_soon = counter_opener('units_due_soon')

    @classmethod
    def __setup__(cls):
        cls.counters = {**cls.counters, **COUNTERS}
        super().__setup__()
