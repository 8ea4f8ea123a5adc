"""Demo data of the e-office, one part per module: the organisation of
Bình Thuận province and one user per role, registers, task categories,
demo certificates, the inspection teams. Used by the demo command, the
tests (as `activate_modules` setup functions) and the dataset generator.

    python -m qlvb_demo -c trytond.conf -d DB    # fill an activated database
    python -m qlvb_demo --logins                 # print the logins
"""
from proteus import Model
from proteus import config as pconfig

from .organisation import PASSWORD, USERS, print_logins

__all__ = ['PASSWORD', 'USERS', 'PARTS', 'print_logins', 'setup_demo',
    'setup_demo_signing', 'setup_inspection_demo']

# (module, 'file:function') in dependency order; a part runs when its
# module is activated, so the base part never needs the others.
PARTS = [
    ('qlvb', 'organisation:setup_organisation'),
    ('qlvb_incoming', 'register:setup_incoming_registers'),
    ('qlvb_outgoing', 'register:setup_outgoing_registers'),
    ('qlvb_task', 'task:setup_tasks'),
    ('qlvb_archive', 'archive:setup_archive'),
    ('qlvb_signature', 'signature:setup_signing'),
    ('kiem_tra_cong_vu', 'inspection:setup_inspection'),
    ]


def _part(spec):
    import importlib
    name, function = spec.split(':')
    return getattr(importlib.import_module(f'{__name__}.{name}'), function)


def activated(config):
    Module = Model.get('ir.module', config=config)
    return {m.name for m in Module.find([('state', '=', 'activated')])}


def setup_demo(config=None, *, signing=False, inspection=False):
    """The organisation, its registers and task categories for the
    activated modules; certificates and inspection teams on request"""
    if config is None:
        config = pconfig.get_config()
    modules = activated(config)
    users = None
    for module, spec in PARTS:
        if module not in modules:
            continue
        if (module == 'qlvb_signature' and not signing
                or module == 'kiem_tra_cong_vu' and not inspection):
            continue
        result = _part(spec)(config)
        if module == 'qlvb':
            users = result
    return users


def setup_demo_signing(config=None):
    return _part('signature:setup_signing')(config)


def setup_inspection_demo(config=None):
    return _part('inspection:setup_inspection')(config)
