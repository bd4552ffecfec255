"""The `action` requests a LEDMatrix plugin answers: the hooks of its API the display may ask for."""

from marquee_host import errors
from marquee_host.errors import HostError


def run_action(plugin, action, params: dict):
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
    raise HostError(errors.UNKNOWN_ACTION, f"action {action!r} is not one of info, reset_cycle, cycle_duration, live_modes, enable, disable")
