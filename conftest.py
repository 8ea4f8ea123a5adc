"""Settings of the whole suite, loaded before any test module.

With pytest-xdist each worker gets its own test database (trytond reads
DB_NAME when its test tools are imported, so it is set here first) and
tests are grouped so that what shares state runs in one worker: a unittest
class (its database is built once in setUpClass) and a module's tests.
Each worker that runs live-server tests starts its own demo server (the
fixture is per session, so per worker): they share nothing."""
import os
import pathlib
import sys

import pytest

_worker = os.environ.get('PYTEST_XDIST_WORKER')
if _worker and os.environ.get('DB_NAME', ':memory:') != ':memory:':
    os.environ['DB_NAME'] = f"{os.environ['DB_NAME']}_{_worker}"


def _tolerate_cache_race():
    """Two workers may finish the same template database together: the
    second finds it made, which is what it wanted."""
    from trytond.tests import test_tryton
    dump = test_tryton._pg_dump

    def _pg_dump(cache_file):
        try:
            return dump(cache_file)
        except Exception as exception:
            if 'already exists' not in str(exception):
                raise
    test_tryton._pg_dump = _pg_dump


def pytest_configure(config):
    # Template caches named after the code and marked as this project's
    # (setup/pg.py), in the controller and in every worker.
    sys.path.insert(0, str(pathlib.Path(__file__).parent / 'setup'))
    import pg
    import template_builds
    pg.name_caches()
    template_builds.install()
    if _worker:
        _tolerate_cache_race()


def pytest_collection_modifyitems(config, items):
    # xdist (--dist loadgroup) schedules by a "@group" suffix of the node
    # id, which its own hook sets as item._nodeid: pytest 9 keeps the id in
    # item._id instead, so xdist 3.8's grouping is lost. Set it here.
    loadgroup = config.getvalue('loadgroup') if _worker else False
    for item in items:
        parts = item.nodeid.split('::')
        group = '::'.join(parts[:2] if item.cls else parts[:1])
        item.add_marker(pytest.mark.xdist_group(group))
        if loadgroup and '@' not in item.nodeid:
            _set_nodeid(item, f'{item.nodeid}@{group}')


def _set_nodeid(item, nodeid):
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # pytest < 9
        item._nodeid = nodeid
    else:
        item._id = coerce_node_id(nodeid)
