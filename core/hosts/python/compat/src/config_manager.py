"""LEDMatrix's ConfigManager as plugins read it: the device's main settings, from memory.

The values come from the display (the `init` message's facts and panel), never from files, so a
plugin sees the time zone, location and panel size but no other plugin's settings or secrets.
`save_config` changes only this process's copy: Marquee's config is written by Marquee alone.
"""

import copy
import logging

log = logging.getLogger("config_manager")


class ConfigManager:
    def __init__(self, device_config: dict | None = None):
        self._config = copy.deepcopy(device_config or {})

    def load_config(self) -> dict:
        return copy.deepcopy(self._config)

    def get_config(self) -> dict:
        return self.load_config()

    def get_timezone(self) -> str:
        return self._config.get("timezone") or "UTC"

    def get_location(self) -> dict:
        return dict(self._config.get("location") or {})

    def get_display_config(self) -> dict:
        return copy.deepcopy(self._config.get("display") or {})

    def get_secret(self, key, default=None):
        return default

    def save_config(self, new_config: dict) -> bool:
        log.warning("a plugin asked to save the device configuration; Marquee keeps its own, nothing was written")
        self._config = copy.deepcopy(new_config)
        return False

    def update_device_config(self, device_config: dict):
        """Called by the host when the display sends new facts."""
        self._config = copy.deepcopy(device_config)


def device_config_from(panel: dict, facts: dict) -> dict:
    """The LEDMatrix-shaped main config a plugin may read, from the init message."""
    width, height = int(panel.get("width", 64)), int(panel.get("height", 32))
    config = {
        "timezone": facts.get("timezone") or "UTC",
        "location": dict(facts.get("location") or {}),
        "target_fps": 100,
        "display": {
            "hardware": {"rows": height, "cols": width, "chain_length": 1, "parallel": 1, "brightness": 100},
            "runtime": {},
        },
    }
    web = facts.get("web")
    if isinstance(web, dict):
        config["web"] = dict(web)
    return config
