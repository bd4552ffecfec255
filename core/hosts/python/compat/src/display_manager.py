"""LEDMatrix's DisplayManager, drawing into a PIL image of the panel's size.

Each plugin gets its own instance. `update_display()` hands the image to `push` (the host turns it
into a `frame` message) instead of a matrix; everything else keeps LEDMatrix's meaning: `clear()`
does not push, `draw_text` takes the top edge as y, centres on the panel when x is None and on x when
`centered`, plugins may replace
`image` and `draw`.
"""

import contextlib
import threading
import time
from functools import lru_cache

from PIL import Image, ImageDraw

from src.display_extras import DisplayExtras

# LEDMatrix's names for its stock fonts: (attribute, file, size in px).
STOCK_FONTS = (
    ("regular_font", "PressStart2P-Regular.ttf", 8),
    ("small_font", "PressStart2P-Regular.ttf", 8),
    ("extra_small_font", "4x6-font.ttf", 6),
    ("calendar_font", "5x7.bdf", 7),
    ("bdf_5x7_font", "5x7.bdf", 7),
)
SCROLL_IDLE_S = 2.0
# LEDMatrix's usual panel refresh cap (display.hardware.limit_refresh_rate_hz); scroll pacing reads it.
REFRESH_HZ = 100.0


class Matrix:
    """What plugins read of the hardware matrix: its size and brightness."""

    def __init__(self, width: int, height: int, brightness: int = 100):
        self.width = width
        self.height = height
        self.brightness = brightness


class DisplayManager(DisplayExtras):
    def __init__(self, width: int, height: int, font_manager, push, brightness: int = 100):
        self.matrix = Matrix(width, height, brightness)
        self.font_manager = font_manager
        self._push = push
        self._lock = threading.RLock()
        self._capturing = 0
        self._scrolling = False
        self._last_scroll = 0.0
        self.refresh_hz = REFRESH_HZ
        self.frame_hold = 1
        self._deferred = []
        self.image = Image.new("RGB", (width, height))
        for name, file, size in STOCK_FONTS:
            setattr(self, name, font_manager.get_font(file, size))
        self.font = self.regular_font
        self._width_cache = lru_cache(maxsize=1024)(_text_width)

    # The canvas. Replacing the image gives it a fresh Draw, so draw_text lands on what is shown.
    @property
    def image(self):
        return self._image

    @image.setter
    def image(self, value):
        self._image = value
        self.draw = ImageDraw.Draw(value)

    @property
    def width(self) -> int:
        return self.matrix.width

    @property
    def height(self) -> int:
        return self.matrix.height

    def clear(self):
        with self._lock:
            self.image = Image.new("RGB", (self.width, self.height))

    def update_display(self):
        with self._lock:
            if self._capturing:
                return
            self._push(self._frame_bytes())

    def set_image(self, image, x: int = 0, y: int = 0):
        """Puts a whole picture on the panel and shows it (tidbyt-style plugins probe for this)."""
        with self._lock:
            self.image.paste(image.convert("RGB"), (x, y))
            self.update_display()

    def _frame_bytes(self) -> bytes:
        img = self.image
        if img.mode != "RGB":
            img = img.convert("RGB")
        if img.size != (self.width, self.height):
            canvas = Image.new("RGB", (self.width, self.height))
            canvas.paste(img, (0, 0))
            img = canvas
        return img.tobytes()

    # Text, placed as LEDMatrix places it: y is the top edge, x=None centres on the panel,
    # centered=True centres on x.
    def draw_text(self, text, x=None, y=None, color=(255, 255, 255), small_font=False, font=None, centered=False):
        font = font or (self.small_font if small_font else self.regular_font)
        text = str(text)
        if x is None:
            x = (self.width - self.get_text_width(text, font)) // 2
        elif centered:  # x is the centre of the text, as plugins that centre in half a panel expect
            x = int(x) - self.get_text_width(text, font) // 2
        if y is None:
            y = (self.height - self.get_font_height(font)) // 2
        self.draw.text((x, y), text, font=font, fill=_color(color))

    def _draw_bdf_text(self, text, x, y, color=(255, 255, 255), font=None):
        self.draw_text(text, x=x, y=y, color=color, font=font or self.bdf_5x7_font)

    def get_text_width(self, text, font=None) -> int:
        return self._width_cache(str(text), font or self.regular_font)

    def get_font_height(self, font=None) -> int:
        ascent, descent = (font or self.regular_font).getmetrics()
        return int(ascent + descent)

    # Brightness is applied by Marquee's display; plugins only read and ask for it.
    def set_brightness(self, value) -> bool:
        try:
            self.matrix.brightness = max(0, min(100, int(value)))
        except (TypeError, ValueError):
            return False
        return True

    def get_brightness(self) -> int:
        return self.matrix.brightness

    # Scrolling state: work deferred while a plugin scrolls runs once it has been idle 2 s.
    # frame_hold (refreshes per presented frame) is recorded; Marquee's scroller paces by time, so
    # the speed a plugin resolved holds whatever the hold.
    def set_scrolling_state(self, scrolling: bool, frame_hold: int = 1):
        self._scrolling = bool(scrolling)
        self.frame_hold = max(1, int(frame_hold)) if scrolling else 1
        if scrolling:
            self._last_scroll = time.monotonic()

    def is_currently_scrolling(self) -> bool:
        return self._scrolling and time.monotonic() - self._last_scroll < SCROLL_IDLE_S

    def defer_update(self, fn, priority: int = 0):
        """Queues fn (at most 50 kept, each for 5 minutes) until scrolling stops."""
        now = time.monotonic()
        self._deferred = [d for d in self._deferred if now - d[2] < 300][-49:]
        self._deferred.append((priority, fn, now))
        self._deferred.sort(key=lambda d: -d[0])

    def process_deferred_updates(self):
        if self.is_currently_scrolling():
            return
        batch, self._deferred = self._deferred[:5], self._deferred[5:]
        for _priority, fn, _at in batch:
            fn()

    # Off-screen rendering: no frames leave while capturing, and render_size narrows the canvas.
    @contextlib.contextmanager
    def capture_mode(self):
        with self._lock:
            self._capturing += 1
        try:
            yield self
        finally:
            with self._lock:
                self._capturing -= 1

    @contextlib.contextmanager
    def render_size(self, width=None, height=None):
        saved = (self.matrix.width, self.matrix.height, self.image)
        self.matrix.width, self.matrix.height = width or saved[0], height or saved[1]
        self.image = Image.new("RGB", (self.matrix.width, self.matrix.height))
        try:
            yield self
        finally:
            self.matrix.width, self.matrix.height = saved[0], saved[1]
            self.image = saved[2]

    def cleanup(self):
        self.clear()


def _text_width(text: str, font) -> int:
    return int(round(font.getlength(text)))


def _color(color):
    if isinstance(color, list):
        return tuple(color)
    return color
