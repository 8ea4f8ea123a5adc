"""Two more days at work in the web client, as their users see them: the
specialist opens the duty forwarded to her from her "Việc của tôi" page
and drafts the reply (an outgoing draft answering the document) which she
sends for review; the office chief opens "Báo cáo thống kê", sees the
period's dates next to the preset, exports the XLSX and reads it, then sees
the figures of the incoming-handling dashboard. Screenshots are kept in
test-output/."""
import base64
import io
import time

import openpyxl
import pytest
from proteus import Model
from selenium.common.exceptions import (
    InvalidElementStateException, StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from qlvb_demo.tools import TODAY, forward

from .conftest import OUTPUT
from .rpc import Client
from .test_browser_role_days import open_queue_duty
from .test_duty_reminders import NC, add_working_days, directed, login
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
RUN = int(time.time()) % 100000
TOP = "Quản lý văn bản và điều hành"
HOME_TAB = ("//ul[@id='tablist']//a[.//span[normalize-space(.)="
    "'Việc của tôi']]")


def home_value(client, name):
    "The counter name of the client's home page, as the server counts it"
    return client.model('qlvb.home', 'read', [client.user_id],
        [name])[0][name]


def counter(web, name, expected):
    "Wait until the home page shows expected in the counter name"
    web.visible(HOME_TAB, LOAD).click()
    field = web.visible(f"{web.ACTIVE}//input[@name='{name}']", LOAD)
    web.wait(lambda d: field.get_property('value') == str(expected), LOAD)
    return field


def shown_value(field):
    "What a field shows: the label of a selection, the text of an entry"
    if field.tag_name == 'select':
        return Select(field).first_selected_option.text.strip()
    return field.get_attribute('value')


def fill(web, container, name, text):
    """Type text in the field name until it holds it (keys sent while the
    client draws the record again are lost)"""
    def filled(driver):
        field = web.field(container, name)
        if field.get_attribute('value') == text:
            return True
        try:
            field.clear()
            field.send_keys(text)
        except InvalidElementStateException:
            pass  # not editable yet: the record is being drawn
        web.idle()
        return False
    web.wait(filled, LOAD)


def open_counter(web, name):
    "Click the button of the counter name on the home page; its list rows"
    web.visible(f"{web.ACTIVE}//button[@name='open_{name}']").click()
    return web.list_rows()


def toolbar(web, button_id):
    "Click a button of the current tab's toolbar (new_, save, ...)"
    web.idle()
    button = web.wait(lambda d: web._last(d.find_elements(By.XPATH,
                f"{web.ACTIVE}//button[@id='{button_id}']")), LOAD)
    web.wait(lambda d: button.is_enabled(), LOAD)
    button.click()


def add_many2many(web, container, name, text):
    """Type text in the entry of the many2many name, pick the record found
    in the search dialog, as a user does; wait until it is listed"""
    before = len(web.dialogs())
    web.type(container, name, text, Keys.TAB)
    web.wait(lambda d: len(web.dialogs()) > before, LOAD)
    web.pick(".//tbody/tr[1]/td[.//*[contains(normalize-space(.), "
        f"'{text}')]]")
    web.wait(lambda d: any(text in row.text for row in container
            .find_elements(By.XPATH, ".//div[contains(@class, "
                f"'form-many2many')][.//input[@name='{name}']]//tbody/tr")),
        LOAD)


def test_specialist_drafts_reply(live_server, browser):
    subject = f"Về việc góp ý quy chế tiếp công dân {RUN}"
    deadline = add_working_days(TODAY, 6)
    unit_duty = directed(live_server, subject, TODAY,
        [('lead', NC, None, deadline)])[NC, 'lead']
    login(live_server, 'truongphong')
    Assignment = Model.get('qlvb.incoming.assignment')
    forward(Assignment(unit_duty), [('lead', "Bùi Thị Hạnh", deadline)])
    duty, = Assignment.find([('parent', '=', unit_duty)])
    incoming = duty.incoming.id
    specialist = Client(live_server, 'chuyenvien')
    mine = home_value(specialist, 'assignment_mine')
    assert mine >= 1

    # She lands on "Việc của tôi": her duties' counter opens their list,
    # the forwarded duty among them.
    web = WebClient(browser, live_server, OUTPUT / 'screenshots')
    web.login('chuyenvien')
    counter(web, 'assignment_mine', mine)
    web.screenshot('specialist-home')
    rows = open_counter(web, 'assignment_mine')
    assert len(rows) == mine
    assert any(subject in row for row in rows)
    form = open_queue_duty(web, subject)
    web.wait(lambda d: subject in web.field(form, 'incoming').get_attribute(
            'value'), LOAD)
    # Her open duty offers to draft its reply (the button's use is checked
    # over RPC in test_result_flow.py).
    assert web.wait(lambda d: web.shown(f"{web.ACTIVE}//button[contains("
            "normalize-space(.), 'Soạn văn bản trả lời')]"), LOAD)
    web.screenshot('specialist-duty')

    # From the page again: her drafts, a new one answering the document.
    drafts = home_value(specialist, 'outgoing_draft')
    counter(web, 'outgoing_draft', drafts)
    web.visible(f"{web.ACTIVE}//button[@name='open_outgoing_draft']"
        ).click()
    web.visible("//ul[@id='tablist']//li[contains(@class, 'active')]"
        "//span[starts-with(normalize-space(.), 'Dự thảo (')]", LOAD)
    toolbar(web, 'new_')
    form = web.visible(f"{web.ACTIVE}//div[contains(concat(' ', @class, "
        "' '), ' form ')]", LOAD)
    # The subject first: typed until the client, done drawing the new
    # record and moving the cursor to it, holds it.
    draft = f"Trả lời góp ý quy chế {RUN}"
    fill(web, form, 'subject', draft)
    web.set_many2one(form, 'document_type', "Công văn")
    fill(web, form, 'content', "Văn phòng UBND tỉnh có ý kiến như sau.")
    # The drafting unit is hers, from her post.
    assert "Nội chính" in web.field(form, 'drafting_department'
        ).get_attribute('value')
    web.visible(f"{web.ACTIVE}//ul[contains(@class, 'nav-tabs')]//a["
        "normalize-space(.)='Nơi nhận']").click()
    add_many2many(web, form, 'reply_to', subject)
    fill(web, form, 'subject', draft)
    web.screenshot('specialist-reply-draft')
    web.click_button("Trình thẩm định")
    web.wait(lambda d: shown_value(web.field(form, 'state'))
        == "Thẩm định nội dung", LOAD)
    web.screenshot('specialist-reply-to-review')

    # The draft is hers, answers the document and waits for review by
    # her head, on whose page it is counted.
    reply, = specialist.model('qlvb.outgoing', 'search_read',
        [('reply_to', '=', incoming)], 0, None, None,
        ['state', 'drafter', 'reply_to', 'drafting_department.name',
            'subject'])
    assert reply['subject'] == draft
    assert reply['state'] == 'review'
    assert reply['drafter'] == specialist.user_id
    assert reply['reply_to'] == [incoming]
    assert reply['drafting_department.']['name'] == NC
    head = Client(live_server, 'truongphong')
    assert reply['id'] in head.model('qlvb.outgoing', 'search',
        [('state', '=', 'review')], 0, None, None)
    assert home_value(head, 'outgoing_review') >= 1


def statistics_period(client):
    "The period's dates the statistics wizard opens with"
    wizard = 'wizard.qlvb.statistics'
    session, state, _ = client._post(f'{wizard}.create', [client.context])
    try:
        return client._post(f'{wizard}.execute', [session, {}, state,
                client.context])['view']['defaults']['period_range']
    finally:
        client._post(f'{wizard}.delete', [session, client.context])


def test_office_chief_statistics(live_server, browser):
    subject = f"Về việc thống kê tình hình xử lý văn bản {RUN}"
    directed(live_server, subject, TODAY,
        [('lead', NC, None, add_working_days(TODAY, 5))])
    chief = Client(live_server, 'chanhvp')
    period = statistics_period(chief)

    web = WebClient(browser, live_server, OUTPUT / 'screenshots')
    web.login('chanhvp')
    web.visible(HOME_TAB, LOAD)
    # A first-level entry; the wizard opens in a dialog on this month's
    # period, its dates shown next to the preset.
    dialog = web.launch_menu(TOP, "Báo cáo thống kê")
    shown = web.wait(lambda d: web.field(dialog, 'period_range')
        .get_attribute('value'), LOAD)
    assert shown == period
    assert period.count('/') == 4 and period.startswith('15/')
    assert shown_value(web.field(dialog, 'preset')) == "Tháng"
    labels = {e.text.strip().rstrip(':') for e in dialog.find_elements(
            By.TAG_NAME, 'label') if e.is_displayed()}
    assert {"Kỳ báo cáo", "Từ ngày - đến ngày"} <= labels, labels
    web.screenshot('chief-statistics-period')

    # Exported: the workbook offered for download.
    buttons = [b for b in dialog.find_elements(By.TAG_NAME, 'button')
        if b.is_displayed() and "XUẤT TỆP" in b.text.upper()]
    buttons[0].click()
    save_as = web.wait(lambda d: web.shown(
            ".//button[@title='Lưu thành...']", dialog), LOAD)
    name = web.wait(lambda d: next((e.get_property('value') for e in
                dialog.find_elements(By.TAG_NAME, 'input')
                if (e.get_property('value') or '').endswith('.xlsx')),
            None), LOAD)
    web.screenshot('chief-statistics-file')
    save_as.click()
    link = web.wait(lambda d: web.shown(
            "//div[contains(@class, 'modal-dialog')]//a[@download]"), LOAD)
    assert link.get_attribute('download') == name
    # The bytes the link downloads
    data = base64.b64decode(browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(r => r.arrayBuffer()).then(buffer => {
            let text = '';
            for (const byte of new Uint8Array(buffer)) {
                text += String.fromCharCode(byte);
            }
            done(btoa(text));
        });""", link.get_attribute('href')))
    (OUTPUT / 'screenshots' / name).write_bytes(data)
    summary, detail = [list(sheet.iter_rows(values_only=True))
        for sheet in openpyxl.load_workbook(
            io.BytesIO(data), read_only=True).worksheets]
    assert summary[1][0] == "Thời gian: từ ngày %s đến ngày %s" % tuple(
        period.split(' - '))
    # The unit leading the document: received and in progress
    header = next(i for i, r in enumerate(summary) if r[0] == "Đơn vị xử lý")
    unit = {r[1]: r for r in summary[header + 1:] if r[0] == NC}
    assert unit["Chủ trì"][2] >= 1 and unit["Chủ trì"][5] >= 1, unit
    assert any(subject in row for row in detail)
    # The link may be drawn with no size once the file was fetched, or
    # drawn anew: a click by script on the one shown now, as a user's click
    # on the visible label.
    for link in web.driver.find_elements(By.XPATH,
            "//div[contains(@class, 'modal-dialog')]//a[@download]"):
        try:
            web.driver.execute_script("arguments[0].click();", link)
        except StaleElementReferenceException:
            pass  # its dialog is gone

    def closed(driver):
        "Close the dialogs left (the download's, the wizard's)"
        for button in driver.find_elements(By.XPATH,
                "//div[contains(@class, 'modal-dialog')]//button"):
            if button.is_displayed() and (
                    button.text.strip().upper() == "ĐÓNG"):
                button.click()
                return False
        return not web.dialogs()
    web.wait(closed, LOAD)

    # On screen: the dashboard of the Office's units for the period, the
    # department handling the document with figures.
    web.open_menu(TOP, "Bảng theo dõi xử lý văn bản đến")
    rows = web.list_rows()
    unit = [row for row in rows if "Nội chính" in row]
    assert unit, rows
    figures = [int(word) for word in unit[0].split() if word.isdigit()]
    assert any(figures), unit
    web.screenshot('chief-dashboard')
    # The total row: each column's total alone on one line (not the sum of
    # the selected rows, 0, stacked over it).
    totals = [t for t in web.driver.find_elements(By.XPATH,
            f"{web.ACTIVE}//tfoot//div[contains(@class, 'value')]")
        if t.is_displayed()]
    assert len(totals) == 7, [t.text for t in totals]
    for total in totals:
        assert total.text.replace('.', '').isdigit(), total.text
        height, line = web.driver.execute_script(
            "var style = getComputedStyle(arguments[0]);"
            "return [arguments[0].getBoundingClientRect().height,"
            " parseFloat(style.lineHeight) || parseFloat(style.fontSize)];",
            total)
        assert height < 1.5 * line, (total.text, height, line)
    assert int(totals[0].text.replace('.', '')) >= 1
