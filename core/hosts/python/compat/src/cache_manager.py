"""LEDMatrix's CacheManager, kept in the plugin's own data folder.

A record is `{"data", "timestamp"[, "ttl"]}`, one compact JSON file per key plus a memory copy.
`get(key, max_age)` returns the data while it is younger than max_age; a ttl stored with `set`
wins over the reader's max_age; max_age=None never expires. Unknown keyword arguments are accepted
because plugins pass some (`set(..., max_age=...)`).
"""

import json
import os
import re
import tempfile
import threading
import time

DEFAULT_MAX_AGE = 300
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class CacheManager:
    def __init__(self, cache_dir: str, config_manager=None, clock=time.time):
        self.cache_dir = cache_dir
        self.config_manager = config_manager
        self._clock = clock
        self._memory = {}
        self._lock = threading.RLock()
        os.makedirs(cache_dir, exist_ok=True)

    def get(self, key, max_age=DEFAULT_MAX_AGE, memory_ttl=None, **_):
        """The data stored under key while fresh, else None (a corrupt file is removed)."""
        with self._lock:
            record = None if memory_ttl == 0 else self._memory.get(key)
            if record is None:
                record = self._read(key)
                if record is not None:
                    self._memory[key] = record
            if record is None or not self._fresh(record, max_age):
                return None
            return record.get("data")

    def set(self, key, data, ttl=None, **_):
        record = {"data": data, "timestamp": self._clock()}
        if ttl is not None:
            record["ttl"] = ttl
        with self._lock:
            self._memory[key] = record
            self._write(key, record)

    def delete(self, key):
        with self._lock:
            self._memory.pop(key, None)
            try:
                os.remove(self._path(key))
            except FileNotFoundError:
                pass

    def clear_cache(self, key=None):
        if key is not None:
            self.delete(key)
            return
        with self._lock:
            for name in self.list_cache_files():
                self.delete(name[: -len(".json")])
            self._memory.clear()

    def clear(self):
        self.clear_cache()

    def get_cache_dir(self) -> str:
        return self.cache_dir

    def list_cache_files(self) -> list:
        return sorted(n for n in os.listdir(self.cache_dir) if n.endswith(".json"))

    # LEDMatrix's older names and strategy helpers, which all read the same records.
    def get_cached_data(self, key, max_age=DEFAULT_MAX_AGE, memory_ttl=None, **_):
        return self.get(key, max_age=max_age, memory_ttl=memory_ttl)

    def save_cache(self, key, data, **kw):
        self.set(key, data, **kw)

    def load_cache(self, key, **_):
        return self.get(key, max_age=3600)

    def get_cached_data_with_strategy(self, key, data_type="default", **_):
        return self.get(key, max_age=STRATEGY_MAX_AGE.get(data_type, DEFAULT_MAX_AGE))

    def get_with_auto_strategy(self, key, **_):
        kind = next((k for k in STRATEGY_MAX_AGE if k in str(key)), "default")
        return self.get_cached_data_with_strategy(key, kind)

    def get_background_cached_data(self, key, sport_key=None, **_):
        return self.get(key, max_age=self.get_sport_live_interval(sport_key))

    def get_sport_live_interval(self, sport_key=None, **_) -> int:
        return 30

    def _fresh(self, record, max_age) -> bool:
        limit = record.get("ttl", max_age)
        if limit is None:
            return True
        try:
            return self._clock() - float(record.get("timestamp", 0)) <= float(limit)
        except (TypeError, ValueError):
            return False

    def _path(self, key) -> str:
        return os.path.join(self.cache_dir, _UNSAFE.sub("_", str(key)) + ".json")

    def _read(self, key):
        path = self._path(key)
        try:
            with open(path, encoding="utf-8") as f:
                record = json.load(f)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            _remove(path)
            return None
        return record if isinstance(record, dict) and "data" in record else None

    def _write(self, key, record):
        """Atomic replace, so a reader (or a restart) sees the old or the new record, never half."""
        text = json.dumps(record, separators=(",", ":"), default=str)
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, self._path(key))
        except BaseException:
            _remove(tmp)
            raise


STRATEGY_MAX_AGE = {
    "live": 30,
    "odds": 1800,
    "weather": 1800,
    "news": 3600,
    "stocks": 600,
    "upcoming": 3600,
    "default": DEFAULT_MAX_AGE,
}


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass
