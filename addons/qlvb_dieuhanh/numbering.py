"""Gap-free yearly numbering shared by every register.

Decree 30/2020 numbers (arrival numbers of incoming documents, numbers of
outgoing documents) run from 1 each calendar year, per register and series,
with no gap and no duplicate. One counter row per (series, year) is locked
for the rest of the transaction: concurrent registrations wait for each other
(Tryton restarts the request with the lock taken first, as ir.sequence.strict
does) and a rolled-back registration gives its number back.
"""
from sql import Conflict

from trytond import backend
from trytond.model import ModelSQL, Unique, fields
from trytond.transaction import Transaction


class Counter(ModelSQL):
    "Last number given in a numbering series for a year"
    __name__ = 'qlvb.numbering.counter'
    __string__ = "Numbering Counter"

    series = fields.Char("Series", required=True, readonly=True)
    year = fields.Integer("Year", required=True, readonly=True)
    last_number = fields.Integer("Last Number", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('series_year_unique', Unique(t, t.series, t.year),
                'qlvb_dieuhanh.msg_counter_unique'),
            ]

    @classmethod
    def _ensure(cls, series, year):
        """Create the year's counter at 0 and return its id.

        It is committed at once in its own transaction (on PostgreSQL), so
        that two first registrations of a year do not collide on creating it.
        """
        table = cls.__table__()
        insert = table.insert(
            [table.series, table.year, table.last_number],
            [[series, year, 0]],
            on_conflict=Conflict(
                table, indexed_columns=[table.series, table.year]))
        select = table.select(table.id,
            where=(table.series == series) & (table.year == year))
        transaction = Transaction()
        if backend.name == 'sqlite':
            # SQLite serialises writers: the current transaction is enough.
            cursor = transaction.connection.cursor()
            cursor.execute(*insert)
            cursor.execute(*select)
            return cursor.fetchone()[0]
        with transaction.new_transaction() as new:
            cursor = new.connection.cursor()
            cursor.execute(*insert)
            cursor.execute(*select)
            counter_id, = cursor.fetchone()
            new.commit()
        return counter_id

    @classmethod
    def next_number(cls, series, year):
        "Return the next number of the series for the year"
        table = cls.__table__()
        counters = cls.search(
            [('series', '=', series), ('year', '=', year)], limit=1)
        counter = counters[0] if counters else cls(cls._ensure(series, year))
        # The first call restarts the transaction with the row locked first.
        cls.lock([counter])
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.update(
                [table.last_number], [table.last_number + 1],
                where=table.id == counter.id))
        cursor.execute(*table.select(table.last_number,
                where=table.id == counter.id))
        number, = cursor.fetchone()
        return number
