"""LEDMatrix's DynamicTeamResolver: favourite-team lists with entries like "AP_TOP_25" expanded.

AP_TOP_25, AP_TOP_10 and AP_TOP_5 become the teams of ESPN's current college-football poll
(fetched at most once an hour, bounded like every fetch here); other names pass through, and a
name that looks dynamic but is unknown ("TOP_40") is dropped with a warning. When the poll cannot
be fetched the dynamic entry expands to nothing and the plain teams still count.
"""

import logging
import time

from src.common import http_fetch

logger = logging.getLogger(__name__)

RANKINGS_URL = "https://site.api.espn.com/apis/site/v2/sports/football/college-football/rankings"
CACHE_S = 3600


class DynamicTeamResolver:
    DYNAMIC_PATTERNS = {
        "AP_TOP_25": {"sport": "ncaa_fb", "limit": 25},
        "AP_TOP_10": {"sport": "ncaa_fb", "limit": 10},
        "AP_TOP_5": {"sport": "ncaa_fb", "limit": 5},
    }

    def __init__(self, request_timeout: int = 30, rankings_url: str = RANKINGS_URL, clock=time.monotonic):
        self.request_timeout = http_fetch.bounded_timeout(request_timeout)
        self.rankings_url = rankings_url
        self.logger = logger
        self._clock = clock
        self._rankings = {}
        self._fetched_at = None

    def resolve_teams(self, team_list, sport: str = "ncaa_fb") -> list:
        resolved = []
        for team in team_list or []:
            if team in self.DYNAMIC_PATTERNS:
                resolved.extend(self._resolve_dynamic_team(team, sport))
            elif self._is_potential_dynamic_team(team):
                self.logger.warning("unknown dynamic team %r skipped", team)
            else:
                resolved.append(team)
        return list(dict.fromkeys(resolved))

    def _resolve_dynamic_team(self, dynamic_team: str, sport: str) -> list:
        pattern = self.DYNAMIC_PATTERNS[dynamic_team]
        return list(self._fetch_ncaa_fb_rankings())[: pattern["limit"]]

    def _fetch_ncaa_fb_rankings(self) -> dict:
        """Team abbreviation -> rank, best first; {} when the poll is unavailable."""
        now = self._clock()
        if self._fetched_at is not None and now - self._fetched_at < CACHE_S:
            return self._rankings
        try:
            data = http_fetch.get_json(self.rankings_url, timeout=self.request_timeout)
        except http_fetch.FetchError as e:
            self.logger.warning("college-football rankings unavailable: %s", e)
            return self._rankings
        polls = data.get("rankings") if isinstance(data, dict) else None
        ranks = {}
        for entry in (polls[0].get("ranks") or []) if polls else []:
            abbr, rank = (entry.get("team") or {}).get("abbreviation"), entry.get("current") or 0
            if abbr and isinstance(rank, int) and rank > 0:
                ranks[abbr] = rank
        self._rankings = dict(sorted(ranks.items(), key=lambda kv: kv[1]))
        self._fetched_at = now
        return self._rankings

    def get_available_dynamic_teams(self) -> list:
        return list(self.DYNAMIC_PATTERNS)

    def is_dynamic_team(self, team_name) -> bool:
        return team_name in self.DYNAMIC_PATTERNS

    def _is_potential_dynamic_team(self, team_name) -> bool:
        return any(p in str(team_name).upper() for p in ("AP_TOP_", "TOP_", "RANKED_", "PLAYOFF_"))

    def clear_cache(self):
        self._rankings, self._fetched_at = {}, None


def resolve_dynamic_teams(team_list, sport: str = "ncaa_fb") -> list:
    return DynamicTeamResolver().resolve_teams(team_list, sport)
