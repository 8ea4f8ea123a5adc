"""A leader directs a document in the web client; the department head then
finds it in his queue."""
import pytest
from selenium.webdriver.common.keys import Keys
from proteus import Model

from qlvb_demo.tools import (
    new_incoming, record, submit)

from .conftest import OUTPUT
from .webclient import WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
SUBJECT = "Về việc triển khai Chỉ thị 26/CT-TTg về kỷ luật, kỷ cương"


def test_leader_directs_and_department_head_sees_it(live_server, browser):
    live_server.proteus('vanthu')
    incoming = new_incoming(SUBJECT, reference='549/BC-TKT')
    incoming.click('register_arrival')
    submit(incoming, record('res.user', [('login', '=', 'chutich')]).id)

    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    client.login('chutich')
    client.open_menu("Quản lý văn bản và điều hành", "Văn bản đến",
        "Văn bản chờ cho ý kiến")
    client.open_record(SUBJECT)
    client.click_button("Cho ý kiến chỉ đạo")
    dialog = client.modal()
    # The dialog is ready once its defaults are shown (the leader is me).
    client.wait(lambda d: client.field(dialog, 'leader').get_attribute(
            'value') == "Nguyễn Văn An")
    client.new_row(dialog)
    client.set_many2one(dialog, 'department', "Nội chính")
    client.type(dialog, 'working_days', '10')
    client.new_row(dialog)
    client.type(dialog, 'role', "Phối hợp")
    client.set_many2one(dialog, 'department', "Văn hóa")
    client.type(dialog, 'working_days', '5')
    # Written last and left with TAB: re-rendering the lines would
    # otherwise drop text the client has not taken yet.
    client.type(dialog, 'direction',
        "Giao Phòng NCKSTTHC chủ trì, Phòng VX phối hợp tham mưu.", Keys.TAB)
    assert client.field(dialog, 'direction').get_attribute('value')
    client.screenshot('direction-dialog')
    client.submit_dialog(dialog)

    live_server.proteus('chutich')
    incoming = Model.get('qlvb.incoming')(incoming.id)
    assert incoming.state == 'directed'
    assert "Phòng VX phối hợp" in incoming.direction
    roles = sorted((a.role, a.department.abbreviation, bool(a.deadline))
        for a in incoming.assignments)
    assert roles == [('coordinate', 'VX', True), ('lead', 'NCKSTTHC', True)]

    client.logout()
    client.login('truongphong')
    client.open_menu("Quản lý văn bản và điều hành", "Văn bản đến",
        "Văn bản cần xử lý")
    counter = client.open_tab("Của phòng tôi")
    rows = client.list_rows()
    assert int(counter) == len(rows) >= 1  # the counter equals its list
    assert any(SUBJECT in row for row in rows)
    client.screenshot('department-head-to-handle')
