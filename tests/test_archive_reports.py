"""The papers of files and transfers, and the alerts of files due for
transfer, through JSON-RPC as the demo users: the Office's file list
printed as XLSX; a unit's transfer, checked by the archive's clerk (one
file accepted, one returned), printed as the transfer list (XLSX and the
Decree 30 Appendix V document) and its receipt record; a user who may not
read the files may not print them; closed files due or overdue for
transfer are marked, listed and reminded once to their keeper and the
archive's clerks by the daily reminders."""
import base64
import datetime as dt
import io
import re
import time
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from qlvb_demo.tools import TODAY, new_incoming
from trytond.modules.qlvb_archive.transfer_report import number_words

from .rpc import Client, query, refused

pytestmark = pytest.mark.postgresql
# A year of its own: tests/test_archive.py drafts this year's list.
YEAR = TODAY.year - 2
RUN = time.time_ns() // 1000 % 10 ** 6
DAY = dt.timedelta(days=1)
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"


def data_id(client, module, xml_id):
    return client.model('ir.model.data', 'get_id', module, xml_id)


def report(client, name, record_id):
    "(extension, content) of the report as the user prints it"
    extension, content, _, _ = client(f'report.{name}.execute',
        [record_id], {})
    if isinstance(content, dict):
        content = base64.b64decode(content['base64'])
    return extension, content


def sheet_rows(content):
    "The rows of the first sheet, empty cells as None"
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [tuple(c.value for c in row) for row in book.worksheets[0].rows]


def document_text(content):
    "The paragraphs of an ODT document, as a reader sees them"
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        root = ElementTree.fromstring(odt.read('content.xml'))
    ns = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'
    return [''.join(p.itertext()) for p in root.iter(f'{ns}p')]


def as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


@pytest.fixture(scope='module')
def archive(live_server):
    """The Office's file list of YEAR approved; three documents registered
    by its clerk and filed in two files of the list kept by a specialist of
    the internal affairs department, closed; the specialist transfers
    them; the archive's clerk accepts one and returns the other"""
    clerk = Client(live_server, 'vanthu')
    specialist = Client(live_server, 'chuyenvien')
    permanent = data_id(clerk, 'qlvb_archive', 'retention_permanent')
    ten_years = data_id(clerk, 'qlvb_archive', 'retention_10y')
    nc, = clerk.model('qlvb.department', 'search', [('name', '=', NC)],
        0, None, None)
    list_id, = clerk.model('qlvb.archive.file_list', 'create', [{
                'year': YEAR,
                'lines': [('create', [{'kind': 'heading', 'sequence': 1,
                                'number': 'I',
                                'title': "Công tác nội chính"}])],
                }])
    heading, = clerk.model('qlvb.archive.file_list', 'read', [list_id],
        ['lines'])[0]['lines']
    lines = clerk.model('qlvb.archive.file_list.line', 'create', [{
                'list': list_id, 'parent': heading, 'kind': 'file',
                'sequence': 2, 'number': '01', 'symbol': '01.NC',
                'title': "Hồ sơ tiếp dân năm " + str(YEAR),
                'retention': permanent, 'keeper_department': nc,
                'notes': "Lập theo quý"}, {
                'list': list_id, 'parent': heading, 'kind': 'file',
                'sequence': 3, 'number': '02', 'symbol': '02.NC',
                'title': "Hồ sơ báo cáo định kỳ năm " + str(YEAR),
                'retention': ten_years, 'keeper_department': nc}])
    Client(live_server, 'chanhvp').model(
        'qlvb.archive.file_list', 'approve', [list_id])

    live_server.proteus('vanthu')
    documents = []
    for number, (subject, issued, pages) in enumerate([
                ("Đơn kiến nghị của công dân", TODAY - 20 * DAY, 3),
                ("Báo cáo kết quả tiếp dân", TODAY - 10 * DAY, 4),
                ("Báo cáo định kỳ công tác nội chính", TODAY - 5 * DAY, 2),
                ], 1):
        incoming = new_incoming(f"{subject} {RUN}",
            reference=f'{RUN}{number}/BC-BNV', issue_date=issued,
            page_count=pages)
        incoming.click('register_arrival')
        documents.append(incoming.id)

    employee = specialist.context['employee']
    files = []
    for line, filed in zip(lines, [documents[:2], documents[2:]]):
        values, = clerk.model('qlvb.archive.file_list.line', 'read',
            [line], ['symbol', 'title', 'retention'])
        file_id, = clerk.model('qlvb.archive.file', 'create', [{
                    'list_line': line, 'year': YEAR,
                    'symbol': values['symbol'], 'title': values['title'],
                    'retention': values['retention'], 'department': nc,
                    'responsible': employee,
                    'incomings': [('add', filed)]}])
        clerk.model('qlvb.archive.file', 'close', [file_id])
        files.append(file_id)

    transfer, = specialist.model('qlvb.archive.transfer', 'create', [{
                'department': nc,
                'lines': [('create', [{'file': f} for f in files])]}])
    specialist.model('qlvb.archive.transfer', 'submit', [transfer])
    accepted, returned = specialist.model('qlvb.archive.transfer', 'read',
        [transfer], ['lines'])[0]['lines']
    clerk.model('qlvb.archive.transfer.line', 'write', [returned],
        {'reason': "Thiếu văn bản trả lời công dân"})
    clerk.model('qlvb.archive.transfer.line', 'accept', [accepted])
    clerk.model('qlvb.archive.transfer.line', 'return_', [returned])
    identifier = clerk.model('qlvb.agency', 'read',
        clerk.model('qlvb.agency', 'search', [('abbreviation', '=', 'VP')],
            0, 1, None), ['identifier'])[0]['identifier']
    return {'list': list_id, 'files': files, 'transfer': transfer,
        'documents': documents, 'prefix': f'{identifier}.{YEAR}'}


