"""Browser journeys: Playwright for Python driving Debian's Chromium against the app on a loopback port.

Never downloads a browser. Without /usr/bin/chromium the journeys are skipped locally, and fail when
ROCB_REQUIRE_BROWSER=1 (CI).
"""

import os
import shutil
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("ROCB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("ROCB_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The test app (its database, CSRF on as in production) served on a free loopback port."""
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def page(chromium, live_server, tmp_path):
    context = chromium.new_context(accept_downloads=True, timezone_id="Asia/Bangkok", base_url=live_server)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, email, password):
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def choose(page, label, search, option=None):
    """Pick from a searchable select or zone picker (Tom Select) as a person does: type, then click the option."""
    # the picker's own input (a single select stays a hidden combobox of the same name beside it)
    box = page.get_by_role("combobox", name=label).and_(page.locator("input"))
    if box.is_visible():
        box.focus()
    else:
        box.locator("xpath=..").click()  # the control around the input (a chosen zone hides the input itself)
    page.keyboard.type(search)
    page.locator(".ts-dropdown [role='option']:visible").filter(has_text=option or search).first.click()
    close_pickers(page)


def close_pickers(page):
    """Close every open picker list as a person does (Escape, then a click on the page's heading), and wait until
    none is shown: Tom Select opens its list again from a deferred focus handler, which under load can run after
    the Escape, and an open list covers the buttons below it."""
    lists = page.locator(".ts-dropdown:visible")
    for _ in range(5):
        page.keyboard.press("Escape")
        page.evaluate("document.activeElement && document.activeElement.blur()")  # the picker closes on blur
        try:
            expect(lists).to_have_count(0, timeout=1000)
            return
        except AssertionError:
            page.locator("h1").first.click()  # a click outside the picker closes its list
    expect(lists).to_have_count(0)
