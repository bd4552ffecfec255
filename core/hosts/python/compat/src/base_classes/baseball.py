"""LEDMatrix's baseball classes: innings (top or bottom), balls, strikes, outs and runners."""

from src.base_classes.sports import SportsCore, SportsLive


class Baseball(SportsCore):
    def __init__(self, config, display_manager, cache_manager, logger, sport_key):
        self.sport = "baseball"
        super().__init__(config, display_manager, cache_manager, logger, sport_key)

    def _extract_game_details(self, game_event):
        details, home, away, status, situation = self._extract_game_details_common(game_event)
        if details is None:
            return None
        situation = situation if isinstance(situation, dict) else {}
        short = str(((status or {}).get("type") or {}).get("shortDetail") or "")
        details["inning"] = int(details.get("period") or 0)
        details["inning_half"] = "bottom" if short.lower().startswith(("bot", "bottom")) else "top"
        details["balls"], details["strikes"], details["outs"] = (int(situation.get(k) or 0) for k in ("balls", "strikes", "outs"))
        details["bases_occupied"] = [bool(situation.get(k)) for k in ("onFirst", "onSecond", "onThird")]
        if details["is_live"]:
            arrow = "▼" if details["inning_half"] == "bottom" else "▲"
            details["status_text"] = f"{arrow}{details['inning']} {details['outs']} out"
        return details


class BaseballLive(Baseball, SportsLive):
    pass