def test_number_words():
    "The counts of the forms written in words"
    assert [number_words(n) for n in [0, 1, 5, 10, 15, 21, 105, 1234]] == [
        "Không", "Một", "Năm", "Mười", "Mười lăm", "Hai mươi mốt",
        "Một trăm linh năm", "Một nghìn hai trăm ba mươi bốn"]


def test_file_list_xlsx(live_server, archive):
    "Danh mục hồ sơ: headings, files with their retention and keeper"
    clerk = Client(live_server, 'vanthu')
    extension, content = report(clerk, 'qlvb.archive.file_list.xlsx',
        archive['list'])
    assert extension == 'xlsx'
    rows = sheet_rows(content)
    assert rows[0][0].startswith("DANH MỤC HỒ SƠ CỦA ")
    assert rows[0][0].endswith(f" NĂM {YEAR}")
    header = rows.index(("Số và ký hiệu hồ sơ",
            "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản",
            "Đơn vị/người lập hồ sơ", "Ghi chú"))
    assert "Trạng thái: Đã duyệt" in [r[0] for r in rows[:header]]
    body = [r for r in rows[header + 1:] if any(r)]
    assert body[:3] == [
        ('I', "Công tác nội chính", None, None, None),
        ('01.NC', f"Hồ sơ tiếp dân năm {YEAR}", "Vĩnh viễn", NC,
            "Lập theo quý"),
        ('02.NC', f"Hồ sơ báo cáo định kỳ năm {YEAR}", "10 năm", NC, None),
        ]
    assert body[3][1] == ("Bản danh mục hồ sơ này có 2 hồ sơ, bao gồm: "
        "1 hồ sơ có thời hạn bảo quản vĩnh viễn; 1 hồ sơ có thời hạn bảo "
        "quản có thời hạn.")


