"""Make locale/override/*.po work for a language core ships no .po for.

Why this hook is needed (trytond 8.0.12, ir/translation.py):
Translation.translation_import() hands every entry whose msgctxt res_id
has a module prefix ("model:ir.ui.menu,name:ir.menu_administration",
"field:res.user,login:res.") to its inner override_translation(), which
does ``translation, = cls.search(domain)`` on the row of the *overridden*
module (name, res_id, lang, type, module[, src]).  For a language such a
row only exists after that module's own locale/<lang>.po was imported or
after the "Update translations" wizard ran.  No core module ships vi.po,
so on a fresh database ``trytond-admin -u qlvb -l vi`` (and the
"Load translations" button of ir.lang) fail with
"ValueError: not enough values to unpack (expected 1, got 0)".
Entries without a module prefix are no way out: model data of another
module is silently skipped and field/selection/view strings end up owned
by qlvb, so --export-translations copies them into our vi.po.

So, before calling core, create the missing target rows empty, as the
Update translations wizard would.  Core then fills them in and sets
overriding_module exactly as for a language core does translate.
"""
from collections import defaultdict

import polib

from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

from .export_access import ExportAccessMixin

# types whose rows core matches on the source text too (translation.py)
_SOURCE_TYPES = {'report', 'view', 'wizard_button', 'selection'}


class Translation(metaclass=PoolMeta):
    __name__ = 'ir.translation'

    @classmethod
    def translation_import(cls, lang, module, po_path):
        paths = [po_path] if isinstance(po_path, str) else po_path
        cls._create_override_targets(lang, paths)
        return super().translation_import(lang, module, po_path)

    @classmethod
    def _create_override_targets(cls, lang, po_paths):
        pool = Pool()
        ModelData = pool.get('ir.model.data')

        wanted = {}
        for path in po_paths:
            for entry in polib.pofile(path):
                if entry.obsolete:
                    continue
                new, ressource_id = cls.from_poentry(entry)
                if '.' not in ressource_id:
                    continue
                target, fs_id = ressource_id.split('.')
                try:
                    res_id = ModelData.get_id(target, fs_id) if fs_id else -1
                except KeyError:
                    continue  # let core report the unknown reference
                key = (new.name, res_id, new.type, target)
                if new.type in _SOURCE_TYPES:
                    key += (new.src, new.src_plural)
                wanted.setdefault(key, new)
        if not wanted:
            return

        existing = set()
        for row in cls.search([
                    ('lang', '=', lang),
                    ('module', 'in', list({k[3] for k in wanted})),
                    ], order=[]):
            key = (row.name, row.res_id, row.type, row.module)
            if row.type in _SOURCE_TYPES:
                key += (row.src, row.src_plural)
            existing.add(key)

        to_create = [{
                'name': key[0],
                'res_id': key[1],
                'type': key[2],
                'module': key[3],
                'lang': lang,
                'src': new.src,
                'src_plural': new.src_plural,
                'value': '',
                'fuzzy': False,
                } for key, new in wanted.items() if key not in existing]
        if to_create:
            cls.create(to_create)


class Attachment(ExportAccessMixin, metaclass=PoolMeta):
    """Files follow their record when exported by id, as they do on read;
    reading or exporting the file of a secret document is logged"""
    __name__ = 'ir.attachment'

    @classmethod
    def read(cls, ids, fields_names):
        result = super().read(ids, fields_names)
        transaction = Transaction()
        if (transaction.check_access and 'data' in fields_names
                and transaction.context.get('ir.attachment.data') != 'size'):
            cls._log_access('download', cls.browse(ids))
        return result

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        result = super().export_data(records, fields_names, header=header)
        if Transaction().check_access and any(
                n.split('/')[0] == 'data' for n in fields_names):
            cls._log_access('export', records)
        return result

    @classmethod
    def _log_access(cls, kind, attachments):
        "Log the access to the files of secret documents"
        from .document import DocumentMixin
        AccessLog = Pool().get('qlvb.access.log')
        files = defaultdict(list)
        with without_check_access():
            for attachment in attachments:
                resource = attachment.resource
                if (isinstance(resource, DocumentMixin)
                        and resource.id is not None and resource.id >= 0):
                    files[resource].append(attachment.name)
        if files:
            AccessLog.record(kind, list(files),
                {d: ', '.join(n) for d, n in files.items()})


class Note(ExportAccessMixin, metaclass=PoolMeta):
    "Notes follow their record when exported by id, as they do on read"
    __name__ = 'ir.note'
