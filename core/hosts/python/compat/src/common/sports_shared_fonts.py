"""Fonts and text colours of LEDMatrix 3.3's shared scoreboard code (see sports_shared).

Bitmap faces draw crisply only at multiples of their pixel size, so a size taken from the schema's
defaults is moved to the nearest such multiple, while a size the user set (one that differs from
the schema's default: LEDMatrix's web UI saves every default) is kept. On panels taller than 32 px
the score grows with the panel, and the clock stays a step below it. Each text element can have
its own colour (`customization.<element>.text_color`), found from the face it is drawn with.
"""

import json
import os
from typing import ClassVar, Dict, Tuple

from PIL import Image, ImageDraw, ImageFont

from src.base_classes import sports_draw
from src.element_fonts import resolve_font_path

WHITE = (255, 255, 255)
_PROBE = ImageDraw.Draw(Image.new("RGB", (4, 4)))


class SharedFontsMixin:
    _FONT_DESIGN_HEIGHT: ClassVar[int] = 32
    _SCORE_GROWTH_BUDGET: ClassVar[float] = 0.65  # share of the width a grown score may take
    _SCORE_PROBE_TEXT: ClassVar[str] = "00-00"  # the widest score the card is sized for
    _DRAWS_SCORE: ClassVar[bool] = False
    _NARROW_SCORE_RUNGS: ClassVar[Tuple] = (("4x6-font.ttf", 14), ("4x6-font.ttf", 7))
    _SCORE_MAX_GROWTH: ClassVar[int] = 2  # times the configured size
    _ELEMENT_FOR_FONT: ClassVar[Dict[str, str]] = {
        "score": "score_text", "time": "period_text", "team": "team_text", "detail": "detail_text", "status": "status_text"}
    _FONT_PIXEL_GRID: ClassVar[Dict[str, int]] = {"PressStart2P-Regular.ttf": 8, "4x6-font.ttf": 7}
    _FONT_NAME_ALIASES: ClassVar[Dict[str, str]] = {"press_start": "PressStart2P-Regular.ttf", "four_by_six": "4x6-font.ttf"}

    @classmethod
    def _crisp_size(cls, font_file_name, desired):
        """`desired` moved to the nearest multiple of the face's pixel grid (at least one step);
        unchanged for a face of unknown grid or a size that is not positive."""
        grid = cls._FONT_PIXEL_GRID.get(cls._FONT_NAME_ALIASES.get(font_file_name, font_file_name))
        if not grid or not desired or desired <= 0:
            return desired
        return max(grid, int(round(float(desired) / grid)) * grid)

    def _schema_font_size(self, element_key):
        """The `customization.<element>.font_size` default of the scoreboard's schema, or None.
        Read once per class."""
        if not element_key:
            return None
        sizes = self.__class__.__dict__.get("_SCHEMA_FONT_SIZES")
        if sizes is None:
            sizes = {}
            folder = self._plugin_dir()
            try:
                with open(os.path.join(folder, "config_schema.json"), encoding="utf-8") as f:
                    elements = json.load(f)["properties"]["customization"]["properties"]
                for key, spec in elements.items():
                    default = ((spec.get("properties") or {}).get("font_size") or {}).get("default")
                    if default is not None:
                        sizes[key] = int(default)
            except (OSError, TypeError, KeyError, ValueError, AttributeError):
                sizes = {}
            self.__class__._SCHEMA_FONT_SIZES = sizes
        return sizes.get(element_key)

    def _user_chose_size(self, element_key: str) -> bool:
        chosen = (((self.config or {}).get("customization") or {}).get(element_key) or {}).get("font_size")
        try:
            return chosen is not None and int(chosen) != self._schema_font_size(element_key)
        except (TypeError, ValueError):
            return False

    def _resolve_font_size(self, element_config, element_key, default_size, font_name):
        chosen = (element_config or {}).get("font_size")
        try:
            if chosen is not None and int(chosen) != self._schema_font_size(element_key):
                return int(chosen)
        except (TypeError, ValueError):
            pass
        return self._crisp_size(font_name, default_size)

    def _score_font_size(self) -> int:
        return getattr(self.fonts.get("score"), "size", 8) or 8

    def _time_font_size(self) -> int:
        return getattr(self.fonts.get("time"), "size", 8) or 8

    def _grid_scaled_size(self, font):
        """(path, grid, size) of `font` grown with the panel's height, or None when the panel is
        not taller than the design height or the face's grid is unknown."""
        path, size = getattr(font, "path", None), getattr(font, "size", None)
        if not size or not isinstance(path, str):
            return None
        face = os.path.basename(path)
        grid = self._FONT_PIXEL_GRID.get(self._FONT_NAME_ALIASES.get(face, face))
        scale = float(self.display_height) / (self._FONT_DESIGN_HEIGHT or 32)
        if not grid or scale <= 1.0:
            return None
        return path, grid, max(int(size), int(self._crisp_size(face, size * scale)))

    def _fits_score(self, font) -> bool:
        return _PROBE.textlength(self._SCORE_PROBE_TEXT, font=font) <= self.display_width * self._SCORE_GROWTH_BUDGET

    def _grow_score(self, fonts) -> None:
        scaled = None if self._user_chose_size("score_text") else self._grid_scaled_size(fonts.get("score"))
        if scaled is not None:
            path, grid, size = scaled
            size = min(size, (getattr(fonts["score"], "size", size) or size) * self._SCORE_MAX_GROWTH)
            while size > grid and not self._fits_score(ImageFont.truetype(path, size)):
                size -= grid
            if size != getattr(fonts["score"], "size", size):
                fonts["score"], self._score_grew = ImageFont.truetype(path, size), True
        if self._score_grew or self._user_chose_size("score_text") or self.display_height <= self._FONT_DESIGN_HEIGHT:
            return
        current = getattr(fonts.get("score"), "size", 0) or 0
        for name, size in self._NARROW_SCORE_RUNGS:  # a narrower face where the wide one cannot grow
            if size > current:
                candidate = ImageFont.truetype(resolve_font_path(name) or f"assets/fonts/{name}", size)
                if self._fits_score(candidate):
                    fonts["score"], self._score_grew = candidate, True
                    return

    def _hold_clock_below_score(self, fonts) -> None:
        scaled = None if self._user_chose_size("period_text") else self._grid_scaled_size(fonts.get("time"))
        if scaled is None:
            return
        path, grid, size = scaled
        score = getattr(fonts.get("score"), "size", 0) or 0
        if score and size >= score:
            size = max(grid, score - grid)
        if size != getattr(fonts["time"], "size", size):
            fonts["time"] = ImageFont.truetype(path, size)

    def _scale_headline_fonts(self, fonts):
        """Grow the score (and, a step below it, the clock) on panels taller than 32 px; sets
        `_score_grew`. A 32-tall panel, a screen without a score and sizes the user set keep theirs."""
        self._score_grew = False
        if not self._DRAWS_SCORE:
            return fonts
        try:
            self._grow_score(fonts)
            self._hold_clock_below_score(fonts)
        except (OSError, ValueError, TypeError, KeyError) as e:
            self.logger.debug("Headline font scaling skipped: %s", e)
        return fonts

    def _element_color(self, element: str, default=WHITE):
        """`customization.<element>.text_color` as (r, g, b), from [r, g, b] or "#rrggbb"."""
        value = (((self.config or {}).get("customization") or {}).get(element) or {}).get("text_color")
        try:
            if isinstance(value, (list, tuple)) and len(value) == 3:
                return tuple(max(0, min(255, int(c))) for c in value)
            if isinstance(value, str) and len(value) == 7 and value.startswith("#"):
                return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
        except (TypeError, ValueError):
            pass
        return default

    def _unshare_element_fonts(self, fonts):
        """Give each coloured element a face object of its own (same file and size), so the
        colour of a draw can be told from its face. Faces without a file stay shared."""
        seen = set()
        for key in self._ELEMENT_FOR_FONT:
            font = fonts.get(key)
            if font is None:
                continue
            if id(font) not in seen:
                seen.add(id(font))
                continue
            path, size = getattr(font, "path", None), getattr(font, "size", None)
            if path and size:
                try:
                    fonts[key] = ImageFont.truetype(path, size)
                except (OSError, ValueError, TypeError):
                    self.logger.debug("The %s face stays shared and draws in the default colour", key)
        return fonts

    def _font_color(self, font, default=WHITE):
        """The colour of the one element drawn with this face; `default` when none or several are."""
        fonts = getattr(self, "fonts", None) or {}
        owners = [element for key, element in self._ELEMENT_FOR_FONT.items() if fonts.get(key) is font]
        return self._element_color(owners[0], default) if len(owners) == 1 else default

    def _draw_text_with_outline(self, draw, text, position, font, fill=None, outline_color=(0, 0, 0)):
        """Text with a one-pixel black outline, without anti-aliasing (a half-lit LED is a dim
        lamp, not a soft edge), in the element's colour unless `fill` is given."""
        if fill is None:
            fill = self._font_color(font)
        draw.fontmode = "1"
        sports_draw.outlined(draw, text, position, font, fill, outline_color)
