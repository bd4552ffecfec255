"""LEDMatrix's ScrollHelper: a wide pre-rendered image moved across the panel one window at a time.

Two ways to move: time-based (scroll_speed px/s, scaled by the time since the last step) and
frame-based (scroll_speed px per step, at most one step per scroll_delay). With a whole-pixel step
(set_pixels_per_frame, as scroll_config sets it) the time-based move lands on whole pixels only,
the fraction carried to the next step, so text never straddles two columns. The image usually
carries its own lead-in and trailing padding; a scroll is complete when the window reaches its
right edge.
"""

import logging
import time

from PIL import Image

try:
    import numpy
except ImportError:  # numpy is optional: only plugins that read cached_array need it
    numpy = None

MAX_FRAME_STEP_PX = 5
FRAME_RATE_LOG_S = 10.0


class ScrollHelper:
    def __init__(self, display_width: int, display_height: int, logger=None, clock=time.monotonic):
        self.display_width = int(display_width)
        self.display_height = int(display_height)
        self.logger = logger or logging.getLogger("scroll_helper")
        self._clock = clock
        self.scroll_speed = 1.0
        self.scroll_delay = 0.01
        self.target_fps = 120.0
        self.frame_based = False
        self.sub_pixel = False
        self.pixels_per_frame = None
        self._frames = 0
        self._rate_logged_at = clock()
        self.dynamic = {"enabled": False, "min_duration": 10, "max_duration": 300, "buffer": 0.1}
        self.clear_cache()

    # Settings.
    def set_frame_based_scrolling(self, enabled: bool):
        self.frame_based = bool(enabled)

    def set_scroll_speed(self, speed):
        speed = float(speed)
        self.scroll_speed = max(0.1, min(MAX_FRAME_STEP_PX, speed)) if self.frame_based else max(0.1, speed)

    def set_scroll_delay(self, delay):
        self.scroll_delay = max(0.0, float(delay))

    def set_target_fps(self, fps):
        self.target_fps = max(1.0, float(fps))

    def set_pixels_per_frame(self, pixels):
        """A whole-pixel step (or None for free movement); the speed stays scroll_speed px/s."""
        self.pixels_per_frame = max(1, int(pixels)) if pixels else None

    def set_sub_pixel_scrolling(self, enabled: bool):
        self.sub_pixel = bool(enabled)

    def set_dynamic_duration_settings(self, enabled=True, min_duration=10, max_duration=300, buffer=0.1):
        self.dynamic = {"enabled": bool(enabled), "min_duration": min_duration, "max_duration": max_duration, "buffer": buffer}

    # The content.
    def set_scrolling_image(self, image):
        self.cached_image = image.convert("RGB") if image.mode != "RGB" else image
        self.cached_array = numpy.asarray(self.cached_image) if numpy is not None else None
        self.total_scroll_width = self.cached_image.width
        self.reset_scroll()

    def create_scrolling_image(self, content_items, item_gap: int = 32, element_gap: int = 16):
        """Lays images side by side after a lead-in of one display width, and scrolls them."""
        items = [i for i in content_items if i is not None]
        width = self.display_width + sum(i.width for i in items) + item_gap * max(0, len(items) - 1) + self.display_width
        strip = Image.new("RGB", (max(width, self.display_width), self.display_height))
        x = self.display_width
        for item in items:
            strip.paste(item, (x, 0))
            x += item.width + item_gap
        self.set_scrolling_image(strip)
        return strip

    def clear_cache(self):
        self.cached_image = None
        self.cached_array = None
        self.total_scroll_width = 0
        self.reset_scroll()

    # Moving.
    def reset_scroll(self):
        self.scroll_position = 0.0
        self.scroll_complete = False
        self._last_step = None
        self._carry = 0.0
        self._started_at = None

    def reset(self):
        """The strip back to its start, as `reset_scroll` (the name some plugins' scroll managers call)."""
        self.reset_scroll()

    def update_scroll_position(self):
        if self.cached_image is None:
            return
        now = self._clock()
        self._frames += 1
        if self._last_step is None:
            self._last_step = self._started_at = now
            return
        if self.frame_based:
            if now - self._last_step < self.scroll_delay:
                return
            step = self.scroll_speed
        else:
            step = self.scroll_speed * (now - self._last_step)
        self._last_step = now
        if self.pixels_per_frame and not self.frame_based:
            step, self._carry = _whole(step + self._carry)
        end = max(0, self.total_scroll_width - self.display_width)
        self.scroll_position = min(end, self.scroll_position + step)
        self.scroll_complete = self.scroll_position >= end

    def is_scroll_complete(self) -> bool:
        return self.scroll_complete

    def get_visible_portion(self):
        """The display-sized window at the current position (None before an image is set)."""
        if self.cached_image is None:
            return None
        x = int(self.scroll_position)
        window = self.cached_image.crop((x, 0, x + self.display_width, self.display_height))
        return window

    def get_dynamic_duration(self) -> float:
        """Seconds one full pass takes at the current speed, within the dynamic duration bounds."""
        px_per_s = self.scroll_speed / self.scroll_delay if self.frame_based and self.scroll_delay > 0 else self.scroll_speed
        distance = max(0, self.total_scroll_width - self.display_width)
        seconds = distance / px_per_s if px_per_s > 0 else self.dynamic["max_duration"]
        seconds *= 1 + float(self.dynamic.get("buffer") or 0)
        return max(self.dynamic["min_duration"], min(self.dynamic["max_duration"], seconds))

    def get_scroll_info(self) -> dict:
        started = self._started_at
        return {
            "scroll_position": self.scroll_position,
            "total_scroll_width": self.total_scroll_width,
            "is_complete": self.scroll_complete,
            "scroll_speed": self.scroll_speed,
            "frame_based": self.frame_based,
            "pixels_per_frame": self.pixels_per_frame,
            "elapsed_time": None if started is None else self._clock() - started,
            "dynamic_duration": self.get_dynamic_duration(),
        }

    def log_frame_rate(self):
        """Logs the step rate at debug level, at most once per FRAME_RATE_LOG_S."""
        now = self._clock()
        span = now - self._rate_logged_at
        if span < FRAME_RATE_LOG_S:
            return
        self.logger.debug("scroll: %.1f steps/s at %.1f px/s", self._frames / span, self.scroll_speed)
        self._frames, self._rate_logged_at = 0, now


def _whole(distance: float):
    """The whole pixels of distance, and what is left over for the next step."""
    pixels = float(int(distance))
    return pixels, distance - pixels
