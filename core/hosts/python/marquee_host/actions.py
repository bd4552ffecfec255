"""The `action` requests a LEDMatrix plugin answers: the hooks of its API the display may ask for,
and the `web_ui_actions` its manifest declares.

A declared action is asked for as `web_ui:<id>`. LEDMatrix ran such an action as a script of the
plugin in a shell of its web service; here it is a method of the plugin's instance, called inside
its confined host: the entry's `method`, else the id with every character that is not a letter or
digit turned into `_`. The method receives the request's params (a dict) and its return value is
the result; it runs under the plugin's lock, so never at the same time as update() or display().
"""

from marquee_host import errors
from marquee_host.errors import HostError

WEB_UI = "web_ui:"
BUILT_IN = "info, reset_cycle, cycle_duration, live_modes, enable, disable"


def run_action(plugin, action, params: dict):
    if isinstance(action, str) and action.startswith(WEB_UI):
        return _web_ui_action(plugin, action[len(WEB_UI) :], params)
    p = plugin.instance
    if action == "info":
        return p.get_info()
    if action == "reset_cycle":
        with plugin.lock:
            p.reset_cycle_state()
        return None
    if action == "cycle_duration":
        fn = getattr(p, "get_cycle_duration", None)
        return fn(display_mode=params.get("mode")) if callable(fn) else None
    if action == "live_modes":
        return [m for m in p.get_live_modes() if m in plugin.modes()]
    if action in ("enable", "disable"):
        with plugin.lock:
            p.on_enable() if action == "enable" else p.on_disable()
        return None
    raise HostError(errors.UNKNOWN_ACTION, f"action {action!r} is not one of {BUILT_IN}, or web_ui:<id>")


def declared(manifest: dict, action_id: str):
    """The manifest's web_ui_actions entry with this id, or None."""
    entries = manifest.get("web_ui_actions")
    if not isinstance(entries, list):
        return None
    return next((e for e in entries if isinstance(e, dict) and e.get("id") == action_id), None)


def method_name(entry: dict) -> str:
    method = entry.get("method")
    if isinstance(method, str) and method:
        return method
    return "".join(c if c.isalnum() else "_" for c in str(entry.get("id")))


def _web_ui_action(plugin, action_id: str, params: dict):
    entry = declared(plugin.manifest, action_id)
    if entry is None:
        raise HostError(errors.UNKNOWN_ACTION, f"{plugin.id} declares no web_ui_actions entry {action_id!r}")
    name = method_name(entry)
    fn = getattr(plugin.instance, name, None) if not name.startswith("_") else None
    if not callable(fn):
        raise HostError(errors.UNKNOWN_ACTION, f"{plugin.id} has no method {name!r} for its action {action_id!r}")
    with plugin.lock:
        return fn(params)
