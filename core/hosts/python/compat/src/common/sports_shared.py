"""LEDMatrix 3.3's src.common.sports_shared: what the scoreboards' own sports.py inherits.

Since LEDMatrix 3.3 a scoreboard's `SportsCore` derives from `SportsCoreSharedMixin`, its
`SportsLive` from `SportsLiveSharedMixin` and its `SportsRecent` from `SportsRecentSharedMixin`,
and keeps only its sport in its own file. The mixins hold no state of their own: they read the
scoreboard's (`config`, `fonts`, `logger`, `display_width`/`display_height`, `display_manager`,
`sport`, `league`, `session`, `headers`, `favorite_teams`, `games_list`, ...) and call back into
the methods each scoreboard defines for itself (`_get_timezone`, `_get_layout_offset`,
`_is_favorite_game`, `_is_ranked_game`, `_passes_other_filters`, `_by_importance`,
`_other_games_window`, `_upcoming_date_and_time_text`, `_load_division_team_ids`,
`_is_game_really_over`). A method or constant of the scoreboard's own class always wins.

The core mixin is put together from three parts: fonts and text colours
(`sports_shared_fonts`), the switch-mode card (`sports_shared_card`) and the choice of games
(`sports_shared_selection`).
"""

import logging
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import ClassVar, Optional

from src.common import http_fetch
from src.common.sports_shared_card import SharedCardMixin
from src.common.sports_shared_fonts import SharedFontsMixin
from src.common.sports_shared_selection import SharedSelectionMixin

__all__ = ["SportsCoreSharedMixin", "SportsLiveSharedMixin", "SportsRecentSharedMixin"]

ESPN_SITE = "https://site.api.espn.com/apis/site/v2/sports"
# Back-off of a live manager that keeps finding nothing: (streak reached, factor), longest first.
IDLE_STEPS = ((24, 6), (6, 2))
IDLE_CEILING_S = 900


class SportsCoreSharedMixin(SharedFontsMixin, SharedCardMixin, SharedSelectionMixin):
    """The sport-free part of a scoreboard's SportsCore."""

    #: Where the scoreboard's own files are. Each scoreboard sets it: the module of this mixin
    #: says nothing about where config_schema.json is.
    _PLUGIN_DIR: ClassVar[Optional[str]] = None

    def _plugin_dir(self) -> Optional[str]:
        """The scoreboard's folder: the one it declares, else the first class's module that sits
        beside a config_schema.json; None when neither does."""
        declared = getattr(self, "_PLUGIN_DIR", None)
        candidates = [declared] if declared else []
        for cls in type(self).__mro__:
            path = getattr(sys.modules.get(cls.__module__), "__file__", None)
            if path:
                candidates.append(os.path.dirname(os.path.abspath(path)))
        return next((d for d in candidates if os.path.isfile(os.path.join(d, "config_schema.json"))), None)

    def _get_season_schedule_dates(self) -> tuple:
        return "", ""

    def _should_log(self, warning_type: str, cooldown: int = 60) -> bool:
        """True at most once per `cooldown` seconds (one clock for every kind of warning)."""
        now = time.time()
        if now - (getattr(self, "_last_warning_time", 0) or 0) <= cooldown:
            return False
        self._last_warning_time = now
        return True

    def _scoreboard_url(self) -> str:
        base = getattr(getattr(self, "data_source", None), "base_url", None) or ESPN_SITE
        return f"{str(base).rstrip('/')}/{self.sport}/{self.league}/scoreboard"

    def _get_weeks_data(self):
        """The schedule around today ({"events": [...]}) fetched at once, for a first answer while
        a background fetch runs; None when nothing came."""
        now = datetime.now(timezone.utc)
        start = now - timedelta(days=getattr(self, "schedule_lookback_days", 14))
        end = now + timedelta(days=getattr(self, "schedule_lookahead_days", 7))
        dates = f"{start:%Y%m%d}-{end:%Y%m%d}"
        try:
            answer = http_fetch.get(self._scoreboard_url(), params={"dates": dates, "limit": 1000},
                                    headers=getattr(self, "headers", None), timeout=10)
            answer.raise_for_status()
            events = (answer.json() or {}).get("events") or []
        except (http_fetch.FetchError, AttributeError) as e:
            self.logger.warning("Error fetching this weeks games for %s - %s - %s: %s", self.sport, self.league, dates, e)
            return None
        if not events:
            return None
        self.logger.info("Fetched %d events %s", len(events), dates)
        return {"events": events}

    def cleanup(self):
        session = getattr(self, "session", None)
        if session is not None:
            try:
                session.close()
            except Exception as e:  # a plugin's own session type: closing is best effort
                self.logger.warning("Error closing session: %s", e)
        cache = getattr(self, "_logo_cache", None)
        if cache is not None:
            cache.clear()
        self.logger.info("%s cleanup completed", type(self).__name__)


class SportsLiveSharedMixin:
    """The sport-free part of a scoreboard's SportsLive: stale games and idle polling."""

    def _detect_stale_games(self, games: list) -> None:
        """Drop, in place, games not seen for `stale_game_timeout` seconds or that look over."""
        now = time.time()
        for game in list(games):
            game_id = game.get("id")
            if not game_id:
                continue
            seen = (self.game_update_timestamps.get(game_id) or {}).get("last_seen", 0)
            if seen > 0 and now - seen > self.stale_game_timeout:
                self.logger.warning("Removing stale game %s@%s (last seen %ds ago)", game.get("away_abbr"), game.get("home_abbr"), int(now - seen))
            elif self._is_game_really_over(game):
                self.logger.debug("Removing game that appears over: %s@%s", game.get("away_abbr"), game.get("home_abbr"))
            else:
                continue
            games.remove(game)
            self.game_update_timestamps.pop(game_id, None)

    def _idle_live_interval(self) -> int:
        """Seconds until the next look for live games while there are none: `no_data_interval`,
        stretched as empty looks pile up, never past `live_idle_max_interval`."""
        streak = getattr(self, "_empty_live_streak", 0)
        ceiling = getattr(self, "live_idle_max_interval", IDLE_CEILING_S)
        factor = next((f for reached, f in IDLE_STEPS if streak >= reached), 1)
        return min(int(self.no_data_interval * factor), ceiling)

    def _note_live_fetch(self, found_live: bool) -> None:
        streak = getattr(self, "_empty_live_streak", 0)
        if found_live and streak:
            self.logger.info("Live games found after %d empty check(s); back to the live update interval", streak)
        self._empty_live_streak = 0 if found_live else streak + 1


class SportsRecentSharedMixin:
    """The sport-free part of a scoreboard's SportsRecent: its settings and games held at 0:00."""

    def __init__(self, config, display_manager, cache_manager, logger: logging.Logger, sport_key: str):
        super().__init__(config, display_manager, cache_manager, logger, sport_key)
        self.games_list = []
        self.current_game_index = 0
        self.last_update = 0
        self.last_game_switch = 0
        self.update_interval = self.mode_config.get("recent_update_interval", 3600)
        self.game_display_duration = self.mode_config.get("recent_game_duration", 15)
        self._zero_clock_timestamps = {}

    def _get_zero_clock_duration(self, game_id: str) -> float:
        """Seconds since this game was first seen at 0:00 (0 the first time)."""
        now = time.time()
        return now - self._zero_clock_timestamps.setdefault(game_id, now)

    def _clear_zero_clock_tracking(self, game_id: str) -> None:
        self._zero_clock_timestamps.pop(game_id, None)
