"""A department head reports the progress of a task in the web client; the
chairman then sees the unit on the task dashboard."""
import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from qlvb_demo.flows import TODAY

from .conftest import OUTPUT
from .rpc import Client
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
NAME = "Rà soát thủ tục hành chính lĩnh vực nội vụ"


def test_department_head_reports_progress(live_server, browser):
    office = Client(live_server, 'chuyenvien')
    snv, = office.model('qlvb.agency', 'search',
        [('abbreviation', '=', 'SNV')], 0, None, None)
    cchc, = office.model('qlvb.department', 'search',
        [('abbreviation', '=', 'CCHC'), ('agency', '=', snv)], 0, None, None)
    today = TODAY
    task, = office.model('qlvb.task', 'create', [{
                'name': NAME, 'lead_agency': snv, 'lead_department': cchc,
                'assignment_date': today,
                'deadline': today + dt.timedelta(days=30)}])

    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    client.login('truongphongsnv')
    client.open_menu("Quản lý văn bản và điều hành",
        "Nhiệm vụ UBND tỉnh giao", "Nhiệm vụ")
    client.open_tab("Đơn vị tôi")
    form = client.open_record(NAME)
    client.visible(f"{client.ACTIVE}//a[contains(normalize-space(.), "
        "'Báo cáo tiến độ')]").click()
    client.new_line(form)  # the progress updates' page
    dialog = client.modal()
    client.type(dialog, 'percent', Keys.CONTROL, 'a')
    client.type(dialog, 'percent', '60', Keys.TAB)
    client.type(dialog, 'description',
        "Đã rà soát 45/75 thủ tục.", Keys.TAB)
    client.screenshot('task-progress-dialog')
    client.submit_dialog(dialog)
    client.driver.find_element(By.TAG_NAME, 'body').send_keys(
        Keys.CONTROL, 's')
    client.wait(lambda d: Client(live_server, 'chuyenvien').model(
            'qlvb.task', 'read', [task], ['progress'])[0]['progress'] == 60,
        LOAD)
    values, = office.model('qlvb.task', 'read', [task],
        ['state', 'last_update'])
    assert values['state'] == 'in_progress'
    client.screenshot('task-progress-saved')

    client.logout()
    client.login('chutich')
    client.open_menu("Quản lý văn bản và điều hành",
        "Nhiệm vụ UBND tỉnh giao", "Bảng theo dõi nhiệm vụ")
    rows = client.list_rows()
    assert any("Phòng Cải cách hành chính" in row for row in rows)
    client.screenshot('task-dashboard')
