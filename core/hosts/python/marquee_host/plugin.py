"""One loaded LEDMatrix plugin: its instance, its canvas, and how LEDMatrix's loop would drive it."""

import contextlib
import inspect
import json
import os
import threading

HIGH_FPS_NEXT_MS = 8  # LEDMatrix's high-FPS loop: display(), then an 8 ms sleep
NORMAL_NEXT_MS = 1000  # its normal loop: display() about once a second
HIGH_FPS = 125
DEFAULT_UPDATE_INTERVAL_S = 60


class LoadedPlugin:
    def __init__(self, plugin_id, instance, manifest, display_manager, modules, data_dir):
        self.id = plugin_id
        self.instance = instance
        self.manifest = manifest
        self.display_manager = display_manager
        self.modules = modules
        self.data_dir = data_dir
        # update() and display() never run at once: LEDMatrix guards them with one lock, and a
        # render that finds update() running keeps the panel's last frame.
        self.lock = threading.Lock()
        self._updates_waiting = 0
        self.render_id = None
        self.live = False
        self._live_lock = threading.Lock()
        self.takes_display_mode = _accepts(instance.display, "display_mode")

    @contextlib.contextmanager
    def update_waiting(self):
        """While an update waits for the lock, no new display() call begins (update_wanted)."""
        with self._live_lock:
            self._updates_waiting += 1
        try:
            yield
        finally:
            with self._live_lock:
                self._updates_waiting -= 1

    def update_wanted(self) -> bool:
        return self._updates_waiting > 0

    def high_fps(self) -> bool:
        """LEDMatrix's rule: needs_high_fps when the plugin says, else static-image and scrollers."""
        needs = getattr(self.instance, "needs_high_fps", None)
        if needs is not None:
            return bool(needs)
        return self.id == "static-image" or bool(getattr(self.instance, "enable_scrolling", False))

    def next_in_ms(self) -> int:
        return HIGH_FPS_NEXT_MS if self.high_fps() else NORMAL_NEXT_MS

    def modes(self) -> list:
        modes = getattr(self.instance, "modes", None)
        if isinstance(modes, (list, tuple)) and modes:
            return [str(m) for m in modes]
        return list(self.manifest.get("display_modes") or [self.id])

    def update_interval_s(self) -> float:
        own = getattr(self.instance, "get_update_interval", None)
        for value in (own() if callable(own) else None, self.manifest.get("update_interval"), self.instance.config.get("update_interval")):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
                return float(value)
        return float(DEFAULT_UPDATE_INTERVAL_S)

    def describe(self) -> dict:
        """The load reply: what the display needs to schedule this plugin as LEDMatrix would."""
        p = self.instance
        return {
            "modes": self.modes(),
            "fps": HIGH_FPS if self.high_fps() else 1,
            "durations": {
                "display_s": p.get_display_duration(),
                "dynamic": bool(p.supports_dynamic_duration()),
                "dynamic_cap_s": p.get_dynamic_duration_cap() if p.supports_dynamic_duration() else None,
            },
            "update_interval_s": self.update_interval_s(),
            "live_priority": bool(p.has_live_priority()),
            # Every LEDMatrix plugin has update() and a live-content check (BasePlugin's, at least).
            "has_update": True,
            "has_live": True,
        }

    def swap_live(self, value: bool) -> bool:
        """Records the plugin's live flag; True when it changed (renders and updates run on two threads)."""
        with self._live_lock:
            changed, self.live = self.live != value, value
        return changed

    def status(self) -> dict:
        """Reported with every render and update: live content and the dynamic cycle's end."""
        p = self.instance
        live = bool(p.has_live_priority()) and bool(p.has_live_content())
        return {"live": live, "cycle_complete": bool(_safe(p.is_cycle_complete, True))}

    def display_kwargs(self, mode, force_clear: bool) -> dict:
        kwargs = {"force_clear": bool(force_clear)}
        if self.takes_display_mode and mode:
            kwargs["display_mode"] = mode
        return kwargs


def merged_config(plugin_dir: str, config: dict) -> dict:
    """The config section over config_schema.json's defaults, as LEDMatrix builds it at load."""
    try:
        with open(os.path.join(plugin_dir, "config_schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError):
        return dict(config)
    return _with_defaults(schema, config)


def _with_defaults(schema, value):
    if not isinstance(schema, dict) or not isinstance(value, dict):
        return value
    out = dict(value)
    for key, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        if key not in out and "default" in sub:
            out[key] = json.loads(json.dumps(sub["default"]))
        if sub.get("type") == "object" and (key in out or "properties" in sub):
            out[key] = _with_defaults(sub, out.get(key, {}))
    return out


def _accepts(fn, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def _safe(fn, default):
    """A status hook that raises means 'keep showing', as in LEDMatrix."""
    try:
        return fn()
    except Exception:
        return default
