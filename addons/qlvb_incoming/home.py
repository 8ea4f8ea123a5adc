"""The incoming documents' counters of the My Work page: documents to
register and returned (clerks), to direct (leaders), duties to handle
(mine, my unit, results proposed, due soon, overdue), for-information
documents unread, duties returned as misrouted, the agency's overdue
documents (leaders and clerks)."""
from trytond.modules.qlvb.home import Counter, counter_field, counter_opener
from trytond.pool import PoolMeta

CLERK = 'qlvb.group_clerk'
LEADER = 'qlvb.group_agency_leader'
HEAD = 'qlvb.group_department_leader'
SPECIALIST = 'qlvb.group_specialist'
ASSISTANT = 'qlvb.group_assistant'
INFORMATION = 'qlvb.group_information_center'
STAFF = (LEADER, HEAD, SPECIALIST)
# Those who get duties of their own (the Information Center's staff are
# named on directions as the specialists are)
ASSIGNEES = STAFF + (INFORMATION,)

COUNTERS = {
    'incoming_to_register': Counter(
        'qlvb_incoming.act_incoming_to_register', groups=[CLERK]),
    'incoming_returned': Counter(
        'qlvb_incoming.act_incoming_returned', groups=[CLERK]),
    'incoming_to_direct': Counter(
        'qlvb_incoming.act_incoming_to_direct',
        'qlvb_incoming.act_incoming_to_direct_domain_mine',
        # an assistant records the directions of the leaders he serves
        [LEADER, ASSISTANT]),
    'assignment_mine': Counter(
        'qlvb_incoming.act_assignment_to_handle',
        'qlvb_incoming.act_assignment_to_handle_domain_mine',
        ASSIGNEES),
    'assignment_department': Counter(
        'qlvb_incoming.act_assignment_to_handle',
        'qlvb_incoming.act_assignment_to_handle_domain_department', [HEAD]),
    'assignment_result_proposed': Counter(
        'qlvb_incoming.act_assignment_to_handle',
        'qlvb_incoming.act_assignment_to_handle_domain_result_proposed',
        [HEAD]),
    'assignment_due_soon': Counter(
        'qlvb_incoming.act_assignment_to_handle',
        'qlvb_incoming.act_assignment_to_handle_domain_due_soon',
        ASSIGNEES),
    'assignment_overdue': Counter(
        'qlvb_incoming.act_assignment_to_handle',
        'qlvb_incoming.act_assignment_to_handle_domain_overdue',
        ASSIGNEES),
    'assignment_inform_unread': Counter(
        'qlvb_incoming.act_assignment_inform',
        'qlvb_incoming.act_assignment_inform_domain_unread', ASSIGNEES),
    'assignment_returned': Counter(
        'qlvb_incoming.act_assignment_returned', groups=[LEADER, HEAD]),
    # The agency's timeliness, for its leaders and clerks
    'incoming_agency_overdue': Counter(
        'qlvb_incoming.act_incoming_agency',
        'qlvb_incoming.act_incoming_agency_domain_overdue', [LEADER, CLERK]),
    }


class Home(metaclass=PoolMeta):
    __name__ = 'qlvb.home'

    incoming_to_register = counter_field(
        'incoming_to_register', "Documents to Register")
    incoming_returned = counter_field(
        'incoming_returned', "Documents Returned to the Clerk")
    incoming_to_direct = counter_field(
        'incoming_to_direct', "Documents to Direct")
    assignment_mine = counter_field(
        'assignment_mine', "Duties to Handle: Mine")
    assignment_department = counter_field(
        'assignment_department', "Duties to Handle: My Unit")
    assignment_result_proposed = counter_field(
        'assignment_result_proposed', "Results Proposed to Accept")
    assignment_due_soon = counter_field(
        'assignment_due_soon', "Duties Due Soon")
    assignment_overdue = counter_field(
        'assignment_overdue', "Duties Overdue")
    assignment_inform_unread = counter_field(
        'assignment_inform_unread', "For Information, Unread")
    assignment_returned = counter_field(
        'assignment_returned', "Duties Returned as Misrouted")

    incoming_agency_overdue = counter_field(
        'incoming_agency_overdue', "Documents of My Agency Overdue")

    open_incoming_to_register = counter_opener('incoming_to_register')
    open_incoming_returned = counter_opener('incoming_returned')
    open_incoming_to_direct = counter_opener('incoming_to_direct')
    open_assignment_mine = counter_opener('assignment_mine')
    open_assignment_department = counter_opener('assignment_department')
    open_assignment_result_proposed = counter_opener(
        'assignment_result_proposed')
    open_assignment_due_soon = counter_opener('assignment_due_soon')
    open_assignment_overdue = counter_opener('assignment_overdue')
    open_assignment_inform_unread = counter_opener(
        'assignment_inform_unread')
    open_assignment_returned = counter_opener('assignment_returned')
    open_incoming_agency_overdue = counter_opener('incoming_agency_overdue')

    @classmethod
    def __setup__(cls):
        cls.counters = {**cls.counters, **COUNTERS}
        super().__setup__()
