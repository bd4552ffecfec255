"""The drawing helpers LEDMatrix's display manager offers besides text: dates and weather icons.

The icons are simple shapes sized to the box asked for; they are drawn with PIL on the plugin's
canvas like everything else.
"""

SUN = (255, 200, 0)
CLOUD = (200, 200, 200)
RAIN = (0, 120, 255)
SNOW = (255, 255, 255)


class DisplayExtras:
    """Mixed into DisplayManager, which provides draw, image, draw_text and update_display."""

    def format_date_with_ordinal(self, dt) -> str:
        day = dt.day
        suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{dt.strftime('%B')} {day}{suffix}"

    def draw_sun(self, x: int, y: int, size: int = 16):
        r = max(2, size // 4)
        cx, cy = x + size // 2, y + size // 2
        self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=SUN)
        for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0), (-1, -1), (1, 1), (-1, 1), (1, -1)):
            self.draw.line((cx + dx * (r + 1), cy + dy * (r + 1), cx + dx * (size // 2 - 1), cy + dy * (size // 2 - 1)), fill=SUN)

    def draw_cloud(self, x: int, y: int, size: int = 16, color=CLOUD):
        h = max(3, size // 2)
        top = y + size // 4
        self.draw.ellipse((x + size // 4, top, x + size * 3 // 4, top + h), fill=color)
        self.draw.rectangle((x + 1, top + h // 2, x + size - 2, top + h), fill=color)

    def draw_rain(self, x: int, y: int, size: int = 16):
        self.draw_cloud(x, y - size // 8, size)
        for i in range(3):
            dx = x + size // 4 + i * size // 4
            self.draw.line((dx, y + size * 3 // 4, dx - 1, y + size - 1), fill=RAIN)

    def draw_snow(self, x: int, y: int, size: int = 16):
        self.draw_cloud(x, y - size // 8, size)
        for i in range(3):
            self.draw.point((x + size // 4 + i * size // 4, y + size - 2), fill=SNOW)

    def draw_weather_icon(self, condition, x: int, y: int, size: int = 16):
        c = str(condition).lower()
        if "snow" in c:
            self.draw_snow(x, y, size)
        elif "rain" in c or "drizzle" in c or "thunder" in c or "storm" in c:
            self.draw_rain(x, y, size)
        elif "cloud" in c or "overcast" in c or "fog" in c or "mist" in c:
            self.draw_cloud(x, y, size)
        else:
            self.draw_sun(x, y, size)

    def draw_text_with_icons(self, text, icons=None, x=None, y=None, color=(255, 255, 255), small_font=False, font=None, icon_size=16):
        """Text, then each (condition, x, y) icon; shows the result, as LEDMatrix's does."""
        self.clear()
        self.draw_text(text, x=x, y=y, color=color, small_font=small_font, font=font)
        for condition, ix, iy in icons or ():
            self.draw_weather_icon(condition, ix, iy, icon_size)
        self.update_display()
