"""Confidential inspection records: exports obey the record rules.

The rules of findings, evidence and discipline go through the inspection
and its team, which trytond 8.0 checks loosely on export: the re-check of
qlvb (export_access.py), with the inspection team's message."""
from trytond.modules.qlvb.export_access import ExportAccessMixin


class ConfidentialMixin(ExportAccessMixin):
    __slots__ = ()
    _export_refused = 'kiem_tra_cong_vu.msg_confidential_export'
