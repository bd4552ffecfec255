"""LEDMatrix's logging helper: named loggers under the plugin's tag."""

import logging


def get_logger(name: str, plugin_id: str | None = None, **_) -> logging.Logger:
    return logging.getLogger(f"plugin.{plugin_id}.{name}" if plugin_id else name)


def setup_logging(*_args, **_kwargs) -> None:
    """Logging is set up by the host (every record becomes a log message); nothing to do."""
