"""The module family's shape: no module imports Python from a module it
does not depend on (directly or through its dependencies), and every
module's tryton.cfg names only modules that exist."""
import ast
import configparser
import pathlib

ADDONS = pathlib.Path(__file__).resolve().parent.parent / 'addons'
CORE = {'ir', 'res', 'company', 'party', 'currency', 'country'}


def _config(module):
    parser = configparser.ConfigParser()
    parser.read(ADDONS / module / 'tryton.cfg')
    section = parser['tryton']
    split = lambda key: section.get(key, '').split()  # noqa: E731
    return split('depends'), split('extras_depend')


def _closure(module, seen=None):
    seen = set() if seen is None else seen
    depends, extras = _config(module)
    for name in depends + extras:
        if name not in seen:
            seen.add(name)
            if (ADDONS / name).is_dir():
                _closure(name, seen)
    return seen


def _imported_modules(path):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split('.')
            if parts[:2] == ['trytond', 'modules'] and len(parts) > 2:
                yield parts[2]


def modules():
    return sorted(p.parent.name for p in ADDONS.glob('*/tryton.cfg'))


def test_family():
    assert {'qlvb', 'qlvb_signature', 'qlvb_incoming', 'qlvb_outgoing',
        'qlvb_edxml', 'qlvb_task', 'qlvb_statistics', 'qlvb_archive',
        'qlvb_dieuhanh',
        'kiem_tra_cong_vu'} <= set(modules())


def test_depends_exist():
    for module in modules():
        for name in sum(_config(module), []):
            assert name in CORE or (ADDONS / name).is_dir(), (module, name)


def test_imports_follow_depends():
    wrong = []
    for module in modules():
        allowed = _closure(module) | {module, 'company', 'party'}
        for path in (ADDONS / module).rglob('*.py'):
            for imported in _imported_modules(path):
                if imported not in allowed:
                    wrong.append(f'{path.relative_to(ADDONS)}: {imported}')
    assert not wrong, wrong


def test_no_cycle():
    for module in modules():
        assert module not in _closure(module), module
