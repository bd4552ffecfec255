"""LEDMatrix's TextHelper: fonts by name and text drawn with an outline, for plugins' own images."""

from PIL import ImageDraw


class TextHelper:
    def __init__(self, font_manager=None, logger=None, fonts=None):
        self.font_manager = font_manager
        self.logger = logger
        self.fonts = dict(fonts or {})

    def load_fonts(self, specs: dict) -> dict:
        """{name: (family, size)} -> {name: font}, through the font manager."""
        for name, (family, size) in specs.items():
            self.fonts[name] = self.font_manager.get_font(family, size)
        return self.fonts

    def get_text_width(self, text, font) -> int:
        return int(round(font.getlength(str(text))))

    def get_text_height(self, text, font) -> int:
        left, top, right, bottom = font.getbbox(str(text))
        return int(bottom - top)

    def draw_text_with_outline(self, draw: ImageDraw.ImageDraw, text, position, font, fill=(255, 255, 255), outline_color=(0, 0, 0)):
        x, y = position
        for dx, dy in ((-1, -1), (-1, 1), (1, -1), (1, 1), (0, -1), (0, 1), (-1, 0), (1, 0)):
            draw.text((x + dx, y + dy), str(text), font=font, fill=outline_color)
        draw.text((x, y), str(text), font=font, fill=fill)

    def center_x(self, text, font, width: int) -> int:
        return (width - self.get_text_width(text, font)) // 2
