"""The clerk's day in the web client (issue 15, item 9), and what she reads
on the way: she receives a paper document with its scan, registers it and
submits it to the chairman; then she numbers a letter the chairman signed —
the dialog shows the register of the issuing authority and the number it
gives, she confirms —, signs it as the organisation after confirming the
act, and issues it. The chairman's short day follows: his home page and
the direction dialog. Every form and dialog shown on the way is read: no
English word (the issue's list, and the product's own strings left
untranslated) and no raw code appears. Screenshots are kept in
test-output/."""
import re
import time

import polib
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from qlvb_demo.flows import click
from qlvb_demo.pki import PASSPHRASE, blank_pdf
from qlvb_demo.tools import TODAY, record, submit

from .conftest import OUTPUT, ROOT
from .rpc import Client
from .test_duty_reminders import login, registered
from .test_outgoing_paper_update_report import approved
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
RUN = int(time.time()) % 100000
PRODUCT = "Quản lý văn bản và điều hành"
CHAIRMAN = "Nguyễn Văn An"
HOME_TAB = ("//ul[@id='tablist']//a[.//span[normalize-space(.)="
    "'Việc của tôi']]")

# What users saw in English or raw (issue 15), and the web client's own
# English; with them every string of the modules the clerk and the
# chairman use, where its Vietnamese differs (see english_terms).
ISSUE_TERMS = ["Preferences", "Issuing Agency", "Number and Symbol",
    "Issue Date", "Document Type", "Tryton", "Cancel", "Save", "Close",
    "Error", "Warning", "Are you sure", "[VND]", "VND", "Register",
    "Submit", "Sign", "Confirm", "Login", "Password", "Database"]
PO_FILES = {m: ROOT / 'addons' / m / 'locale' / 'vi.po' for m in [
        'qlvb', 'qlvb_signature', 'qlvb_incoming', 'qlvb_outgoing',
        'qlvb_task']}
PO_FILES['core'] = ROOT / 'addons' / 'qlvb' / 'locale' / 'override' / 'vi.po'
PO_FILES['sao'] = ROOT / 'setup' / 'sao' / 'vi.po'
# The text of the inputs shown (values are not part of an element's text;
# a password is never read).
VALUES = """
var out = [];
arguments[0].querySelectorAll('input, textarea').forEach(function(e) {
    if (e.type != 'password' && e.type != 'hidden' && e.type != 'file'
            && e.type != 'checkbox' && e.offsetParent !== null && e.value) {
        out.push(e.value);
    }
});
return out.join('\\n');
"""
# What a field shows: the chosen option of a selection, else its value
SHOWN = """
var e = arguments[0];
if (e.tagName == 'SELECT') {
    return e.selectedIndex >= 0 ? e.options[e.selectedIndex].text : '';
}
return e.value;
"""


def english_terms(server):
    """{term: where it comes from}: the issue's words, the English of every
    string of the modules (and of the web client) whose Vietnamese differs,
    and the raw codes of the reference data and of the selections"""
    terms = {t: 'issue 15' for t in ISSUE_TERMS}
    for source, path in PO_FILES.items():
        for entry in polib.pofile(str(path)):
            msgid = entry.msgid.strip()
            # Whole strings: a message with variables is shown filled in.
            if (not entry.msgstr or entry.msgstr.strip() == msgid
                    or '%' in msgid or '{' in msgid or '\n' in msgid
                    or not re.search(r'[A-Za-z]{4}', msgid)
                    or not msgid.isascii()):
                continue
            terms.setdefault(msgid, f'{source}: {entry.msgctxt or ""}')
    admin = Client(server, 'admin')
    for model in ['qlvb.urgency', 'qlvb.confidentiality']:
        for code in admin.model(model, 'search_read', [], 0, None, None,
                ['code']):
            if code['code'] and len(code['code']) >= 3:
                terms[code['code']] = f'{model} code'
    for model in ['qlvb.incoming', 'qlvb.outgoing',
            'qlvb.incoming.assignment']:
        for name, field in admin.model(model, 'fields_get', None).items():
            selection = field.get('selection')
            if not isinstance(selection, list):
                continue  # none, or given by a method
            for key, label in selection:
                if (isinstance(key, str) and key != label
                        and re.fullmatch(r'[a-z_]{4,}|[A-Z_]{3,}', key)):
                    terms[key] = f'{model}.{name} selection code'
    return terms


