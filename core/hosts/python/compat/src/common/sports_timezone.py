"""Which time zone a scoreboard draws start times in (LEDMatrix's src.common.sports_timezone).

The first valid name wins: the plugin's own `timezone` setting, the device's main config as the
plugin manager's config manager holds it, the same through the cache manager's, the host's zone,
then "UTC". A bare "UTC" in a plugin's settings is trusted only when nothing further down names
another zone, if the plugin says (`writeback_fixed_in`) that it once saved "UTC" there by mistake;
"Etc/UTC" always means UTC. Nothing here raises: it runs while a frame is drawn.
"""

import logging
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

_UTC_NAMES = ("utc", "etc/utc")


def system_timezone_name():
    """The host's zone name (TZ, /etc/timezone, the /etc/localtime link), or None."""
    name = os.environ.get("TZ")
    if name:
        return name
    try:
        with open("/etc/timezone", encoding="utf-8") as handle:
            name = handle.read().strip()
        if name:
            return name
    except OSError:
        pass
    target = os.path.realpath("/etc/localtime")
    marker = "zoneinfo" + os.sep
    return target.split(marker, 1)[1] if marker in target else None


def _valid(name, source, log):
    """The name stripped, if it names a zone; None (with a warning for a wrong one) otherwise."""
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("ignoring time zone %r from %s: no such zone", name, source)
        return None
    return name


def _main_config_zone(config_manager, log):
    """The main config's `timezone` key; get_timezone() only when no config dict can be read.

    get_timezone() answers "UTC" for a config without the key, which would hide the host's zone.
    """
    if config_manager is None:
        return None
    readable = False
    for reader in ("get_config", "load_config"):
        read = getattr(config_manager, reader, None)
        if not callable(read):
            continue
        try:
            main = read()
        except Exception:
            log.debug("config_manager.%s() failed", reader, exc_info=True)
            continue
        if isinstance(main, dict):
            readable = True
            if main.get("timezone"):
                return main["timezone"]
    if readable:
        return None
    try:
        return config_manager.get_timezone() or None
    except Exception:
        return None


def _further_down(plugin_manager, cache_manager, log):
    """(source, name) of the first valid zone after the plugin's own setting, looked up lazily."""
    sources = (
        ("the plugin manager's config", lambda: _main_config_zone(getattr(plugin_manager, "config_manager", None), log)),
        ("the cache manager's config", lambda: _main_config_zone(getattr(cache_manager, "config_manager", None), log)),
        ("the host", system_timezone_name),
    )
    for source, look_up in sources:
        name = _valid(look_up(), source, log)
        if name:
            return source, name
    return None, None


def resolve_timezone_name(config=None, plugin_manager=None, cache_manager=None, log=None, *,
                          plugin_label, writeback_fixed_in=None):
    """The zone name to draw times in; never empty, "UTC" when nothing else is known."""
    log = log or logger
    own = _valid((config or {}).get("timezone"), "the plugin's settings", log)
    if own and writeback_fixed_in is not None and own.lower() == "utc":
        source, name = _further_down(plugin_manager, cache_manager, log)
        if name and name.lower() not in _UTC_NAMES:
            log.warning("ignoring the plugin's time zone 'UTC', saved by mistake before %s; %s says %s "
                        "(set 'Etc/UTC' to really mean UTC)", writeback_fixed_in, source, name)
            return name
        return "UTC"
    if own:
        return own
    _, name = _further_down(plugin_manager, cache_manager, log)
    if name:
        return name
    log.warning("no time zone in the settings, the device or the host; the %s shows times in UTC", plugin_label)
    return "UTC"


def resolve_timezone(config=None, plugin_manager=None, cache_manager=None, log=None, *,
                     plugin_label, writeback_fixed_in=None):
    """resolve_timezone_name as a tzinfo: pytz's when installed (plugins call .localize), else zoneinfo's."""
    name = resolve_timezone_name(config, plugin_manager, cache_manager, log,
                                 plugin_label=plugin_label, writeback_fixed_in=writeback_fixed_in)
    try:
        import pytz

        return pytz.timezone(name)
    except Exception:
        return ZoneInfo(name)
