"""One ESPN scoreboard event as the game dict LEDMatrix's scoreboards draw from.

`extract_common(event, logo_dir, tz)` answers `(details, home, away, status, situation)` as
LEDMatrix's `_extract_game_details_common` does, or five Nones for an event without two teams.
details carries: id, home/away abbr, id, score, record, logo path and url, is_live, is_final,
is_upcoming, is_halftime, status_text, period, clock, start_time_utc, game_time and game_date
(in the device's time zone).
"""

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NONE = (None, None, None, None, None)


def device_zone(name):
    try:
        return ZoneInfo(str(name or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def parse_start(value):
    """ESPN's "2026-01-15T00:00Z" (or with seconds) as an aware UTC datetime, else None."""
    if not isinstance(value, str) or not value:
        return None
    text = value.replace("Z", "+00:00")
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        return None
    return start if start.tzinfo else start.replace(tzinfo=timezone.utc)


def _competitors(competition: dict) -> tuple:
    teams = [c for c in competition.get("competitors") or [] if isinstance(c, dict)]
    home = next((c for c in teams if c.get("homeAway") == "home"), None)
    away = next((c for c in teams if c.get("homeAway") == "away"), None)
    return home, away


def _record(competitor: dict) -> str:
    for record in competitor.get("records") or []:
        if isinstance(record, dict) and record.get("summary"):
            return str(record["summary"])
    return ""


def _score(competitor: dict) -> str:
    score = competitor.get("score", "0")
    if isinstance(score, dict):  # some endpoints nest it
        score = score.get("displayValue") or score.get("value") or "0"
    if isinstance(score, float) and score.is_integer():
        score = int(score)
    return str(score if score not in (None, "") else "0")


def _team(competitor: dict, logo_dir: Path, prefix: str) -> dict:
    team = competitor.get("team") or {}
    abbr = str(team.get("abbreviation") or team.get("shortDisplayName") or "?")
    logos = team.get("logos") or []
    url = team.get("logo") or (logos[0].get("href") if logos and isinstance(logos[0], dict) else None)
    return {
        f"{prefix}_abbr": abbr,
        f"{prefix}_id": str(team.get("id") or ""),
        f"{prefix}_name": team.get("displayName") or abbr,
        f"{prefix}_score": _score(competitor),
        f"{prefix}_record": _record(competitor),
        f"{prefix}_logo_path": Path(logo_dir) / f"{abbr}.png",
        f"{prefix}_logo_url": url,
    }


def extract_common(event, logo_dir, tz) -> tuple:
    if not isinstance(event, dict):
        return NONE
    competition = (event.get("competitions") or [None])[0]
    if not isinstance(competition, dict):
        return NONE
    home, away = _competitors(competition)
    if home is None or away is None:
        return NONE
    status = competition.get("status") or event.get("status") or {}
    kind = status.get("type") or {}
    state = kind.get("state")
    start = parse_start(event.get("date") or competition.get("date"))
    local = start.astimezone(device_zone(tz)) if start else None
    details = {
        "id": str(event.get("id") or ""),
        "is_live": state == "in",
        "is_final": state == "post",
        "is_upcoming": state == "pre",
        "is_halftime": kind.get("name") == "STATUS_HALFTIME",
        "is_period_break": kind.get("name") in ("STATUS_END_PERIOD", "STATUS_HALFTIME"),
        "status_text": kind.get("shortDetail") or kind.get("detail") or "",
        "period": status.get("period") or 0,
        "clock": status.get("displayClock") or "0:00",
        "start_time_utc": start,
        "game_time": local.strftime("%-I:%M%p").lower() if local else "",
        "game_date": local.strftime("%-m/%-d") if local else "",
        **_team(home, logo_dir, "home"),
        **_team(away, logo_dir, "away"),
    }
    return details, home, away, status, competition.get("situation")