def test_file_list_document(live_server, archive):
    """Danh mục hồ sơ as the Decree 30 Appendix V document: motto, agency,
    title and year, the columns of the form, headings as rows with their
    files, the count by retention, the head who approved it"""
    clerk = Client(live_server, 'vanthu')
    extension, content = report(clerk, 'qlvb.archive.file_list.document',
        archive['list'])
    assert extension == 'odt'
    text = document_text(content)
    agency = "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH"
    for line in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", agency,
            f"DANH MỤC HỒ SƠ CỦA {agency}", f"NĂM {YEAR}",
            "Bản danh mục hồ sơ này có 2 hồ sơ, bao gồm:",
            "- 1 hồ sơ có thời hạn bảo quản vĩnh viễn;",
            "- 1 hồ sơ có thời hạn bảo quản có thời hạn.",
            "CHÁNH VĂN PHÒNG", "Đặng Quốc Cường"]:
        assert line in text, line
    header = text.index("Số và ký hiệu hồ sơ")
    assert text[header:header + 10] == ["Số và ký hiệu hồ sơ",
        "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản",
        "Đơn vị/người lập hồ sơ", "Ghi chú",
        '(1)', '(2)', '(3)', '(4)', '(5)']
    row = text.index("I. Công tác nội chính")
    assert text[row - 1:row + 14] == ['', "I. Công tác nội chính", '', '',
        '', '01.NC', f"Hồ sơ tiếp dân năm {YEAR}", "Vĩnh viễn", NC,
        "Lập theo quý", '02.NC', f"Hồ sơ báo cáo định kỳ năm {YEAR}",
        "10 năm", NC, '']


def test_transfer_list_xlsx(live_server, archive):
    """Mục lục hồ sơ nộp lưu: each file with its code, dates, retention,
    counts and the archive's check; the returned file with its reason"""
    specialist = Client(live_server, 'chuyenvien')
    extension, content = report(specialist, 'qlvb.archive.transfer.xlsx',
        archive['transfer'])
    assert extension == 'xlsx'
    rows = sheet_rows(content)
    assert rows[0][0] == (f"MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU CỦA {NC.upper()}"
        f", NĂM {YEAR}")
    header = rows.index(("Số TT", "Mã hồ sơ", "Số và ký hiệu hồ sơ",
            "Tiêu đề hồ sơ", "Thời gian bắt đầu",
            "Thời gian kết thúc", "Thời hạn bảo quản", "Số lượng văn bản",
            "Số tờ/số trang", "Kết quả kiểm tra", "Ghi chú"))
    body = [r for r in rows[header + 1:] if any(r)]
    prefix = archive['prefix']
    assert [r[:4] + (as_date(r[4]), as_date(r[5])) + r[6:] for r in body[:2]
        ] == [
        (1, f'{prefix}.01.NC', '01.NC', f"Hồ sơ tiếp dân năm {YEAR}",
            TODAY - 20 * DAY, TODAY - 10 * DAY, "Vĩnh viễn", 2, 7,
            "Đã nhận", None),
        (2, f'{prefix}.02.NC', '02.NC',
            f"Hồ sơ báo cáo định kỳ năm {YEAR}", TODAY - 5 * DAY,
            TODAY - 5 * DAY, "10 năm", 1, 2, "Trả lại",
            "Trả lại: Thiếu văn bản trả lời công dân"),
        ]
    assert body[2][3] == ("Mục lục này gồm 1 hồ sơ (đơn vị bảo quản), "
        "trong đó có: 1 hồ sơ có thời hạn bảo quản vĩnh viễn; 0 hồ sơ có "
        "thời hạn bảo quản có thời hạn.")


