"""Drive the sao web client like a person: log in, open menus, read lists.

Every wait follows the page's state (WebDriverWait on a condition) with
limits meant for a busy machine; nothing sleeps a fixed time."""
import os
import pathlib

from selenium.common.exceptions import (
    ElementClickInterceptedException, ElementNotInteractableException,
    StaleElementReferenceException, TimeoutException)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

# Seconds to load the client or a screen of it (with the server's work
# behind it), and for the client to react to one action.
LOAD = 120
TIMEOUT = 60
# While the client draws, an element may be replaced or covered for a
# moment: the condition is then tried again.
REDRAWN = (StaleElementReferenceException, ElementNotInteractableException,
    ElementClickInterceptedException)
# Requests to the server in flight (sao's #processing only shows after 3 s),
# leaving out the bus's long poll.
PENDING = ("return jQuery.active - (Sao.Bus.request && "
    "Sao.Bus.request.state() == 'pending' ? 1 : 0);")


def _text(value):
    "An XPath string literal for any text"
    if "'" not in value:
        return f"'{value}'"
    return 'concat(%s)' % ', "\'", '.join(f"'{p}'" for p in value.split("'"))


def _menu_row(name):
    return ("//div[@id='menu']//tr[.//div[contains(@class, 'column-char') "
        f"and normalize-space(.)={_text(name)}]]")


