"""What plugins read of LEDMatrix's PluginManager: the device config, fonts, manifests, priority."""

import threading


class PluginManager:
    def __init__(self, config_manager, font_manager):
        self.config_manager = config_manager
        self.font_manager = font_manager
        self.plugin_manifests = {}
        self.plugins = {}
        self._priority = set()
        self._lock = threading.Lock()

    def get_plugin(self, plugin_id):
        return self.plugins.get(plugin_id)

    def get_all_plugins(self) -> dict:
        return dict(self.plugins)

    def get_plugin_info(self, plugin_id):
        return self.plugin_manifests.get(plugin_id)

    # A plugin asking to be shown now (music did): reported to the display as live content.
    def set_priority_mode(self, plugin_id, *_args, **_kwargs):
        with self._lock:
            self._priority.add(plugin_id)

    def clear_priority_mode(self, plugin_id=None, *_args, **_kwargs):
        with self._lock:
            if plugin_id is None:
                self._priority.clear()
            else:
                self._priority.discard(plugin_id)

    def wants_priority(self, plugin_id) -> bool:
        return plugin_id in self._priority
