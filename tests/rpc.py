"""A small JSON-RPC client speaking to trytond as the web client does:
one session per user, the user's context on every call. Thread-safe: each
thread makes its own client."""
import base64
import json
import urllib.request


class RPCError(Exception):
    pass


class Client:

    def __init__(self, server, login, password=None):
        self.url = f'http://127.0.0.1:{server.port}/{server.database}/rpc/'
        self.login = login
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


def _default(value):
    import datetime as dt
    if isinstance(value, dt.date):
        return {'__class__': 'date', 'year': value.year,
            'month': value.month, 'day': value.day}
    raise TypeError(value)
