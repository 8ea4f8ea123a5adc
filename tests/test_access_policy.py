"""The declared policy covers every stored model and docs/access.md is its
current rendering."""
import pathlib
import urllib.error

import pytest

from .access_policy import POLICY, render
from .rpc import Client, RPCError, query

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES = [p.name for p in (ROOT / 'addons').iterdir()
    if (p / 'tryton.cfg').exists()]


def test_document_is_current():
    assert (ROOT / 'docs' / 'access.md').read_text() == render(), (
        "docs/access.md is stale: python -m tests.access_policy "
        "> docs/access.md")


@pytest.mark.postgresql
def test_every_stored_model_has_a_policy(live_server):
    "A new model without a policy entry fails here"
    admin = Client(live_server, 'admin')
    models = [r[0] for r in query(live_server,
            'SELECT name FROM ir_model WHERE module = ANY(%s)', MODULES)]
    tables = {r[0] for r in query(live_server, "SELECT table_name FROM "
            "information_schema.tables WHERE table_schema = 'public'")}
    stored = set()
    for name in models:
        if name.replace('.', '_') in tables:
            stored.add(name)
            continue
        try:  # an SQL view (table_query) answers searches too
            admin.model(name, 'search_count', [])
        except (RPCError, urllib.error.HTTPError):
            continue  # a form of a wizard or a context: nothing stored
        stored.add(name)
    assert stored, "no stored model found"
    assert sorted(stored - set(POLICY)) == []
    assert sorted(set(POLICY) - stored - {'ir.note', 'ir.attachment'}) == []
