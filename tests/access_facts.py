"""Facts the access policy speaks of, read in the server's database as
facts (SQL, not through the rules), and the policy's words as code: the
matrix tests compare the server's answers with these."""
from proteus import Model

from qlvb_demo.organisation import USERS
from qlvb_demo.tools import record

from .rpc import ModelName, query, refused

# Groups that see the whole agency's documents (domain.md §1)
AGENCY_WIDE = {'qlvb.group_clerk', 'qlvb.group_agency_leader',
    'qlvb.group_assistant'}
DEMO_LOGINS = [u[0] for u in USERS]


def user_facts(server, logins):
    """{login: facts}: the user's id, groups (module.fs_id), employees,
    companies, departments and led departments of current posts, led
    agencies, headed companies, the companies of the secret registers the
    user keeps and the units the user inspects today"""
    def q(sql, *p):
        return query(server, sql, *p)
    users = {}
    for user_id, login in q(
            'SELECT id, login FROM res_user WHERE login = ANY(%s)',
            list(logins)):
        employees = {r[0] for r in q('SELECT employee FROM '
                '"res_user-company_employee" WHERE "user" = %s', user_id)}
        companies = {r[0] for r in q('SELECT company FROM '
                '"res_user-company_company" WHERE "user" = %s', user_id)}
        posts = q('SELECT p.agency, p.department, pos.level, pos.head, '
            'a.company FROM qlvb_post p '
            'JOIN qlvb_position pos ON pos.id = p.position '
            'JOIN qlvb_agency a ON a.id = p.agency '
            'WHERE p.employee = ANY(%s) '
            'AND (p.start_date IS NULL OR p.start_date <= CURRENT_DATE) '
            'AND (p.end_date IS NULL OR p.end_date >= CURRENT_DATE)',
            list(employees))
        groups = {f'{m}.{f}' for m, f in q(
                'SELECT d.module, d.fs_id FROM "res_user-res_group" ug '
                "JOIN ir_model_data d ON d.model = 'res.group' "
                'AND d.db_id = ug."group" WHERE ug."user" = %s', user_id)}
        heads = [a for a, _, level, head, _ in posts
            if level == 'agency_leader' and head]
        headed = {r[0] for r in q('SELECT company FROM qlvb_agency '
                "WHERE id = ANY(%s) OR (parent = ANY(%s) "
                "AND level = 'office')", heads, heads)} - {None}
        inspected = q('SELECT i.agency, i.department FROM '
            'inspection_inspection i JOIN inspection_team_member m '
            'ON m.team = i.team '
            "WHERE i.state IN ('in_progress', 'concluding') "
            'AND m.employee = ANY(%s)', list(employees))
        users[login] = {'id': user_id, 'login': login, 'groups': groups,
            'employees': employees, 'companies': companies,
            'departments': {d for _, d, _, _, _ in posts if d},
            'led': {d for _, d, level, _, _ in posts
                if d and level == 'department_leader'},
            'led_agencies': {a for a, _, level, _, _ in posts
                if level == 'agency_leader'},
            'headed_companies': headed,
            'secret_companies': {r[0] for r in q(
                    'SELECT r.company FROM qlvb_incoming_register r JOIN '
                    '"qlvb_incoming_register-res_user" ru '
                    'ON ru.register = r.id '
                    'WHERE r.secret AND ru."user" = %s', user_id)},
            'inspected_agencies': {a for a, d in inspected if not d},
            'inspected_departments': {d for _, d in inspected if d},
            }
    return users


def agency_wide(user):
    return bool(user['groups'] & AGENCY_WIDE)


def may_read_incoming(user, doc):
    "The policy's words for `incoming`, as code (tests/access_policy.py)"
    if doc['company'] not in user['companies']:
        return False
    employees = user['employees']
    if doc['secret']:
        return bool(user['id'] in doc['clerks']
            or user['id'] in doc['leaders']
            or employees & doc['employees']
            or user['led'] & doc['departments'])
    return bool(agency_wide(user)
        or employees & doc['employees']
        or user['departments'] & doc['departments']
        or user['id'] in doc['passed_to']
        or user['id'] == doc['directing_leader'])


def may_read_outgoing(user, doc):
    "The policy's words for `outgoing`, as code (tests/access_policy.py)"
    if doc['company'] not in user['companies']:
        return False
    return bool(agency_wide(user)
        or user['id'] == doc['drafter']
        or doc['department'] in user['departments']
        or user['departments'] & doc['commented_by']
        or doc['state'] in {'numbered', 'sealed', 'issued'})


def has_model_access(client, model, mode='read'):
    "Whether the user's groups may read (or mode) the model at all"
    access = client.model('ir.model.access', 'get_access', [model])
    return access[model][mode]


def closed(server, client, model):
    "The model is closed to the user: a search is refused"
    with refused(server, client, 'ir.msg_access_rule_error',
            model=ModelName(model)):
        client.model(model, 'search', [], 0, None, None)


def department_draft(subject):
    """A draft of the Office's department of internal affairs, by the
    logged-in specialist (not saved)"""
    return Model.get('qlvb.outgoing')(subject=subject,
        document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
        drafting_department=record('qlvb.department', [('name', '=',
                    "Phòng Nội chính - Kiểm soát thủ tục hành chính")]))


def walk_to_approval(server, outgoing_id):
    """Take the Office's draft through review, format check and the
    chairman's approval, as each of them; return its id"""
    for user, button in [('chuyenvien', 'to_review'),
            ('truongphong', 'to_format_check'),
            ('vanthu', 'to_approval'), ('chutich', 'approve')]:
        server.proteus(user)
        Model.get('qlvb.outgoing')(outgoing_id).click(button)
    return outgoing_id


def agency_id(client, abbreviation):
    "The id of the provincial agency"
    return client.model('qlvb.agency', 'search', [
            ('abbreviation', '=', abbreviation),
            ('level', '!=', 'district')], 0, None, None)[0]


def office_department_id(client, name):
    "The id of the Office's department"
    return client.model('qlvb.department', 'search', [
            ('name', '=', name), ('agency.abbreviation', '=', 'VP')],
        0, None, None)[0]
