"""Where plugin output goes: logging records become `log` messages, print() stays on stdout.

The display reads the host's stdout and stderr as log lines, so a print() can never corrupt the
channel. Records are tagged with the plugin whose call is running on the thread (or whose logger
name they carry), so the display can attribute them.
"""

import contextlib
import contextvars
import logging
import sys
import time

current_plugin = contextvars.ContextVar("current_plugin", default=None)

LEVELS = ((logging.ERROR, "error"), (logging.WARNING, "warn"), (logging.INFO, "info"))


@contextlib.contextmanager
def plugin_context(plugin_id: str):
    token = current_plugin.set(plugin_id)
    try:
        yield
    finally:
        current_plugin.reset(token)


class ChannelLogHandler(logging.Handler):
    """Sends records as `log` messages, at most BURST at once and RATE a second per plugin: plugins
    that log every frame would otherwise spend the board's CPU on their own chatter."""

    BURST, RATE = 20, 5.0

    def __init__(self, channel, clock=time.monotonic):
        super().__init__(logging.DEBUG)
        self._channel = channel
        self._clock = clock
        self._budgets = {}

    def emit(self, record: logging.LogRecord) -> None:
        try:
            plugin_id = current_plugin.get() or _plugin_of(record.name)
            dropped = self._spend(plugin_id)
            if dropped is None:
                return
            message = self.format(record)[:8192]
            if dropped:
                message = f"({dropped} earlier log lines dropped) {message}"
            header = {"t": "log", "level": _level(record.levelno), "message": message}
            if plugin_id:
                header["plugin_id"] = plugin_id
            self._channel.send(header)
        except Exception:  # a log line must never take a plugin call down with it
            self.handleError(record)

    def _spend(self, key):
        """None when over budget, else how many lines were dropped since the last one sent."""
        with self.lock:
            now = self._clock()
            tokens, at, dropped = self._budgets.get(key, (self.BURST, now, 0))
            tokens = min(self.BURST, tokens + (now - at) * self.RATE)
            if tokens < 1:
                self._budgets[key] = (tokens, now, dropped + 1)
                return None
            self._budgets[key] = (tokens - 1, now, 0)
            return dropped


def install(channel, level: int = logging.INFO) -> None:
    sys.stdout.reconfigure(line_buffering=True)
    handler = ChannelLogHandler(channel)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _level(levelno: int) -> str:
    return next((name for threshold, name in LEVELS if levelno >= threshold), "debug")


def _plugin_of(logger_name: str):
    """BasePlugin's logger is plugin.<id>; anything else cannot be attributed."""
    if logger_name.startswith("plugin."):
        return logger_name.split(".", 2)[1]
    return None
