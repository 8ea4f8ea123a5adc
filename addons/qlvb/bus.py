"""The channels of the web client's bus that a user may listen to.

trytond 8.0's `/<database>/bus` lets any logged-in user subscribe to any
channel except another user's `user:<id>`: so to another user's
`notification:<id>` (the bell's texts, which name documents) and to the
`chat:<model>,<id>` of a record the user may not read (each new message of
its discussion, in full). Here a channel is kept only when it is the
user's own (`notification:` of the user, `client:` of the session's
client) or a discussion the user may read under the same rules as the
chat itself (chat.py); the others are dropped silently, as the web client
asks for nothing else.
"""
import functools
import sys

from trytond.exceptions import UserError
from trytond.pool import Pool
from trytond.transaction import Transaction, check_access


def allowed_channels(database_name, user_id, channels):
    "Return the channels of the list the user may listen to"
    kept, chats = [], []
    for channel in channels if isinstance(channels, list) else []:
        if not isinstance(channel, str):
            continue
        kind, _, rest = channel.partition(':')
        if kind == 'client':
            kept.append(channel)
        elif kind == 'notification' and rest == str(user_id):
            kept.append(channel)
        elif kind == 'chat':
            chats.append(channel)
    if chats:
        with Transaction().start(database_name, user_id, readonly=True), \
                check_access():
            Channel = Pool().get('ir.chat.channel')
            for channel in chats:
                try:
                    Channel.check_access(channel.partition(':')[2])
                except (UserError, KeyError, ValueError):
                    continue
                kept.append(channel)
    return kept


def guard_subscriptions():
    "Filter the channels of each bus request (once a process)"
    wsgi = sys.modules.get('trytond.wsgi')
    if not wsgi:
        return  # not a web process (cron, worker, admin, tests)
    url_map = wsgi.app.url_map
    for rule in list(url_map.iter_rules()):
        endpoint = rule.endpoint
        if (getattr(endpoint, '__name__', None) != 'subscribe'
                or getattr(endpoint, 'qlvb_guarded', False)):
            continue

        @functools.wraps(endpoint)
        def guarded(request, database_name, _subscribe=endpoint):
            data = request.parsed_data
            user_id = request.user_id
            if user_id and isinstance(data, dict):
                data['channels'] = allowed_channels(
                    database_name, user_id, data.get('channels'))
            return _subscribe(request, database_name)
        guarded.qlvb_guarded = True
        rule.endpoint = guarded
        # werkzeug also finds a rule by its endpoint (redirects, URLs).
        url_map._rules_by_endpoint[guarded] = (
            url_map._rules_by_endpoint.pop(endpoint))
