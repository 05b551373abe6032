"""Shared fixtures of the headless-Chromium tests (issues 5, 6 and 7 use them).

- `portal_bin`: the release `portal` binary (`swift build -c release --show-bin-path`); the tests are
  skipped when it has not been built (`scripts/test` builds it first).
- `portal` (module scope): a `portal serve` on a free 127.0.0.1 port with a temporary data dir, seeded
  with the demo platform (`seed-demo`) plus an owner admin from `create-owner`; `portal.accounts` holds
  the demo accounts (`seed-demo --print-accounts`), `portal.owner_email`/`owner_password` the new owner.
- `driver`: headless Chromium through Selenium; skipped when chromium or chromedriver is absent
  (`scripts/setup --test` installs them).
- `totp(secret, at=None)`: RFC 6238 code (SHA-1, 30 s, 6 digits) computed here, independently of the
  server.
- `screenshot(driver, name)`: writes `test-artifacts/<name>.png`.
"""

import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import tempfile
import time
import urllib.request
from urllib.parse import urlparse

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACTS = os.path.join(ROOT, "test-artifacts")


def totp(secret, at=None, digits=6, period=30):
    """The TOTP code of a base32 `secret` at Unix time `at` (now by default)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def fresh_totp(secret, used=None):
    """A code for `secret` that is not `used` (a step is never accepted twice): waits for the next step."""
    code = totp(secret)
    while code == used:
        time.sleep(1)
        code = totp(secret)
    return code


def screenshot(driver, name):
    """Saves a screenshot of the current page as test-artifacts/<name>.png."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))


def path(driver):
    """The path of the page the browser is on."""
    return urlparse(driver.current_url).path


def wait_path(driver, expected, timeout=15):
    """Waits until the browser is on `expected` (a path)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: path(d) == expected, "expected %s, at %s" % (expected, driver.current_url))


def fill(driver, selector, value):
    """Replaces the value of the field `selector` (CSS) with `value`."""
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.CSS_SELECTOR, selector)
    element.clear()
    element.send_keys(value)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def portal_bin():
    try:
        out = subprocess.run(
            ["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, timeout=120
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    path = os.path.join(out, "portal") if out else ""
    if not path or not os.access(path, os.X_OK):
        pytest.skip("release portal binary not built (swift build -c release --product portal)")
    return path


class PortalServer:
    """A running `portal serve` over a temporary data directory."""

    def __init__(self, binary, data_dir, port):
        self.binary = binary
        self.data_dir = data_dir
        self.port = port
        self.base_url = "https://127.0.0.1:%d" % port
        self.log_path = os.path.join(data_dir, "..", "serve.log")
        self.process = None

    def cli(self, *args):
        """Runs a portal command on this data directory and returns its stdout."""
        result = subprocess.run(
            [self.binary, *args, "--data-dir", self.data_dir], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        if result.returncode != 0:
            raise RuntimeError("portal %s failed: %s" % (" ".join(args), result.stderr))
        return result.stdout

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--port", str(self.port), "--bind", "127.0.0.1"],
            cwd=ROOT, stdout=log, stderr=log,
        )
        context = ssl._create_unverified_context()
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("portal serve exited: %s" % open(self.log_path).read()[-2000:])
            try:
                urllib.request.urlopen(self.base_url + "/healthz", context=context, timeout=2)
                return
            except Exception:
                time.sleep(0.2)
        raise RuntimeError("portal serve did not answer on %s" % self.base_url)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self):
        try:
            return open(self.log_path).read()
        except OSError:
            return ""


@pytest.fixture(scope="module")
def portal(portal_bin):
    root = tempfile.mkdtemp(prefix="portal-browser-")
    server = PortalServer(portal_bin, os.path.join(root, "data"), free_port())
    server.accounts = json.loads(server.cli("seed-demo", "--print-accounts"))
    server.owner_email = "owner-%d@browser.example" % os.getpid()
    created = server.cli("create-owner", "--email", server.owner_email, "--name", "Browser Owner")
    server.owner_password = next(
        line.split(":", 1)[1].strip() for line in created.splitlines() if line.startswith("one-time password:")
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _chromium_paths():
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    driver = shutil.which("chromedriver")
    return browser, driver


@pytest.fixture
def driver():
    browser, chromedriver = _chromium_paths()
    if not browser or not chromedriver:
        pytest.skip("chromium and chromedriver are not installed (scripts/setup --test)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (scripts/setup --test)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    instance = webdriver.Chrome(service=Service(chromedriver), options=options)
    instance.set_page_load_timeout(30)
    try:
        yield instance
    finally:
        instance.quit()
