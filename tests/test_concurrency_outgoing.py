"""Outgoing numbers stay gap-free with many clerks numbering at once, on
PostgreSQL, through RPC as the clerk."""
import threading

import pytest

from .rpc import Client

pytestmark = pytest.mark.postgresql

THREADS = 8
# 160 numbers: enough for collisions on every number and the contention of
# 8 clerks; each number is three calls of the "Cấp số" wizard, so the run
# stays short.
PER_THREAD = 20


def test_parallel_numbering_is_gap_free(live_server):
    admin = Client(live_server, 'admin')
    company = Client(live_server, 'vanthu').context['company']
    # A register of the UBND tỉnh kept by the Office, as the Chairman's
    # documents are numbered in the committee's series.
    ubnd, = admin.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'UBND'), ('level', '=', 'province')], 0, 1,
        None)
    register, = admin.model('qlvb.outgoing.register', 'create', [{
                'name': "Sổ kiểm thử đồng thời", 'company': company,
                'abbreviation': 'UBND', 'issuer': ubnd}])
    doc_type, = admin.model('qlvb.document.type', 'search',
        [('code', '=', 'TB')], 0, 1, None)
    department, = admin.model('qlvb.department', 'search',
        [('abbreviation', '=', 'NCKSTTHC')], 0, 1, None)
    signer = Client(live_server, 'chutich')
    ids = admin.model('qlvb.outgoing', 'create', [{
                'company': company, 'register': register,
                'document_type': doc_type, 'drafting_department': department,
                'subject': f"Thông báo {n}", 'signer': signer.user_id,
                } for n in range(THREADS * PER_THREAD)])
    for button in ['to_review', 'to_format_check', 'to_approval']:
        admin.model('qlvb.outgoing', button, ids)
    signer.model('qlvb.outgoing', 'approve', ids)
    errors = []

    def work(chunk):
        clerk = Client(live_server, 'vanthu')
        try:
            for outgoing_id in chunk:
                clerk.give_number(outgoing_id)
        except Exception as error:  # any error is one a user would see
            errors.append(repr(error))

    threads = [threading.Thread(target=work,
            args=(ids[n::THREADS],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    records = admin.model('qlvb.outgoing', 'read', ids,
        ['number', 'reference', 'state'])
    numbers = sorted(r['number'] for r in records)
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
    assert len({r['reference'] for r in records}) == len(records)
    assert {r['state'] for r in records} == {'numbered'}
    first = min(records, key=lambda r: r['number'])
    assert first['reference'] == '01/TB-UBND'
