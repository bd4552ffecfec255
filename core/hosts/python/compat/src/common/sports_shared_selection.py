"""Which games a scoreboard shows, from LEDMatrix 3.3's shared scoreboard code (see sports_shared).

With favourite teams set (and not "favourites only"), a mode shows the favourites' games first,
one game per favourite before any favourite's second, then a window of the other games that pass
the quality (`other_games_min_quality`: "any" or "ranked") and division (`other_games_divisions`,
college football's "fbs"/"fcs"/"other") filters. The window moves through the others over time
(the scoreboard's `_other_games_window`); the result is in schedule order.
"""

import time
from datetime import datetime, timezone
from typing import ClassVar, Dict, List, Optional

EARLIEST = datetime.min.replace(tzinfo=timezone.utc)
LATEST = datetime.max.replace(tzinfo=timezone.utc)
DIVISIONS = ("fbs", "fcs")


def _schedule_key(newest_first: bool):
    missing = EARLIEST if newest_first else LATEST  # games without a start go last either way
    return lambda game: game.get("start_time_utc") or missing


class SharedSelectionMixin:
    _QUALITY_CHOICES: ClassVar[frozenset] = frozenset({"any", "ranked"})
    _RANKING_COVERAGE_SECONDS: ClassVar[int] = 60 * 60

    @staticmethod
    def _normalise_divisions(raw) -> List[str]:
        """Division names as a lower-case list: "fbs" (a hand-edited string) is ["fbs"], nothing
        iterable is [], and an empty list stays empty (no division filter)."""
        if isinstance(raw, str):
            raw = [raw]
        try:
            items = list(raw or [])
        except TypeError:
            return []
        return [str(d).strip().lower() for d in items if str(d).strip()]

    def _normalise_quality(self, raw) -> str:
        """One of `_QUALITY_CHOICES`; anything else (the retired "broadcast" included) is "ranked"."""
        value = str(raw or "").strip().lower()
        if value in self._QUALITY_CHOICES:
            return value
        reason = "has been retired" if value == "broadcast" else "is not usable"
        self.logger.warning("%s: other_games_min_quality %r %s; using 'ranked'", getattr(self, "sport_key", "?"), raw, reason)
        return "ranked"

    def _league_has_rankings(self) -> bool:
        """Only college leagues publish a poll; asking any other league answers 404 every time."""
        league = (self.league or "").lower()
        return "college" in league or "ncaa" in league

    def _game_divisions(self, game: Dict) -> Optional[set]:
        """The divisions of the game's two sides ("fbs", "fcs", "other"), or None when the rosters
        or the team ids are not known (the filter then lets the game through)."""
        rosters = self._load_division_team_ids()
        if not any(rosters.values()):
            return None
        try:
            ids = (int(game.get("home_id")), int(game.get("away_id")))
        except (TypeError, ValueError):
            return None
        return {next((d for d in DIVISIONS if team in rosters.get(d, set())), "other") for team in ids}

    def _round_robin_favorites(self, games: List[Dict], limit: int) -> List[Dict]:
        """Up to `limit` of the favourites' games (in the order given): each favourite's next game
        before any favourite's second. A game between two favourites counts once."""
        if limit <= 0 or not games:
            return []
        teams = [t for t in (self.favorite_teams or []) if t]
        if len(teams) < 2:
            return games[:limit]
        match = getattr(self, "_team_in", None)  # scoreboards matching favourites by team id
        if callable(match):
            def plays(game, team):
                return bool(match(game.get("home_id"), [team]) or match(game.get("away_id"), [team]))
        else:
            def plays(game, team):
                return team in (game.get("home_abbr"), game.get("away_abbr"))
        queues = {team: [g for g in games if plays(g, team)] for team in teams}
        picked, taken = [], set()
        while len(picked) < limit and any(queues.values()):
            for team in teams:
                queue = queues[team]
                while queue and queue[0].get("id") in taken:
                    queue.pop(0)
                if queue and len(picked) < limit:
                    game = queue.pop(0)
                    taken.add(game.get("id"))
                    picked.append(game)
        return picked

    def _check_ranking_coverage(self, games: List[Dict]) -> None:
        """Warn (at most hourly) when a poll is loaded yet matches none of these games: the
        "ranked" filter would then hide every game that is not a favourite's."""
        rankings = getattr(self, "_team_rankings_cache", None) or {}
        if self.other_games_min_quality != "ranked" or not rankings or not games:
            return
        if any(self._is_ranked_game(g) for g in games):
            return
        now, last = time.monotonic(), getattr(self, "_ranking_coverage_logged_at", 0.0)
        if last and now - last < self._RANKING_COVERAGE_SECONDS:  # 0 means never warned
            return
        self._ranking_coverage_logged_at = now
        self.logger.warning("%s: %d ranked teams loaded, but none of the %d other games match one; the quality filter "
                            "hides every game that is not a favourite's. Ranked abbreviations: %s",
                            self.league, len(rankings), len(games), ", ".join(sorted(rankings)[:8]))

    def _favorites_first(self, processed_games: List[Dict], favorite_limit: int, other_limit: int,
                         newest_first: bool = False) -> List[Dict]:
        """Up to `favorite_limit` favourite games plus up to `other_limit` others (both totals).
        Keeps the pools in `_selection_pools` so the others' window can be cut again later."""
        ordered = sorted(processed_games, key=_schedule_key(newest_first), reverse=newest_first)
        favorites = [g for g in ordered if self._is_favorite_game(g)]
        unfiltered = [g for g in ordered if not self._is_favorite_game(g)]
        others = [g for g in unfiltered if self._passes_other_filters(g)]
        self._check_ranking_coverage(unfiltered)
        self._selection_pools = {
            "favorites": favorites,
            "others": self._by_importance(others, newest_first),
            "unfiltered": self._by_importance(unfiltered, newest_first),
            "favorite_limit": favorite_limit,
            "other_limit": other_limit,
            "newest_first": newest_first,
        }
        return self._compose_selection()

    def _compose_selection(self) -> List[Dict]:
        """The favourites and the current window of others, in schedule order. When nothing at
        all is left the filters are dropped, rather than leave the mode blank, unless the user
        asked for favourites only (`other_limit` 0)."""
        pools = self._selection_pools
        other_limit = max(0, pools["other_limit"])
        selected = self._round_robin_favorites(pools["favorites"], max(0, pools["favorite_limit"]))
        selected.extend(self._other_games_window(pools["others"], other_limit))
        if not selected and other_limit > 0:
            selected = self._other_games_window(pools["unfiltered"], other_limit)
        selected.sort(key=_schedule_key(pools["newest_first"]), reverse=pools["newest_first"])
        return selected
