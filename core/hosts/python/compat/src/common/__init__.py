"""LEDMatrix's shared helpers for plugins (src.common)."""

from src.common.scroll_helper import ScrollHelper
from src.common.text_helper import TextHelper

__all__ = ["ScrollHelper", "TextHelper"]
