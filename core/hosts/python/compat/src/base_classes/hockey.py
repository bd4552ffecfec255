"""LEDMatrix's hockey classes: periods (1st-3rd, OT, SO) and power plays on the scorebug."""

from src.base_classes.sports import SportsCore, SportsLive

PERIODS = {1: "P1", 2: "P2", 3: "P3"}


class Hockey(SportsCore):
    def __init__(self, config, display_manager, cache_manager, logger, sport_key):
        self.sport = "hockey"
        super().__init__(config, display_manager, cache_manager, logger, sport_key)

    def _extract_game_details(self, game_event):
        details, home, away, status, situation = self._extract_game_details_common(game_event)
        if details is None:
            return None
        period = int(details.get("period") or 0)
        details["period_text"] = PERIODS.get(period, "OT" if period == 4 else "SO" if period > 4 else "")
        if details["is_live"] and not details["is_halftime"]:
            details["status_text"] = f"{details['period_text']} {details['clock']}".strip()
        situation = situation if isinstance(situation, dict) else {}
        details["power_play"] = bool(situation.get("isPowerPlay"))
        details["home_shots"] = _stat(home, "shots")
        details["away_shots"] = _stat(away, "shots")
        return details


class HockeyLive(Hockey, SportsLive):
    pass


def _stat(competitor, name: str):
    for stat in (competitor or {}).get("statistics") or []:
        if isinstance(stat, dict) and stat.get("name") == name:
            return stat.get("displayValue")
    return None
