"""Forms and queues built for the job, in the web client: a queue opens on
the first tab that has work, shows the deadline and the days left, and the
buttons a user may not use are not shown at all."""
import datetime as dt

import pytest
from selenium.webdriver.common.by import By

from qlvb_demo.tools import TODAY, direct

from .conftest import OUTPUT
from .rpc import Client
from .test_duty_integrity import VX, received
from .test_routing_correction import reference
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
SUBJECT = "Về việc rà soát hồ sơ lưu trữ của Phòng Văn hóa - Xã hội"
MENU = "Quản lý văn bản và điều hành", "Văn bản đến"


def buttons(client):
    "The labels of the buttons shown in the current tab (upper case)"
    client.idle()
    return {b.text.strip().upper() for b in client.driver.find_elements(
            By.XPATH, f"{client.ACTIVE}//button")
        if b.is_displayed() and b.text.strip()}


def headers(client):
    "The column titles of the list in the current tab"
    client.visible(f"{client.ACTIVE}//table[contains(@class, 'tree')]"
        "//tbody/tr", LOAD)
    client.idle()
    return {h.text.strip() for h in client.driver.find_elements(
            By.XPATH, f"{client.ACTIVE}//table//thead//th")
        if h.is_displayed() and h.text.strip()}


def active_tab(client):
    """(name, counter) of the active tab of the current list, once the
    client chose the tab to show (custom.js, when every counter is known)"""
    tabs = (f"{client.ACTIVE}//ul[contains(@class, 'nav-tabs')]/li")
    chosen = ("var tab = Sao.Tab.tabs.get_current();"
        "return Boolean(tab && tab.screen"
        " && tab.screen.screen_container._qlvb_tab_chosen);")

    def counted(driver):
        client.idle()
        if not driver.execute_script(chosen):
            return None
        active, badges = None, []
        for tab in driver.find_elements(By.XPATH, tabs):
            link = tab.find_element(By.TAG_NAME, 'a')
            badge = link.find_elements(By.CSS_SELECTOR, '.badge')
            text = badge[0].text.strip() if badge else ''
            if badge and badge[0].is_displayed():
                badges.append(text)
            if 'active' in tab.get_attribute('class'):
                active = link.text.rsplit(' ', 1)[0].strip(), text
        if (active and badges and all(b.isdigit() for b in badges)
                and active[1].isdigit()):
            return active[0], int(active[1])
    return client.wait(counted, LOAD)


def test_buttons_hidden_and_queue_on_work(live_server, browser):
    incoming = received(live_server, SUBJECT, reference(), TODAY)
    client = WebClient(browser, live_server, OUTPUT / 'screenshots')

    # The chairman may direct or return the document, not cancel it.
    client.login('chutich')
    client.open_menu(*MENU, "Văn bản chờ cho ý kiến")
    client.open_record(SUBJECT)
    shown = buttons(client)
    assert {"CHO Ý KIẾN CHỈ ĐẠO", "TRẢ LẠI VĂN THƯ"} <= shown, shown
    assert "HỦY VÀO SỔ" not in shown
    client.screenshot('forms-chairman-buttons')
    client.logout()

    # The clerk may cancel the registration, not return it to himself.
    client.login('vanthu')
    client.open_menu(*MENU, "Văn bản đến của cơ quan")
    columns = headers(client)
    assert {"Hạn xử lý", "Số ngày còn lại"} <= columns, columns
    client.open_record(SUBJECT)
    shown = buttons(client)
    assert "HỦY VÀO SỔ" in shown, shown
    assert "TRẢ LẠI VĂN THƯ" not in shown
    client.screenshot('forms-clerk-buttons')
    client.logout()

    # Directed to the VX department only: its head has nothing of his own
    # and his queue opens on his department's tab.
    direct(incoming, "Phòng VX xử lý.",
        lines=[('lead', VX, None, TODAY + dt.timedelta(days=14))])
    head = Client(live_server, 'truongphongvx')
    # Other tests share the server: the first tab with work is expected.
    mine = head.model('qlvb.incoming.assignment', 'search_count',
        [('role', '!=', 'inform'), ('mine', '=', True),
            ('state', 'in', ['assigned', 'in_progress'])], 0, None)
    client.login('truongphongvx')
    client.open_menu(*MENU, "Văn bản cần xử lý")
    name, count = active_tab(client)
    assert name == ("Của tôi" if mine else "Của phòng tôi") and count >= 1
    columns = headers(client)
    assert {"Hạn xử lý", "Số ngày còn lại"} <= columns, columns
    assert any(SUBJECT in row for row in client.list_rows())
    client.screenshot('forms-head-queue')
