"""A browser's part of the journey over plain HTTP: cookies, redirects, forms with their hidden
fields (the CSRF token), and nothing but 127.0.0.1."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .exceptions import StepFailed

HOST = "127.0.0.1"
TIMEOUT = 20  # seconds for any one request


@dataclass
class Page:
    status: int
    url: str
    text: str


@dataclass
class Form:
    action: str
    method: str
    values: dict[str, str] = field(default_factory=dict)  # hidden inputs, as sent unchanged
    names: set[str] = field(default_factory=set)  # every field a person can fill in


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(attrs.get("action", ""), attrs.get("method", "get").lower()))
        elif tag in ("input", "select", "textarea", "button") and self.forms and "name" in attrs:
            form = self.forms[-1]
            form.names.add(attrs["name"])
            if tag == "input" and attrs.get("type") == "hidden":
                form.values[attrs["name"]] = attrs.get("value", "")


def forms_in(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class _LocalRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).hostname != HOST:
            raise StepFailed(f"redirected away from {HOST}: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Browser:
    """One person's browser: its own cookies; follows redirects as browsers do."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # never through an http_proxy from the environment
            urllib.request.HTTPCookieProcessor(self.cookies),
            _LocalRedirects(),
        )

    def _open(self, url: str, data: bytes | None = None, headers=None) -> Page:
        url = urllib.parse.urljoin(self.base_url + "/", url)
        if urllib.parse.urlsplit(url).hostname != HOST:
            raise StepFailed(f"refusing to contact {url}: only {HOST} is used")
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only, checked above
            url, data=data, headers={"User-Agent": "cpa-rehearsal", **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return Page(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.url, error.read().decode(errors="replace"))

    def get(self, url: str) -> Page:
        return self._open(url)

    def submit(self, page: Page, form: Form, typed: dict[str, str]) -> Page:
        """Posts `form` from `page` with its hidden fields and what the person typed."""
        unknown = set(typed) - form.names
        if unknown:
            raise StepFailed(f"the form at {page.url} has no field {sorted(unknown)}")
        body = urllib.parse.urlencode({**form.values, **typed}).encode()
        return self._open(
            urllib.parse.urljoin(page.url, form.action or page.url),
            data=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.base_url,
                "Referer": page.url,
            },
        )


def form_with(page: Page, field_name: str) -> Form:
    """The page's form that has `field_name` (a POST form with a CSRF token)."""
    for form in forms_in(page.text):
        if field_name in form.names:
            if form.method != "post" or "csrfmiddlewaretoken" not in form.values:
                raise StepFailed(f"the form with {field_name!r} at {page.url} has no CSRF token")
            return form
    raise StepFailed(f"no form with a {field_name!r} field at {page.url} (status {page.status})")
