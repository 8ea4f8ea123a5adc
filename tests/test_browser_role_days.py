"""Each role's day in the web client, as its user sees it: the chairman
directs from his "Việc của tôi" page (the counter equals its list and
drops once he directed); a department head forwards a duty to his
specialist, the specialist completes it, the head accepts the result.
Screenshots are kept in test-output/."""
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from qlvb_demo.tools import TODAY, record, submit

from .conftest import OUTPUT
from .rpc import Client
from .test_duty_reminders import (
    NC, add_working_days, directed, registered)
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
RUN = int(time.time()) % 100000


def duty(server, assignment_id, login='chutich'):
    return Client(server, login).model('qlvb.incoming.assignment', 'read',
        [assignment_id], ['state', 'proposal', 'result_note'])[0]


def open_queue_duty(client, subject):
    """Open from a queue of duties the one of the document subject (on its
    role's cell: the document's and the unit's cells are links)"""
    form = (f"{client.ACTIVE}//div[contains(concat(' ', @class, ' '), "
        "' form ')]")
    row = client.visible(f"{client.ACTIVE}//tbody/tr[.//*[contains("
        f"normalize-space(.), '{subject}')]]")
    cell = row.find_element(
        By.XPATH, ".//td[.//div[contains(@class, 'column-selection')]]")
    ActionChains(client.driver).double_click(cell).perform()
    return client.visible(form, LOAD)


def add_line(client, dialog):
    """Add a line to the dialog's editable list; the click is tried again
    while the dialog is still being drawn"""
    clicked = []

    def edited(driver):
        if dialog.find_elements(By.CSS_SELECTOR, 'tbody tr .edited'):
            return True
        if len(clicked) < 5 and (not clicked
                or time.monotonic() - clicked[-1] > 5):
            button = client._last(dialog.find_elements(
                    By.XPATH, ".//button[@title='Tạo mới']"))
            if button is not None and button.is_enabled():
                button.click()
                clicked.append(time.monotonic())
    client.idle()
    client.wait(edited, LOAD)


def press(client, container, label):
    "Click the button showing label in container (a dialog)"
    client.idle()
    client.wait(lambda d: next((b for b in container.find_elements(
                    By.TAG_NAME, 'button') if b.is_displayed()
                and b.is_enabled() and label.upper() in b.text.upper()),
            None)).click()


