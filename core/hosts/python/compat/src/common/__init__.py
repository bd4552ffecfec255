"""LEDMatrix's shared helpers for plugins (src.common)."""

from src.common.api_helper import APIHelper
from src.common.logo_helper import LogoHelper
from src.common.scroll_helper import ScrollHelper
from src.common.text_helper import TextHelper

__all__ = ["APIHelper", "LogoHelper", "ScrollHelper", "TextHelper"]
