"""Smoke test of the web client in a real headless Chromium."""
import pytest

from .conftest import OUTPUT
from .webclient import WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]


def test_specialist_sees_vietnamese_organisation(live_server, browser):
    "A specialist logs in, sees Vietnamese menus and opens the agencies"
    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    client.login('chuyenvien')
    # sao's own strings and the module's menus are Vietnamese.
    client.menu_row("Quản lý văn bản và điều hành")
    assert browser.find_element(
        'xpath', "//html").get_attribute('lang') == 'vi'

    tab = client.open_menu(
        "Quản lý văn bản và điều hành", "Cơ cấu tổ chức", "Cơ quan, đơn vị")
    assert tab.is_displayed()
    texts = client.list_texts()
    assert "Sở Nội vụ" in texts
    assert "000.00.02.H10" in texts
    assert "Sở, ban, ngành" in texts  # selection values translated too
    path = client.screenshot('organisation-agencies')
    assert path.stat().st_size > 10_000
