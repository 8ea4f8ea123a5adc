"""The outgoing documents' counters of the My Work page: drafts of the
user, drafts to review (heads), to check the format of (clerks), to
approve and sign (leaders), approved to be hand-signed on paper and
signed by the signer to number, numbered to issue (clerks), requests for
comments to answer. A clerk's counter holds only what she can act on now."""
from trytond.modules.qlvb.home import Counter, counter_field, counter_opener
from trytond.pool import PoolMeta

CLERK = 'qlvb.group_clerk'
LEADER = 'qlvb.group_agency_leader'
HEAD = 'qlvb.group_department_leader'
SPECIALIST = 'qlvb.group_specialist'
FORM = 'qlvb_outgoing.act_outgoing_form'

COUNTERS = {
    'outgoing_draft': Counter(
        FORM, 'qlvb_outgoing.act_outgoing_form_domain_draft',
        [SPECIALIST, HEAD]),
    'outgoing_review': Counter(
        FORM, 'qlvb_outgoing.act_outgoing_form_domain_review',
        [HEAD, LEADER]),
    'outgoing_format_check': Counter(
        FORM, 'qlvb_outgoing.act_outgoing_form_domain_format_check',
        [CLERK]),
    'outgoing_to_sign': Counter(
        'qlvb_outgoing.act_outgoing_to_sign', groups=[LEADER]),
    # Approved to be hand-signed on paper: the clerk numbers them now
    # (an approved draft signed digitally waits for its signer first)
    'outgoing_approved': Counter(
        FORM, 'qlvb_outgoing.act_outgoing_form_domain_approved', [CLERK],
        domain=[('signature_mode', '=', 'manual')]),
    # Signed by the signer: the clerk's turn to give the number
    'outgoing_signed': Counter(
        FORM, 'qlvb_outgoing.act_outgoing_form_domain_signed', [CLERK]),
    'outgoing_numbered': Counter(
        FORM, 'qlvb_outgoing.act_outgoing_form_domain_numbered', [CLERK]),
    'comment_to_answer': Counter(
        'qlvb_outgoing.act_comment_to_answer',
        'qlvb_outgoing.act_comment_to_answer_domain_open',
        [LEADER, HEAD, SPECIALIST]),
    'comment_overdue': Counter(
        'qlvb_outgoing.act_comment_to_answer',
        'qlvb_outgoing.act_comment_to_answer_domain_overdue',
        [LEADER, HEAD, SPECIALIST]),
    }


class Home(metaclass=PoolMeta):
    __name__ = 'qlvb.home'

    outgoing_draft = counter_field('outgoing_draft', "Drafts")
    outgoing_review = counter_field('outgoing_review', "Drafts to Review")
    outgoing_format_check = counter_field(
        'outgoing_format_check', "Drafts to Check the Format of")
    outgoing_to_sign = counter_field(
        'outgoing_to_sign', "Drafts to Approve or Sign")
    outgoing_approved = counter_field(
        'outgoing_approved', "Approved on Paper, to Number")
    outgoing_signed = counter_field(
        'outgoing_signed', "Signed, to Number")
    outgoing_numbered = counter_field(
        'outgoing_numbered', "Numbered, to Issue")
    comment_to_answer = counter_field(
        'comment_to_answer', "Requests for Comments to Answer")
    comment_overdue = counter_field(
        'comment_overdue', "Requests for Comments Overdue")

    open_outgoing_draft = counter_opener('outgoing_draft')
    open_outgoing_review = counter_opener('outgoing_review')
    open_outgoing_format_check = counter_opener('outgoing_format_check')
    open_outgoing_to_sign = counter_opener('outgoing_to_sign')
    open_outgoing_approved = counter_opener('outgoing_approved')
    open_outgoing_signed = counter_opener('outgoing_signed')
    open_outgoing_numbered = counter_opener('outgoing_numbered')
    open_comment_to_answer = counter_opener('comment_to_answer')
    open_comment_overdue = counter_opener('comment_overdue')

    @classmethod
    def __setup__(cls):
        cls.counters = {**cls.counters, **COUNTERS}
        super().__setup__()
