"""A small JSON-RPC client speaking to trytond as the web client does:
one session per user, the user's context on every call. Thread-safe: each
thread makes its own client."""
import base64
import json
import re
import urllib.request
import xmlrpc.client


class RPCError(Exception):
    pass


class Client:

    def __init__(self, server, login, password=None):
        self.url = f'http://127.0.0.1:{server.port}/{server.database}/rpc/'
        self.login = login
        if hasattr(server, 'login_once'):
            self.user_id, self.session = server.login_once(login, password)
        else:
            result = self._post('common.db.login',
                [login, {'password': password or server.password}, 'vi'])
            self.user_id, self.session = result[:2]
        token = f'{login}:{self.user_id}:{self.session}'.encode()
        self.auth = 'Session ' + base64.b64encode(token).decode()
        self.context = self._post(
            'model.res.user.get_preferences', [True, {}])

    def _post(self, method, params):
        request = urllib.request.Request(self.url,
            data=json.dumps({'id': 0, 'method': method, 'params': params},
                default=_default).encode(),
            headers={'Content-Type': 'application/json'})
        if getattr(self, 'auth', None):
            request.add_header('Authorization', self.auth)
        with urllib.request.urlopen(request, timeout=120) as response:
            data = json.loads(response.read())
        if data.get('error'):
            raise RPCError(data['error'])
        return data['result']

    def __call__(self, method, *args):
        return self._post(method, [*args, self.context])

    def model(self, name, method, *args):
        return self(f'model.{name}.{method}', *args)

    def wizard(self, name, record_id, model, state, button, values=None):
        """Run the wizard on a record as the web client does: open it, read
        the form of state, change values and press button; return the
        form's defaults as shown"""
        context = dict(self.context, active_model=model,
            active_id=record_id, active_ids=[record_id])

        def call(method, *args):
            return self._post(f'wizard.{name}.{method}', [*args, context])
        session, _, _ = call('create')
        try:
            shown = call('execute', session, {}, state)['view']['defaults']
            # The form's values as the web client sends them back: fields
            # only, without the display names of the relations.
            form = {k: v for k, v in shown.items() if '.' not in k}
            form.update(values or {})
            call('execute', session, {state: form}, button)
        finally:
            call('delete', session)
        return shown

    def give_number(self, outgoing_id, register=None):
        """The clerk's numbering of an outgoing document: the register
        proposed (or register) confirmed; returns what was shown"""
        return self.wizard('qlvb.outgoing.number', outgoing_id,
            'qlvb.outgoing', 'start', 'number',
            {'register': register} if register else None)


def _default(value):
    import datetime as dt
    if isinstance(value, dt.date):
        return {'__class__': 'date', 'year': value.year,
            'month': value.month, 'day': value.day}
    raise TypeError(value)


# Refusals asserted by message id -------------------------------------------
#
# The server sends the text of an error, not the id of its ir.message: the
# expected text is rendered from the server's own ir.message (read as the
# administrator in the user's language, so with the translations the server
# loaded: module locale/vi.po and locale/override/vi.po for core strings)
# and the error must match it whole. A refusal for another reason, or a
# misspelt id, fails.

_texts = {}


def _admin(server):
    # A new session each time (sessions expire): the texts are cached.
    return Client(server, 'admin')


def _language(user):
    "The language the server speaks to a proteus config or a Client"
    context = user if isinstance(user, dict) else user.context
    return context.get('language') or 'en'


def message_text(server, message_id, language):
    "The text of ir.message 'module.msg_x' as the server gives it"
    key = (server.port, server.database, message_id, language)
    if key not in _texts:
        admin = _admin(server)
        module, fs_id = message_id.split('.', 1)
        # Raises for an unknown id, as gettext does.
        db_id = admin.model('ir.model.data', 'get_id', module, fs_id)
        message, = admin._post('model.ir.message.read', [
                [db_id], ['text'], dict(admin.context, language=language)])
        _texts[key] = message['text']
    return _texts[key]


class ModelName(str):
    """A model's technical name, rendered as the server names it in the
    user's language (the "%(model)s" of the core access messages)"""

    def render(self, server, language):
        "As ir.model.get_name renders it"
        key = (server.port, server.database, 'ir.model', language)
        if key not in _texts:
            admin = _admin(server)
            _texts[key] = admin._post('model.ir.model.get_names',
                [dict(admin.context, language=language)])
        names = _texts[key]
        assert str(self) in names, f"no model {self}"
        return names[str(self)]


def error_text(error):
    "The message (and description) of an error sent by the server"
    if isinstance(error, RPCError):  # JSON-RPC: [type, [message, ...]]
        kind, args = error.args[0][:2]
        if kind == 'UserError':
            message, description = args[:2]
            return message + (f' - {description}' if description else '')
        return str(error.args[0])
    if isinstance(error, xmlrpc.client.Fault):  # "message - description"
        return error.faultString
    return str(error)


def message_pattern(server, message_id, language, **variables):
    """A regular expression matching the whole error text: the message
    with the variables given, any value for those not given"""
    text = message_text(server, message_id, language)
    parts = re.split(r'%\((\w+)\)([sdir])', text)
    pattern = ''
    for i in range(0, len(parts), 3):
        pattern += re.escape(parts[i].replace('%%', '%'))
        if i + 1 < len(parts):
            name, conversion = parts[i + 1:i + 3]
            if name in variables:
                value = variables[name]
                if isinstance(value, ModelName):
                    value = value.render(server, language)
                value = repr(value) if conversion == 'r' else str(value)
                pattern += re.escape(value)
            else:
                pattern += '.*?'
    # The description (the user's groups for the access errors) follows.
    return re.compile(pattern + r'(?: - .*)?', re.DOTALL)


def assert_refused(error, server, user, message_id, **variables):
    """Assert that error is the server's message_id rendered for user (a
    proteus config, a Client or a context) with variables"""
    text = error_text(error)
    pattern = message_pattern(server, message_id, _language(user),
        **variables)
    assert pattern.fullmatch(text), (
        f"expected {message_id} {variables}:\n  {pattern.pattern}\n"
        f"got:\n  {text}")


class refused:
    """Context manager: the block must be refused by the server with
    message_id, rendered for user with variables.

        with refused(live_server, client, 'ir.msg_read_rule_error',
                model=ModelName('qlvb.task'), ids=task):
            client.model('qlvb.task', 'read', [task], ['name'])
    """

    def __init__(self, server, user, message_id, **variables):
        self.server, self.user = server, user
        self.message_id, self.variables = message_id, variables
        self.error = None

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None:
            raise AssertionError(
                f"not refused, expected {self.message_id}")
        if not isinstance(error, (RPCError, xmlrpc.client.Fault)):
            return False  # not the server's refusal: let it through
        self.error = error
        assert_refused(error, self.server, self.user, self.message_id,
            **self.variables)
        return True


def query(server, sql, *params):
    "Rows of an SQL query on the server's database: facts, not rules"
    import os

    import psycopg
    uri = os.environ['TRYTOND_DATABASE_URI'].rstrip('/') + '/' + \
        server.database
    with psycopg.connect(uri) as conn:
        return conn.execute(sql, params).fetchall()
