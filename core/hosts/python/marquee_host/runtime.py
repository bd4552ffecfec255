"""The host's state after `init`: the compat root, the shared managers and the loaded plugins."""

import logging
import os
import platform
import sys
import tempfile
import threading
import time
import traceback

from marquee_host import errors, landlock
from marquee_host.confinement import Confinement
from marquee_host.clock import follow_renders, freeze_module, render_now
from marquee_host.errors import HostError
from marquee_host.loader import ImportRouter, PluginModules
from marquee_host.plugin import LoadedPlugin, merged_config
from marquee_host.root import PROJECT_ROOT, own_folder, plugin_root
from marquee_host.fonts import font_table
from marquee_host.specs import expected_plugins, panel_size, plugin_spec

PROTOCOL_VERSION = 1
UPDATE_WAIT_S = 0.25  # how long an update waits for a display() call to end before it answers busy
log = logging.getLogger("marquee_host")


class Runtime:
    def __init__(self, channel, init: dict, grants=None, clock_from_render=False):
        if init.get("protocol") != PROTOCOL_VERSION:
            raise HostError(errors.BAD_REQUEST, f"protocol {init.get('protocol')!r} is not {PROTOCOL_VERSION}")
        panel = init.get("panel") or {}
        self.width, self.height = panel_size(panel, "width"), panel_size(panel, "height")
        self.channel = channel
        self.freeze_ms = init.get("freeze_time_ms")
        self.clock_from_render = clock_from_render
        self.grants = grants
        self.expected = expected_plugins(init.get("plugins"))
        self.panel, self.facts = panel, init.get("facts") or {}
        self.root = None
        self.router = ImportRouter()
        self.plugins = {}
        self.confined = None
        self._lock = threading.Lock()

    def describe(self) -> dict:
        return {
            "runtime": "python",
            "runtime_version": platform.python_version(),
            "pid": os.getpid(),
            "landlock_abi": landlock.abi_version(),
            "fonts": sorted(font_table(PROJECT_ROOT)),
        }

    def _enter_root(self, root: str) -> None:
        """Moves into the first plugin's core-shaped root and builds the managers every plugin shares."""
        self.root = root
        os.chdir(self.root)
        sys.path[:] = [self.root] + [p for p in sys.path if p not in ("", self.root)]
        sys.dont_write_bytecode = True
        # Imported only now, through the root, so that src.__file__ lies inside it.
        from src.config_manager import ConfigManager, device_config_from
        from src.font_manager import FontManager
        from src.plugin_system.plugin_manager import PluginManager

        self.config_manager = ConfigManager(device_config_from(self.panel, self.facts))
        self.font_manager = FontManager(os.path.join(self.root, "assets", "fonts"))
        self.plugin_manager = PluginManager(self.config_manager, self.font_manager)
        self.router.install()

    # load: checked and confined on the reading thread, then imported on the request's thread.
    def prepare_load(self, req: dict) -> dict:
        spec = plugin_spec(req)
        self._check_grants(spec)
        if spec["id"] in self.plugins:
            raise HostError(errors.BAD_REQUEST, f"plugin {spec['id']} is already loaded")
        if self.confined is not None and not self.confined.covers(spec):
            raise HostError(errors.CONFINED, f"this host is confined to other plugins' folders; start a new host for {spec['id']}")
        os.makedirs(spec["data_dir"], exist_ok=True)
        root = plugin_root(spec)
        if self.confined is None:
            self._confine(spec, root)
        spec["link"] = own_folder(root, spec)
        return spec

    def _check_grants(self, spec: dict) -> None:
        """A load outside what the display granted at start is refused before any import."""
        if self.grants is None:
            return
        if spec["dir"] not in self.grants["read"]:
            raise HostError(errors.CONFINED, f"{spec['dir']} is not a folder this host was granted (--read)")
        if spec["data_dir"] not in self.grants["write"]:
            raise HostError(errors.CONFINED, f"{spec['data_dir']} is not a data folder this host was granted (--write)")

    def _confine(self, first: dict, root: str) -> None:
        plugins = [first, *(p for p in self.expected if p["id"] != first["id"])]
        confinement = Confinement(plugins)
        self._enter_root(root)
        confinement.apply(self.root)
        self.confined = confinement

    def load(self, req: dict, spec: dict) -> dict:
        try:
            return self._load(req, spec)
        except HostError:
            raise
        except Exception as e:
            raise HostError(errors.LOAD_FAILED, f"{spec['id']} failed to start: {type(e).__name__}: {e}", traceback.format_exc()) from e

    def _load(self, req: dict, spec: dict) -> dict:
        from src.cache_manager import CacheManager
        from src.display_manager import DisplayManager

        # Temporary files and anything a library keeps under ~ go to the plugin's data folder,
        # the one place it may write.
        os.environ["TMPDIR"] = tempfile.tempdir = os.path.join(spec["data_dir"], "tmp")
        os.environ["HOME"] = spec["data_dir"]
        for path in spec["venv_paths"]:
            if path not in sys.path:
                sys.path.append(path)
        manifest = spec["manifest"]
        modules = PluginModules(spec["id"], spec["link"])
        holder = {}
        dm = DisplayManager(self.width, self.height, self.font_manager, lambda rgb: self._frame(holder.get("p"), rgb))
        cache = CacheManager(os.path.join(spec["data_dir"], "cache"), self.config_manager)
        self.plugin_manager.plugin_manifests[spec["id"]] = manifest
        self.router.add(modules)
        try:
            instance = self._construct(spec, modules, dm, cache, req.get("config"))
        except BaseException:
            self.router.remove(modules)
            modules.forget()
            self.plugin_manager.plugin_manifests.pop(spec["id"], None)
            raise
        plugin = LoadedPlugin(spec["id"], instance, manifest, dm, modules, spec["data_dir"])
        holder["p"] = plugin
        with self._lock:
            self.plugins[spec["id"]] = plugin
        self.plugin_manager.plugins[spec["id"]] = instance
        return plugin.describe()

    def _construct(self, spec, modules, dm, cache, config):
        try:
            module = modules.load_entry(os.path.join(spec["link"], spec["entry"]))
        except Exception as e:
            message = f"{spec['entry']} could not be imported: {type(e).__name__}: {e}"
            raise HostError(errors.LOAD_FAILED, message, traceback.format_exc()) from e
        cls = getattr(module, spec["class_name"], None)
        if not isinstance(cls, type):
            raise HostError(errors.LOAD_FAILED, f"{spec['entry']} has no class {spec['class_name']} (the manifest's class_name)")
        if self.freeze_ms is not None:
            freeze_module(module, float(self.freeze_ms))
        elif self.clock_from_render:
            follow_renders(module)
        settings = merged_config(spec["dir"], config if isinstance(config, dict) else {})
        instance = cls(plugin_id=spec["id"], config=settings, display_manager=dm, cache_manager=cache, plugin_manager=self.plugin_manager)
        if instance.validate_config() is False:
            raise HostError(errors.CONFIG_INVALID, f"{spec['id']} refused its settings (validate_config returned False)")
        instance.on_enable()
        return instance

    def _frame(self, plugin, rgb: bytes) -> None:
        """A push from update_display(): sent when a render is running, kept as the canvas otherwise."""
        render_id = plugin.render_id if plugin is not None else None
        if render_id is None:
            return
        header = {"t": "frame", "id": render_id, "plugin_id": plugin.id, "width": self.width, "height": self.height}
        header["mono_ns"] = str(time.monotonic_ns())
        self.channel.send(header, rgb)

    def plugin(self, req: dict) -> LoadedPlugin:
        plugin = self.plugins.get(req.get("plugin_id"))
        if plugin is None:
            raise HostError(errors.NOT_LOADED, f"plugin {req.get('plugin_id')!r} is not loaded in this host")
        return plugin

    def update(self, req: dict) -> dict:
        plugin = self.plugin(req)
        # LEDMatrix's loop runs update() between two display() calls. A display() that scrolls
        # for seconds inside one call holds the lock: the update waits a little (the next call
        # waits for it), and otherwise answers busy, to be asked again soon.
        with plugin.update_waiting():
            if not plugin.lock.acquire(timeout=UPDATE_WAIT_S):
                return {"busy": True, **self._status(plugin)}
        try:
            plugin.instance.update()
        finally:
            plugin.lock.release()
        return self._status(plugin)

    def render(self, req: dict) -> dict:
        plugin = self.plugin(req)
        if plugin.update_wanted() or not plugin.lock.acquire(blocking=False):
            # update() is running or next: LEDMatrix keeps the last frame and counts it as shown.
            return {"shown": True, "busy": True, "next_in_ms": plugin.next_in_ms(), **self._status(plugin)}
        now = req.get("now")
        token = render_now.set(now / 1000.0 if isinstance(now, (int, float)) and self.clock_from_render else None)
        try:
            plugin.render_id = req.get("id")
            result = plugin.instance.display(**plugin.display_kwargs(req.get("mode"), req.get("force_clear")))
        finally:
            plugin.render_id = None
            plugin.lock.release()
            render_now.reset(token)
        return {"shown": result is not False, "next_in_ms": plugin.next_in_ms(), **self._status(plugin)}

    def configure(self, req: dict) -> dict:
        plugin = self.plugin(req)
        config = req.get("config")
        if not isinstance(config, dict):
            raise HostError(errors.BAD_REQUEST, f"configure needs config as an object, got {type(config).__name__}")
        with plugin.lock:
            plugin.instance.on_config_change(config)
        # New settings may change live priority at once (LEDMatrix looks at it every loop).
        return {**plugin.describe(), **self._status(plugin)}

    def action(self, req: dict) -> dict:
        from marquee_host.actions import run_action

        plugin = self.plugin(req)
        return {"result": run_action(plugin, req.get("action"), req.get("params") or {})}

    def unload(self, req: dict) -> dict:
        plugin = self.plugin(req)
        with self._lock:
            self.plugins.pop(plugin.id, None)
        try:
            with plugin.lock:
                plugin.instance.cleanup()
                plugin.instance.on_disable()
        finally:
            self.router.remove(plugin.modules)
            plugin.modules.forget()
            self.plugin_manager.plugins.pop(plugin.id, None)
            self.plugin_manager.plugin_manifests.pop(plugin.id, None)
        return {}

    def unload_all(self) -> None:
        for plugin_id in list(self.plugins):
            try:
                self.unload({"plugin_id": plugin_id})
            except Exception:
                log.exception("%s failed to clean up", plugin_id)

    def _status(self, plugin: LoadedPlugin) -> dict:
        """Live content and the cycle's end, with every reply; a change of live also as a `live` message."""
        status = plugin.status()
        status["live"] = status["live"] or self.plugin_manager.wants_priority(plugin.id)
        if plugin.swap_live(status["live"]):
            self.channel.send({"t": "live", "plugin_id": plugin.id, "value": status["live"]})
        return status
