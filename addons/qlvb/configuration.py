"""Settings of the product an administrator can change."""
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    __name__ = 'qlvb.configuration'
    __string__ = "E-office Configuration"

    due_soon_days = fields.Integer(
        "Due Soon Window", required=True,
        domain=[('due_soon_days', '>=', 0)],
        help="Work not done whose deadline falls within this many working "
        "days is shown as due soon.")
    max_file_size = fields.Integer(
        "Maximum File Size (MB)", required=True,
        domain=[('max_file_size', '>', 0)],
        help="Largest PDF or attachment accepted on a document.")

    comment_days_simple = fields.Integer(
        "Comments on a Simple Matter (days)", required=True,
        domain=[('comment_days_simple', '>', 0)],
        help="Working days suggested for answering a request for comments.")
    comment_days_normal = fields.Integer(
        "Comments on a Normal Matter (days)", required=True,
        domain=[('comment_days_normal', '>', 0)])
    comment_days_complex = fields.Integer(
        "Comments on a Complex or Sensitive Matter (days)", required=True,
        domain=[('comment_days_complex', '>', 0)])

    @classmethod
    def default_comment_days_simple(cls):
        return 3

    @classmethod
    def default_comment_days_normal(cls):
        return 5

    @classmethod
    def default_comment_days_complex(cls):
        return 10

    @classmethod
    def default_due_soon_days(cls):
        return 3

    @classmethod
    def default_max_file_size(cls):
        return 20
