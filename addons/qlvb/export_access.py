"""Side doors obey the record rules, as reads do.

Record rules apply only when check_access is set (RPC calls). Wizard steps
and report code run with access checks off, and raw SQL has no rules at
all: `readable_query` and `search_as_user` give them what the user may read,
`check_readable` refuses a record a user passes that he may not read.

Searches through a relation: trytond 8.0 converts a domain with access
checks off (ModelSQL.search_domain), so a leaf through a relation
('incomings.subject', 'ilike', ...) or a 'where' leaf matches targets the
user may not read, without their record rules: a search or a count then
confirms a secret subject. `ExportAccessMixin.search` turns each such leaf
into ('field', 'where', [('id', 'in', <the matching targets the user may
read>)]) first, the targets searched as the user (their rules, their own
relations guarded in turn).

Exports:

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
from trytond.model import ModelSQL, fields
from trytond.model.modelstorage import is_leaf
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import (
    Transaction, check_access, inactive_records, without_check_access)

from .button import HiddenButtonsMixin
from .text_input import TextInputMixin


def readable_query(Model, domain=None):
    """A query of the ids of Model the user may read (model access and
    record rules applied as on an RPC call, none for root), for report
    SQL"""
    with check_access():
        return Model.search(domain or [], order=[], query=True)


def search_as_user(Model, domain, order=None):
    """The records of Model matching domain that the user may read,
    browsed outside the access checks (their fields are read as the code
    reads them)"""
    with check_access():
        ids = [r.id for r in Model.search(domain, order=order)]
    return Model.browse(ids)


def check_readable(records, message_id, **variables):
    "Refuse with message_id when the user may not read one of records"
    records = [r for r in records if r]
    if not records or not Transaction().user:
        return
    Model = records[0].__class__
    ids = {r.id for r in records}
    with check_access(), inactive_records():
        readable = {r.id for r in Model.search(
                    [('id', 'in', list(ids))], order=[])}
    if ids - readable:
        raise AccessError(gettext(message_id, **variables))


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


RELATIONS = {'many2one', 'one2many', 'many2many'}


def guard_relations(Model, domain):
    """domain with every leaf through a relation restricted to the targets
    the user may read"""
    if is_leaf(domain):
        return _guard_leaf(Model, domain)
    if not isinstance(domain, (list, tuple)):
        return domain
    return [d if isinstance(d, str) else guard_relations(Model, d)
        for d in domain]


def _guard_leaf(Model, leaf):
    name, operator, value = leaf[:3]
    fname, _, rest = name.partition('.')
    field = Model._fields.get(fname)
    through = rest or operator.endswith('where')
    if field is None or not through or len(leaf) > 3:
        return leaf
    if isinstance(field, fields.Function):
        if not field.searcher:
            return leaf
        # As ModelSQL.search converts it, then guarded
        with without_check_access():
            converted = getattr(Model, field.searcher)(fname, tuple(leaf))
        if converted == leaf or converted == [leaf]:
            return leaf
        return guard_relations(Model, converted)
    if field._type not in RELATIONS:
        return leaf
    Target = field.get_target()
    target_domain = [(rest, operator, value)] if rest else value
    with check_access():
        targets = Target.search(target_domain, order=[], query=True)
    if operator == 'not where':
        return (fname, 'not where', [('id', 'in', targets)])
    guarded = (fname, 'where', [('id', 'in', targets)])
    # A negative leaf also matches the records without target, as trytond
    # converts it.
    negative = operator.startswith('!') or operator.startswith('not ')
    if rest and negative:
        if field._type != 'many2one' or not (
                (operator == '!=' and value is None)
                or (operator == 'not in' and None in value)):
            return ['OR', (fname, '=', None), guarded]
    return guarded


class ExportAccessMixin(HiddenButtonsMixin, TextInputMixin):
    """The side doors of a model obey the record rules: exports re-checked
    in SQL, searches through its relations restricted to the targets the
    user may read. As the base of every rule-bound model, it also brings
    the checks of the text users type (text_input.py) and hides the
    buttons a user may not click (button.py)."""
    __slots__ = ()
    _export_refused = 'qlvb.msg_export_refused'

    @classmethod
    def search(cls, domain, offset=0, limit=None, order=None, count=False,
            query=False):
        transaction = Transaction()
        if transaction.user and transaction.check_access and domain:
            domain = guard_relations(cls, domain)
        return super().search(domain, offset=offset, limit=limit,
            order=order, count=count, query=query)

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
