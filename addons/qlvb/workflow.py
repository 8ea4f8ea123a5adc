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
