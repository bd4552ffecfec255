"""The one network layer of the compat modules: GET requests bounded in time and size.

Every fetch has a deadline for the whole exchange (connect, headers and body), not only a per-read
timeout, and a ceiling on the body, so a slow or endless answer costs at most `timeout` seconds
and `max_bytes` of memory. Plugins written for LEDMatrix catch `requests` exceptions; when
`requests` is installed the errors raised here derive from its classes, so those handlers still
apply. Only the standard library is needed.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

try:  # plugins catch requests' exception classes around calls into these modules
    from requests.exceptions import HTTPError as _HTTPBase
    from requests.exceptions import RequestException as _RequestBase
except ImportError:  # pragma: no cover - depends on the plugin's environment
    _RequestBase, _HTTPBase = OSError, OSError

MAX_TIMEOUT_S = 30.0
DEFAULT_TIMEOUT_S = 10.0
MAX_BODY_BYTES = 16 * 1024 * 1024
USER_AGENT = "Marquee-LEDMatrix-compat/1.0"
_CHUNK = 64 * 1024


class FetchError(_RequestBase):
    """The request could not be completed: no answer in time, too large, unreachable."""


class HTTPStatusError(FetchError, _HTTPBase):
    def __init__(self, message, status_code=None, response=None):
        super().__init__(message)
        self.status_code = status_code
        self.response = response


class Response:
    """What plugins read of a requests.Response."""

    def __init__(self, url: str, status_code: int, headers: dict, content: bytes):
        self.url = url
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.ok = 200 <= status_code < 400

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self):
        try:
            return json.loads(self.content)
        except ValueError as e:
            raise FetchError(f"{self.url} did not answer JSON: {e}") from e

    def raise_for_status(self) -> None:
        if not self.ok:
            raise HTTPStatusError(f"{self.status_code} from {self.url}", self.status_code, self)


def bounded_timeout(timeout) -> float:
    """A caller's timeout (a number or a (connect, read) pair) as one deadline within MAX_TIMEOUT_S."""
    if isinstance(timeout, (tuple, list)) and timeout:
        timeout = sum(t for t in timeout if isinstance(t, (int, float)))
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        return DEFAULT_TIMEOUT_S
    return min(float(timeout), MAX_TIMEOUT_S)


def with_params(url: str, params) -> str:
    if not params:
        return url
    query = urllib.parse.urlencode({k: v for k, v in dict(params).items() if v is not None}, doseq=True)
    return f"{url}{'&' if '?' in url else '?'}{query}"


def get(url: str, params=None, headers=None, timeout=None, max_bytes: int = MAX_BODY_BYTES) -> Response:
    """One GET; any answer with a status comes back as a Response, anything else raises FetchError."""
    full = with_params(url, params)
    if urllib.parse.urlsplit(full).scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, got {full!r}")
    limit = bounded_timeout(timeout)
    deadline = time.monotonic() + limit
    request = urllib.request.Request(full, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=limit) as answer:
            body = _read_body(answer, deadline, max_bytes, full)
            return Response(full, answer.status, dict(answer.headers.items()), body)
    except urllib.error.HTTPError as e:
        body = _read_body(e, deadline, max_bytes, full) if e.fp is not None else b""
        return Response(full, e.code, dict(e.headers.items()) if e.headers else {}, body)
    except FetchError:
        raise
    except (OSError, ValueError) as e:  # URLError, timeouts, refused connections, bad URLs
        raise FetchError(f"GET {full} failed: {getattr(e, 'reason', e)}") from e


def get_json(url: str, params=None, headers=None, timeout=None):
    """The JSON body of a successful GET; FetchError (or HTTPStatusError) otherwise."""
    response = get(url, params=params, headers={"Accept": "application/json", **(headers or {})}, timeout=timeout)
    response.raise_for_status()
    return response.json()


def _read_body(answer, deadline: float, max_bytes: int, url: str) -> bytes:
    chunks, total = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{url} did not finish answering in time")
        chunk = answer.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"{url} answered more than {max_bytes} bytes")
        chunks.append(chunk)


class Session:
    """The requests.Session calls the sports classes make (`get`, `headers`, `mount`), bounded as above."""

    def __init__(self, headers=None):
        self.headers = dict(headers or {})

    def get(self, url, params=None, headers=None, timeout=None, **_):
        return get(url, params=params, headers={**self.headers, **(headers or {})}, timeout=timeout)

    def mount(self, *_args, **_kwargs):
        """Retry adapters are not used: a failed fetch is retried on the next update."""

    def close(self):
        pass
