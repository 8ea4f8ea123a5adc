"""Text as users type or paste it: PostgreSQL refuses NUL in text with an
internal error, and other control characters break the XML of the exchange
and of the reports; a title starting with a tab or a line break reads as
empty in lists. Refused with a message, or normalised."""
import re

from trytond.i18n import gettext
from trytond.model import fields

from .exceptions import TextInputError

# C0 control characters but tab, line feed and carriage return.
CONTROL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f]')


class TextInputMixin:
    """Refuses control characters in the Char and Text fields written, and
    strips the whitespace around a Text title (the record name); Char
    fields are stripped by Tryton already"""
    __slots__ = ()

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        for name, value in values.items():
            field = cls._fields.get(name)
            if not isinstance(value, str) or not isinstance(
                    getattr(field, '_field', field),
                    (fields.Char, fields.Text)):
                continue
            if CONTROL.search(value):
                raise TextInputError(gettext(
                        'qlvb.msg_text_control_character',
                        **cls.__names__(name)))
            if name == cls._rec_name and isinstance(field, fields.Text):
                values[name] = value.strip()
        return values
