"""Each role's day in the web client, as its user sees it: a department
head forwards a duty to his specialist, the specialist completes it, the
head accepts the result; what each sees is asserted (tabs, counters,
columns, Vietnamese texts) and kept as screenshots in test-output/."""
import time

import pytest
from proteus import Model
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from qlvb_demo.tools import TODAY

from .conftest import OUTPUT
from .rpc import Client
from .test_duty_reminders import NC, add_working_days, directed
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
RUN = int(time.time()) % 100000


def duty(server, assignment_id, login='chutich'):
    return Client(server, login).model('qlvb.incoming.assignment', 'read',
        [assignment_id], ['state', 'proposal', 'result_note'])[0]


def open_duty(client, subject, assignee):
    """From the queue, the document's "Chỉ đạo và xử lý" page and the
    assignment of assignee in it; return the assignment's dialog"""
    client.open_record(subject)
    client.visible(f"{client.ACTIVE}//a[contains(normalize-space(.), "
        "'Chỉ đạo và xử lý')]").click()
    # sao draws a form's list lazily: "Xem thêm" shows its lines.
    row_xpath = (f"{client.ACTIVE}//tbody/tr[.//*[contains("
        f"normalize-space(.), '{assignee}')]]")

    def row(driver):
        if found := client.shown(row_xpath):
            return found
        more = client.shown(f"{client.ACTIVE}//button[@title='Xem thêm']")
        if more is not None:
            driver.execute_script('arguments[0].scrollIntoView();', more)
            more.click()
    row = client.wait(row)
    ActionChains(client.driver).double_click(row).perform()
    return client.modal()


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
    duty_form = open_duty(client, subject, "Nội chính")
    client.screenshot('role-day-head-duty')
    press(client, duty_form, "Chuyển xử lý")
    dialog = client.modal()
    client.new_row(dialog)
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
    duty_form = open_duty(client, subject, "Bùi Thị Hạnh")
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
    duty_form = open_duty(client, subject, "Nội chính")
    assert "Đã rà soát, đề xuất sửa Điều 5 quy chế." in duty_form.text
    press(client, duty_form, "Chấp nhận kết quả")
    client.wait(lambda d: duty(live_server, unit_duty)['state'] == 'done',
        LOAD)
    assert "Điều 5" in duty(live_server, unit_duty)['result_note']
    client.screenshot('role-day-head-accepted')
