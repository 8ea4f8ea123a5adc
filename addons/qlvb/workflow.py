"""One workflow idiom for the module family.

A button that moves the state is the transition, as in Tryton's own
modules; an action that asks something first (a wizard) calls a transition
method of the model::

    @classmethod
    @ModelView.button
    @from_states('draft')
    @Workflow.transition('review')
    def to_review(cls, outgoings):
        ...

`Workflow.transition` silently skips the records that are not in a state
the transition starts from. `from_states`, put between the button and the
transition, refuses them instead with a translated error naming the record
and its state; `check_state` does the same in actions that are not one
transition."""
from functools import wraps

from trytond.i18n import gettext
from trytond.model import Model, fields
from trytond.model.exceptions import AccessError

from .exceptions import WrongStateError

MESSAGE = 'qlvb.msg_wrong_state'


def state_string(record):
    "The translated label of the record's workflow state"
    Model = record.__class__
    name = getattr(Model, '_transition_state', 'state')
    return Model._fields[name].translated(name).__get__(record, Model)


def check_state(records, states, message=MESSAGE):
    """Raise a translated error for the first record whose workflow state is
    not one of states; message is an ir.message with the %(record)s and
    %(state)s variables."""
    for record in records:
        name = getattr(record.__class__, '_transition_state', 'state')
        if getattr(record, name) not in states:
            raise WrongStateError(gettext(message,
                    record=record.rec_name, state=state_string(record)))


def from_states(*states, message=MESSAGE):
    """Decorator put above @Workflow.transition (and below
    @ModelView.button): the transition refuses the records that are not in
    one of states instead of skipping them."""
    def decorator(func):
        @wraps(func)
        def wrapper(cls, records, *args, **kwargs):
            check_state(records, states, message=message)
            return func(cls, records, *args, **kwargs)
        return wrapper
    return decorator


class WorkflowFieldsMixin:
    """Names the workflow fields (state, numbers, registration, completion,
    signatures) that only the buttons and wizards owning them set.

    A user's write of one of them is refused; so is a user's create that
    gives one of them another value than its default (the web client sends
    the defaults, e.g. the first state, with every new record). On create
    trytond passes no values to check_modification but the records exist:
    their stored values are compared with the defaults. Server code (access
    checks off) is not concerned."""
    __slots__ = ()
    _system_fields = set()
    # The ir.message of the refusal; a model may name its own.
    _system_fields_message = 'qlvb.msg_workflow_fields'

    @classmethod
    def check_modification(cls, mode, records, values=None,
            external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external or not cls._system_fields:
            return
        if mode == 'write' and set(values or ()) & cls._system_fields:
            raise AccessError(gettext(cls._system_fields_message))
        if mode == 'create':
            names = [n for n in cls._system_fields
                if n in cls._fields
                and not isinstance(cls._fields[n], fields.Function)]
            defaults = {n: _normalise(cls._defaults[n]())
                if n in cls._defaults else None for n in names}
            for record in records:
                for name in names:
                    if _normalise(getattr(record, name)) != defaults[name]:
                        raise AccessError(
                            gettext(cls._system_fields_message))


def _normalise(value):
    "The value as compared with the default: ids, and no value as None"
    if isinstance(value, Model):
        return value.id
    if isinstance(value, (list, tuple)):
        return tuple(_normalise(v) for v in value) or None
    if value in ('', False):
        return None
    return value