class Reader:
    """What the user read on the way: the text (and the inputs' values) of
    the page at each step, and the English found in it"""

    def __init__(self, client, terms):
        self.client = client
        self.patterns = [(term, where, re.compile(
                    r'(?<!\w)' + re.escape(term) + r'(?!\w)'))
            for term, where in terms.items()]
        self.read = []

    def __call__(self, step, element=None):
        "Read the page (or element) as shown now"
        self.client.idle()
        driver = self.client.driver
        element = element or driver.find_element(By.TAG_NAME, 'body')
        text = element.text + '\n' + driver.execute_script(VALUES, element)
        # Every dialog open, whatever element was asked for
        for dialog in self.client.dialogs():
            if dialog != element:
                text += '\n' + dialog.text + '\n' + driver.execute_script(
                    VALUES, dialog)
        self.read.append((step, text))
        return text

    def found(self, text):
        "[(term, where it comes from)] of the English in text"
        return [(term, where) for term, where, pattern in self.patterns
            if pattern.search(text)]

    def english(self):
        "{step: [(term, where it comes from)]} of the English read"
        return {step: found for step, text in self.read
            if (found := self.found(text))}

    def save(self, name):
        (OUTPUT / f'{name}.txt').write_text('\n\n'.join(
                f'=== {step}\n{text}' for step, text in self.read))


def shown(client, container, name):
    "What the field name shows to the user in container"
    return client.driver.execute_script(SHOWN, client.field(container, name))


def wait_shown(client, container, name, expected):
    "Wait until the field name shows expected (a text or a predicate)"
    check = expected if callable(expected) else (lambda v: v == expected)
    return client.wait(lambda d: (value := shown(client, container, name))
        and check(value) and value, LOAD)


def form(client):
    return client.visible(f"{client.ACTIVE}//div[contains(concat(' ', "
        "@class, ' '), ' form ')]", LOAD)


def page(client, sheet, name):
    "Show the page name of the form's notebook"
    client.wait(lambda d: client.shown(".//ul[contains(@class, 'nav-tabs')]"
            f"//a[normalize-space(.)='{name}']", sheet)).click()
    client.idle()


def dialog_button(client, dialog, label):
    "The button of the dialog showing label"
    return client.wait(lambda d: next((b for b in dialog.find_elements(
                    By.TAG_NAME, 'button') if b.is_displayed()
                and b.text.strip().upper() == label.upper()), None))


def signed_letter(server, subject):
    """A letter of the Office to Sở Nội vụ, approved and signed by the
    chairman: the clerk's turn to number it"""
    outgoing = approved(server, subject, recipients=['SNV'])
    login(server, 'chutich')
    click(outgoing, 'sign')
    return outgoing


def assert_vietnamese(reader, name):
    reader.save(name)
    found = reader.english()
    assert not found, "English or raw codes shown:\n" + '\n'.join(
        f'{step}: {terms}' for step, terms in found.items())


