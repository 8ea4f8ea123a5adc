"""The tasks' counters of the My Work page: open tasks of my unit, due
soon, overdue (the reminders are sent for these), reports to review (the
office that follows tasks)."""
from trytond.modules.qlvb.home import Counter, counter_field, counter_opener
from trytond.pool import PoolMeta

LEADER = 'qlvb.group_agency_leader'
HEAD = 'qlvb.group_department_leader'
SPECIALIST = 'qlvb.group_specialist'
OFFICE = 'qlvb_task.group_task_office'
FORM = 'qlvb_task.act_task_form'

COUNTERS = {
    'task_my_unit': Counter(
        FORM, 'qlvb_task.act_task_form_domain_my_unit',
        [LEADER, HEAD, SPECIALIST]),
    'task_due_soon': Counter(
        FORM, 'qlvb_task.act_task_form_domain_due_soon',
        [LEADER, HEAD, SPECIALIST, OFFICE]),
    'task_overdue': Counter(
        FORM, 'qlvb_task.act_task_form_domain_overdue',
        [LEADER, HEAD, SPECIALIST, OFFICE]),
    'task_to_review': Counter(
        FORM, 'qlvb_task.act_task_form_domain_to_review', [OFFICE]),
    }


class Home(metaclass=PoolMeta):
    __name__ = 'qlvb.home'

    task_my_unit = counter_field('task_my_unit', "Open Tasks of My Unit")
    task_due_soon = counter_field('task_due_soon', "Tasks Due Soon")
    task_overdue = counter_field('task_overdue', "Tasks Overdue")
    task_to_review = counter_field(
        'task_to_review', "Task Reports to Review")

    open_task_my_unit = counter_opener('task_my_unit')
    open_task_due_soon = counter_opener('task_due_soon')
    open_task_overdue = counter_opener('task_overdue')
    open_task_to_review = counter_opener('task_to_review')

    @classmethod
    def __setup__(cls):
        cls.counters = {**cls.counters, **COUNTERS}
        super().__setup__()
