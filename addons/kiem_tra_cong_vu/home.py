"""The inspection's counters of the My Work page: recommendations open,
reported and waiting for the team's acceptance, overdue."""
from trytond.modules.qlvb.home import Counter, counter_field, counter_opener
from trytond.pool import PoolMeta

LEADER = 'qlvb.group_agency_leader'
HEAD = 'qlvb.group_department_leader'
TEAM = 'kiem_tra_cong_vu.group_inspection_team'
FORM = 'kiem_tra_cong_vu.act_recommendation_form'

COUNTERS = {
    'recommendation_open': Counter(
        FORM, 'kiem_tra_cong_vu.act_recommendation_form_domain_open',
        [TEAM, LEADER, HEAD]),
    'recommendation_reported': Counter(
        FORM, 'kiem_tra_cong_vu.act_recommendation_form_domain_reported',
        [TEAM]),
    'recommendation_overdue': Counter(
        FORM, 'kiem_tra_cong_vu.act_recommendation_form_domain_overdue',
        [TEAM, LEADER, HEAD]),
    }


class Home(metaclass=PoolMeta):
    __name__ = 'qlvb.home'

    recommendation_open = counter_field(
        'recommendation_open', "Recommendations Open")
    recommendation_reported = counter_field(
        'recommendation_reported', "Recommendations Reported, to Accept")
    recommendation_overdue = counter_field(
        'recommendation_overdue', "Recommendations Overdue")

    open_recommendation_open = counter_opener('recommendation_open')
    open_recommendation_reported = counter_opener('recommendation_reported')
    open_recommendation_overdue = counter_opener('recommendation_overdue')

    @classmethod
    def __setup__(cls):
        cls.counters = {**cls.counters, **COUNTERS}
        super().__setup__()
