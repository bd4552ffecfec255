"""LEDMatrix's src.common.scroll_config: one scroll speed from a plugin's settings, applied to a ScrollHelper.

`configure(scroll_helper, plugin_config=, global_config=, display_manager=, plugin_logger=)` finds the
speed in the first place that has one (display_options, display, the root, each as scroll_speed px per
step over scroll_delay seconds, then a scroll_pixels_per_second key, then the global display block,
then 100 px/s), keeps it within 1–500 px/s, and, unless snap_to_crisp is off, moves it to a speed the
panel shows in whole pixels: `pixels_per_frame` pixels every `frame_hold` refreshes. The plugin passes
`settings.frame_hold` to `display_manager.set_scrolling_state(True, frame_hold=...)`.
"""

import logging
from dataclasses import dataclass, replace
from typing import Any, Optional

DEFAULT_PIXELS_PER_SECOND = 100.0
MIN_PIXELS_PER_SECOND = 1.0
MAX_PIXELS_PER_SECOND = 500.0
DEFAULT_REFRESH_HZ = 100.0
MAX_FRAME_HOLD = 8
MAX_PIXELS_PER_FRAME = 6
# Below this many distinct frames a second motion reads as steps: such speeds are chosen last.
SMOOTH_FPS = 20.0

log = logging.getLogger("scroll_config")


@dataclass(frozen=True)
class CrispSpeed:
    pixels_per_second: float
    frame_hold: int
    pixels_per_frame: int
    refresh_hz: float

    @property
    def frames_per_second(self) -> float:
        return self.refresh_hz / self.frame_hold

    def describe(self) -> str:
        return (f"{self.pixels_per_second:.1f} px/s ({self.pixels_per_frame}px every "
                f"{self.frame_hold} refresh(es), {self.frames_per_second:.1f} fps)")


@dataclass(frozen=True)
class ScrollSettings:
    pixels_per_second: float
    source: str
    target_fps: Optional[float] = None
    pixels_per_frame: Optional[float] = None
    warning: Optional[str] = None
    crisp: Optional[CrispSpeed] = None
    requested_pixels_per_second: Optional[float] = None

    @property
    def frame_hold(self) -> int:
        return self.crisp.frame_hold if self.crisp else 1

    def describe(self) -> str:
        return f"{self.pixels_per_second:.1f} px/s (from {self.source})"


def _positive(value: Any) -> Optional[float]:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _pair(block: Any) -> Optional[float]:
    if not isinstance(block, dict):
        return None
    speed, delay = _positive(block.get("scroll_speed")), _positive(block.get("scroll_delay"))
    return speed / delay if speed and delay else None


def _requested(plugin_config: dict, global_config: dict):
    """(px/s, where it came from) by LEDMatrix's precedence, or (None, 'default')."""
    options, display = plugin_config.get("display_options"), plugin_config.get("display")
    found = [
        (_pair(options), "display_options.scroll_speed/delay"),
        (_pair(display), "display.scroll_speed/delay"),
        (_pair(plugin_config), "scroll_speed/delay"),
    ]
    for block, label in ((options, "display_options."), (display, "display."), (plugin_config, "")):
        if isinstance(block, dict):
            found.append((_positive(block.get("scroll_pixels_per_second")), f"{label}scroll_pixels_per_second"))
    found.append((_pair(global_config.get("display")), "global display.scroll_speed/delay"))
    return next(((v, label) for v, label in found if v is not None), (None, "default"))


def resolve(plugin_config=None, global_config=None, default_pixels_per_second=DEFAULT_PIXELS_PER_SECOND,
            refresh_hz=None) -> ScrollSettings:
    refresh = _positive(refresh_hz) or DEFAULT_REFRESH_HZ
    asked, source = _requested(plugin_config or {}, global_config or {})
    asked = asked if asked is not None else default_pixels_per_second
    speed = max(MIN_PIXELS_PER_SECOND, min(MAX_PIXELS_PER_SECOND, asked))
    warning = None if speed == asked else f"scroll speed {asked:.1f} px/s out of range, clamped to {speed:.1f}"
    return ScrollSettings(speed, source, target_fps=refresh, pixels_per_frame=speed / refresh, warning=warning)


def crisp_ladder(refresh_hz=DEFAULT_REFRESH_HZ, max_frame_hold=MAX_FRAME_HOLD, max_pixels_per_frame=MAX_PIXELS_PER_FRAME):
    """Every whole-pixel speed the panel shows, slowest first; for equal speeds the smaller step."""
    best = {}
    for hold in range(1, max_frame_hold + 1):
        for step in range(1, max_pixels_per_frame + 1):
            speed = CrispSpeed(refresh_hz / hold * step, hold, step, refresh_hz)
            key = round(speed.pixels_per_second, 3)
            if key not in best or step < best[key].pixels_per_frame:
                best[key] = speed
    return [best[k] for k in sorted(best)]


def solve_crisp(target, refresh_hz=DEFAULT_REFRESH_HZ, **limits) -> CrispSpeed:
    """The closest whole-pixel speed, preferring smooth motion (>= SMOOTH_FPS) and single-pixel steps."""
    ladder = crisp_ladder(refresh_hz, **limits)
    target = min(max(target, ladder[0].pixels_per_second), ladder[-1].pixels_per_second)

    def rank(c: CrispSpeed):
        return (c.frames_per_second < SMOOTH_FPS, round(abs(c.pixels_per_second - target) / target, 2),
                c.pixels_per_frame, c.frame_hold)

    return min(ladder, key=rank)


def refresh_hz_from_config(global_config) -> float:
    display = global_config.get("display") if isinstance(global_config, dict) else None
    hardware = display.get("hardware") if isinstance(display, dict) else None
    found = hardware.get("limit_refresh_rate_hz") if isinstance(hardware, dict) else None
    return _positive(found) or DEFAULT_REFRESH_HZ


def configure(scroll_helper, plugin_config=None, global_config=None, default_pixels_per_second=DEFAULT_PIXELS_PER_SECOND,
              refresh_hz=None, plugin_logger=None, display_manager=None, snap_to_crisp=True) -> ScrollSettings:
    hz = (_positive(refresh_hz) or _positive(getattr(display_manager, "refresh_hz", None))
          or refresh_hz_from_config(global_config))
    settings = resolve(plugin_config, global_config, default_pixels_per_second, hz)
    choice = solve_crisp(settings.pixels_per_second, hz) if snap_to_crisp else None
    if choice:
        settings = replace(settings, pixels_per_second=choice.pixels_per_second, crisp=choice,
                           requested_pixels_per_second=settings.pixels_per_second,
                           pixels_per_frame=float(choice.pixels_per_frame))
    _apply(scroll_helper, settings, choice)
    (plugin_logger or log).info("Scroll configured: %s", choice.describe() if choice else settings.describe())
    if settings.warning:
        (plugin_logger or log).warning("Scroll speed: %s", settings.warning)
    return settings


def _apply(helper, settings: ScrollSettings, choice: Optional[CrispSpeed]) -> None:
    if hasattr(helper, "set_frame_based_scrolling"):
        helper.set_frame_based_scrolling(False)
    helper.set_scroll_speed(settings.pixels_per_second)
    if hasattr(helper, "set_pixels_per_frame"):
        helper.set_pixels_per_frame(choice.pixels_per_frame if choice else None)
    fps = choice.frames_per_second if choice else settings.target_fps
    if fps and hasattr(helper, "set_target_fps"):
        helper.set_target_fps(fps)
