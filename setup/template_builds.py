"""Template databases of the test suite built once and built on each other.

trytond caches a test database per module list (ModuleTestCase) and per
module list and set-up functions (proteus scenarios). Left alone, two
pytest workers that need the same template build it both, and each module's
template is built from an empty database although its dependencies' is
there. Here (PostgreSQL with DB_CACHE only):
- a template is built under a lock named after it: a second worker waits,
  then copies it;
- a module's template starts from the template of its largest dependency
  already built (or being built), and activates only the rest;
- a scenario's template starts from its modules' template, then runs the
  scenario's set-up functions.
"""
import contextlib
import fcntl
import hashlib
import os
import pathlib
import tempfile

import pg

LOCKS = pathlib.Path(tempfile.gettempdir()) / 'qlvb-template-locks'


def install():
    if not (os.environ.get('DB_CACHE', '').startswith('postgresql')
            and os.environ.get('TRYTOND_DATABASE_URI', '').startswith(
                'postgresql')):
        return
    from trytond.tests import test_tryton, tools
    activate_module = test_tryton.activate_module
    activate_modules = tools.activate_modules

    def cache_name(name):
        cache = test_tryton._db_cache_file(test_tryton.DB_CACHE, name)
        return cache[len(test_tryton.DB_CACHE) + 1:]

    def exists(database):
        # Asked of the server each time: trytond's Database.list() is
        # cached per process, so another worker's new template goes unseen.
        from trytond import backend
        backend.Database._list_cache.clear()
        with pg.connect() as connection:
            return bool(connection.execute('SELECT 1 FROM pg_database '
                    'WHERE datname = %s', (database,)).fetchone())

    @contextlib.contextmanager
    def lock(name, blocking=True):
        LOCKS.mkdir(exist_ok=True)
        digest = hashlib.sha1(cache_name(name).encode()).hexdigest()
        with open(LOCKS / digest, 'w') as file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX
                    | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            yield True

    def closure(modules):
        from trytond.modules import get_module_info
        seen, todo = set(), list(modules)
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(get_module_info(module).get('depends', []))
        return seen

    def base(modules):
        "The largest dependency whose template is made (waited for)"
        wanted = closure(modules)
        candidates = sorted(
            ((len(closure([m])), m) for m in wanted - set(modules)),
            reverse=True)
        for _, module in candidates:
            if len(closure([module])) < 4:
                break  # ir, res and a module or two: not worth it
            if exists(cache_name(module)):
                return module
            with lock(module, blocking=False) as free:
                if free:
                    continue  # nobody builds it now
            with lock(module):  # its build is under way: wait for it
                if exists(cache_name(module)):
                    return module

    def shared_activate_module(modules, lang='en'):
        if isinstance(modules, str):
            modules = [modules]
        name = '-'.join(sorted(modules))
        if lang != 'en':
            name += '--' + lang
        with lock(name):
            if (lang == 'en' and not exists(cache_name(name))
                    and not exists(test_tryton.DB_NAME)
                    and (start := base(modules))):
                test_tryton.restore_db_cache(start)
            return activate_module(modules, lang=lang)

    def shared_activate_modules(modules, *setup):
        if isinstance(modules, str):
            modules = [modules]
        name = '-'.join(sorted(modules))
        if setup_name := '|'.join(tools._func_name(f) for f in setup):
            name += f'--{setup_name}'
        with lock(name):
            if not setup or exists(cache_name(name)):
                return activate_modules(modules, *setup)
            if exists(test_tryton.DB_NAME):
                test_tryton.drop_db()
            shared_activate_module(modules)
            config = tools._get_config()
            for function in setup:
                function(config=config)
            test_tryton.backup_db_cache(name)
            return config

    test_tryton.activate_module = shared_activate_module
    tools.activate_modules = shared_activate_modules
