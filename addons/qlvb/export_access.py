"""Exports obey the record rules, as reads do.

trytond 8.0 checks the record rules of an export in Python
(ModelStorage.__export_row with domain_inversion.eval_domain), where a rule
leaf through a relation ('inspection.team.members.employee', ...) is true
as soon as its first field is set, and a 'where' leaf (as in the rule of
secret documents, and in every rule a model inherits through __access__)
is always true. The export of the models below is therefore re-checked
first with searches, which apply the rules in SQL as every read does: the
exported records and the records their field paths reach."""
from collections import defaultdict

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSQL
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, inactive_records


def reached(records, fields_names):
    "{Model: ids} of the records an export of fields_names reads"
    result = defaultdict(set)
    for record in records:
        result[record.__class__].add(record.id)
    for path in {tuple(n.split('/')) for n in fields_names}:
        level = records
        for name in path:
            # As the export reads them: "field.translated", "field:lang=vi"
            name = name.split(':lang=')[0].split('.')[0]
            values = []
            for record in level:
                if name not in record._fields:
                    continue
                value = getattr(record, name)
                values.extend(value if isinstance(value, (list, tuple))
                    else [value])
            level = [v for v in values if isinstance(v, ModelSQL) and v.id >= 0]
            if not level:
                break
            for record in level:
                result[record.__class__].add(record.id)
    return result


class ExportAccessMixin:
    "Export only what the user may read, checked in SQL"
    __slots__ = ()
    _export_refused = 'qlvb.msg_export_refused'

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        transaction = Transaction()
        if transaction.user and transaction.check_access and records:
            IrModel = Pool().get('ir.model')
            for Target, ids in reached(records, fields_names).items():
                readable = set()
                with inactive_records():
                    for sub_ids in grouped_slice(
                            list(ids), backend.MAX_QUERY_PARAMS):
                        readable.update(r.id for r in Target.search(
                                [('id', 'in', list(sub_ids))], order=[]))
                if ids - readable:
                    raise AccessError(gettext(cls._export_refused,
                            model=IrModel.get_name(Target.__name__)))
        return super().export_data(records, fields_names, header=header)
