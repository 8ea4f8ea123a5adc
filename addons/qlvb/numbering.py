"""Gap-free yearly numbering shared by every register.

Decree 30/2020 numbers (arrival numbers of incoming documents, numbers of
outgoing documents) run from 1 each calendar year, per register and series,
with no gap and no duplicate.

Each number given is a row, unique per (series, year, number). A request
takes the next number after the highest it sees and inserts it: when a
concurrent request took the same number, the unique index makes the insert
wait for that request's outcome and fail if it committed; the request is
then restarted by trytond with a fresh view (a TransactionError, retried
without limit), so clerks wait instead of seeing an error. A rolled-back
registration inserts nothing: its number is given again.
"""
from sql.aggregate import Max
from sql.conditionals import Coalesce
from sql.functions import CurrentTimestamp

from trytond import backend
from trytond.model import DeactivableMixin, ModelSQL, Unique, fields
from trytond.pool import Pool
from trytond.transaction import Transaction, TransactionError


class NumberTaken(TransactionError):
    "Another request took the number first: start again"


class Counter(ModelSQL):
    "A number given in a numbering series for a year"
    __name__ = 'qlvb.numbering.counter'
    __string__ = "Number Given"

    series = fields.Char("Series", required=True, readonly=True)
    year = fields.Integer("Year", required=True, readonly=True)
    number = fields.Integer("Number", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('series_year_number_unique',
                Unique(t, t.series, t.year, t.number),
                'qlvb.msg_counter_unique'),
            ]

    @classmethod
    def peek(cls, series, year):
        """The number the series gives next for the year, without taking
        it (shown before a clerk confirms; a concurrent clerk may still
        take it first)"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(Coalesce(Max(table.number), 0) + 1,
                where=(table.series == series) & (table.year == year)))
        number, = cursor.fetchone()
        return number

    @classmethod
    def next_number(cls, series, year):
        "Take and return the next number of the series for the year"
        table = cls.__table__()
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        number = cls.peek(series, year)
        try:
            cursor.execute(*table.insert(
                    [table.series, table.year, table.number,
                        table.create_uid, table.create_date],
                    [[series, year, number, transaction.user,
                            CurrentTimestamp()]]))
        except backend.DatabaseIntegrityError as error:
            raise NumberTaken() from error
        return number


class RegisterMixin(DeactivableMixin):
    """A register (sổ văn bản) of a company: one numbering series per
    calendar year"""
    __slots__ = ()
    name = fields.Char("Name", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @property
    def _series(self):
        return f'{self.__name__},{self.id}'

    def next_number(self, date):
        "The next number of this register in the year of date"
        Counter = Pool().get('qlvb.numbering.counter')
        return Counter.next_number(self._series, date.year)

    def peek_number(self, date):
        "The number next_number would give now, not taken"
        Counter = Pool().get('qlvb.numbering.counter')
        return Counter.peek(self._series, date.year)
