"""LEDMatrix's BaseOddsManager: betting odds of one game from ESPN's core API, through the cache.

`get_odds(sport, league, event_id, update_interval_seconds=None)` answers the odds as
`{details, over_under, spread, home_team_odds: {money_line, spread_odds}, away_team_odds: {...}}`
or None. A game without odds is cached as `{"no_odds": True}` so it is not asked for again within
the interval; after a failed request the network is left alone for FAILURE_COOLDOWN_S and only
the cache answers, so a slate of games does not pay one timeout each. `base_url` is an attribute
(tests point it at a local server).
"""

import logging
import time

from src.common import http_fetch

ESPN_CORE = "https://sports.core.api.espn.com/v2/sports"
LEAGUE_NAMES = {"ncaa_fb": "college-football", "nfl": "nfl", "nba": "nba", "mlb": "mlb", "nhl": "nhl"}
FAILURE_COOLDOWN_S = 60.0


class BaseOddsManager:
    def __init__(self, cache_manager, config_manager=None):
        self.cache_manager = cache_manager
        self.config_manager = config_manager
        self.logger = logging.getLogger(__name__)
        self.base_url = ESPN_CORE
        self.update_interval = 3600
        self.request_timeout = 5
        self._skip_network_until = 0.0
        if config_manager is not None:
            self._load_configuration()

    def _load_configuration(self):
        try:
            section = (self.config_manager.get_config() or {}).get("base_odds_manager") or {}
        except Exception as e:  # a device config that cannot be read leaves the defaults
            self.logger.warning("odds settings unreadable, using defaults: %s", e)
            return
        self.update_interval = section.get("update_interval", self.update_interval)
        self.request_timeout = section.get("timeout", self.request_timeout)

    def get_odds(self, sport, league, event_id, update_interval_seconds=None, **_):
        if sport is None or league is None:
            raise ValueError("Sport and League cannot be None")
        interval = update_interval_seconds or self.update_interval
        key = f"odds_espn_{sport}_{league}_{event_id}"
        cached = self.cache_manager.get(key, max_age=interval)
        if cached:
            return None if _no_odds(cached) else cached
        if time.monotonic() < self._skip_network_until:
            return None
        url = f"{self.base_url}/{sport}/leagues/{LEAGUE_NAMES.get(league, league)}/events/{event_id}/competitions/{event_id}/odds"
        try:
            raw = http_fetch.get_json(url, timeout=self.request_timeout)
        except http_fetch.FetchError as e:
            self._skip_network_until = time.monotonic() + FAILURE_COOLDOWN_S
            self.logger.warning("odds for %s unavailable, not asking again for %.0fs: %s", key, FAILURE_COOLDOWN_S, e)
            stale = self.cache_manager.get(key, max_age=None)
            return None if not stale or _no_odds(stale) else stale
        self._skip_network_until = 0.0
        odds = self._extract_espn_data(raw if isinstance(raw, dict) else {})
        self.cache_manager.set(key, odds or {"no_odds": True}, ttl=interval)
        return odds

    def _extract_espn_data(self, data: dict):
        items = data.get("items") or []
        if not items or not isinstance(items[0], dict):
            return None
        item = items[0]
        return {
            "details": item.get("details"),
            "over_under": item.get("overUnder"),
            "spread": item.get("spread"),
            "home_team_odds": _side(item.get("homeTeamOdds")),
            "away_team_odds": _side(item.get("awayTeamOdds")),
        }

    def get_odds_for_games(self, games: list) -> list:
        for game in games:
            try:
                game["odds"] = self.get_odds(game.get("sport"), game.get("league"), game.get("id")) if game.get("id") else None
            except ValueError:
                game["odds"] = None
        return games

    def is_odds_available(self, odds_data) -> bool:
        if not odds_data or _no_odds(odds_data):
            return False
        sides = (odds_data.get("home_team_odds") or {}, odds_data.get("away_team_odds") or {})
        return any(v is not None for v in (odds_data.get("spread"), odds_data.get("over_under"), *(s.get("spread_odds") for s in sides)))

    def format_odds_summary(self, odds_data) -> str:
        if not odds_data or _no_odds(odds_data):
            return "No odds available"
        home, away = odds_data.get("home_team_odds") or {}, odds_data.get("away_team_odds") or {}
        parts = [f"{label}: {value}" for label, value in (("Spread", odds_data.get("spread")), ("O/U", odds_data.get("over_under")),
                                                           ("Home ML", home.get("money_line")), ("Away ML", away.get("money_line"))) if value is not None]  # fmt: skip
        return " | ".join(parts) or "No odds available"


def _side(value) -> dict:
    side = value if isinstance(value, dict) else {}
    spread = ((side.get("current") or {}).get("pointSpread") or {}).get("value")
    return {"money_line": side.get("moneyLine"), "spread_odds": spread}


def _no_odds(value) -> bool:
    return isinstance(value, dict) and bool(value.get("no_odds"))
