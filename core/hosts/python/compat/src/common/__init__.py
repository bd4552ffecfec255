"""LEDMatrix's shared helpers for plugins (src.common): ScrollHelper so far."""

from src.common.scroll_helper import ScrollHelper

__all__ = ["ScrollHelper"]
