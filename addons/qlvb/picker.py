"""People pickers: officials shown and found by position and unit.

A field choosing a person (a leader to submit to, a signer, an official to
assign) shows the people's name, position and unit in its search list
(`user_view_picker_list`, `employee_view_picker_list`, named by the
fields' `view_ids`), and typing a position ("Chủ tịch") or a unit finds the
people holding it today. The names themselves (`rec_name`) are unchanged:
server messages and the direction trail use them.

Logins and open sessions are technical data (and sessions tell who is
online): the pickers never show them, open sessions are read by
administrators only (`picker.xml`), and typing in a picker matches a login
only for those who manage users. Logins stay readable through RPC (scripts
and tests find users by login).
"""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction


def officials(field):
    """The domain of a people picker on res.user: real officials only (the
    administrator and technical users have no employee), or the value
    already chosen (records made before, or by scripts, stay valid)."""
    return ['OR', ('employees', '!=', None), ('id', '=', Eval(field, -1))]


def _post_clause(prefix, clause):
    "Domain on today's posts whose position or unit matches the clause"
    Date = Pool().get('ir.date')
    today = Date.today()
    _, operator, operand, *extra = clause
    return (prefix, 'where', [
            ['OR', ('start_date', '=', None), ('start_date', '<=', today)],
            ['OR', ('end_date', '=', None), ('end_date', '>=', today)],
            ['OR',
                ('position.name', operator, operand, *extra),
                ('department.name', operator, operand, *extra),
                ('agency.name', operator, operand, *extra),
                ],
            ])


def _negative(clause):
    operator = clause[1]
    return operator.startswith('!') or operator.startswith('not ')


def _posts_text(employees):
    "Return (positions, units) of the employees' posts valid today"
    Post = Pool().get('qlvb.post')
    posts = Post.active_posts([e.id for e in employees])
    positions = ', '.join(dict.fromkeys(p.position.name for p in posts))
    units = ', '.join(dict.fromkeys(
            p.department.name if p.department else p.agency.name
            for p in posts))
    return positions or None, units or None


class PostMixin:
    "Position and unit of an official, shown and searched in pickers"
    __slots__ = ()
    post_position = fields.Function(
        fields.Char("Position"), 'get_post', searcher='search_post')
    post_unit = fields.Function(
        fields.Char("Unit"), 'get_post', searcher='search_post')

    def get_post(self, name):
        positions, units = _posts_text(self._post_employees())
        return positions if name == 'post_position' else units

    @classmethod
    def search_post(cls, name, clause):
        return [_post_clause('posts', clause)]


class User(PostMixin, metaclass=PoolMeta):
    __name__ = 'res.user'

    def _post_employees(self):
        return self.employees

    @classmethod
    def search_post(cls, name, clause):
        return [('employees', 'where', [_post_clause('posts', clause)])]

    @classmethod
    def search_rec_name(cls, name, clause):
        ModelAccess = Pool().get('ir.model.access')
        domain = [('name', *clause[1:])]
        if (not Transaction().user
                or ModelAccess.get_access([cls.__name__])[cls.__name__][
                    'write']):
            domain.append(('login', *clause[1:]))
        if _negative(clause):
            return ['AND', *domain]
        return ['OR', *domain, *cls.search_post(name, clause)]


class Employee(PostMixin, metaclass=PoolMeta):
    __name__ = 'company.employee'

    def _post_employees(self):
        return [self]

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        if _negative(clause):
            return domain
        return ['OR', domain, *cls.search_post(name, clause)]
