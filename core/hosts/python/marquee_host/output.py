"""Where plugin output goes: logging records become `log` messages, print() stays on stdout.

The display reads the host's stdout and stderr as log lines, so a print() can never corrupt the
channel. Records are tagged with the plugin whose call is running on the thread (or whose logger
name they carry), so the display can attribute them.
"""

import contextlib
import contextvars
import logging
import sys

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
    def __init__(self, channel):
        super().__init__(logging.DEBUG)
        self._channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            header = {"t": "log", "level": _level(record.levelno), "message": message[:8192]}
            plugin_id = current_plugin.get() or _plugin_of(record.name)
            if plugin_id:
                header["plugin_id"] = plugin_id
            self._channel.send(header)
        except Exception:  # a log line must never take a plugin call down with it
            self.handleError(record)


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
