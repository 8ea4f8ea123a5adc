"""Arrival numbers stay gap-free with many clerks registering at once, on
PostgreSQL, through RPC as the clerk."""
import threading

import pytest

from qlvb_demo.tools import TODAY

from .rpc import Client

pytestmark = pytest.mark.postgresql

THREADS = 8
# 400 numbers: enough for collisions on every number, the contention of
# 8 clerks, and a run that stays short.
PER_THREAD = 50


def test_parallel_registration_is_gap_free(live_server):
    admin = Client(live_server, 'admin')
    clerk = Client(live_server, 'vanthu')
    company = clerk.context['company']
    register, = admin.model('qlvb.incoming.register', 'create', [{
                'name': "Sổ kiểm thử đồng thời", 'company': company}])
    issuer, = clerk.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'BNV')], 0, 1, None)
    doc_type, = clerk.model('qlvb.document.type', 'search',
        [('code', '=', 'CV')], 0, 1, None)
    today = TODAY
    created, errors = [], []

    def work(thread):
        client = Client(live_server, 'vanthu')
        try:
            for i in range(PER_THREAD):
                incoming_id, = client.model('qlvb.incoming', 'create', [{
                            'company': company, 'register': register,
                            'issuer': issuer, 'document_type': doc_type,
                            'reference': f'{thread}.{i}/CV-BNV',
                            'subject': f"Văn bản thử {thread}.{i}",
                            'arrival_date': today, 'issue_date': today,
                            }])
                client.model('qlvb.incoming', 'register_arrival',
                    [incoming_id])
                created.append(incoming_id)
        except Exception as error:  # any error is one a user would see
            errors.append(repr(error))

    threads = [threading.Thread(target=work, args=(n,))
        for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    records = clerk.model('qlvb.incoming', 'read', created,
        ['arrival_number', 'state'])
    numbers = sorted(r['arrival_number'] for r in records)
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
    assert {r['state'] for r in records} == {'registered'}