def test_transfer_documents(live_server, archive):
    """The transfer list and the receipt record as the Appendix V
    documents; no receipt record before the archive received the
    transfer"""
    clerk = Client(live_server, 'vanthu')
    extension, content = report(clerk, 'qlvb.archive.transfer.list',
        archive['transfer'])
    assert extension == 'odt'
    text = document_text(content)
    assert NC.upper() in text
    assert "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU" in text
    assert f"Năm {YEAR}" in text
    start, end = (d.strftime('%d/%m/%Y') for d in [
            TODAY - 20 * DAY, TODAY - 10 * DAY])
    row = text.index('01.NC')
    assert text[row - 1:row + 6] == ['1', '01.NC',
        f"Hồ sơ tiếp dân năm {YEAR}", f'{start} - {end}', "Vĩnh viễn",
        '7', '']
    assert text[text.index('02.NC') + 5] == (
        "Trả lại: Thiếu văn bản trả lời công dân")
    assert "Mục lục này gồm: 1 hồ sơ (đơn vị bảo quản)." in text
    assert "Viết bằng chữ: một hồ sơ (đơn vị bảo quản)." in text
    assert "NGƯỜI LẬP" in text and "Bùi Thị Hạnh" in text

    extension, content = report(clerk, 'qlvb.archive.transfer.receipt',
        archive['transfer'])
    assert extension == 'odt'
    text = document_text(content)
    for line in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BIÊN BẢN",
            "Về việc giao nhận hồ sơ, tài liệu",
            f"BÊN GIAO: {NC}, đại diện là:",
            "1. Tên khối tài liệu giao nộp: Hồ sơ, tài liệu của "
            f"{NC}.",
            f"2. Thời gian của tài liệu: {start} - {end}.",
            "- Tổng số hồ sơ (đơn vị bảo quản): 1 (một hồ sơ). Quy ra mét "
            "giá: .......... mét.",
            "- Tổng số văn bản: 2; tổng số trang: 7.",
            "4. Tình trạng tài liệu giao nộp: 1 hồ sơ được nhận vào Lưu "
            "trữ cơ quan; 1 hồ sơ trả lại đơn vị.",
            f"- {archive['prefix']}.02.NC Hồ sơ báo cáo định kỳ năm {YEAR}"
            ": trả lại, lý do: Thiếu văn bản trả lời công dân",
            "ĐẠI DIỆN BÊN GIAO", "ĐẠI DIỆN BÊN NHẬN"]:
        assert line in text, line
    giver = next(t for t in text if t.startswith("Ông (bà): Bùi Thị Hạnh"))
    receiver = next(t for t in text
        if t.startswith("Ông (bà): Trần Thị Thu Hà"))
    assert giver != receiver
    assert text.index(giver) < text.index(receiver)

    # The returned file sent again: a draft has no receipt record yet
    specialist = Client(live_server, 'chuyenvien')
    again, = specialist.model('qlvb.archive.transfer', 'create', [{
                'lines': [('create', [{'file': archive['files'][1]}])]}])
    name, = specialist.model('qlvb.archive.transfer', 'read', [again],
        ['rec_name'])
    with refused(live_server, specialist,
            'qlvb_archive.msg_receipt_not_received',
            transfer=name['rec_name']):
        report(specialist, 'qlvb.archive.transfer.receipt', again)
    specialist.model('qlvb.archive.transfer', 'delete', [again])


def test_papers_of_files_one_may_not_read(live_server, archive):
    """The head of another department reads the agency's transfers, not
    the files of the internal affairs department: he may not print them"""
    head = Client(live_server, 'truongphongvx')
    name, = head.model('qlvb.archive.transfer', 'read',
        [archive['transfer']], ['rec_name'])
    for name_ in ['qlvb.archive.transfer.xlsx', 'qlvb.archive.transfer.list',
            'qlvb.archive.transfer.receipt']:
        with refused(live_server, head, 'qlvb_archive.msg_report_denied',
                transfer=name['rec_name']):
            report(head, name_, archive['transfer'])


def run_reminders(server):
    "The daily scheduled action, run by the administrator"
    admin = Client(server, 'admin')
    cron = data_id(admin, 'qlvb_task', 'cron_task_reminders')
    admin.model('ir.cron', 'run_once', [cron])


def sent(server, file_id):
    "{(kind, event date, login)} reminded in the application for a file"
    return {(kind, event, login) for kind, event, login in query(server,
            'SELECT r.kind, r.event_date, u.login FROM qlvb_reminder r '
            'JOIN res_user u ON u.id = r.recipient '
            "WHERE r.archive_file = %s AND r.channel = 'in_app'", file_id)}


