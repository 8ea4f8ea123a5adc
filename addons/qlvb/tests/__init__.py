# Models whose company field is not their record rule's (shared by the
# module tests of the family):
# - the organisation is shared by every agency of the province;
# - certificates are configured by the provincial administrator;
# - tasks and criticisms go from the assigning office to units of other
#   agencies: their rules are in qlvb_task's task.xml;
# - documents are read by the inspection team of their unit too: the
#   company rule is for changes, the read rule adds the inspection.
COMPANY_RULE_EXCEPTIONS = {
    ('qlvb.agency', 'company'),
    ('qlvb.signing.certificate', 'company'),
    ('qlvb.task', 'company'),
    ('qlvb.task.criticism', 'company'),
    ('qlvb.incoming', 'company'),
    ('qlvb.outgoing', 'company'),
    }
