"""LEDMatrix's APIHelper: cached GETs and ESPN's scoreboard, standings and rankings for plugins.

Requests go through http_fetch (bounded in time and size). A failure answers None, as on
LEDMatrix. Requests are spaced by at least `min_interval` seconds per helper; the wait is bounded
by that interval.
"""

import logging
import threading
import time
from datetime import datetime

from src.common import http_fetch

ESPN_SITE = "https://site.api.espn.com/apis/site/v2/sports"
DEFAULT_HTTP_HEADERS = {"User-Agent": http_fetch.USER_AGENT, "Accept": "application/json"}
USER_AGENT = http_fetch.USER_AGENT


class APIHelper:
    def __init__(self, cache_manager=None, default_timeout: int = 30, max_retries: int = 3, logger=None, base_url: str = ESPN_SITE):
        self.cache_manager = cache_manager
        self.default_timeout = http_fetch.bounded_timeout(default_timeout)
        self.max_retries = max_retries
        self.logger = logger or logging.getLogger(__name__)
        self.base_url = base_url
        self.session = http_fetch.Session(DEFAULT_HTTP_HEADERS)
        self._min_request_interval = 1.0
        self._last_request_time = 0.0
        self._pace = threading.Lock()

    def get(self, url, params=None, headers=None, timeout=None, cache_key=None, cache_ttl: int = 3600):
        if cache_key and self.cache_manager is not None:
            cached = self.cache_manager.get(cache_key, max_age=cache_ttl)
            if cached is not None:
                return cached
        self._enforce_rate_limit()
        try:
            data = http_fetch.get_json(url, params=params, headers={**self.session.headers, **(headers or {})}, timeout=timeout or self.default_timeout)
        except http_fetch.FetchError as e:
            self.logger.error("Request failed for %s: %s", url, e)
            return None
        if cache_key and self.cache_manager is not None:
            self.cache_manager.set(cache_key, data, ttl=cache_ttl)
        return data

    def fetch_espn_scoreboard(self, sport, league, date=None, cache_key=None, cache_ttl: int = 300):
        date = date or datetime.now().strftime("%Y%m%d")
        return self.get(f"{self.base_url}/{sport}/{league}/scoreboard", params={"dates": date, "limit": 1000},
                        cache_key=cache_key or f"espn_{sport}_{league}_{date}", cache_ttl=cache_ttl)  # fmt: skip

    def fetch_espn_standings(self, sport, league, cache_key=None, cache_ttl: int = 3600):
        return self.get(f"{self.base_url}/{sport}/{league}/standings", cache_key=cache_key or f"espn_standings_{sport}_{league}", cache_ttl=cache_ttl)

    def fetch_espn_rankings(self, sport, league, cache_key=None, cache_ttl: int = 3600):
        return self.get(f"{self.base_url}/{sport}/{league}/rankings", cache_key=cache_key or f"espn_rankings_{sport}_{league}", cache_ttl=cache_ttl)

    def post(self, url, data=None, json_data=None, headers=None, timeout=None):
        """Plugins here only read public data; a POST is refused and answers None."""
        self.logger.warning("APIHelper.post to %s is not supported by Marquee's host", url)
        return None

    def set_cache(self, key, data, ttl: int = 3600):
        if self.cache_manager is not None:
            self.cache_manager.set(key, data, ttl=ttl)

    def get_cache(self, key):
        return self.cache_manager.get(key) if self.cache_manager is not None else None

    def clear_cache(self, pattern=None):
        if self.cache_manager is not None:
            self.cache_manager.clear_cache(None if pattern is None else pattern)

    def _enforce_rate_limit(self):
        with self._pace:
            wait = self._min_request_interval - (time.monotonic() - self._last_request_time)
            if wait > 0:
                time.sleep(min(wait, self._min_request_interval))
            self._last_request_time = time.monotonic()

    def set_rate_limit(self, min_interval: float):
        self._min_request_interval = max(0.0, min(float(min_interval), 60.0))

    def get_request_stats(self) -> dict:
        return {"min_request_interval": self._min_request_interval, "last_request_time": self._last_request_time}
