"""Drive the sao web client like a person: log in, open menus, read lists."""
import pathlib

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 30


def _text(value):
    "An XPath string literal for any text"
    if "'" not in value:
        return f"'{value}'"
    return 'concat(%s)' % ', "\'", '.join(f"'{p}'" for p in value.split("'"))


class WebClient:

    def __init__(self, driver, server, output):
        self.driver = driver
        self.server = server
        self.output = pathlib.Path(output)
        self.output.mkdir(parents=True, exist_ok=True)

    def wait(self, condition, timeout=TIMEOUT):
        try:
            return WebDriverWait(self.driver, timeout).until(condition)
        except TimeoutException:
            if timeout < TIMEOUT:
                raise
            # Keep what the user saw for the test report.
            self.screenshot('timeout')
            (self.output / 'timeout.html').write_text(
                self.driver.page_source)
            raise

    def visible(self, xpath):
        return self.wait(EC.visibility_of_element_located((By.XPATH, xpath)))

    def login(self, login):
        self.driver.get(f'{self.server.url}#{self.server.database}')
        self.visible("//input[@id='login']").send_keys(login, Keys.ENTER)
        self.visible("//input[@type='password']").send_keys(
            self.server.password, Keys.ENTER)
        self.visible("//div[@id='menu']//tbody/tr")

    def menu_row(self, name, timeout=TIMEOUT):
        return self.wait(EC.visibility_of_element_located((By.XPATH,
                    "//div[@id='menu']//tr[.//div[contains(@class, "
                    f"'column-char') and normalize-space(.)={_text(name)}]]")),
            timeout)

    def open_menu(self, *path):
        "Expand the menu along path and open its last entry"
        *folders, leaf = path
        for name, child in zip(folders, path[1:]):
            for _ in range(5):
                row = self.menu_row(name)
                row.find_element(By.CSS_SELECTOR, 'span.expander').click()
                try:
                    self.menu_row(child, timeout=3)
                    break
                except TimeoutException:
                    continue  # clicked before the menu was ready
        row = self.menu_row(leaf)
        row.find_element(By.CSS_SELECTOR, 'div.column-char').click()
        return self.visible(
            "//ul[@id='tablist']//a[.//span[normalize-space(.)="
            f"{_text(leaf)}]]")

    def list_texts(self):
        "The texts of the cells of the list in the current tab"
        self.visible("//div[contains(@class, 'tab-pane') and "
            "contains(@class, 'active')]//table[contains(@class, 'tree')]"
            "//tbody/tr")
        cells = self.driver.find_elements(By.XPATH,
            "//div[contains(@class, 'tab-pane') and "
            "contains(@class, 'active')]//table//tbody//td")
        return [c.text for c in cells if c.text]

    def screenshot(self, name):
        path = self.output / f'{name}.png'
        self.driver.save_screenshot(str(path))
        return path
