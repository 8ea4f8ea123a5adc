"""The web client speaks Vietnamese in an English browser (common on
office PCs): the login page, the header, the preferences dialog and the
clerk's dialogs, with no English word and no raw code; a registration
refused in the form saves nothing."""
import re
import uuid

import pytest

from qlvb_demo.flows import TODAY
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.common.keys import Keys

from .conftest import OUTPUT
from .rpc import Client
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
PRODUCT = "Quản lý văn bản và điều hành"
# What users saw in English or raw (issue 15), and sao's own English.
ENGLISH = re.compile(r'\b(Tryton|Login|Database|User ?name|Password|Cancel|'
    r'Preferences|Pre-validation|is required|Issuing Agency|'
    r'Number and Symbol|Issue Date|Document Type|Register|VND|KHAN|'
    r'THUONG_KHAN|HOA_TOC|THUONG|Clear|Today)\b')


def english(text):
    return sorted(set(ENGLISH.findall(text)))


def shown_text(driver):
    return driver.find_element(By.TAG_NAME, 'body').text


def test_english_browser_sees_vietnamese(live_server, browser_en):
    driver = browser_en
    client = WebClient(driver, live_server, OUTPUT / 'screenshots')
    # The browser really is English: sao would pick English by itself.
    assert driver.execute_script(
        'return navigator.language').startswith('en')

    # The login page.
    driver.get(f'{live_server.url}#{live_server.database}')
    client.visible("//input[@id='login']", LOAD)
    client.wait(lambda d: "Tên đăng nhập" in shown_text(d)
        or "Đăng nhập" in shown_text(d), LOAD)
    client.screenshot('english-browser-login')
    assert english(shown_text(driver)) == []
    assert driver.title == PRODUCT
    assert driver.find_element(
        By.XPATH, '//html').get_attribute('lang') == 'vi'

    # The header after login: the product's name and the user's name alone.
    client.login('vanthu')
    header = client.visible("//li[@id='user-preferences']/a")
    client.wait(lambda d: header.text.strip())
    assert english(header.text) == [] and '[' not in header.text
    assert client.visible("//span[@id='title']").text == PRODUCT
    assert driver.title.endswith(PRODUCT)
    assert english(shown_text(driver)) == []

    # The preferences dialog.
    header.click()
    client.visible("//li[@id='user-preferences']//a[contains("
        "normalize-space(.), 'Tùy chọn cá nhân...')]").click()
    # The home page is open: the client first asks to close every tab,
    # in Vietnamese too.
    ask = client.modal()
    if "đóng tất cả các thẻ" in ask.text:
        assert english(ask.text) == []
        client.wait(lambda d: client.shown(".//button[contains("
                "normalize-space(.), 'Đồng ý')]", ask)).click()
        client.wait(EC.staleness_of(ask), LOAD)
    dialog = client.modal()
    # The dialog's header is drawn once its form has arrived.
    title = client.wait(lambda d: client.shown(
            ".//*[contains(@class, 'modal-title')]", dialog))
    assert title.text == "Tùy chọn cá nhân"
    client.screenshot('english-browser-preferences')
    assert english(dialog.text) == []
    client.wait(lambda d: client.shown(".//button[@type='button' and "
            "contains(normalize-space(.), 'Hủy')]", dialog)).click()
    client.visible("//div[@id='menu']//tbody/tr", LOAD)

    # The clerk deletes a draft entered by mistake.
    office = Client(live_server, 'vanthu')
    cv, = office.model('qlvb.document.type', 'search',
        [('code', '=', 'CV')], 0, None, None)
    bnv, = office.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'BNV')], 0, None, None)
    mistake = f"Văn bản nhập nhầm {uuid.uuid4().hex[:8]}"
    office.model('qlvb.incoming', 'create', [{'subject': mistake,
                'arrival_date': TODAY, 'issue_date': TODAY, 'issuer': bnv,
                'reference': f'{uuid.uuid4().int % 10 ** 6}/CV-BNV',
                'document_type': cv}])
    client.open_menu(PRODUCT, "Văn bản đến", "Văn bản chờ vào sổ")
    client.list_rows()
    client.wait(lambda d: client.shown(f"{client.ACTIVE}//tbody/tr/td["
            f".//*[contains(normalize-space(.), '{mistake}')]]")).click()
    client.wait(lambda d: client.shown(
            f"{client.ACTIVE}//button[@id='delete_']")).click()
    confirm = client.modal()
    assert english(confirm.text) == [] and "xóa" in confirm.text.lower()
    client.wait(lambda d: client.shown(
            ".//button[contains(@class, 'btn-primary')]", confirm)).click()
    client.wait(lambda d: office.model('qlvb.incoming', 'search_count',
            [('subject', '=', mistake)]) == 0, LOAD)

    # The clerk's new entry: Register without the register's fields.
    client.idle()
    client.wait(lambda d: client.shown(
            f"{client.ACTIVE}//button[@id='new_']")).click()
    form = client.visible(f"{client.ACTIVE}//div[contains(concat(' ', "
        "@class, ' '), ' form ')]", LOAD)
    subject = f"Văn bản nhập dở {uuid.uuid4().hex[:8]}"
    client.type(form, 'subject', subject)
    client.click_button("Vào sổ")
    dialog = client.modal()
    client.screenshot('english-browser-registration-refused')
    text = dialog.text
    for label in ["Cơ quan ban hành", "Số, ký hiệu", "Ngày ban hành",
            "Loại văn bản"]:
        assert label in text, text
    assert "bắt buộc" in text
    assert english(text) == []
    client.wait(lambda d: client.shown(
            ".//button[contains(@class, 'btn-primary')]", dialog)).click()
    client.idle()
    assert Client(live_server, 'vanthu').model('qlvb.incoming',
        'search_count', [('subject', '=', subject)]) == 0

    # The calendar of a date field is the client's, in Vietnamese: the
    # browser's own labelled its buttons "Clear" and "Today" in English.
    entry = client.field(form, 'issue_date')

    def calendar():
        icon = entry.find_element(By.XPATH,
            "following-sibling::div[contains(@class, 'icon-input')]")
        ActionChains(driver).move_to_element(icon).click().perform()
        return client.visible("//div[contains(@class, 'qlvb-datepicker')]")
    shown = calendar()
    client.screenshot('english-browser-date-picker')
    # (sao writes the buttons' labels in capitals)
    labels = shown.text.upper()
    assert "HÔM NAY" in labels and "XÓA NGÀY" in labels, shown.text
    assert "THÁNG" in labels and "T2 T3 T4 T5 T6 T7 CN" in labels
    assert not re.search(r'\b(CLEAR|TODAY)\b', labels), shown.text
    today = driver.execute_script("return moment().format('DD/MM/YYYY');")
    shown.find_element(By.CSS_SELECTOR, '.qlvb-datepicker-today').click()
    client.wait(lambda d: entry.get_attribute('value') == today)
    calendar().find_element(By.CSS_SELECTOR,
        '.qlvb-datepicker-clear').click()
    client.wait(lambda d: entry.get_attribute('value') == '')
    assert not client.shown("//div[contains(@class, 'qlvb-datepicker')]")

    # The urgency picker shows names, not codes.
    client.type(form, 'urgency', 'k', Keys.TAB)
    picker = client.modal()
    client.wait(lambda d: picker.find_elements(By.CSS_SELECTOR, 'tbody tr'))
    client.idle()
    client.screenshot('english-browser-urgency-picker')
    rows = picker.find_element(By.CSS_SELECTOR, 'tbody').text
    assert "Khẩn" in rows and "Thượng khẩn" in rows
    assert english(picker.text) == []
