"""Issue 7's browser bar, in a real headless Chromium against `portal serve` on the demo platform:

1. the tenant admin of the demo studio (#1, Bodyforge EMS Berlin: 100 of 100 clients on Starter) adds a
   client and gets the 402 page, follows it to the upgrade form and asks for Pro (the demo data already
   has a pending request of theirs, which they withdraw first: one pending request per studio);
2. the owner admin signs in with password + TOTP and approves it on /owner/upgrades;
3. the tenant admin adds the client;
4. the support agent starts impersonating the tenant admin from the studio's owner page, sees the banner
   on EVERY page of the workspace (each also checked with axe-core), has a write refused (read-only), and
   stops;
5. the studio's provider-access page and the owner audit log both show the impersonation.

Screenshots of every step are kept in test-artifacts/tenant-*.png.
"""

import re
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import fill, fresh_totp, path, screenshot, wait_path

STUDIO = "Bodyforge EMS Berlin"
NEW_CLIENT = "Nina Neumann"
TICKET = "SUP-4711"
BANNER = re.compile(
    r"Viewing as Tina Tenant \(Bodyforge EMS Berlin\), impersonated by Sam Support, (READ-ONLY|read-only), ends in \d\d:\d\d"
)

_last_code = {}


def click(driver, selector):
    driver.find_element(By.CSS_SELECTOR, selector).click()


def account(portal, role):
    return next(a for a in portal.accounts if a["role"] == role)


def sign_in(driver, portal, role, landing):
    """Password, then (for owner staff) a TOTP code computed here, never one this module used already."""
    user = account(portal, role)
    driver.get(portal.base_url + "/login")
    fill(driver, "#email", user["email"])
    fill(driver, "#password", user["password"])
    click(driver, "form.login button[type=submit]")
    if user.get("totp_secret"):
        wait_path(driver, "/login/2fa")
        code = fresh_totp(user["totp_secret"], used=_last_code.get(user["email"]))
        _last_code[user["email"]] = code
        fill(driver, "#code", code)
        click(driver, "form.second-factor button[type=submit]")
    wait_path(driver, landing)


def sign_out(driver):
    click(driver, ".whoami form[action='/logout'] button")
    wait_path(driver, "/login")


def flash(driver):
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".flash"))