def test_files_due_for_transfer(live_server, archive):
    """A closed file is due for transfer in the three months before its
    due date and overdue after it: marked, listed, and reminded once a day
    by the daily reminders, to its keeper and, overdue, to the archive's
    clerks; an archived file is not"""
    clerk = Client(live_server, 'vanthu')
    specialist = Client(live_server, 'chuyenvien')
    archived, returned = archive['files']
    # A third file, closed: its closing and the return above a year ago
    nc, = clerk.model('qlvb.department', 'search', [('name', '=', NC)],
        0, None, None)
    due_soon, = clerk.model('qlvb.archive.file', 'create', [{
                'year': YEAR, 'symbol': '03.NC',
                'title': "Hồ sơ phối hợp " + str(RUN),
                'retention': data_id(clerk, 'qlvb_archive', 'retention_5y'),
                'department': nc,
                'responsible': specialist.context['employee'],
                'incomings': [('add', archive['documents'][:1])]}])
    clerk.model('qlvb.archive.file', 'close', [due_soon])
    overdue_date, soon_date = TODAY - 30 * DAY, TODAY + 20 * DAY
    for file_id, due in [(returned, overdue_date), (due_soon, soon_date)]:
        query(live_server, 'UPDATE qlvb_archive_file SET '
            'transfer_due_date = %s, closed_date = %s WHERE id = %s '
            'RETURNING id', due, due.replace(year=due.year - 1), file_id)

    def status(client):
        return {v['id']: v['transfer_status'] for v in client.model(
                'qlvb.archive.file', 'read', archive['files'] + [due_soon],
                ['transfer_status'])}
    assert status(specialist) == {archived: None, returned: 'overdue',
        due_soon: 'due'}

    def listed(domain):
        return set(specialist.model('qlvb.archive.file', 'search', domain,
                0, None, None)) & {archived, returned, due_soon}
    assert listed([('transfer_status', '=', 'overdue')]) == {returned}
    assert listed([('transfer_status', '=', 'due')]) == {due_soon}
    assert listed([('transfer_status', 'in', ['due', 'overdue'])]) == {
        returned, due_soon}
    assert listed([('transfer_status', '=', None)]) == {archived}
    assert listed([('transfer_status', '!=', 'overdue')]) == {
        archived, due_soon}

    run_reminders(live_server)
    before = sent(live_server, due_soon)
    assert before == {('before', soon_date, 'chuyenvien')}
    overdue = sent(live_server, returned)
    assert {(k, l) for k, _, l in overdue} == {
        ('overdue', 'chuyenvien'), ('overdue', 'vanthu')}
    event, = {e for _, e, _ in overdue}
    assert overdue_date < event <= TODAY
    assert sent(live_server, archived) == set()
    # Once: the next run the same day sends nothing again
    run_reminders(live_server)
    assert sent(live_server, due_soon) == before
    assert sent(live_server, returned) == overdue

    # The keeper reads his reminders; the head of another unit does not
    reminders = specialist.model('qlvb.reminder', 'search_read',
        [('archive_file', 'in', [returned, due_soon])], 0, None, None,
        ['kind', 'message', 'archive_file'])
    assert {(r['archive_file'], r['kind']) for r in reminders} == {
        (returned, 'overdue'), (due_soon, 'before')}
    message = next(r['message'] for r in reminders
        if r['archive_file'] == returned)
    assert message.startswith("Hồ sơ quá hạn nộp lưu (hạn "
        f"{overdue_date.strftime('%d/%m/%Y')}): {archive['prefix']}.02.NC")
    assert re.search(r"Hạn nộp lưu: \d\d/\d\d/\d{4}", message)
    assert Client(live_server, 'truongphongvx').model('qlvb.reminder',
        'search', [('archive_file', 'in', [returned, due_soon])],
        0, None, None) == []


