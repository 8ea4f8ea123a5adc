from trytond.model import fields
from trytond.pool import PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'qlvb.configuration'

    reminder_before_days = fields.Integer(
        "Remind Before Deadline (working days)", required=True,
        domain=[('reminder_before_days', '>=', 0)],
        help="The lead unit is reminded this many working days before the "
        "deadline.")
    reminder_overdue_interval = fields.Integer(
        "Repeat Overdue Reminder (working days)", required=True,
        domain=[('reminder_overdue_interval', '>', 0)],
        help="An overdue task is reminded the working day after its "
        "deadline, then every this many working days, escalating.")
    reminder_update_days = fields.Integer(
        "Ask for Update After (working days)", required=True,
        domain=[('reminder_update_days', '>', 0)],
        help="Units are asked to update open tasks without a progress "
        "report for this many working days.")
    reminder_email = fields.Boolean("Send Reminders by E-mail",
        help="Besides the notification in the application, send each "
        "reminder to the e-mail address of its recipient through the "
        "SMTP server of the configuration file.")

    @classmethod
    def default_reminder_before_days(cls):
        return 3

    @classmethod
    def default_reminder_overdue_interval(cls):
        return 5

    @classmethod
    def default_reminder_update_days(cls):
        return 10

    @classmethod
    def default_reminder_email(cls):
        return False