def test_clerk_day(live_server, browser, tmp_path):
    subject = f"Về việc báo cáo kết quả cải cách hành chính {RUN}"
    reference = f'{RUN}/BNV-CCHC'
    letter_subject = f"Về việc triển khai chuyển đổi số {RUN}"
    letter = signed_letter(live_server, letter_subject)
    scan = tmp_path / 'van-ban-den.pdf'
    scan.write_bytes(blank_pdf(text='van ban den'))
    clerk = Client(live_server, 'vanthu')

    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    read = Reader(client, english_terms(live_server))
    # The scan finds what users saw (issue 15), not a word of Vietnamese.
    assert {t for t, _ in read.found("Cần nhập trước khi vào sổ: Issuing "
            "Agency, Number and Symbol, Issue Date, Document Type. Độ khẩn: "
            "KHAN; Trần Thị Thu Hà [VND]; trạng thái: numbered")} >= {
        "Issuing Agency", "Number and Symbol", "Issue Date",
        "Document Type", "KHAN", "[VND]", "numbered"}
    assert read.found("Cần nhập trước khi vào sổ: Cơ quan ban hành; Số, "
        "ký hiệu; Ngày ban hành; Loại văn bản. Độ khẩn: Khẩn") == []
    counters = clerk.model('qlvb.home', 'read', [clerk.user_id],
        ['incoming_to_register', 'outgoing_signed'])[0]
    assert counters['outgoing_signed'] >= 1
    client.login('vanthu')
    # She lands on her work, its counters filled in: the letter signed by
    # the chairman waits for its number.
    for name in ['incoming_to_register', 'outgoing_signed']:
        field = client.visible(f"{client.ACTIVE}//input[@name='{name}']",
            LOAD)
        client.wait(lambda d: field.get_property('value') == str(
                counters[name]), LOAD)
    texts = {label.text.strip() for label in client.driver.find_elements(
            By.XPATH, f"{client.ACTIVE}//label") if label.is_displayed()}
    assert "Đã ký số, chờ cấp số:" in texts, texts
    read("home")
    client.screenshot('clerk-day-home')

    # Receive: a new entry of the register, with the scan of the paper.
    client.open_menu(PRODUCT, "Văn bản đến", "Văn bản chờ vào sổ")
    client.idle()
    client.wait(lambda d: client.shown(
            f"{client.ACTIVE}//button[@id='new_']")).click()
    entry = form(client)
    client.type(entry, 'subject', subject)
    client.set_many2one(entry, 'issuer', "Bộ Nội vụ")
    client.type(entry, 'reference', reference, Keys.TAB)
    client.type(entry, 'issue_date', Keys.CONTROL, 'a')
    client.type(entry, 'issue_date', TODAY.strftime('%d/%m/%Y'), Keys.TAB)
    client.set_many2one(entry, 'document_type', "Công văn")
    client.set_many2one(entry, 'urgency', "Thượng khẩn")
    client.wait(lambda d: entry.find_element(
            By.CSS_SELECTOR, 'input[type=file]')).send_keys(str(scan))
    # The file's size is shown once the client has read it.
    client.wait(lambda d: entry.find_element(
            By.CSS_SELECTOR, 'input[name=main_file]').get_property('value'))
    wait_shown(client, entry, 'state', "Đã tiếp nhận")
    for label in ["Số đến", "Sổ văn bản", "Cơ quan ban hành", "Số, ký hiệu",
            "Ngày ban hành", "Loại văn bản", "Trích yếu", "Hạn xử lý"]:
        assert label + ':' in entry.text, label
    read("incoming: new entry")
    client.screenshot('clerk-day-received')

    # Register: the arrival number is given and shown.
    client.click_button("Vào sổ")
    wait_shown(client, entry, 'state', "Đã vào sổ")
    number = wait_shown(client, entry, 'arrival_number', str.isdigit)
    read("incoming: registered")
    client.screenshot('clerk-day-registered')
    incoming, = clerk.model('qlvb.incoming', 'search',
        [('reference', '=', reference)], 0, None, None)
    assert shown(client, entry, 'urgency') == "Thượng khẩn"
    facts = clerk.model('qlvb.incoming', 'read', [incoming],
        ['state', 'arrival_number', 'subject', 'main_filename',
            'urgency.code'])[0]
    assert facts['urgency.']['code'] == 'THUONG_KHAN'
    assert {k: facts[k] for k in ['state', 'arrival_number', 'subject',
            'main_filename']} == {'state': 'registered',
        'arrival_number': int(number), 'subject': subject,
        'main_filename': 'van-ban-den.pdf'}

    # Submit to the chairman.
    client.click_button("Trình lãnh đạo")
    dialog = client.modal()
    client.set_many2one(dialog, 'leader', CHAIRMAN)
    assert "Lãnh đạo:" in dialog.text
    read("incoming: submit dialog", dialog)
    client.screenshot('clerk-day-submit')
    client.submit_dialog(dialog)
    wait_shown(client, entry, 'state', "Đã trình lãnh đạo")
    read("incoming: submitted")
    facts = clerk.model('qlvb.incoming', 'read', [incoming],
        ['state', 'directing_leader.rec_name'])[0]
    assert facts['state'] == 'submitted'
    assert facts['directing_leader.']['rec_name'].startswith(CHAIRMAN)

    # Back to her work: the letter the chairman signed opens from its
    # counter, which equals its list.
    client.visible(HOME_TAB).click()
    client.visible(f"{client.ACTIVE}//button"
        "[@name='open_outgoing_signed']", LOAD).click()
    client.visible("//ul[@id='tablist']//a[.//span[normalize-space(.)="
        "'Đã ký số, chờ cấp số (Trần Thị Thu Hà)']]", LOAD)
    rows = client.list_rows()
    assert len(rows) == counters['outgoing_signed']
    assert any(letter_subject in row for row in rows)
    read("outgoing: signed list")
    client.open_record(letter_subject)
    sheet = form(client)
    wait_shown(client, sheet, 'state', lambda s: s.startswith("Người ký"))
    read("outgoing: signed letter")
    client.screenshot('clerk-day-letter-signed')

    # Give the number: the register of the issuing authority and the
    # number it gives are shown before the clerk confirms.
    client.click_button("Cấp số")
    dialog = client.modal()
    # (sao names the title's class "model-title")
    title = client.wait(lambda d: client.shown(
            ".//div[contains(@class, 'modal-header')]/h4", dialog))
    assert title.text.startswith(f"Cấp số ({letter_subject}"), title.text
    issuer = wait_shown(client, dialog, 'issuer', bool)
    assert issuer.startswith("Ủy ban nhân dân tỉnh Bình Thuận"), issuer
    assert wait_shown(client, dialog, 'register', bool) == (
        "Sổ văn bản đi của UBND tỉnh")
    proposed = wait_shown(client, dialog, 'reference', bool)
    assert re.fullmatch(r'\d{2,}/UBND-[A-ZĐ]+', proposed), proposed
    for label in ["Cơ quan ban hành", "Sổ văn bản đi", "Số, ký hiệu"]:
        assert label in dialog.text, dialog.text
    read("outgoing: give number dialog", dialog)
    client.screenshot('clerk-day-give-number')
    client.submit_dialog(dialog)
    wait_shown(client, sheet, 'state', "Đã cấp số")
    assert wait_shown(client, sheet, 'reference', bool) == proposed
    read("outgoing: numbered")
    client.screenshot('clerk-day-numbered')

    # Sign as the organisation: nothing is signed before she confirms.
    client.click_button("Ký số của cơ quan")
    dialog = client.modal()
    client.wait(lambda d: proposed in shown(client, dialog, 'documents'))
    assert wait_shown(client, dialog, 'certificate', bool)
    assert "Tôi xác nhận ký các văn bản này" in dialog.text
    sign = dialog_button(client, dialog, "Ký")
    assert not sign.is_enabled()
    read("outgoing: seal dialog", dialog)
    client.screenshot('clerk-day-seal-confirmation')
    client.type(dialog, 'passphrase', PASSPHRASE)
    client.field(dialog, 'confirm').click()
    client.wait(lambda d: sign.is_enabled())
    client.submit_dialog(dialog)
    wait_shown(client, sheet, 'state', "Đã ký số của cơ quan")
    read("outgoing: sealed")

    # Issue.
    client.click_button("Phát hành")
    wait_shown(client, sheet, 'state', "Đã phát hành")
    read("outgoing: issued")
    client.screenshot('clerk-day-issued')
    # The signatures, in Vietnam's time: the chairman's and the seal.
    page(client, sheet, "Chữ ký số")
    details = wait_shown(client, sheet, 'signature_details',
        lambda v: len(v.splitlines()) == 2)
    assert CHAIRMAN in details, details
    assert all(line.endswith("+0700, toàn vẹn: có, tin cậy: có")
        for line in details.splitlines()), details
    read("outgoing: signatures")
    client.screenshot('clerk-day-signatures')
    # Its recipients (the client draws a form's lists on demand)
    page(client, sheet, "Nơi nhận")
    done = {}

    def recipients(driver):
        if "Sở Nội vụ" in sheet.text:
            return True
        client._again(done, 'more', client.shown(
                ".//tr[contains(@class, 'more-row')]//button", sheet),
            lambda button: button.click())
    client.wait(recipients, LOAD)
    read("outgoing: recipients")
    facts = clerk.model('qlvb.outgoing', 'read', [letter],
        ['state', 'reference', 'register.rec_name', 'signature_state',
            'dispatches'])[0]
    assert facts['state'] == 'issued'
    assert facts['reference'] == proposed
    assert facts['register.']['rec_name'] == "Sổ văn bản đi của UBND tỉnh"
    assert facts['signature_state'] == 'valid'
    assert len(facts['dispatches']) == 1

    assert_vietnamese(read, 'clerk-day-read')


