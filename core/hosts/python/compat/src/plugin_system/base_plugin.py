"""LEDMatrix's BasePlugin: the class every plugin derives from, with its lifecycle and defaults.

The defaults are LEDMatrix's: the display duration chain (attribute, then config, then 15 s),
dynamic duration from `config.dynamic_duration`, live priority from `config.live_priority`, live
modes from the manifest, and `on_config_change` replacing `self.config`. The adaptive layout
helpers (`self.layout`, `draw_fit`, `draw_image`) are in adaptive.py.
"""

import logging
from abc import ABC, abstractmethod
from enum import Enum

from src.plugin_system.adaptive import AdaptiveLayoutMixin

API_VERSION = "1.0.0"
DEFAULT_DURATION_S = 15.0
DEFAULT_DYNAMIC_CAP_S = 180.0


class VegasDisplayMode(Enum):
    """How a plugin's content moves in Vegas mode (continuous scroll), which plugins import by name."""

    SCROLL = "scroll"
    FIXED_SEGMENT = "fixed"
    STATIC = "static"


class BasePlugin(AdaptiveLayoutMixin, ABC):
    API_VERSION = API_VERSION

    def __init__(self, plugin_id, config, display_manager, cache_manager, plugin_manager):
        self.plugin_id = plugin_id
        self.config = config if config is not None else {}
        self.display_manager = display_manager
        self.cache_manager = cache_manager
        self.plugin_manager = plugin_manager
        self.logger = logging.getLogger(f"plugin.{plugin_id}")
        self.enabled = self.config.get("enabled", True)
        self._global_config = None

    @abstractmethod
    def update(self):
        """Fetches what the plugin shows; called on its update interval, off the render path."""

    @abstractmethod
    def display(self, force_clear=False):
        """Draws on display_manager.image and calls update_display(); False means nothing to show."""

    # Device config: plugins read it, and some assign their own copy.
    @property
    def global_config(self) -> dict:
        if self._global_config is not None:
            return self._global_config
        for owner in (self.plugin_manager, self.cache_manager):
            manager = getattr(owner, "config_manager", None)
            if manager is not None:
                return manager.load_config()
        return {}

    @global_config.setter
    def global_config(self, value):
        self._global_config = value

    # Lifecycle.
    def validate_config(self) -> bool:
        return True

    def on_enable(self):
        self.enabled = True

    def on_disable(self):
        self.enabled = False

    def cleanup(self):
        pass

    def on_config_change(self, new_config):
        self.config = new_config if new_config is not None else {}
        self.enabled = self.config.get("enabled", self.enabled)

    def get_info(self) -> dict:
        return {
            "id": self.plugin_id,
            "enabled": self.enabled,
            "display_duration": self.get_display_duration(),
            "api_version": self.API_VERSION,
        }

    # Durations.
    def get_display_duration(self) -> float:
        for value in (getattr(self, "display_duration", None), self.config.get("display_duration")):
            seconds = _positive(value)
            if seconds is not None:
                return seconds
        return DEFAULT_DURATION_S

    def supports_dynamic_duration(self) -> bool:
        dynamic = self.config.get("dynamic_duration")
        return isinstance(dynamic, dict) and bool(dynamic.get("enabled"))

    def get_dynamic_duration_cap(self) -> float:
        own = _positive((self.config.get("dynamic_duration") or {}).get("max_duration_seconds"))
        display = self.global_config.get("display") or {}
        device = _positive((display.get("dynamic_duration") or {}).get("max_duration_seconds"))
        caps = [c for c in (own, device) if c is not None]
        return min(caps) if caps else DEFAULT_DYNAMIC_CAP_S

    def is_cycle_complete(self) -> bool:
        return True

    def reset_cycle_state(self):
        pass

    # Live priority.
    def has_live_priority(self) -> bool:
        return bool(self.config.get("live_priority", False))

    def has_live_content(self) -> bool:
        return False

    def get_live_modes(self) -> list:
        manifest = (getattr(self.plugin_manager, "plugin_manifests", None) or {}).get(self.plugin_id) or {}
        return list(manifest.get("display_modes") or [self.plugin_id])

    # Vegas (continuous scroll) hooks: Marquee does not run Vegas yet; these answer as LEDMatrix does.
    def get_vegas_content(self):
        return None

    def get_vegas_content_type(self) -> str:
        return "multi"

    def get_vegas_display_mode(self) -> str:
        return self.config.get("vegas_mode") or "scroll"

    def get_supported_vegas_modes(self) -> list:
        return ["scroll", "fixed", "static"]

    def get_vegas_segment_width(self):
        count = self.config.get("vegas_panel_count")
        width = getattr(self.display_manager, "width", None)
        return int(count) * width if isinstance(count, int) and count > 0 and width else None

    def get_vegas_render_width(self):
        return getattr(self.display_manager, "width", None)

    def get_vegas_priority_weight(self) -> int:
        return 1


def _positive(value):
    """A positive number or numeric string as float, else None (booleans are not durations)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds > 0 else None
