"""The switch-mode card of LEDMatrix 3.3's shared scoreboard code (see sports_shared): the
`scroll_card` settings, dates and times as the user wants them written, the middle of an upcoming
game's card, and the colour of a favourite team's final score.

Settings (`config["scroll_card"]`): `switch_upcoming_center` "date_time" (default), "vs", "none"
or "inherit" (then `upcoming_center`); `vs_text` ("VS"); `switch_date_format` "numeric" (default,
"9/19" as the game's date already reads), "abbrev" ("Sep 19"), "day_first" ("19 Sep"),
"numeric_day_first" ("19/9"), "weekday" ("Fri Sep 19") or "inherit" (then `date_format`);
`time_format` "12h" or "24h"; `swap_date_time`.
"""

from datetime import datetime
from typing import Any, ClassVar, Dict, Optional, Tuple

from PIL import Image, ImageDraw

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CENTER_MODES = ("vs", "date_time", "none")


class SharedCardMixin:
    _MONTH_ABBR: ClassVar[Tuple[str, ...]] = MONTHS
    _WEEKDAY_ABBR: ClassVar[Tuple[str, ...]] = WEEKDAYS
    FAVORITE_RESULT_COLOR_DEFAULTS: ClassVar[Dict[str, Tuple[int, int, int]]] = {
        "win": (0, 255, 0), "loss": (255, 0, 0), "tie": (255, 200, 0)}

    def _card_option(self, key: str, default: Any = None) -> Any:
        block = (self.config or {}).get("scroll_card")
        value = block.get(key) if isinstance(block, dict) else None
        return default if value is None else value

    def _card_choice(self, key: str, default: str, inherit_from: str, inherit_default: str) -> str:
        value = str(self._card_option(key, default) or default).lower()
        return str(self._card_option(inherit_from, inherit_default) or inherit_default).lower() if value == "inherit" else value

    def _switch_upcoming_center(self) -> str:
        mode = self._card_choice("switch_upcoming_center", "date_time", "upcoming_center", "vs")
        return mode if mode in CENTER_MODES else "date_time"

    def _vs_text(self) -> str:
        return str(self._card_option("vs_text", "VS"))

    def _switch_date_format(self) -> str:
        return self._card_choice("switch_date_format", "numeric", "date_format", "abbrev")

    def _format_game_date(self, date_text: str, game: Optional[Dict] = None) -> str:
        """A "month/day" date in the card's date format; anything else is returned as it came."""
        text = str(date_text or "").strip()
        style = self._switch_date_format() if text else "numeric"
        if style == "numeric":
            return text
        parts = [p.strip() for p in text.replace("-", "/").split("/")]
        if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit() or not 1 <= int(parts[0]) <= 12:
            return text
        month, day = int(parts[0]), int(parts[1])
        name = self._MONTH_ABBR[month - 1]
        if style == "numeric_day_first":
            return f"{day}/{month}"
        if style == "day_first":
            return f"{day} {name}"
        weekday = self._weekday_for(game) if style == "weekday" else ""
        return f"{weekday} {name} {day}" if weekday else f"{name} {day}"

    def _weekday_for(self, game: Optional[Dict]) -> str:
        """The game's weekday in the scoreboard's time zone ("Fri"), or "" when it has no start."""
        start = (game or {}).get("start_time_utc") or (game or {}).get("start_time")
        if not start:
            return ""
        try:
            if not isinstance(start, datetime):
                start = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
            return self._WEEKDAY_ABBR[start.astimezone(self._get_timezone()).weekday()]
        except (ValueError, TypeError, OverflowError):
            return ""

    def _format_game_time(self, time_text: str) -> str:
        """"7:30PM" as "19:30" when `time_format` is "24h"; otherwise, or unreadable, as it came."""
        text = str(time_text or "").strip()
        if not text or str(self._card_option("time_format", "12h")) != "24h":
            return text
        compact = text.upper().replace(" ", "")
        if compact[-2:] not in ("AM", "PM"):
            return text
        hours, _, minutes = compact[:-2].partition(":")
        try:
            hour, minute = int(hours), int(minutes or 0)
        except ValueError:
            return text
        if not (0 <= hour <= 12 and 0 <= minute <= 59):
            return text
        return f"{hour % 12 + (12 if compact.endswith('PM') else 0):02d}:{minute:02d}"

    def _scorebug_font(self, draw, text: str, width: int):
        """The clock face, or the detail face for text that would not fit the panel in it."""
        font = self.fonts["time"]
        try:
            too_wide = bool(text) and draw.textlength(text, font=font) + 2 > width
        except (TypeError, ValueError):
            too_wide = False
        return (self.fonts.get("detail") or font) if too_wide else font

    def _draw_centred(self, draw, element: str, text: str, y: int, width: int, font=None) -> None:
        font = font or self._scorebug_font(draw, text, width)
        x = (width - draw.textlength(text, font=font)) // 2 + self._get_layout_offset(element, "x_offset")
        self._draw_text_with_outline(draw, text, (x, y), font)

    def _draw_upcoming_center_switch(self, draw, game: Dict, center_y: int, game_date: str, game_time: str,
                                     display_width: Optional[int] = None, display_height: Optional[int] = None,
                                     date_element: str = "date", time_element: str = "time",
                                     second_row_y_offset: bool = True) -> bool:
        """Draw the middle of an upcoming game's card. True when the top row is still free for
        the caller's header: "vs" and "none" put the time on top and the date at the bottom."""
        width = self.display_width if display_width is None else display_width
        height = self.display_height if display_height is None else display_height
        date_text, time_text = self._upcoming_date_and_time_text(game_date, game_time, game)
        rows = [(date_element, date_text), (time_element, time_text)]
        if self._card_option("swap_date_time", False):
            rows.reverse()
        mode = self._switch_upcoming_center()
        if mode == "date_time":
            y = center_y - 7
            for index, (element, text) in enumerate(rows):
                y += (9 if index else 0) + (self._get_layout_offset(element, "y_offset") if second_row_y_offset or not index else 0)
                if text:
                    self._draw_centred(draw, element, text, y, width)
            return True
        vs_text = self._vs_text() if mode == "vs" else ""
        if vs_text:
            self._draw_centred(draw, "score", vs_text, center_y - 3 + self._get_layout_offset("score", "y_offset"), width, self.fonts["score"])
        (bottom_element, bottom_text), (top_element, top_text) = rows
        if top_text:
            self._draw_centred(draw, top_element, top_text, 1 + self._get_layout_offset(top_element, "y_offset"), width)
        if bottom_text:
            font = self._scorebug_font(draw, bottom_text, width)
            ink_bottom = draw.textbbox((0, 0), bottom_text, font=font)[3]  # faces differ in height
            y = max(0, height - ink_bottom - 1) + self._get_layout_offset(bottom_element, "y_offset")
            self._draw_centred(draw, bottom_element, bottom_text, y, width, font)
        return False

    @staticmethod
    def _coerce_rgb(value, fallback):
        if not isinstance(value, (list, tuple)) or len(value) != 3:
            return fallback
        try:
            return tuple(max(0, min(255, int(channel))) for channel in value)
        except (TypeError, ValueError):
            return fallback

    @staticmethod
    def _side_is_favorite(game: Dict, side: str, favorites: set) -> bool:
        """Whether the side's abbreviation or team id (upper-cased) is among `favorites`."""
        values = (game.get(f"{side}_abbr"), game.get(f"{side}_id"))
        return any(v is not None and str(v).strip().upper() in favorites for v in values)

    def _favorite_result(self, game: Dict) -> Optional[str]:
        """"win", "loss" or "tie" for the one favourite side of a game; None when no side or both
        sides are favourites, or a score is not a number."""
        favorites = {str(t).strip().upper() for t in (getattr(self, "favorite_teams", None) or []) if str(t).strip()}
        home = self._side_is_favorite(game, "home", favorites)
        if not favorites or home == self._side_is_favorite(game, "away", favorites):
            return None
        try:
            home_score, away_score = (int(float(str(game.get(f"{s}_score", "")).strip())) for s in ("home", "away"))
        except (TypeError, ValueError):
            return None
        ours, theirs = (home_score, away_score) if home else (away_score, home_score)
        return "tie" if ours == theirs else "win" if ours > theirs else "loss"

    def _recent_score_color(self, game: Dict, default):
        """The final score's colour from `customization.favorite_result_colors` when enabled."""
        settings = ((self.config or {}).get("customization") or {}).get("favorite_result_colors") or {}
        result = self._favorite_result(game) if isinstance(settings, dict) and settings.get("enabled") else None
        if result is None:
            return default
        return self._coerce_rgb(settings.get(f"{result}_color"), self.FAVORITE_RESULT_COLOR_DEFAULTS[result])

    def _draw_scorebug_layout(self, game: Dict, force_clear: bool = False) -> None:
        """The status text alone, pasted without a refresh; each sport draws its own card."""
        image = Image.new("RGB", (self.display_width, self.display_height))
        self._draw_text_with_outline(ImageDraw.Draw(image), game.get("status_text", "N/A"), (2, 2), self.fonts["status"])
        self.display_manager.image.paste(image, (0, 0))

    def _custom_scorebug_layout(self, game: dict, draw_overlay) -> None:
        """A sport's extra marks on the card; none by default."""
