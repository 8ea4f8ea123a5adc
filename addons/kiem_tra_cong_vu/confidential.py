"""Confidential inspection records: exports obey the record rules.

trytond 8.0 checks the record rules of an export in Python, where a rule
leaf through a relation ('inspection.team.members.employee', ...) counts
as true as soon as the first field is set (domain_inversion.eval_leaf).
The rules of findings, evidence and discipline go through the inspection
and its team, so their export is re-checked with a search, which applies
the rules in SQL as every read does."""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction


class ConfidentialMixin:
    __slots__ = ()

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        if Transaction().check_access and records:
            ids = {r.id for r in records}
            readable = {r.id for r in cls.search([('id', 'in', list(ids))])}
            if ids - readable:
                raise AccessError(gettext(
                        'kiem_tra_cong_vu.msg_confidential_export',
                        model=Pool().get('ir.model').get_name(cls.__name__)))
        return super().export_data(records, fields_names, header=header)
