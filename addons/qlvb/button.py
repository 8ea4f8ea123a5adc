"""Buttons a user may not use are hidden, not greyed.

Tryton 8.0 shows a button whose groups (`ir.model.button`) the user is not
in, or of a model the user may not write, as read-only: a chairman saw
"cancel the registration", a clerk "return to the clerk". The view sent to
the client leaves such buttons out; the server still refuses the call
(`ModelView.button`). Views are cached per set of groups, so this costs
nothing per request. The one mechanism for every module: it is a base of
`ExportAccessMixin`, itself the base of every rule-bound model.
"""
from trytond.pool import Pool
from trytond.transaction import Transaction


class HiddenButtonsMixin:
    __slots__ = ()

    @classmethod
    def _buttons_refused(cls):
        "Names of the model's buttons the current user may not click"
        pool = Pool()
        Button = pool.get('ir.model.button')
        ModelAccess = pool.get('ir.model.access')
        User = pool.get('res.user')
        groups = set(User.get_groups())
        may_write = ModelAccess.get_access([cls.__name__])[cls.__name__][
            'write']
        refused = set()
        for name in cls._buttons:
            button_groups = Button.get_groups(cls.__name__, name)
            if button_groups:
                if not groups & button_groups:
                    refused.add(name)
            elif not may_write:
                refused.add(name)
        return refused

    @classmethod
    def parse_view(cls, tree, type, *args, **kwargs):
        # Root (module updates, structural tests) sees the whole view.
        refused = cls._buttons_refused() if Transaction().user else set()
        if refused:
            for element in tree.xpath('//button[@name]'):
                if element.get('name') in refused:
                    element.getparent().remove(element)
        return super().parse_view(tree, type, *args, **kwargs)
