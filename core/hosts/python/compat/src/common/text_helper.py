"""LEDMatrix's TextHelper: fonts from assets/fonts, outlined text, measuring, wrapping."""

import logging
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
DEFAULT_FONTS = {
    "score": ("PressStart2P-Regular.ttf", 10),
    "time": ("PressStart2P-Regular.ttf", 8),
    "team": ("PressStart2P-Regular.ttf", 8),
    "status": ("4x6-font.ttf", 6),
    "detail": ("4x6-font.ttf", 6),
    "rank": ("PressStart2P-Regular.ttf", 10),
}


class TextHelper:
    def __init__(self, font_dir=None, logger=None):
        self.logger = logger or logging.getLogger(__name__)
        self.font_dir = Path(font_dir) if font_dir else Path("assets/fonts")
        self._font_cache = {}

    def load_fonts(self, font_config=None) -> dict:
        """name -> font for {name: {"file", "size"}}; a missing file gives PIL's default font."""
        config = font_config or {k: {"file": f, "size": s} for k, (f, s) in DEFAULT_FONTS.items()}
        return {name: self._font(spec.get("file"), spec.get("size", 8)) for name, spec in config.items()}

    def _font(self, file, size):
        key = (file, size)
        if key not in self._font_cache:
            try:
                self._font_cache[key] = ImageFont.truetype(str(self.font_dir / str(file)), int(size))
            except (OSError, ValueError, TypeError) as e:
                self.logger.warning("font %s at %s unavailable (%s), using the default", file, size, e)
                self._font_cache[key] = ImageFont.load_default()
        return self._font_cache[key]

    def draw_text_with_outline(self, draw, text, position, font, fill=(255, 255, 255), outline_color=(0, 0, 0), outline_width: int = 1):
        x, y = position
        for dx in range(-outline_width, outline_width + 1):
            for dy in range(-outline_width, outline_width + 1):
                if dx or dy:
                    draw.text((x + dx, y + dy), text, font=font, fill=outline_color)
        draw.text((x, y), text, font=font, fill=fill)

    def get_text_width(self, text, font) -> int:
        return int(_measure.textlength(str(text), font=font))

    def get_text_height(self, text, font) -> int:
        left, top, right, bottom = _measure.textbbox((0, 0), str(text), font=font)
        return bottom - top

    def get_text_dimensions(self, text, font) -> tuple:
        return self.get_text_width(text, font), self.get_text_height(text, font)

    def center_text(self, text, font, container_width, container_height) -> tuple:
        w, h = self.get_text_dimensions(text, font)
        return (container_width - w) // 2, (container_height - h) // 2

    def wrap_text(self, text, font, max_width, max_lines=None) -> list:
        lines, current = [], []
        for word in str(text).split():
            if current and self.get_text_width(" ".join(current + [word]), font) > max_width:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        if current:
            lines.append(" ".join(current))
        return lines[:max_lines] if max_lines is not None else lines

    def draw_multiline_text(self, draw, text, position, font, line_spacing: int = 2, **kwargs):
        x, y = position
        for line in str(text).split("\n"):
            if line.strip():
                self.draw_text_with_outline(draw, line, (x, y), font, **kwargs)
            y += self.get_text_height(line, font) + line_spacing

    def create_text_image(self, text, font, background_color=(0, 0, 0), text_color=(255, 255, 255), padding: int = 5):
        w, h = self.get_text_dimensions(text, font)
        img = Image.new("RGB", (w + 2 * padding, h + 2 * padding), background_color)
        self.draw_text_with_outline(ImageDraw.Draw(img), text, (padding, padding), font, fill=text_color)
        return img

    def clear_font_cache(self):
        self._font_cache.clear()

    def get_font_cache_stats(self) -> dict:
        return {"cached_fonts": len(self._font_cache)}
