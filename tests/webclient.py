"""Drive the sao web client like a person: log in, open menus, read lists."""
import pathlib

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
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

    def idle(self):
        "Wait until the client has no request running"
        self.wait(lambda d: not d.find_element(
                By.ID, 'processing').is_displayed())

    def list_rows(self):
        "The text of each row of the list in the current tab"
        self.visible(f"{self.ACTIVE}//table[contains(@class, 'tree')]"
            "//tbody/tr")
        return [r.text for r in self.driver.find_elements(By.XPATH,
                f"{self.ACTIVE}//table[contains(@class, 'tree')]//tbody/tr")
            if r.text.strip()]

    def screenshot(self, name):
        path = self.output / f'{name}.png'
        self.driver.save_screenshot(str(path))
        return path

    # --- forms, buttons and dialogs -------------------------------------

    ACTIVE = ("//div[contains(@class, 'tab-pane') and "
        "contains(@class, 'active')]")

    def open_record(self, text):
        "Open from the current list the record showing text"
        cell = self.visible(f"{self.ACTIVE}//tbody/tr/td[.//*[contains("
            f"normalize-space(.), {_text(text)})]]")
        ActionChains(self.driver).double_click(cell).perform()
        return self.visible(f"{self.ACTIVE}//div[contains(@class, 'form')]")

    def click_button(self, label):
        "Click the visible button of the current tab showing label"
        def find(driver):
            for button in driver.find_elements(
                    By.XPATH, f"{self.ACTIVE}//button"):
                if (button.is_displayed() and button.is_enabled()
                        and label.upper() in button.text.upper()):
                    return button
        self.wait(find).click()

    def modal(self):
        "The dialog on top, once the client is idle"
        self.visible("//div[contains(@class, 'modal-dialog')]")
        self.idle()
        return [m for m in self.driver.find_elements(
                By.CSS_SELECTOR, '.modal-dialog') if m.is_displayed()][-1]

    def field(self, container, name):
        "The last visible input of a field (in a form or an editable list)"
        def find(driver):
            found = [e for e in container.find_elements(
                    By.CSS_SELECTOR, f'[name="{name}"]') if e.is_displayed()]
            return found[-1] if found else None
        return self.wait(find)

    def new_line(self, dialog):
        [b for b in dialog.find_elements(By.CSS_SELECTOR, 'button')
            if b.get_attribute('title') == "Tạo mới"
            and b.is_displayed()][0].click()

    def set_many2one(self, dialog, name, text):
        "Type in a many2one and pick the match, as a user does"
        before = len(self.driver.find_elements(
                By.CSS_SELECTOR, '.modal-dialog'))
        self.field(dialog, name).send_keys(text, Keys.TAB)
        try:
            self.wait(lambda d: len([m for m in d.find_elements(
                            By.CSS_SELECTOR, '.modal-dialog')
                        if m.is_displayed()]) > before, timeout=3)
        except TimeoutException:
            return  # a single match was set directly
        search = self.modal()
        rows = search.find_elements(By.CSS_SELECTOR, 'tbody tr')
        ActionChains(self.driver).double_click(
            rows[0].find_elements(By.CSS_SELECTOR, 'td')[-1]).perform()
        self.wait(lambda d: len([m for m in d.find_elements(
                        By.CSS_SELECTOR, '.modal-dialog')
                    if m.is_displayed()]) <= before)

    def submit_dialog(self, dialog):
        buttons = [b for b in dialog.find_elements(By.CSS_SELECTOR,
                'button[type=submit]') if b.is_displayed()]
        buttons[-1].click()
        self.wait(EC.staleness_of(dialog))

    def logout(self):
        self.driver.execute_script(
            'localStorage.clear(); sessionStorage.clear();')
        self.driver.delete_all_cookies()
        self.driver.get('about:blank')

    def open_tab(self, name):
        "Open a tab of the current list; return its counter"
        link = self.visible(f"{self.ACTIVE}//ul[contains(@class, 'nav-tabs')]"
            f"//a[contains(normalize-space(.), {_text(name)})]")
        link.click()
        self.wait(lambda d: 'active' in link.find_element(
                By.XPATH, '..').get_attribute('class'))
        self.idle()
        badges = link.find_elements(By.CSS_SELECTOR, '.badge')
        if not badges:
            return None
        # Counters arrive after the list: wait for the number.
        return self.wait(lambda d: badges[0].text.strip().isdigit()
            and badges[0].text.strip())