def wait_for(driver, condition, message, timeout=15):
    """Waits until `condition(driver)` holds, retrying while the page is being replaced."""
    from selenium.common.exceptions import StaleElementReferenceException

    def check(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False

    WebDriverWait(driver, timeout).until(check, message)


def wait_title(driver, title):
    wait_for(driver, lambda d: d.title.startswith(title + " ·"), "expected the page %r, at %s" % (title, driver.title))


def wait_flash(driver, text):
    wait_for(driver, lambda d: text in flash(d), "expected the message %r" % text)


def serious_violations(driver):
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    return [
        "%s (%s): %s" % (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in axe.run()["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_limit_upgrade_and_impersonation(portal, driver):
    base = portal.base_url

    # 1. The studio is full: the next client is refused with 402 and nothing is saved.
    sign_in(driver, portal, "tenant_admin", "/app")
    driver.get(base + "/app/clients")
    assert "100 / 100" in driver.find_element(By.CSS_SELECTOR, ".usage").text
    assert "limit is reached" in driver.find_element(By.ID, "main").text
    screenshot(driver, "tenant-01-clients-full")
    click(driver, "a[href='/app/clients/new']")
    wait_path(driver, "/app/clients/new")
    fill(driver, "#name", NEW_CLIENT)
    fill(driver, "#email", "nina.neumann@mail.example")
    click(driver, "form[action='/app/clients'] button[type=submit]")
    wait_title(driver, "Plan limit reached")
    page = driver.find_element(By.ID, "main").text
    assert "100 of 100" in page and "Starter" in page and "Nothing was saved" in page
    assert not serious_violations(driver)
    screenshot(driver, "tenant-02-limit-402")

    # The 402 page links to the upgrade form; the demo studio's earlier request is withdrawn first.
    click(driver, "main a[href='/app/settings/plan#upgrade']")
    wait_path(driver, "/app/settings/plan")
    assert driver.find_element(By.ID, "upgrade").is_displayed()
    withdraw = driver.find_elements(By.CSS_SELECTOR, "#upgrade a[href$='/withdraw']")
    if withdraw:
        withdraw[0].click()
        click(driver, "main form button[type=submit]")
        wait_flash(driver, "was withdrawn")
    Select(driver.find_element(By.ID, "to_plan_id")).select_by_visible_text("Pro (€149.00 / month)")
    fill(driver, "#reason", "We turn new clients away every week; we need room for 500.")
    click(driver, "form[action='/app/settings/plan/upgrade'] button[type=submit]")
    wait_flash(driver, "Your request to move to Pro was sent")
    assert "move from Starter to Pro" in driver.find_element(By.ID, "upgrade").text
    screenshot(driver, "tenant-03-upgrade-requested")
    sign_out(driver)

    # 2. The owner admin (password + TOTP) approves it.
    sign_in(driver, portal, "owner_admin", "/owner")
    driver.get(base + "/owner/upgrades")
    request = next(
        article for article in driver.find_elements(By.CSS_SELECTOR, "article.upgrade")
        if STUDIO in article.find_element(By.TAG_NAME, "h3").text
    )
    assert "Starter → Pro" in request.text and "we need room for 500" in request.text
    screenshot(driver, "tenant-04-owner-upgrade-queue")
    request.find_element(By.CSS_SELECTOR, "form[action$='/approve'] button[type=submit]").click()
    wait_flash(driver, "Approved: %s is now on Pro." % STUDIO)
    screenshot(driver, "tenant-05-owner-approved")
    sign_out(driver)

    # 3. The tenant admin adds the client now (the refused attempt saved nothing).
    sign_in(driver, portal, "tenant_admin", "/app")
    assert "Your plan is now Pro" in driver.find_element(By.ID, "main").text
    driver.get(base + "/app/clients?q=" + NEW_CLIENT.replace(" ", "+"))
    assert "No clients match" in driver.find_element(By.ID, "main").text
    driver.get(base + "/app/clients/new")
    fill(driver, "#name", NEW_CLIENT)
    fill(driver, "#email", "nina.neumann@mail.example")
    click(driver, "form[action='/app/clients'] button[type=submit]")
    wait_flash(driver, "%s was added." % NEW_CLIENT)
    screenshot(driver, "tenant-06-client-added")
    driver.get(base + "/app/settings/plan")
    assert "You are on the Pro plan." in driver.find_element(By.ID, "main").text
    sign_out(driver)

    # 4. The support agent impersonates the tenant admin from the studio's owner page.
    sign_in(driver, portal, "support", "/owner")
    driver.get(base + "/owner/tenants/1")
    panel = driver.find_element(By.ID, "impersonation")
    users = Select(panel.find_element(By.CSS_SELECTOR, "select[name=user_id]"))
    users.select_by_visible_text(next(o.text for o in users.options if "admin@bodyforge-berlin.example" in o.text))
    fill(driver, "#impersonation textarea[name=reason]", "The studio reports that a new client is missing.")
    fill(driver, "#impersonation input[name=ticket]", TICKET)
    screenshot(driver, "tenant-07-impersonation-panel")
    panel.find_element(By.CSS_SELECTOR, "form[action='/owner/tenants/1/impersonate'] button[type=submit]").click()
    wait_path(driver, "/app")
    driver.get_log("browser")

    # The banner is on every page of the workspace.
    nav = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".sidenav a")]
    assert len(nav) >= 8
    pages = [urlparse(href).path for href in nav] + ["/app/clients/new", "/app/sessions/new", "/impersonation/elevate"]
    for url in pages:
        driver.get(base + url)
        assert path(driver) == url, "%s redirected to %s" % (url, driver.current_url)
        banner = driver.find_element(By.ID, "impersonation-banner")
        assert BANNER.search(banner.text), "%s: banner reads %r" % (url, banner.text)
        assert banner.find_element(By.CSS_SELECTOR, "form[action='/impersonation/stop'] button").is_displayed()
        assert not serious_violations(driver), url
        assert not console_errors(driver), url
        screenshot(driver, "tenant-08-banner" + url.replace("/", "-"))

    # Read-only: a change is refused with E_PERMISSION, under the banner.
    driver.get(base + "/app/clients/new")
    fill(driver, "#name", "Written by support")
    click(driver, "form[action='/app/clients'] button[type=submit]")
    wait_title(driver, "Not allowed")
    assert "E_PERMISSION" in driver.find_element(By.ID, "main").text
    assert BANNER.search(driver.find_element(By.ID, "impersonation-banner").text)
    screenshot(driver, "tenant-09-read-only-refusal")

    # Stop: back on the studio's owner page.
    click(driver, "#impersonation-banner form[action='/impersonation/stop'] button")
    wait_path(driver, "/owner/tenants/1")
    wait_flash(driver, "You stopped viewing as Tina Tenant")
    assert not driver.find_elements(By.ID, "impersonation-banner")
    history = driver.find_element(By.ID, "provider-access").text
    assert "Sam Support" in history and TICKET in history
    screenshot(driver, "tenant-10-stopped")
    sign_out(driver)

    # 5. The studio sees it under Provider access, and the tenant admin got a notice.
    sign_in(driver, portal, "tenant_admin", "/app")
    driver.get(base + "/app/provider-access")
    table = driver.find_element(By.CSS_SELECTOR, "table.data").text
    assert "Sam Support" in table and "Tina Tenant" in table and TICKET in table and "Stopped" in table
    assert "a new client is missing" in table
    screenshot(driver, "tenant-11-provider-access")
    driver.get(base + "/app/notifications")
    assert "Support viewed your account" in driver.find_element(By.ID, "main").text
    # The dark theme (prefers-color-scheme: dark) passes the same checks, and so does a phone's width.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    for url in ("/app", "/app/clients", "/app/sessions", "/app/settings/plan", "/app/provider-access"):
        driver.get(base + url)
        assert not serious_violations(driver), "dark " + url
        screenshot(driver, "tenant-dark" + url.replace("/", "-"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    driver.set_window_size(390, 844)
    for url in ("/app", "/app/sessions", "/app/settings/plan"):
        driver.get(base + url)
        overflow = driver.execute_script("return document.documentElement.scrollWidth > document.documentElement.clientWidth")
        assert not overflow, "%s scrolls sideways on a phone" % url
        screenshot(driver, "tenant-phone" + url.replace("/", "-"))
    driver.set_window_size(1280, 900)
    sign_out(driver)

    # ... and the owner audit log has the start, every request and the stop, with both identities.
    sign_in(driver, portal, "owner_admin", "/owner")
    driver.get(base + "/owner/audit?tenant=1&action=impersonation.")
    log = driver.find_element(By.ID, "main").text
    for action in ("impersonation.started", "impersonation.request", "impersonation.stopped"):
        assert action in log, action
    assert "impersonated" in log and "Sam Support" in log
    screenshot(driver, "tenant-12-owner-audit")
