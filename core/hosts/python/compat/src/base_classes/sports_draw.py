"""Drawing of LEDMatrix's scorebug: the away logo at the left, the home logo at the right, the
score (or the start time) between them and the status on top, text outlined in black.

A missing logo is drawn as the team's abbreviation, so a card never comes out blank.
"""

from PIL import Image, ImageDraw, ImageFont

FONT_SPECS = {
    "score": ("PressStart2P-Regular.ttf", 10),
    "time": ("PressStart2P-Regular.ttf", 8),
    "team": ("PressStart2P-Regular.ttf", 8),
    "status": ("4x6-font.ttf", 6),
    "detail": ("4x6-font.ttf", 6),
    "rank": ("PressStart2P-Regular.ttf", 10),
}
OUTLINE = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


def load_fonts(logger) -> dict:
    fonts = {}
    for name, (file, size) in FONT_SPECS.items():
        try:
            fonts[name] = ImageFont.truetype(f"assets/fonts/{file}", size)
        except OSError:
            logger.warning("font %s not found, using PIL's default for %s", file, name)
            fonts[name] = ImageFont.load_default()
    return fonts


def outlined(draw, text, position, font, fill=(255, 255, 255), outline_color=(0, 0, 0)):
    x, y = position
    for dx, dy in OUTLINE:
        draw.text((x + dx, y + dy), text, font=font, fill=outline_color)
    draw.text((x, y), text, font=font, fill=fill)


def centred(draw, text, y, width, font, fill=(255, 255, 255)):
    outlined(draw, text, ((width - int(draw.textlength(text, font=font))) // 2, y), font, fill)


def scorebug(core, game: dict) -> Image.Image:
    """The card for one game, drawn at the panel's size."""
    width, height = core.display_width, core.display_height
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    for side, x_of in (("away", lambda w: 0), ("home", lambda w: width - w)):
        logo = core._load_and_resize_logo(game.get(f"{side}_id"), game.get(f"{side}_abbr", "?"), game.get(f"{side}_logo_path"), game.get(f"{side}_logo_url"))
        if logo is not None:
            logo = logo.copy()
            logo.thumbnail((max(1, width // 3), height))
            img.paste(logo, (x_of(logo.width), (height - logo.height) // 2), logo if logo.mode == "RGBA" else None)
        else:
            abbr = str(game.get(f"{side}_abbr", "?"))
            x = 1 if side == "away" else width - int(draw.textlength(abbr, font=core.fonts["team"])) - 1
            outlined(draw, abbr, (x, height // 2 - 4), core.fonts["team"])
    if game.get("is_upcoming"):
        centred(draw, game.get("game_date", ""), height // 2 - 9, width, core.fonts["time"])
        centred(draw, game.get("game_time", ""), height // 2 + 1, width, core.fonts["time"])
    else:
        centred(draw, f"{game.get('away_score', '0')}-{game.get('home_score', '0')}", height // 2 - 5, width, core.fonts["score"])
    status = "Final" if game.get("is_final") else str(game.get("status_text") or "")
    centred(draw, status, 1, width, core.fonts["status"])
    if core.show_records:
        outlined(draw, game.get("away_record", ""), (0, height - 6), core.fonts["detail"])
        record = game.get("home_record", "")
        outlined(draw, record, (width - int(draw.textlength(record, font=core.fonts["detail"])), height - 6), core.fonts["detail"])
    return img
