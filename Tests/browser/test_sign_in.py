"""Issue 5's browser bar: in a real headless Chromium, a new owner admin signs in with the one-time
password from `portal create-owner`, changes it, enrols TOTP from the page (the secret is read from
the page, the code computed here), signs out, signs in with password + code and reaches /owner."""

import shutil
import subprocess
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import fill, fresh_totp, path, screenshot, wait_path

NEW_PASSWORD = "violet harbour lantern 42"


def submit(driver, form_selector):
    driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]").click()


def decode_qr(element):
    """The text of the QR code in `element` (via zbarimg), None when zbarimg is not installed."""
    if not shutil.which("zbarimg"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".png") as image:
        image.write(element.screenshot_as_png)
        image.flush()
        out = subprocess.run(["zbarimg", "--raw", "-q", image.name], capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def sign_in(driver, base, email, password):
    driver.get(base + "/login")
    fill(driver, "#email", email)
    fill(driver, "#password", password)
    submit(driver, "form.login")


def test_owner_signs_in_changes_password_enrols_totp_and_reaches_owner(portal, driver):
    base = portal.base_url

    # Anonymous: an owner page sends us to the sign-in form, remembering where we were going.
    driver.get(base + "/owner")
    wait_path(driver, "/login")
    assert "next=%2Fowner" in driver.current_url
    screenshot(driver, "auth-01-login")

    # The one-time password: a password change is forced first.
    sign_in(driver, base, portal.owner_email, portal.owner_password)
    wait_path(driver, "/account")
    assert driver.find_element(By.ID, "current_password")
    screenshot(driver, "auth-02-forced-password-change")
    fill(driver, "#current_password", portal.owner_password)
    fill(driver, "#new_password", NEW_PASSWORD)
    fill(driver, "#new_password_confirm", NEW_PASSWORD)
    submit(driver, "form.password")

    # Owner staff reach no owner page before enrolling TOTP.
    wait_path(driver, "/account/2fa")
    driver.get(base + "/owner")
    wait_path(driver, "/account/2fa")
    qr = driver.find_element(By.CSS_SELECTOR, ".qr svg")
    assert qr.is_displayed()
    secret = driver.find_element(By.CSS_SELECTOR, ".secret").text.replace(" ", "")
    assert len(secret) == 32
    screenshot(driver, "auth-03-enrol")
    decoded = decode_qr(driver.find_element(By.CSS_SELECTOR, ".qr"))
    if decoded is not None:  # zbarimg installed: the QR code carries the same secret
        assert decoded == "otpauth://totp/Owner%%20Portal:%s?secret=%s&issuer=Owner%%20Portal" % (portal.owner_email, secret)
    enrol_code = fresh_totp(secret)
    fill(driver, "#code", enrol_code)
    submit(driver, "form.enrol")

    # The recovery codes are shown once.
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".recovery-codes li")))
    codes = [li.text for li in driver.find_elements(By.CSS_SELECTOR, ".recovery-codes li")]
    assert len(codes) == 10
    screenshot(driver, "auth-04-recovery-codes")

    # Signed in fully now: the owner landing page answers.
    driver.get(base + "/owner")
    wait_path(driver, "/owner")

    # Sign out, then sign in with the new password and a (fresh) code.
    submit(driver, "form[action='/logout']")
    wait_path(driver, "/login")
    driver.get(base + "/owner")
    wait_path(driver, "/login")

    sign_in(driver, base, portal.owner_email, NEW_PASSWORD)
    wait_path(driver, "/login/2fa")
    screenshot(driver, "auth-05-second-factor")
    fill(driver, "#code", fresh_totp(secret, used=enrol_code))
    submit(driver, "form.second-factor")
    wait_path(driver, "/owner")
    screenshot(driver, "auth-06-owner")
    assert "Owner" in driver.title

    # Every cookie the browser holds is Secure and HttpOnly.
    cookies = driver.get_cookies()
    assert cookies, "no session cookie"
    for cookie in cookies:
        assert cookie.get("secure") and cookie.get("httpOnly"), cookie
    assert any(cookie["name"] == "__Host-portal" for cookie in cookies)


def refusal(driver):
    """The alert of the refused sign-in: the fresh form has none, so its presence means the answer has loaded
    (the path is /login before and after, so waiting for the path would race the page load)."""
    alert = WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[role=alert]")))
    assert path(driver) == "/login"
    return alert.text


def test_wrong_password_shows_one_generic_error(portal, driver):
    sign_in(driver, portal.base_url, portal.owner_email, "certainly not the password")
    error = refusal(driver)
    sign_in(driver, portal.base_url, "nobody-%s" % portal.owner_email, "certainly not the password")
    assert refusal(driver) == error
