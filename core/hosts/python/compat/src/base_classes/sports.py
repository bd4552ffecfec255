"""LEDMatrix's sports base classes: SportsCore and its live, recent and upcoming managers.

Constructed as `Cls(config, display_manager, cache_manager, logger, sport_key)`; the settings are
`config["<sport_key>_scoreboard"]` (favorite_teams, show_favorite_teams_only, logo_dir,
recent_games_to_show, upcoming_games_to_show, update_interval_seconds, live_update_interval,
show_odds, show_records, request_timeout, test_mode, ...). `update()` fetches the scoreboard through the data
source (ESPN by default; its `base_url` can be changed), keeps the games of its kind and picks the
one to show; `display(force_clear)` draws it and answers False when there is nothing to show.
Fetched data is cached through the plugin's cache manager. Subclasses (a sport, then a league)
override `_fetch_data`, `_extract_game_details` and `_draw_scorebug_layout` as in LEDMatrix.
"""

import logging
import time
from datetime import datetime, timedelta

from src.base_classes import sports_draw, sports_logos
from src.base_classes.data_sources import ESPNDataSource
from src.base_classes.sports_games import extract_common
from src.base_odds_manager import BaseOddsManager
from src.common import http_fetch

SCHEDULE_DAYS = 7


class SportsCore:
    def __init__(self, config, display_manager, cache_manager, logger, sport_key):
        self.logger = logger or logging.getLogger(f"sports.{sport_key}")
        self.config = config or {}
        self.display_manager = display_manager
        self.cache_manager = cache_manager
        self.config_manager = getattr(cache_manager, "config_manager", None)
        self.sport_key = sport_key
        self.sport = getattr(self, "sport", None) or sport_key
        self.league = getattr(self, "league", None) or sport_key
        self.mode_config = self.config.get(f"{sport_key}_scoreboard") or {}
        mc = self.mode_config
        self.is_enabled = bool(mc.get("enabled", self.config.get("enabled", True)))
        self.show_odds, self.show_records, self.show_ranking = (bool(mc.get(k, False)) for k in ("show_odds", "show_records", "show_ranking"))
        self.test_mode = bool(mc.get("test_mode", False))
        self.logo_dir = mc.get("logo_dir", f"assets/sports/{sport_key}_logos")
        self.update_interval = _seconds(mc.get("update_interval_seconds"), 60)
        self.recent_games_to_show = int(mc.get("recent_games_to_show", 5) or 5)
        self.upcoming_games_to_show = int(mc.get("upcoming_games_to_show", 10) or 10)
        self.show_favorite_teams_only = bool(mc.get("show_favorite_teams_only", False))
        self.favorite_teams = list(mc.get("favorite_teams") or [])
        self.game_display_duration = _seconds(mc.get("game_display_duration"), 15)
        self.display_width, self.display_height = display_manager.matrix.width, display_manager.matrix.height
        self.headers = {"User-Agent": http_fetch.USER_AGENT, "Accept": "application/json"}
        self.session = http_fetch.Session(self.headers)
        self.data_source = ESPNDataSource(self.logger)
        self.data_source.timeout = http_fetch.bounded_timeout(mc.get("request_timeout", self.data_source.timeout))
        self.odds_manager = BaseOddsManager(cache_manager, self.config_manager)
        self.fonts = sports_draw.load_fonts(self.logger)
        self._logo_cache, self._logo_misses = {}, set()
        self.last_update, self.current_game, self.games_list = 0.0, None, []
        self.current_game_index, self.last_game_switch = 0, 0.0
        self.background_service, self.background_fetch_requests, self.background_enabled = None, {}, False
        if (mc.get("background_service") or {}).get("enabled", True):
            from src.background_data_service import get_background_service

            self.background_service, self.background_enabled = get_background_service(cache_manager, 1), True

    # Data.
    def _timezone(self):
        return self.config_manager.get_timezone() if self.config_manager is not None else "UTC"

    def _schedule(self, start, end, cache_key: str, max_age: float):
        cached = self.cache_manager.get(cache_key, max_age=max_age)
        if isinstance(cached, dict) and isinstance(cached.get("events"), list):
            return cached
        events = self.data_source.fetch_schedule(self.sport, self.league, (start, end))
        if not events:
            return None
        data = {"events": events}
        self.cache_manager.set(cache_key, data)
        return data

    def _fetch_todays_games(self):
        today = datetime.now()
        return self._schedule(today, today, f"{self.sport_key}_today_{today:%Y%m%d}", 30)

    def _get_weeks_data(self):
        today = datetime.now()
        start, end = today - timedelta(days=SCHEDULE_DAYS), today + timedelta(days=SCHEDULE_DAYS)
        return self._schedule(start, end, f"{self.sport_key}_weeks_{start:%Y%m%d}", self.update_interval)

    def _fetch_data(self):
        return self._get_weeks_data()

    def _extract_game_details_common(self, game_event):
        return extract_common(game_event, self.logo_dir, self._timezone())

    def _extract_game_details(self, game_event):
        return self._extract_game_details_common(game_event)[0]

    def _fetch_odds(self, game, sport=None, league=None):
        try:
            game["odds"] = self.odds_manager.get_odds(sport or self.sport, league or self.league, game["id"], self.mode_config.get("odds_update_interval"))
        except (KeyError, ValueError):
            game["odds"] = None

    def _is_favorite_game(self, game) -> bool:
        return game.get("home_abbr") in self.favorite_teams or game.get("away_abbr") in self.favorite_teams

    def _games(self):
        data = self._fetch_data() or {}
        games = [g for g in (self._extract_game_details(e) for e in data.get("events") or []) if g]
        if self.show_favorite_teams_only and self.favorite_teams:
            games = [g for g in games if self._is_favorite_game(g)]
        return games

    def _select(self, games: list) -> list:
        return games

    def update(self):
        now = time.time()
        if self.last_update and now - self.last_update < self.update_interval:
            return
        self.last_update = now
        games = self._select(self._games())
        if self.show_odds:
            for game in games:
                self._fetch_odds(game)
        self.games_list = games
        self.current_game_index = 0 if not games else min(self.current_game_index, len(games) - 1)
        self.current_game = games[self.current_game_index] if games else None

    # Drawing.
    def _load_and_resize_logo(self, team_id, team_abbrev, logo_path, logo_url):
        return sports_logos.load_logo(self, team_id, team_abbrev, logo_path, logo_url)

    def _draw_text_with_outline(self, draw, text, position, font, fill=(255, 255, 255), outline_color=(0, 0, 0)):
        sports_draw.outlined(draw, text, position, font, fill, outline_color)

    def _draw_scorebug_layout(self, game, force_clear=False):
        self.display_manager.image.paste(sports_draw.scorebug(self, game), (0, 0))
        self.display_manager.update_display()

    def _advance(self):
        now = time.monotonic()
        if len(self.games_list) > 1 and now - self.last_game_switch >= self.game_display_duration:
            if self.last_game_switch:
                self.current_game_index = (self.current_game_index + 1) % len(self.games_list)
            self.current_game = self.games_list[self.current_game_index]
            self.last_game_switch = now

    def display(self, force_clear=False) -> bool:
        if not self.is_enabled or not self.games_list and not self.current_game:
            return False
        self._advance()
        self._draw_scorebug_layout(self.current_game, force_clear)
        return True


class SportsLive(SportsCore):
    def __init__(self, config, display_manager, cache_manager, logger, sport_key):
        super().__init__(config, display_manager, cache_manager, logger, sport_key)
        self.update_interval = _seconds(self.mode_config.get("live_update_interval"), 30)
        self.game_display_duration = _seconds(self.mode_config.get("live_game_duration"), 20)
        self.live_games = []

    def _fetch_data(self):
        return self._fetch_todays_games()

    def _select(self, games):
        self.live_games = [g for g in games if g.get("is_live") or g.get("is_halftime")]
        return self.live_games


class SportsRecent(SportsCore):
    def _select(self, games):
        finals = [g for g in games if g.get("is_final") and g.get("start_time_utc")]
        finals.sort(key=lambda g: g["start_time_utc"], reverse=True)
        return finals[: self.recent_games_to_show]


class SportsUpcoming(SportsCore):
    def _select(self, games):
        upcoming = [g for g in games if g.get("is_upcoming") and g.get("start_time_utc")]
        upcoming.sort(key=lambda g: g["start_time_utc"])
        return upcoming[: self.upcoming_games_to_show]


def _seconds(value, default):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else float(default)
