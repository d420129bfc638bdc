"""Two app servers on one database and one cache (.ci/two-instances.sh): what an editor
publishes through one is what visitors of the other get at once.

Runs only when PORTAL_TWO_INSTANCES names the two servers («http://host:port http://host:port»)
and PORTAL_ADMIN a superuser («name:password»); everything goes over HTTP, as through the proxy
(``X-Forwarded-Proto: https``), so the production settings stay as they are.
"""

import http.client
import os
import re
import secrets
import threading
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.skipif(
    not os.environ.get("PORTAL_TWO_INSTANCES"), reason="PORTAL_TWO_INSTANCES is not set"
)

SEARCH_WAIT_SECONDS = 60  # the worker indexes a publication within a second or two
LOAD_SECONDS = 10
LOAD_THREADS = 8


class Visitor:
    """A browser of one server: its own cookies (sent over plain HTTP, as a TLS-terminating
    proxy would forward them), no redirects followed."""

    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.netloc}"
        self.cookies = {}

    def request(self, method, path, body=None, content_type=None):
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers |= {"Origin": self.origin, "Referer": self.origin + path}
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, quote(path, safe="/?&=%:"), body=body, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, urlencode(fields, doseq=True))

    def post_files(self, path, fields, files):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")


def form_fields(html, form_selector="form"):
    """What a browser would send from the page's form, before the visitor types anything."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    fields = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "text")
        if kind in ("submit", "button", "file", "image"):
            continue
        if kind in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            value = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            value = chosen.get("value", "") if chosen else ""
        else:
            value = field.get("value", "")
        fields[field["name"]] = value
    return fields


@pytest.fixture(scope="module")
def servers():
    first, second = os.environ["PORTAL_TWO_INSTANCES"].split()
    return first, second


@pytest.fixture(scope="module")
def editor(servers):
    """The superuser, signed in on the first server only."""
    visitor = Visitor(servers[0])
    login = visitor.get("/admin/login/")
    name, password = os.environ["PORTAL_ADMIN"].split(":", 1)
    fields = form_fields(login.text) | {"username": name, "password": password}
    response = visitor.post("/admin/login/", fields)
    assert response.status == 302, response.text[:2000]
    return visitor


def home_page_id(editor):
    """From the user bar Wagtail shows an editor on the home page."""
    return re.search(r"/admin/pages/(\d+)/edit/", editor.get("/").text).group(1)


def publish_page(editor, title, intro):
    """Adds and publishes a text page under the home page through the admin's form."""
    add = f"/admin/pages/add/site_cms/standardpage/{home_page_id(editor)}/"
    form = editor.get(add)
    assert form.status == 200
    slug = "stranica-" + secrets.token_hex(4)
    fields = form_fields(form.text, "form[method=post]") | {
        "title": title,
        "slug": slug,
        "intro": intro,
        "body-count": "0",  # the block editor's own field, written by its JavaScript
        "action-publish": "action-publish",
    }
    response = editor.post(add, fields)
    assert response.status == 302, re.findall(r"error[^<]{0,200}", response.text)[:5]
    return f"/{slug}/"


def import_results(editor, school, code):
    """A summary table of one school's results, uploaded and confirmed in the admin."""
    table = (
        "Код школы;Школа;Муниципалитет;Год;Процедура;Предмет;Класс;Участников;"
        "Отметка 2;Отметка 3;Отметка 4;Отметка 5\n"
        f"{code};{school};Проверочный район;2024;ОГЭ;Математика;9;20;2;8;6;4\n"
    ).encode()
    upload = editor.get("/admin/indicators/import/")
    fields = form_fields(upload.text, "form[enctype]") | {"create_missing_schools": "on"}
    preview = editor.post_files(
        "/admin/indicators/import/", fields, {"file": ("results.csv", table)}
    )
    assert preview.status == 200
    confirm = form_fields(preview.text, "form[action$='/confirm/']")
    assert confirm.get("token"), re.sub(r"\s+", " ", preview.text)[:3000]
    done = editor.post("/admin/indicators/import/confirm/", confirm)
    assert done.status in (200, 302)


def test_what_one_server_publishes_the_other_shows_at_once(servers, editor):
    reader = Visitor(servers[1])
    word = "Проверка" + secrets.token_hex(3)
    open_data = "/pokazateli/otkrytye-dannye/?format=csv"
    # The second server keeps its pages before the publication.
    reader.get("/")
    assert reader.get("/").getheader("X-Page-Cache") == "hit"
    assert word not in reader.get(open_data).text

    url = publish_page(editor, f"Семинар {word}", f"Программа семинара {word}")
    import_results(editor, f"Школа {word}", f"sch{secrets.randbelow(900000) + 100000}")

    page = reader.get(url)
    assert page.status == 200 and f"Семинар {word}" in page.text
    assert reader.get("/").getheader("X-Page-Cache") == "miss"
    assert f"Школа {word}" in reader.get(open_data).text
    assert f"Школа {word}" in Visitor(servers[0]).get(open_data).text

    # The search index is updated by the worker: a moment later, found on either server.
    waited = time.monotonic()
    found = False
    while not found and time.monotonic() - waited < SEARCH_WAIT_SECONDS:
        found = f"Семинар {word}" in reader.get(f"/search/?q={word}").text
        if not found:
            time.sleep(0.5)
    assert found, f"not found by the search in {SEARCH_WAIT_SECONDS} s"
    print(f"\nsearch found the publication after {time.monotonic() - waited:.1f} s")


def test_both_servers_answer_a_short_load_without_errors(servers):
    paths = ["/", "/pokazateli/", "/pokazateli/otkrytye-dannye/", "/search/?q=семинар"]
    counts = {"requests": 0, "errors": []}
    lock = threading.Lock()
    deadline = time.monotonic() + LOAD_SECONDS

    def visit(number):
        visitor = Visitor(servers[number % 2])
        index = number
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            try:
                status = visitor.get(path).status
            except Exception as error:  # noqa: BLE001  (any failure is an error of the run)
                status = repr(error)
            with lock:
                counts["requests"] += 1
                if status != 200:
                    counts["errors"].append((visitor.port, path, status))

    threads = [threading.Thread(target=visit, args=(n,)) for n in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    print(
        f"\n{counts['requests']} requests in {LOAD_SECONDS} s over both servers "
        f"({counts['requests'] / LOAD_SECONDS:.0f}/s), {len(counts['errors'])} errors"
    )
    assert counts["requests"] > 0
    assert counts["errors"] == []
