"""A team member opens a running inspection in the web client and adds a
finding with an evidence file."""
import pytest
from proteus import Model
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from qlvb_demo import setup_inspection_demo
from trytond.modules.kiem_tra_cong_vu.tests.tools import (
    LAND_DEPARTMENT, running_inspection)

from .conftest import OUTPUT
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
NAME = "Kiểm tra công vụ tại Phòng Đất đai (trình duyệt)"


def dialogs(driver):
    return [m for m in driver.find_elements(By.CSS_SELECTOR,
            '.modal-dialog') if m.is_displayed()]


def new_in_one2many(client, container):
    "Click New on the one2many shown in container (not the toolbar's)"
    client.new_line(client.wait(lambda d: client.shown(
                ".//div[contains(@class, 'form-one2many')]", container)))


def test_team_member_adds_a_finding_with_evidence(live_server, browser):
    setup_inspection_demo(live_server.proteus('admin'))
    live_server.proteus('chuyenvien')
    inspection = running_inspection(NAME, LAND_DEPARTMENT)
    evidence = OUTPUT / 'bien-ban-kiem-tra.pdf'
    evidence.write_bytes(b'%PDF-1.4\n% bien ban kiem tra\n%%EOF\n')

    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    client.login('chuyenvien')
    client.open_menu("Kiểm tra công vụ", "Cuộc kiểm tra")
    client.open_tab("Đang kiểm tra")
    form = client.open_record(NAME)
    client.visible(f"{client.ACTIVE}//a[contains(normalize-space(.), "
        "'Vi phạm')]").click()
    client.idle()
    new_in_one2many(client, form)  # the findings' page
    dialog = client.modal()
    client.set_many2one(dialog, 'criterion', "Thực hiện nhiệm vụ")
    client.type(dialog, 'description',
        "Hồ sơ đăng ký đất đai trễ hạn không có văn bản xin lỗi.")
    new_in_one2many(client, dialog)
    # Wait for the second dialog, above the finding's.
    client.wait(lambda d: len(dialogs(d)) > 1)
    file_dialog = client.modal()
    name = client.field(file_dialog, 'name')  # the dialog is drawn
    upload = file_dialog.find_element(By.CSS_SELECTOR, 'input[type=file]')
    browser.execute_script(
        "arguments[0].style.display = 'block';", upload)
    upload.send_keys(str(evidence))
    client.idle()
    # The name defaults to the file's; the user writes a better one.
    client.wait(lambda d: name.get_attribute('value'))
    name.clear()
    name.send_keys("Biên bản kiểm tra", Keys.TAB)
    client.idle()
    client.screenshot('inspection-evidence-dialog')
    client.submit_dialog(file_dialog)
    client.submit_dialog(dialog)
    ActionChains(browser).key_down(Keys.CONTROL).send_keys('s').key_up(
        Keys.CONTROL).perform()  # save, as the toolbar's button does

    live_server.proteus('chuyenvien')
    Finding = Model.get('inspection.finding')
    finding, = client.wait(lambda d: Finding.find(
            [('inspection', '=', inspection.id)]), LOAD)
    client.screenshot('inspection-finding-added')
    assert finding.criterion.category == 'tasks'
    assert finding.department.name == LAND_DEPARTMENT
    file, = finding.evidence
    assert file.name == "Biên bản kiểm tra"
    assert bytes(file.file) == evidence.read_bytes()