class WebClient:

    ACTIVE = ("//div[contains(@class, 'tab-pane') and "
        "contains(@class, 'active')]")

    def __init__(self, driver, server, output):
        self.driver = driver
        self.server = server
        self.output = pathlib.Path(output)
        self.output.mkdir(parents=True, exist_ok=True)

    def wait(self, condition, timeout=TIMEOUT):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2,
                ignored_exceptions=REDRAWN).until(condition)
        except TimeoutException:
            # Keep what the user saw for the test report.
            # The test's name, without the "@group" the suite adds
            name = 'timeout-' + os.environ.get('PYTEST_CURRENT_TEST',
                '').split('::')[-1].split(' ')[0].split('@')[0]
            self.screenshot(name)
            (self.output / f'{name}.html').write_text(
                self.driver.page_source)
            raise

    def visible(self, xpath, timeout=TIMEOUT):
        return self.wait(
            EC.visibility_of_element_located((By.XPATH, xpath)), timeout)

    def shown(self, xpath, within=None):
        "The first displayed element at xpath now, or None"
        for element in (within or self.driver).find_elements(By.XPATH, xpath):
            if element.is_displayed():
                return element

    @staticmethod
    def _last(elements):
        "The last displayed of elements, or None"
        shown = [e for e in elements if e.is_displayed()]
        return shown[-1] if shown else None

    def dialogs(self):
        return [m for m in self.driver.find_elements(
                By.CSS_SELECTOR, '.modal-dialog') if m.is_displayed()]

    def idle(self):
        "Wait until the client has no request to the server in flight"
        self.wait(lambda d: d.execute_script(PENDING) == 0, LOAD)

    def _again(self, done, key, element, action):
        """Do action on element, unless it was done on an element still in
        the page: an action on an element the client replaced is lost."""
        last = done.get(key)
        if element is not None and (
                last is None or EC.staleness_of(last)(self.driver)):
            action(element)
            done[key] = element

    def login(self, login):
        self.driver.get(f'{self.server.url}#{self.server.database}')
        # The login dialog ignores the user name until the database list
        # has arrived and the database is chosen.
        self.wait(lambda d: any(e.is_displayed() and e.get_property('value')
                for e in d.find_elements(By.CSS_SELECTOR, '[id=database]')),
            LOAD)
        self.visible("//input[@id='login']").send_keys(login, Keys.ENTER)
        self.visible("//input[@type='password']", LOAD).send_keys(
            self.server.password, Keys.ENTER)
        self.visible("//div[@id='menu']//tbody/tr", LOAD)

    def menu_row(self, name):
        return self.visible(_menu_row(name), LOAD)

    def _menu_step(self, path, done):
        "Unfold the next entry along path, or click its last entry"
        # From the top each time: the client draws the menu again when
        # its saved state arrives after login, which folds what was
        # unfolded before.
        for name, child in zip(path, path[1:]):
            if not self.shown(_menu_row(child)):
                self._again(done, name, self.shown(_menu_row(name)),
                    lambda row: row.find_element(
                        By.CSS_SELECTOR, 'span.expander').click())
                return
        self._again(done, path[-1], self.shown(_menu_row(path[-1])),
            lambda row: row.find_element(
                By.CSS_SELECTOR, 'div.column-char').click())

    def open_menu(self, *path):
        "Expand the menu along path and open its last entry; return its tab"
        tab = ("//ul[@id='tablist']//a[.//span[normalize-space(.)="
            f"{_text(path[-1])}]]")
        done = {}

        def opened(driver):
            if found := self.shown(tab):
                return found
            self._menu_step(path, done)
        return self.wait(opened, LOAD)

    def launch_menu(self, *path):
        """Expand the menu along path and run its last entry, a wizard: it
        opens a dialog, not a tab; return the dialog"""
        done = {}

        def opened(driver):
            if self.dialogs():
                return True
            self._menu_step(path, done)
        self.wait(opened, LOAD)
        return self.modal()

    def list_texts(self):
        "The texts of the cells of the list in the current tab"
        self.visible(f"{self.ACTIVE}//table[contains(@class, 'tree')]"
            "//tbody/tr", LOAD)
        self.idle()
        cells = self.driver.find_elements(By.XPATH,
            f"{self.ACTIVE}//table//tbody//td")
        return [c.text for c in cells if c.text]

    def list_rows(self):
        "The text of each row of the list in the current tab"
        self.visible(f"{self.ACTIVE}//table[contains(@class, 'tree')]"
            "//tbody/tr", LOAD)
        self.idle()
        return [r.text for r in self.driver.find_elements(By.XPATH,
                f"{self.ACTIVE}//table[contains(@class, 'tree')]//tbody/tr")
            if r.text.strip()]

    def screenshot(self, name):
        path = self.output / f'{name}.png'
        self.driver.save_screenshot(str(path))
        return path

    # --- forms, buttons and dialogs -------------------------------------

    def open_record(self, text):
        "Open from the current list the record showing text"
        form = (f"{self.ACTIVE}//div[contains(concat(' ', @class, ' '), "
            "' form ')]")
        cell = (f"{self.ACTIVE}//tbody/tr/td[.//*[contains("
            f"normalize-space(.), {_text(text)})]]")
        done = {}

        def opened(driver):
            if found := self.shown(form):
                return found
            self._again(done, 'cell', self.shown(cell),
                lambda cell: ActionChains(driver).double_click(
                    cell).perform())
        return self.wait(opened, LOAD)

    def click_button(self, label):
        "Click the visible button of the current tab showing label"
        self.idle()  # the record is loaded: the button's states are known

        def find(driver):
            for button in driver.find_elements(
                    By.XPATH, f"{self.ACTIVE}//button"):
                if (button.is_displayed() and button.is_enabled()
                        and label.upper() in button.text.upper()):
                    return button
        self.wait(find, LOAD).click()

    def modal(self):
        "The dialog on top, once the client is idle"
        self.visible("//div[contains(@class, 'modal-dialog')]", LOAD)
        self.idle()
        return self.wait(lambda d: self._last(
                d.find_elements(By.CSS_SELECTOR, '.modal-dialog')))

    def _field(self, container, name):
        return self._last(container.find_elements(
                By.CSS_SELECTOR, f'[name="{name}"]'))

    def field(self, container, name):
        "The last visible input of a field (in a form or an editable list)"
        return self.wait(lambda d: self._field(container, name))

    def type(self, container, name, *keys):
        "Type into a field as soon as the client lets the user do it"
        # A field may be shown before it takes keys (a dialog opening).
        def typed(driver):
            field = self._field(container, name)
            if field is not None:
                field.send_keys(*keys)
                return True
        self.wait(typed)

    def new_line(self, container):
        "Click the last visible New button of a one2many in container"
        # The button ignores clicks while the client loads the record.
        self.idle()
        button = self.wait(lambda d: self._last(container.find_elements(
                    By.XPATH, ".//button[@title='Tạo mới']")))
        self.wait(lambda d: button.is_enabled())
        button.click()

    def new_row(self, container):
        "Add a line to the editable list in container; wait until it is edited"
        def rows():
            return container.find_elements(By.CSS_SELECTOR, 'tbody tr')
        before = {r.id for r in rows()}
        self.new_line(container)
        # Until then the previous line still holds the inputs.
        self.wait(lambda d: any(r.id not in before
                and r.find_elements(By.CSS_SELECTOR, '.edited')
                for r in rows()))

    def set_many2one(self, container, name, text):
        "Type in an empty many2one and pick the match, as a user does"
        def chosen(driver):
            # sao shows the "open" icon once the field holds a record.
            entry = self._field(container, name)
            return entry is not None and 'input-icon-primary' in (
                entry.find_element(By.XPATH, '..').get_attribute('class'))
        def asked(driver):
            # The client sets a single match, or asks in a search dialog.
            if len(self.dialogs()) > before or chosen(driver):
                return True
            # Keys sent while the client moved the cursor to another field
            # (a new record drawn) are lost: type them again.
            entry = self._field(container, name)
            if (entry is not None and not entry.get_attribute('value')
                    and driver.switch_to.active_element != entry):
                entry.send_keys(text, Keys.TAB)
            return False
        before = len(self.dialogs())
        self.type(container, name, text, Keys.TAB)
        self.wait(asked, LOAD)
        if len(self.dialogs()) > before:
            # On its name cell: the last cell may hold a link to another
            # record.
            self.pick('.//tbody/tr[1]/td[3]')
        self.wait(lambda d: len(self.dialogs()) <= before and chosen(d),
            LOAD)

    def pick(self, cell):
        """Select in the search dialog on top the row of the cell (an XPath
        in the dialog), then confirm with the dialog's OK"""
        search = self.modal()
        found = self.wait(lambda d: self.shown(cell, search), LOAD)
        found.click()
        self.wait(lambda d: search.find_elements(
                By.CSS_SELECTOR, 'tbody tr.selected, tbody tr.active')
            or 'selected' in found.find_element(
                By.XPATH, '..').get_attribute('class'))
        self.submit_dialog(search)

    def submit_dialog(self, dialog):
        self.wait(lambda d: self._last(dialog.find_elements(
                    By.CSS_SELECTOR, 'button[type=submit]'))).click()
        # The dialog closes once the server has done its work.
        self.wait(EC.staleness_of(dialog), LOAD)

    def logout(self):
        self.driver.execute_script(
            'localStorage.clear(); sessionStorage.clear();')
        self.driver.delete_all_cookies()
        self.driver.get('about:blank')

    def open_tab(self, name):
        "Open a tab of the current list; return its counter"
        link = self.visible(f"{self.ACTIVE}//ul[contains(@class, 'nav-tabs')]"
            f"//a[contains(normalize-space(.), {_text(name)})]", LOAD)
        link.click()
        self.wait(lambda d: 'active' in link.find_element(
                By.XPATH, '..').get_attribute('class'))
        self.idle()
        badges = link.find_elements(By.CSS_SELECTOR, '.badge')
        if not badges:
            return None
        # Counters arrive after the list: wait for the number.
        return self.wait(lambda d: badges[0].text.strip().isdigit()
            and badges[0].text.strip(), LOAD)
