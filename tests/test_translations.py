"""Every user-facing string has a Vietnamese translation."""
import pathlib

import polib
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PO_FILES = sorted(
    [*ROOT.glob('addons/*/locale/vi.po'),
        *ROOT.glob('addons/*/locale/override/vi.po'),
        ROOT / 'setup/sao/vi.po'])


@pytest.mark.parametrize(
    'path', PO_FILES, ids=[str(p.relative_to(ROOT)) for p in PO_FILES])
def test_po_complete(path):
    "No entry is left untranslated or fuzzy"
    po = polib.pofile(str(path))
    assert len(po) > 0
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_sao_strings_covered():
    "The web client's own strings are all in the repository's vi.po"
    pot = ROOT / '.sao/locale/messages.pot'
    if not pot.exists():
        pytest.skip("the web client is not installed")
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(
            str(ROOT / 'setup/sao/vi.po'))}
    theirs = {(e.msgctxt, e.msgid) for e in polib.pofile(str(pot))}
    assert theirs - ours == set()
    assert (ROOT / '.sao/locale/vi.json').exists()
