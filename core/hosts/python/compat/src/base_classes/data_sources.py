"""LEDMatrix's pluggable sports data sources: ESPN's site API, MLB's stats API, a soccer API.

Each answers plain lists and dicts and never raises on a failed fetch (an empty answer, logged).
`base_url` and `timeout` are attributes, so a plugin (or a test) can point a source at another server.
"""

import logging
from abc import ABC, abstractmethod
from datetime import datetime

from src.common import http_fetch

TIMEOUT_S = 15


class DataSource(ABC):
    def __init__(self, logger: logging.Logger):
        self.logger = logger or logging.getLogger(__name__)
        self.timeout = TIMEOUT_S
        self.session = http_fetch.Session()

    @abstractmethod
    def fetch_live_games(self, sport: str, league: str) -> list:
        """Games in progress now."""

    @abstractmethod
    def fetch_schedule(self, sport: str, league: str, date_range: tuple) -> list:
        """Games between two dates (inclusive)."""

    @abstractmethod
    def fetch_standings(self, sport: str, league: str) -> dict:
        """Standings, or a poll for college leagues."""

    def get_headers(self) -> dict:
        return {"User-Agent": http_fetch.USER_AGENT, "Accept": "application/json"}

    def _get(self, url: str, params=None, what: str = "data"):
        try:
            return http_fetch.get_json(url, params=params, headers=self.get_headers(), timeout=self.timeout)
        except http_fetch.FetchError as e:
            self.logger.error("Error fetching %s: %s", what, e)
            return None


def _events(data) -> list:
    events = data.get("events") if isinstance(data, dict) else None
    return [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []


def event_state(event: dict):
    competitions = event.get("competitions") or [{}]
    return (((competitions[0] or {}).get("status") or event.get("status") or {}).get("type") or {}).get("state")


class ESPNDataSource(DataSource):
    def __init__(self, logger: logging.Logger):
        super().__init__(logger)
        self.base_url = "https://site.api.espn.com/apis/site/v2/sports"

    def scoreboard(self, sport: str, league: str, dates: str) -> list:
        data = self._get(f"{self.base_url}/{sport}/{league}/scoreboard", {"dates": dates, "limit": 1000}, f"{sport}/{league} scoreboard")
        return _events(data)

    def fetch_live_games(self, sport: str, league: str) -> list:
        return [e for e in self.scoreboard(sport, league, datetime.now().strftime("%Y%m%d")) if event_state(e) == "in"]

    def fetch_schedule(self, sport: str, league: str, date_range: tuple) -> list:
        start, end = date_range
        return self.scoreboard(sport, league, f"{start.strftime('%Y%m%d')}-{end.strftime('%Y%m%d')}")

    def fetch_standings(self, sport: str, league: str) -> dict:
        college = "college" in str(league).lower() or "ncaa" in str(league).lower()
        for endpoint in ("rankings", "standings") if college else ("standings", "rankings"):
            data = self._get(f"{self.base_url}/{sport}/{league}/{endpoint}", what=f"{sport}/{league} {endpoint}")
            if isinstance(data, dict) and (endpoint != "rankings" or data.get("rankings")):
                return data
        return {}


class MLBAPIDataSource(DataSource):
    def __init__(self, logger: logging.Logger):
        super().__init__(logger)
        self.base_url = "https://statsapi.mlb.com/api/v1"

    def _games(self, params: dict) -> list:
        data = self._get(f"{self.base_url}/schedule", {"sportId": 1, **params}, "MLB schedule") or {}
        return [g for day in data.get("dates") or [] for g in (day.get("games") or []) if isinstance(g, dict)]

    def fetch_live_games(self, sport: str, league: str) -> list:
        games = self._games({"date": datetime.now().strftime("%Y-%m-%d"), "hydrate": "game,team,venue,weather"})
        return [g for g in games if (g.get("status") or {}).get("abstractGameState") == "Live"]

    def fetch_schedule(self, sport: str, league: str, date_range: tuple) -> list:
        start, end = date_range
        return self._games({"startDate": start.strftime("%Y-%m-%d"), "endDate": end.strftime("%Y-%m-%d"), "hydrate": "game,team,venue"})

    def fetch_standings(self, sport: str, league: str) -> dict:
        params = {"leagueId": 103, "season": datetime.now().year, "standingsType": "regularSeason"}
        return self._get(f"{self.base_url}/standings", params, "MLB standings") or {}


class SoccerAPIDataSource(DataSource):
    def __init__(self, logger: logging.Logger, api_key: str = None):
        super().__init__(logger)
        self.api_key = api_key
        self.base_url = "https://api.football-data.org/v4"

    def get_headers(self) -> dict:
        headers = super().get_headers()
        if self.api_key:
            headers["X-Auth-Token"] = self.api_key
        return headers

    def _matches(self, params: dict) -> list:
        data = self._get(f"{self.base_url}/matches", params, "soccer matches") or {}
        return [m for m in data.get("matches") or [] if isinstance(m, dict)]

    def fetch_live_games(self, sport: str, league: str) -> list:
        return self._matches({"status": "LIVE", "competition": league})

    def fetch_schedule(self, sport: str, league: str, date_range: tuple) -> list:
        start, end = date_range
        return self._matches({"competition": league, "dateFrom": start.strftime("%Y-%m-%d"), "dateTo": end.strftime("%Y-%m-%d")})

    def fetch_standings(self, sport: str, league: str) -> dict:
        return self._get(f"{self.base_url}/competitions/{league}/standings", what="soccer standings") or {}
