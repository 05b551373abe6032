"""Issue 6's browser bar: the demo owner admin signs in (password + TOTP) in headless Chromium and visits
EVERY owner page: no console error, a screenshot of each (test-artifacts/owner-*.png, desktop width, and the
dashboard at phone width too), and axe-core finds no serious or critical violation, in the light and the dark
theme. Two forms are used for real: a broadcast preview (through the rich-text editor) and a suspension with
the tenant's name typed on its confirmation page."""

import re
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import fill, fresh_totp, path, screenshot, wait_path

DESKTOP = (1280, 900)
PHONE = (390, 844)


def owner_admin(portal):
    return next(a for a in portal.accounts if a["role"] == "owner_admin" and a.get("totp_secret"))


_last_code = {}


def sign_in(driver, portal):
    """Password, then a TOTP code computed here (never the step an earlier test of this module used)."""
    account = owner_admin(portal)
    driver.get(portal.base_url + "/login")
    fill(driver, "#email", account["email"])
    fill(driver, "#password", account["password"])
    driver.find_element(By.CSS_SELECTOR, "form.login button[type=submit]").click()
    wait_path(driver, "/login/2fa")
    code = fresh_totp(account["totp_secret"], used=_last_code.get(account["email"]))
    _last_code[account["email"]] = code
    fill(driver, "#code", code)
    driver.find_element(By.CSS_SELECTOR, "form.second-factor button[type=submit]").click()
    wait_path(driver, "/owner")
    driver.get_log("browser")  # start each page with an empty console


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def serious_violations(driver):
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [
        "%s (%s): %s" % (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def full_page_screenshot(driver, name, width):
    height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(width, min(max(height, 600), 6000))
    driver.execute_script("window.scrollTo(0, 0)")
    screenshot(driver, name)


def check_page(driver, portal, url, name, size=DESKTOP):
    driver.set_window_size(*size)
    driver.get(portal.base_url + url)
    main = driver.find_element(By.ID, "main")
    assert main.is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, ".brand .mark").text.upper() == "OWNER", url
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert heading not in ("Not found", "Not allowed", "Something went wrong", "Conflict"), "%s: %s" % (url, heading)
    assert path(driver) == urlparse(url).path, "%s redirected to %s" % (url, driver.current_url)
    errors = console_errors(driver)
    assert not errors, "%s: console errors %s" % (url, errors)
    violations = serious_violations(driver)
    assert not violations, "%s: axe found %s" % (url, violations)
    full_page_screenshot(driver, "owner-" + name, size[0])
    driver.set_window_size(*DESKTOP)


def first_link(driver, portal, url, pattern):
    """The first link on `url` whose href matches `pattern` (a regex), as a path."""
    driver.get(portal.base_url + url)
    for anchor in driver.find_elements(By.CSS_SELECTOR, "main a[href]"):
        href = urlparse(anchor.get_attribute("href")).path
        if re.fullmatch(pattern, href):
            return href
    pytest.fail("no link matching %s on %s" % (pattern, url))


def test_every_owner_page_renders_cleanly(portal, driver):
    sign_in(driver, portal)
    suspended = first_link(driver, portal, "/owner/tenants?status=suspended", r"/owner/tenants/\d+")
    draft = first_link(driver, portal, "/owner/broadcasts", r"/owner/broadcasts/\d+")
    plan = first_link(driver, portal, "/owner/plans", r"/owner/plans/\d+/edit")
    tenant = "/owner/tenants/1"
    pages = [
        ("/owner", "dashboard"),
        ("/owner/tenants", "tenants"),
        ("/owner/tenants?status=active&sort=usage", "tenants-filtered"),
        ("/owner/tenants?active=7d", "tenants-active"),
        (tenant, "tenant"),
        (tenant + "/suspend", "confirm-suspend"),
        (tenant + "/block", "confirm-block"),
        (tenant + "/reset-demo-data", "confirm-reset-demo-data"),
        (tenant + "/anonymize", "confirm-anonymize"),
        (suspended + "/reactivate", "confirm-reactivate"),
        ("/owner/invoices?status=paid&days=30", "invoices"),
        ("/owner/plans", "plans"),
        (plan, "plan-edit"),
        ("/owner/plans/new", "plan-new"),
        (plan.replace("/edit", "/delete"), "plan-delete"),
        ("/owner/upgrades", "upgrades"),
        ("/owner/broadcasts", "broadcasts"),
        ("/owner/broadcasts/new", "composer"),
        (draft, "broadcast"),
        (draft + "/send", "confirm-send"),
        ("/owner/audit", "audit"),
        ("/owner/audit?action=tenant.", "audit-filtered"),
        ("/owner/health", "health"),
    ]
    for url, name in pages:
        check_page(driver, portal, url, name)
    check_page(driver, portal, "/owner", "dashboard-phone", size=PHONE)
    # The dark theme (prefers-color-scheme: dark) must pass the same contrast checks.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    for url, name in [("/owner", "dashboard-dark"), (tenant, "tenant-dark"), ("/owner/upgrades", "upgrades-dark")]:
        check_page(driver, portal, url, name)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_composer_preview_and_a_confirmed_suspension(portal, driver):
    sign_in(driver, portal)
    # The rich-text editor replaces the textarea; the server sanitizes what it posts.
    driver.get(portal.base_url + "/owner/broadcasts/new")
    fill(driver, "#b-title", "Browser preview")
    surface = driver.find_element(By.CSS_SELECTOR, ".editor-surface")
    surface.click()
    surface.send_keys("Hello studios")
    driver.find_element(By.CSS_SELECTOR, "button[name=intent][value=preview]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".preview .rich"))
    assert "Hello studios" in driver.find_element(By.CSS_SELECTOR, ".preview .rich").text
    assert not console_errors(driver)
    screenshot(driver, "owner-composer-preview")

    # Suspend an active tenant through its confirmation page, typing its name.
    target = first_link(driver, portal, "/owner/tenants?status=active&sort=name&dir=desc", r"/owner/tenants/\d+")
    driver.get(portal.base_url + target + "/suspend")
    name = driver.find_element(By.CSS_SELECTOR, ".confirm-name").text
    fill(driver, "#c-reason", "Browser test: unpaid invoices")
    fill(driver, "#c-name", name.lower())
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "c-name-error"))
    assert "exactly as shown" in driver.find_element(By.ID, "c-name-error").text
    fill(driver, "#c-name", name)
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    wait_path(driver, target)
    assert "%s is suspended." % name in driver.find_element(By.CSS_SELECTOR, ".flash").text
    assert "Suspended" in driver.find_element(By.CSS_SELECTOR, "h1 .badge").text
    screenshot(driver, "owner-suspended")
