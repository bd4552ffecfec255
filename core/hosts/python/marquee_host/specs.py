"""The fields of init and load requests, checked: a bad one is refused naming the field, what was
expected and what came."""

import os

from marquee_host import errors
from marquee_host.errors import HostError


def panel_size(panel: dict, key: str) -> int:
    value = panel.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4096:
        raise HostError(errors.BAD_REQUEST, f"panel.{key} must be an integer from 1 to 4096, got {value!r}")
    return value


def plugin_spec(req: dict) -> dict:
    plugin = req.get("plugin")
    if not isinstance(plugin, dict):
        raise HostError(errors.BAD_REQUEST, f"load needs plugin as an object, got {type(plugin).__name__}")
    spec = _paths(plugin, "plugin")
    manifest = plugin.get("manifest")
    if not isinstance(manifest, dict) or not isinstance(manifest.get("class_name"), str):
        raise HostError(errors.LOAD_FAILED, "plugin.manifest must be an object with a class_name string")
    entry = plugin.get("entry") or manifest.get("entry_point") or "manager.py"
    entry_path = os.path.realpath(os.path.join(spec["dir"], str(entry)))
    if not entry_path.startswith(spec["dir"] + os.sep) or not os.path.isfile(entry_path):
        raise HostError(errors.LOAD_FAILED, f"entry {entry!r} is not a file inside {spec['dir']}")
    # Kept relative: the module is imported from the copy of the folder in the plugin's root (root.py).
    spec.update(entry=os.path.relpath(entry_path, spec["dir"]), manifest=manifest, class_name=manifest["class_name"], link=None)
    return spec


def _paths(plugin: dict, where: str) -> dict:
    pid, directory, data_dir = plugin.get("id"), plugin.get("dir"), plugin.get("data_dir")
    if not isinstance(pid, str) or not pid or "/" in pid or pid.startswith("."):
        raise HostError(errors.BAD_REQUEST, f"{where}.id must be a plugin id, got {pid!r}")
    for name, value in (("dir", directory), ("data_dir", data_dir)):
        if not isinstance(value, str) or not os.path.isabs(value):
            raise HostError(errors.BAD_REQUEST, f"{where}.{name} must be an absolute path, got {value!r}")
    directory = os.path.realpath(directory)
    if not os.path.isdir(directory):
        raise HostError(errors.LOAD_FAILED, f"{where}.dir {directory} is not a folder")
    venv = plugin.get("venv")
    return {"id": pid, "dir": directory, "data_dir": os.path.realpath(data_dir), "venv_paths": _site_packages(venv)}


def _site_packages(venv) -> list:
    if not isinstance(venv, str) or not os.path.isdir(venv):
        return []
    lib = os.path.join(venv, "lib")
    return [os.path.join(lib, d, "site-packages") for d in sorted(os.listdir(lib)) if d.startswith("python")]


def expected_plugins(value) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise HostError(errors.BAD_REQUEST, "init.plugins must be a list of {id, dir, data_dir}")
    return [_paths(p, "init.plugins[]") if isinstance(p, dict) else _paths({}, "init.plugins[]") for p in value]