def test_head_forwards_specialist_completes_head_accepts(live_server,
        browser):
    subject = f"Về việc rà soát quy chế làm việc {RUN}"
    deadline = add_working_days(TODAY, 8)
    unit_duty = directed(live_server, subject, TODAY,
        [('lead', NC, None, deadline)])[NC, 'lead']
    client = WebClient(browser, live_server, OUTPUT / 'screenshots')

    # The head: the unit's duty in "Của phòng tôi", forwarded to his
    # specialist with the unit's deadline.
    client.login('truongphong')
    client.open_menu("Quản lý văn bản và điều hành", "Văn bản đến",
        "Văn bản cần xử lý")
    counter = client.open_tab("Của phòng tôi")
    rows = client.list_rows()
    assert int(counter) == len(rows) >= 1
    assert any(subject in row for row in rows)
    client.screenshot('role-day-head-queue')
    duty_form = open_queue_duty(client, subject)
    client.screenshot('role-day-head-duty')
    press(client, duty_form, "Chuyển xử lý")
    dialog = client.modal()
    add_line(client, dialog)
    client.set_many2one(dialog, 'employee', "Bùi Thị Hạnh")
    client.screenshot('role-day-head-forward')
    client.submit_dialog(dialog)
    Assignment = Client(live_server, 'truongphong')
    child, = Assignment.model('qlvb.incoming.assignment', 'search',
        [('parent', '=', unit_duty)], 0, None, None)
    assert duty(live_server, child)['state'] == 'assigned'
    client.logout()

    # The specialist: the forwarded duty in "Của tôi", completed with its
    # result, which is offered to the head.
    client.login('chuyenvien')
    client.open_menu("Quản lý văn bản và điều hành", "Văn bản đến",
        "Văn bản cần xử lý")
    counter = client.open_tab("Của tôi")
    rows = client.list_rows()
    assert int(counter) == len(rows) >= 1
    assert any(subject in row for row in rows)
    duty_form = open_queue_duty(client, subject)
    press(client, duty_form, "Hoàn thành")
    dialog = client.modal()
    client.type(dialog, 'result_note',
        "Đã rà soát, đề xuất sửa Điều 5 quy chế.", Keys.TAB)
    client.screenshot('role-day-specialist-complete')
    client.submit_dialog(dialog)
    assert duty(live_server, child)['state'] == 'done'
    offered = duty(live_server, unit_duty)
    assert offered['state'] in ('assigned', 'in_progress')
    assert offered['proposal']
    client.logout()

    # The head accepts the result in one action: the unit's duty is done
    # with the specialist's result.
    client.login('truongphong')
    client.open_menu("Quản lý văn bản và điều hành", "Văn bản đến",
        "Văn bản cần xử lý")
    client.open_tab("Của phòng tôi")
    duty_form = open_queue_duty(client, subject)
    client.idle()
    client.screenshot('role-day-head-result-offered')
    # The specialist's result, offered, names its author
    assert "Bùi Thị Hạnh" in client.field(duty_form, 'proposal'
        ).get_attribute('value')
    press(client, duty_form, "Chấp nhận kết quả")
    client.wait(lambda d: duty(live_server, unit_duty)['state'] == 'done',
        LOAD)
    assert "Điều 5" in duty(live_server, unit_duty)['result_note']
    client.screenshot('role-day-head-accepted')


def test_chairman_directs_from_home(live_server,
        browser):
    subject = f"Về việc báo cáo công tác cải cách hành chính {RUN}"
    incoming = registered(live_server, subject, TODAY)
    submit(incoming, record('res.user', [('login', '=', 'chutich')]).id)
    chairman = Client(live_server, 'chutich')
    expected = chairman.model('qlvb.home', 'read', [chairman.user_id],
        ['incoming_to_direct'])[0]['incoming_to_direct']
    assert expected >= 1

    # The chairman lands on "Việc của tôi": the counter of documents to
    # direct opens exactly their list; he directs from there.
    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    client.login('chutich')
    field = client.visible(f"{client.ACTIVE}//input"
        "[@name='incoming_to_direct']", LOAD)
    client.wait(lambda d: field.get_property('value') == str(expected),
        LOAD)
    client.screenshot('role-day-chairman-home')
    client.visible(f"{client.ACTIVE}//button"
        "[@name='open_incoming_to_direct']").click()
    rows = client.list_rows()
    assert len(rows) == expected
    assert any(subject in row for row in rows)
    # The reference's cell is on screen (the subject runs off the right).
    client.open_record(incoming.reference)
    client.click_button("Cho ý kiến chỉ đạo")
    dialog = client.modal()
    client.wait(lambda d: client.field(dialog, 'leader').get_attribute(
            'value') == "Nguyễn Văn An")
    client.new_row(dialog)
    client.set_many2one(dialog, 'department', "Nội chính")
    client.type(dialog, 'working_days', '10')
    client.type(dialog, 'direction',
        "Giao Phòng NCKSTTHC tham mưu báo cáo.", Keys.TAB)
    client.screenshot('role-day-chairman-direct')
    client.submit_dialog(dialog)
    state = chairman.model('qlvb.incoming', 'read', [incoming.id],
        ['state'])[0]['state']
    assert state == 'directed'
    assert chairman.model('qlvb.home', 'read', [chairman.user_id],
        ['incoming_to_direct'])[0]['incoming_to_direct'] == expected - 1
    client.screenshot('role-day-chairman-directed')
