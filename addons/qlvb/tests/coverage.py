"""Every string a user can see has its entry in the module's vi.po: field
labels, help texts, selections, models, messages, menus, buttons, wizard
buttons and the strings of the views; and none of them marked fuzzy,
which Tryton does not use."""
import pathlib
import polib

from trytond.modules import get_module_info
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def po_path(module):
    return str(pathlib.Path(
            get_module_info(module)['directory'], 'locale', 'vi.po'))


def missing_translations(module):
    "(context, source) of the module's strings absent from its vi.po"
    pool = Pool()
    Translation = pool.get('ir.translation')
    ModelData = pool.get('ir.model.data')
    TranslationSet = pool.get('ir.translation.set', type='wizard')
    # The view strings become translations only through this wizard.
    session_id, _, _ = TranslationSet.create()
    TranslationSet.execute(session_id, {}, 'set_')
    TranslationSet.delete(session_id)

    present = {(e.msgctxt, e.msgid) for e in polib.pofile(po_path(module))}
    fs_ids = {}
    for data in ModelData.search([('module', '=', module)]):
        # Actions are translated under ir.action (as the export does).
        for model in [data.model, *Translation.extra_model_data(data)]:
            fs_ids[model, data.db_id] = data.fs_id
    missing = set()
    for translation in Translation.search([
                ('lang', '=', 'en'), ('module', '=', module)]):
        context = f'{translation.type}:{translation.name}:'
        if translation.res_id >= 0:
            fs_id = fs_ids.get((translation.name.split(',')[0],
                    translation.res_id))
            if fs_id is None:
                continue
            context += fs_id
        if translation.src and (context, translation.src) not in present:
            missing.add((context, translation.src))
    return sorted(missing)


class TranslationCoverage:
    "Mixed into a TestCase that names its module"
    module = None

    @classmethod
    def setUpClass(cls):
        activate_module(cls.module)

    @with_transaction()
    def test_every_string_translated(self):
        self.assertEqual(missing_translations(self.module), [])

    def test_no_fuzzy_entry(self):
        "Tryton leaves a fuzzy entry unused: the user would read English"
        self.assertEqual([e.msgctxt for e in polib.pofile(po_path(self.module))
                if e.fuzzy], [])
