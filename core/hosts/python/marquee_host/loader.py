"""Imports a plugin's code so that plugins' generic module names never collide.

The entry module is `plugin_<id>`; each of the plugin's own top-level modules (utils.py, a
renderer/ package, a local config_manager.py, ...) is loaded as `_plg_<id>_<name>`. An import
statement executed in any of those modules is routed by a wrapper around `__import__`: a bare
name the plugin ships resolves to the plugin's copy, whenever the import runs (at load or inside
a method later); every other name goes to Python's import as usual. No plugin folder is put on
sys.path, so one plugin's `utils` is never another's.
"""

import builtins
import importlib
import importlib.util
import os
import sys
import threading


class PluginModules:
    """The modules of one plugin and the names they are known by."""

    def __init__(self, plugin_id: str, directory: str):
        safe = "".join(c if c.isalnum() else "_" for c in plugin_id)
        self.directory = directory
        self.entry_name = f"plugin_{safe}"
        self.prefix = f"_plg_{safe}_"
        self.local = _local_names(directory)
        self._lock = threading.RLock()

    def owns(self, module_name: str) -> bool:
        return module_name == self.entry_name or module_name.startswith(self.prefix)

    def load_entry(self, entry_file: str):
        spec = importlib.util.spec_from_file_location(self.entry_name, entry_file)
        return self._exec(spec)

    def import_local(self, name: str, fromlist):
        """What `import name` / `from name import ...` gives inside this plugin."""
        top, _, rest = name.partition(".")
        with self._lock:
            module = sys.modules.get(self.prefix + top) or self._load_top(top)
        if rest:
            leaf = importlib.import_module(self.prefix + name)
            return leaf if fromlist else module
        return module

    def forget(self) -> None:
        for name in [n for n in sys.modules if self.owns(n.partition(".")[0])]:
            del sys.modules[name]

    def _load_top(self, top: str):
        package = os.path.join(self.directory, top)
        if os.path.isfile(os.path.join(package, "__init__.py")):
            spec = importlib.util.spec_from_file_location(
                self.prefix + top, os.path.join(package, "__init__.py"), submodule_search_locations=[package]
            )
        else:
            spec = importlib.util.spec_from_file_location(self.prefix + top, os.path.join(self.directory, top + ".py"))
        return self._exec(spec)

    def _exec(self, spec):
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)
            raise
        return module


class ImportRouter:
    """The `__import__` wrapper: routes a plugin's bare imports of its own modules to its copies."""

    def __init__(self):
        self._plugins = []
        self._original = builtins.__import__

    def install(self) -> None:
        builtins.__import__ = self

    def add(self, modules: PluginModules) -> None:
        self._plugins = [*self._plugins, modules]

    def remove(self, modules: PluginModules) -> None:
        self._plugins = [m for m in self._plugins if m is not modules]

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and globals and self._plugins:
            importer = str(globals.get("__name__") or "").partition(".")[0]
            for modules in self._plugins:
                if modules.owns(importer) and name.partition(".")[0] in modules.local:
                    return modules.import_local(name, fromlist)
        return self._original(name, globals, locals, fromlist, level)


def _local_names(directory: str) -> frozenset:
    names = set()
    for entry in os.listdir(directory):
        path = os.path.join(directory, entry)
        if entry.endswith(".py") and entry != "__init__.py":
            names.add(entry[:-3])
        elif os.path.isfile(os.path.join(path, "__init__.py")):
            names.add(entry)
    return frozenset(n for n in names if n.isidentifier())