def test_access_history_of_archived_files(live_server, archive):
    """Opening a document of an archived file is logged with the file; the
    archive's clerk reads it on the file; a document of a file not in the
    archive is not logged; a specialist sees no history"""
    archived, returned = archive['files']
    in_archive, _, not_archived = archive['documents']
    reader = Client(live_server, 'phochanhvp')
    reader.model('qlvb.incoming', 'read', [in_archive, not_archived],
        ['subject', 'reference'])

    def logged(document):
        return query(live_server, 'SELECT l.kind, l.archive_file FROM '
            'qlvb_access_log l JOIN res_user u ON u.id = l."user" '
            "WHERE u.login = 'phochanhvp' AND l.document = %s",
            f'qlvb.incoming,{document}')
    assert logged(in_archive) == [('open', archived)]
    assert logged(not_archived) == []

    clerk = Client(live_server, 'vanthu')
    logs, = clerk.model('qlvb.archive.file', 'read', [archived],
        ['access_logs'])
    rows = clerk.model('qlvb.access.log', 'read', logs['access_logs'],
        ['user', 'kind', 'document_name', 'archive_file'])
    assert {(r['user'], r['kind'], r['archive_file']) for r in rows} == {
        (reader.user_id, 'open', archived)}
    assert "Đơn kiến nghị của công dân" in rows[0]['document_name']
    # The archive's export of the transfer is in the history too
    name = 'wizard.qlvb.archive.transfer.export'
    context = dict(clerk.context, active_model='qlvb.archive.transfer',
        active_id=archive['transfer'], active_ids=[archive['transfer']])
    session = clerk._post(f'{name}.create', [context])[0]
    clerk._post(f'{name}.execute', [session, {}, 'start', context])
    clerk._post(f'{name}.delete', [session, context])
    assert query(live_server, 'SELECT l.document, l.archive_file FROM '
        'qlvb_access_log l JOIN res_user u ON u.id = l."user" '
        "WHERE u.login = 'vanthu' AND l.kind = 'export' "
        'AND l.archive_file = %s ORDER BY l.document', archived) == [
        (f'qlvb.incoming,{d}', archived)
        for d in sorted(archive['documents'][:2], key=str)]
    # No access history for the unit's specialist
    specialist = Client(live_server, 'chuyenvien')
    assert specialist.model('qlvb.archive.file', 'read', [archived],
        ['access_logs'])[0]['access_logs'] == []


def test_file_opened_outside_the_list(live_server, archive):
    """A specialist opens a file outside the file list: it waits for a
    clerk's approval, no document is filed in it before; the clerk
    approves it"""
    specialist = Client(live_server, 'chuyenvien')
    clerk = Client(live_server, 'vanthu')
    nc, = clerk.model('qlvb.department', 'search', [('name', '=', NC)],
        0, None, None)
    file_id, = specialist.model('qlvb.archive.file', 'create', [{
                'year': TODAY.year, 'symbol': f'{RUN}.NC',
                'title': "Hồ sơ giải quyết vụ việc phát sinh",
                'retention': data_id(clerk, 'qlvb_archive', 'retention_5y'),
                'department': nc}])
    values, = specialist.model('qlvb.archive.file', 'read', [file_id],
        ['state', 'rec_name'])
    assert values['state'] == 'proposed'
    assert file_id in clerk.model('qlvb.archive.file', 'search',
        [('state', '=', 'proposed')], 0, None, None)
    with refused(live_server, specialist,
            'qlvb_archive.msg_file_not_approved', file=values['rec_name']):
        specialist.model('qlvb.archive.file', 'write', [file_id],
            {'incomings': [('add', archive['documents'][:1])]})
    with refused(live_server, specialist, 'ir.msg_access_button_error',
            button='approve_opening'):
        specialist.model('qlvb.archive.file', 'approve_opening', [file_id])
    # Its description may still be corrected
    specialist.model('qlvb.archive.file', 'write', [file_id],
        {'keywords': "vụ việc phát sinh"})

    clerk.model('qlvb.archive.file', 'approve_opening', [file_id])
    values, = specialist.model('qlvb.archive.file', 'read', [file_id],
        ['state', 'opening_approved_by'])
    assert values == {'id': file_id, 'state': 'open',
        'opening_approved_by': clerk.user_id}
    specialist.model('qlvb.archive.file', 'delete', [file_id])