def test_chairman_day_in_vietnamese(live_server, browser):
    subject = f"Về việc tổ chức hội nghị tổng kết {RUN}"
    incoming = registered(live_server, subject, TODAY)
    submit(incoming, record('res.user', [('login', '=', 'chutich')]).id)

    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    read = Reader(client, english_terms(live_server))
    client.login('chutich')
    field = client.visible(f"{client.ACTIVE}//input"
        "[@name='incoming_to_direct']", LOAD)
    client.wait(lambda d: field.get_property('value') not in ('', '0'),
        LOAD)
    read("chairman: home")
    client.visible(f"{client.ACTIVE}//button"
        "[@name='open_incoming_to_direct']").click()
    assert any(subject in row for row in client.list_rows())
    read("chairman: documents to direct")
    client.open_record(incoming.reference)
    read("chairman: document")
    client.click_button("Cho ý kiến chỉ đạo")
    dialog = client.modal()
    client.wait(lambda d: client.field(dialog, 'leader').get_attribute(
            'value') == CHAIRMAN)
    client.new_row(dialog)
    client.set_many2one(dialog, 'department', "Nội chính")
    client.type(dialog, 'working_days', '10')
    client.type(dialog, 'direction',
        "Giao Phòng NCKSTTHC tham mưu tổ chức hội nghị.", Keys.TAB)
    read("chairman: direction dialog", dialog)
    client.screenshot('chairman-day-direction')
    client.submit_dialog(dialog)
    sheet = form(client)
    wait_shown(client, sheet, 'state', "Đã có ý kiến chỉ đạo")
    read("chairman: directed")
    assert Client(live_server, 'chutich').model('qlvb.incoming', 'read',
        [incoming.id], ['state'])[0]['state'] == 'directed'

    assert_vietnamese(read, 'chairman-day-read')
