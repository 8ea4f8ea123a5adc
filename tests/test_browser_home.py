"""The clerk logs in and lands on the My Work page: the counter of the
documents to register is not zero and opens their list."""
import time

import pytest

from qlvb_demo.tools import TODAY, new_incoming

from .conftest import OUTPUT
from .rpc import Client
from .test_duty_integrity import login
from .webclient import LOAD, WebClient

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]
SUBJECT = "Trang việc của tôi trong trình duyệt"


def test_clerk_lands_on_my_work(live_server, browser):
    login(live_server, 'vanthu')
    reference = f'{time.time_ns() // 1000 % 10 ** 7}/CV-HOME'
    new_incoming(SUBJECT, reference=reference, arrival_date=TODAY)
    clerk = Client(live_server, 'vanthu')
    expected = clerk.model('qlvb.home', 'read', [clerk.user_id],
        ['incoming_to_register'])[0]['incoming_to_register']
    assert expected > 0

    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    client.login('vanthu')
    # The page opens by itself after login, in its own tab.
    client.visible("//ul[@id='tablist']//a[.//span[normalize-space(.)="
        "'Việc của tôi']]", LOAD)
    field = client.visible(f"{client.ACTIVE}//input"
        "[@name='incoming_to_register']", LOAD)
    client.wait(lambda d: field.get_property('value') == str(expected),
        LOAD)
    labels = client.driver.find_elements('xpath', f"{client.ACTIVE}//label")
    texts = {label.text.strip() for label in labels if label.is_displayed()}
    assert "Văn bản chờ vào sổ:" in texts or "Văn bản chờ vào sổ" in texts
    # A counter outside the clerk's groups is not shown.
    assert client.shown(f"{client.ACTIVE}//input"
        "[@name='incoming_to_direct']") is None
    client.screenshot('home-clerk')

    client.visible(f"{client.ACTIVE}//button"
        "[@name='open_incoming_to_register']").click()
    # Its title is the counter's, after it the user's name.
    client.visible("//ul[@id='tablist']//a[.//span[normalize-space(.)="
        "'Văn bản chờ vào sổ (Trần Thị Thu Hà)']]", LOAD)
    rows = client.list_rows()
    assert len(rows) == expected
    assert any(SUBJECT in row for row in rows)
    client.screenshot('home-clerk-to-register')
