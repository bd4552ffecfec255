"""LEDMatrix's BackgroundDataService: season schedules fetched off the update path, into the cache.

A plugin submits a URL and a cache key; a small pool of threads (at most MAX_WORKERS) fetches it
with a bounded timeout and a few retries, stores the JSON through the plugin's cache manager and
calls the plugin's callback with a FetchResult. Nothing grows without bound: at most MAX_PENDING
requests wait or run at once (a further one fails at once with a result saying so), a second
request for a cache key already being fetched joins the first, and at most MAX_COMPLETED results
are kept. Each plugin has its own cache manager, so `get_background_service` keeps one service per
cache manager rather than LEDMatrix's one per process.
"""

import contextvars
import itertools
import logging
import threading
import time
import weakref
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Optional

from src.common import http_fetch

logger = logging.getLogger(__name__)

MAX_WORKERS = 3
MAX_PENDING = 16
MAX_COMPLETED = 500
MAX_RETRIES = 3
RETRY_DELAYS_S = (1.0, 2.0, 4.0)


class FetchStatus(Enum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass
class FetchRequest:
    id: str
    sport: str
    year: int
    cache_key: str
    url: str
    params: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    timeout: float = 30.0
    max_retries: int = 3
    priority: int = 1
    callbacks: list = field(default_factory=list)
    status: FetchStatus = FetchStatus.PENDING
    retry_count: int = 0
    created_at: float = field(default_factory=time.time)


@dataclass
class FetchResult:
    request_id: str
    success: bool
    data: Optional[Any] = None
    error: Optional[str] = None
    cached: bool = False
    fetch_time: float = 0.0
    retry_count: int = 0
    completed_at: float = field(default_factory=time.time)
    final_status: Optional[FetchStatus] = None


class BackgroundDataService:
    handles_espn_date_ranges = False

    def __init__(self, cache_manager, max_workers: int = MAX_WORKERS, request_timeout: int = 30, fetch=None):
        self.cache_manager = cache_manager
        self.max_workers = max(1, min(int(max_workers or 1), MAX_WORKERS))
        self.request_timeout = http_fetch.bounded_timeout(request_timeout)
        self.default_headers = {"User-Agent": http_fetch.USER_AGENT, "Accept": "application/json"}
        self._fetch = fetch or http_fetch.get_json
        self.executor = ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="BackgroundData")
        self.active_requests = {}
        self.completed_requests = OrderedDict()
        self._by_cache_key = {}
        self._seq = itertools.count()
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self.stats = {"total_requests": 0, "completed_requests": 0, "failed_requests": 0, "cached_hits": 0,
                      "cache_misses": 0, "rejected_requests": 0, "deduplicated_requests": 0}  # fmt: skip

    def get_sport_cache_key(self, sport: str, date_str: str = None) -> str:
        return f"{sport}_{date_str or time.strftime('%Y%m%d', time.gmtime())}"

    def submit_fetch_request(self, sport, year, url, cache_key=None, params=None, headers=None, timeout=None,
                             max_retries=3, priority=1, callback=None, **_):  # fmt: skip
        """The request's id; its FetchResult reaches `callback` and get_result() when it is done."""
        if self._stopping.is_set():
            raise RuntimeError("BackgroundDataService is shutting down")
        cache_key = cache_key or self.get_sport_cache_key(sport)
        request_id = f"{sport}_{year}_{int(time.time() * 1000)}_{next(self._seq)}"
        cached = self.cache_manager.get(cache_key) if self.cache_manager is not None else None
        if cached:
            self.stats["cached_hits"] += 1
            return self._finish(request_id, [callback], FetchResult(request_id, True, cached, cached=True))
        with self._lock:
            joined = self.active_requests.get(self._by_cache_key.get(cache_key))
            if joined is not None:
                self.stats["deduplicated_requests"] += 1
                joined.callbacks.append(callback)
                return joined.id
            if len(self.active_requests) >= MAX_PENDING:
                self.stats["rejected_requests"] += 1
                refused = FetchResult(request_id, False, error=f"{MAX_PENDING} fetches are already waiting", final_status=FetchStatus.FAILED)
                return self._finish(request_id, [callback], refused)
            request = FetchRequest(request_id, sport, year, cache_key, url, dict(params or {}),
                                   {**self.default_headers, **(headers or {})},
                                   http_fetch.bounded_timeout(timeout or self.request_timeout),
                                   max(0, min(int(max_retries), MAX_RETRIES)), priority, [callback])  # fmt: skip
            self.active_requests[request_id] = request
            self._by_cache_key[cache_key] = request_id
            self.stats["total_requests"] += 1
            self.stats["cache_misses"] += 1
        context = contextvars.copy_context()  # keeps the plugin's log attribution on the worker
        self.executor.submit(context.run, self._run, request)
        return request_id

    def _run(self, request: FetchRequest) -> None:
        started = time.monotonic()
        with self._lock:
            if request.status is FetchStatus.CANCELLED:
                return
            request.status = FetchStatus.IN_PROGRESS
        try:
            data = self._fetch_with_retries(request)
        except Exception as e:  # a failed fetch is a result for the plugin, not a crash of the pool
            result = FetchResult(request.id, False, error=str(e), retry_count=request.retry_count, final_status=FetchStatus.FAILED)
        else:
            if self.cache_manager is not None:
                self.cache_manager.set(request.cache_key, data)
            result = FetchResult(request.id, True, data, fetch_time=time.monotonic() - started, retry_count=request.retry_count)
        with self._lock:
            if self.active_requests.pop(request.id, None) is None:
                return  # cancelled while fetching: nobody waits for it any more
            if self._by_cache_key.get(request.cache_key) == request.id:
                del self._by_cache_key[request.cache_key]
            self.stats["completed_requests" if result.success else "failed_requests"] += 1
        self._finish(request.id, request.callbacks, result)

    def _fetch_with_retries(self, request: FetchRequest):
        for attempt in range(request.max_retries + 1):
            try:
                return self._fetch(request.url, params=request.params, headers=request.headers, timeout=request.timeout)
            except http_fetch.FetchError as e:
                request.retry_count = attempt + 1
                client_error = isinstance(e, http_fetch.HTTPStatusError) and (e.status_code or 0) < 500
                if client_error or attempt >= request.max_retries or self._stopping.wait(RETRY_DELAYS_S[min(attempt, 2)]):
                    raise
                logger.info("fetch of %s failed (%s), trying again", request.url, e)

    def _finish(self, request_id: str, callbacks: list, result: FetchResult) -> str:
        with self._lock:
            self.completed_requests[request_id] = result
            while len(self.completed_requests) > MAX_COMPLETED:
                self.completed_requests.popitem(last=False)
        for callback in callbacks:
            if callback is None:
                continue
            try:
                callback(result)
            except Exception:
                logger.exception("the callback of fetch %s raised", request_id)
        return request_id

    def get_result(self, request_id: str) -> Optional[FetchResult]:
        with self._lock:
            return self.completed_requests.get(request_id)

    def is_request_complete(self, request_id: str) -> bool:
        with self._lock:
            return request_id in self.completed_requests

    def get_request_status(self, request_id: str) -> Optional[FetchStatus]:
        with self._lock:
            if request_id in self.active_requests:
                return self.active_requests[request_id].status
            result = self.completed_requests.get(request_id)
        if result is None:
            return None
        return result.final_status or (FetchStatus.COMPLETED if result.success else FetchStatus.FAILED)

    def cancel_request(self, request_id: str) -> bool:
        with self._lock:
            request = self.active_requests.pop(request_id, None)
            if request is None:
                return False
            request.status = FetchStatus.CANCELLED
            if self._by_cache_key.get(request.cache_key) == request_id:
                del self._by_cache_key[request.cache_key]
            self.completed_requests[request_id] = FetchResult(request_id, False, error="cancelled", final_status=FetchStatus.CANCELLED)
            return True

    def get_statistics(self) -> dict:
        with self._lock:
            return {**self.stats, "active_requests": len(self.active_requests), "completed_requests_count": len(self.completed_requests),
                    "max_completed_requests": MAX_COMPLETED, "max_workers": self.max_workers}  # fmt: skip

    def log_memory_stats(self):
        logger.info("background fetches: %s", self.get_statistics())

    def shutdown(self, wait: bool = True):
        self._stopping.set()
        for request_id in list(self.active_requests):
            self.cancel_request(request_id)
        self.executor.shutdown(wait=wait, cancel_futures=True)


_services = weakref.WeakKeyDictionary()
_services_lock = threading.Lock()


def get_background_service(cache_manager=None, max_workers: int = MAX_WORKERS) -> BackgroundDataService:
    """The service of this cache manager (so of this plugin), made on first use."""
    with _services_lock:
        if cache_manager is None:
            if len(_services) == 1:
                return next(iter(_services.values()))
            raise ValueError("cache_manager is required for the first call to get_background_service")
        service = _services.get(cache_manager)
        if service is None:
            service = _services[cache_manager] = BackgroundDataService(cache_manager, max_workers)
        return service


def shutdown_background_service(cache_manager=None):
    with _services_lock:
        targets = [cache_manager] if cache_manager is not None else list(_services)
        services = [_services.pop(c) for c in targets if c in _services]
    for service in services:
        service.shutdown(wait=False)
