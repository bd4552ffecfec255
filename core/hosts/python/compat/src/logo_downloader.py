"""LEDMatrix's logo downloader: team logos fetched from ESPN's team API when a plugin lacks one.

`download_missing_logo(league, team_id, team_abbreviation, logo_path, logo_url=None,
create_placeholder=True)` is what plugins call: True when the file exists afterwards (already
there, downloaded, or a placeholder drawn). A plugin may write only in its data folder, so a
`logo_path` elsewhere (LEDMatrix's `assets/sports/...` beside the core) cannot be written and the
call answers False; the plugin then draws without that logo, as it does on LEDMatrix when a
download fails. Downloads are bounded in time and size (src/common/http_fetch.py).
"""

import io
import logging
import os
import re
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from src.common import http_fetch

logger = logging.getLogger(__name__)

ESPN_SITE = "https://site.api.espn.com/apis/site/v2/sports"
_LEAGUE_PATHS = {
    "nfl": "football/nfl", "ncaa_fb": "football/college-football", "ncaa_fb_all": "football/college-football",
    "fcs": "football/college-football", "nba": "basketball/nba", "wnba": "basketball/wnba",
    "ncaam_basketball": "basketball/mens-college-basketball", "ncaam": "basketball/mens-college-basketball",
    "ncaaw_basketball": "basketball/womens-college-basketball", "ncaaw": "basketball/womens-college-basketball",
    "mlb": "baseball/mlb", "ncaa_baseball": "baseball/college-baseball", "nhl": "hockey/nhl",
    "ncaam_hockey": "hockey/mens-college-hockey", "ncaaw_hockey": "hockey/womens-college-hockey",
    "ncaam_lacrosse": "lacrosse/mens-college-lacrosse", "ncaaw_lacrosse": "lacrosse/womens-college-lacrosse",
}  # fmt: skip
_NCAA = ("ncaa_fb", "ncaa_fb_all", "fcs", "ncaam_basketball", "ncaam", "ncaaw_basketball", "ncaaw",
         "ncaa_baseball", "ncaam_hockey", "ncaaw_hockey", "ncaam_lacrosse", "ncaaw_lacrosse")  # fmt: skip
_SAFE_LEAGUE = re.compile(r"^[a-z0-9_.-]+$")
_UNSAFE_CHARS = str.maketrans({c: "_" for c in '/\\:*?"<>|'})
IMAGE_TYPES = ("image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp")
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 2048 * 2048
PLACEHOLDER_SIZE = 64


class LogoDownloader:
    API_ENDPOINTS = {league: f"{ESPN_SITE}/{path}/teams" for league, path in _LEAGUE_PATHS.items()}
    LOGO_DIRECTORIES = {**{k: f"assets/sports/{k}_logos" for k in ("nfl", "nba", "wnba", "mlb", "nhl")},
                        **{k: "assets/sports/ncaa_logos" for k in _NCAA}}  # fmt: skip

    def __init__(self, request_timeout: int = 30, retry_attempts: int = 3):
        self.request_timeout = http_fetch.bounded_timeout(request_timeout)
        self.retry_attempts = retry_attempts
        self.headers = {"User-Agent": http_fetch.USER_AGENT, "Accept": "application/json"}
        self.session = http_fetch.Session(self.headers)

    @staticmethod
    def normalize_abbreviation(abbreviation: str) -> str:
        return str(abbreviation).upper().replace("&", "AND").translate(_UNSAFE_CHARS)

    @staticmethod
    def get_logo_filename_variations(abbreviation: str) -> list:
        original = str(abbreviation).upper()
        normalized = LogoDownloader.normalize_abbreviation(abbreviation)
        return list(dict.fromkeys([f"{original}.png", f"{normalized}.png"]))

    def get_logo_directory(self, league: str) -> str:
        directory = self.LOGO_DIRECTORIES.get(league)
        if directory is None:
            if league.startswith("soccer_"):
                directory = "assets/sports/soccer_logos"
            elif _SAFE_LEAGUE.match(league):
                directory = f"assets/sports/{league}_logos"
            else:
                raise ValueError(f"league {league!r} is not a name a folder can carry")
        return str(Path(directory).resolve())

    def ensure_logo_directory(self, logo_dir) -> bool:
        """Whether logos can be written there (created if missing)."""
        try:
            os.makedirs(logo_dir, exist_ok=True)
        except OSError as e:
            logger.info("logos cannot be saved in %s: %s", logo_dir, e)
            return False
        return os.access(logo_dir, os.W_OK)

    def _resolve_api_url(self, league: str):
        url = self.API_ENDPOINTS.get(league)
        if url is None and league.startswith("soccer_") and _SAFE_LEAGUE.match(league[7:]):
            url = f"{ESPN_SITE}/soccer/{league[7:]}/teams"
        return url

    def fetch_teams_data(self, league: str):
        url = self._resolve_api_url(league)
        return self._json(url, {"limit": 1000}) if url else None

    def fetch_single_team(self, league: str, team_id: str):
        url = self._resolve_api_url(league)
        return self._json(f"{url}/{team_id}") if url and team_id else None

    def _json(self, url, params=None):
        try:
            return http_fetch.get_json(url, params=params, headers=self.headers, timeout=self.request_timeout)
        except http_fetch.FetchError as e:
            logger.warning("team data unavailable: %s", e)
            return None

    def extract_teams_from_data(self, data, league: str) -> list:
        teams = []
        for sport in (data or {}).get("sports", []):
            for league_data in sport.get("leagues", []):
                for entry in league_data.get("teams", []):
                    team = entry.get("team", {})
                    logos = team.get("logos") or []
                    href = logos[0].get("href") if logos and isinstance(logos[0], dict) else None
                    if team.get("abbreviation") and href:
                        teams.append({"abbreviation": team["abbreviation"], "display_name": team.get("displayName", ""),
                                      "logo_url": href, "league": league, "conference": league_data.get("name", "")})  # fmt: skip
        return teams

    def download_logo(self, logo_url: str, filepath, team_abbreviation: str) -> bool:
        """Fetches an image and saves it as RGBA PNG at filepath (atomically); False on any failure."""
        try:
            response = http_fetch.get(logo_url, headers={"Accept": "image/*"}, timeout=self.request_timeout, max_bytes=MAX_LOGO_BYTES)
            response.raise_for_status()
            kind = str(response.headers.get("Content-Type") or response.headers.get("content-type") or "").lower()
            if not any(t in kind for t in IMAGE_TYPES):
                logger.warning("logo for %s is %r, not an image", team_abbreviation, kind)
                return False
            image = Image.open(io.BytesIO(response.content))
            if image.width * image.height > MAX_LOGO_PIXELS:
                logger.warning("logo for %s is %sx%s, larger than a logo", team_abbreviation, *image.size)
                return False
            image = image.convert("RGBA")
            _save_png(image, Path(filepath))
            return True
        except (http_fetch.FetchError, OSError, ValueError, Image.DecompressionBombError) as e:
            logger.warning("logo for %s not downloaded: %s", team_abbreviation, e)
            return False

    def download_missing_logo_for_team(self, league: str, team_id: str, team_abbreviation: str, logo_path) -> bool:
        data = self.fetch_single_team(league, team_id)
        try:
            url = data["team"]["logos"][0]["href"]
        except (KeyError, IndexError, TypeError):
            return False
        return self.download_logo(url, logo_path, team_abbreviation)

    def download_missing_logos_for_league(self, league: str, force_download: bool = False) -> tuple:
        logo_dir = self.get_logo_directory(league)
        if not self.ensure_logo_directory(logo_dir):
            return 0, 0
        done = failed = 0
        for team in self.extract_teams_from_data(self.fetch_teams_data(league), league):
            path = Path(logo_dir) / f"{self.normalize_abbreviation(team['abbreviation'])}.png"
            if path.exists() and not force_download:
                continue
            if self.download_logo(team["logo_url"], path, team["abbreviation"]):
                done += 1
            else:
                failed += 1
        return done, failed

    def download_all_missing_logos(self, leagues=None, force_download: bool = False) -> dict:
        return {lg: self.download_missing_logos_for_league(lg, force_download) for lg in (leagues or list(self.API_ENDPOINTS))}

    def create_placeholder_logo(self, team_abbreviation: str, logo_dir) -> bool:
        """A grey square with the abbreviation, saved where the logo would be."""
        if not self.ensure_logo_directory(logo_dir):
            return False
        logo = placeholder_logo(team_abbreviation)
        try:
            _save_png(logo, Path(logo_dir) / f"{self.normalize_abbreviation(team_abbreviation)}.png")
        except OSError as e:
            logger.info("placeholder for %s not saved: %s", team_abbreviation, e)
            return False
        return True

    def convert_image_to_rgba(self, filepath) -> bool:
        try:
            with Image.open(filepath) as img:
                if img.mode != "RGBA":
                    _save_png(img.convert("RGBA"), Path(filepath))
            return True
        except OSError:
            return False


def placeholder_logo(team_abbreviation: str, size: int = PLACEHOLDER_SIZE):
    logo = Image.new("RGBA", (size, size), (100, 100, 100, 255))
    draw = ImageDraw.Draw(logo)
    try:
        font = ImageFont.truetype("assets/fonts/PressStart2P-Regular.ttf", 12)
    except OSError:
        font = ImageFont.load_default()
    left, top, right, bottom = draw.textbbox((0, 0), str(team_abbreviation), font=font)
    draw.text(((size - (right - left)) // 2, (size - (bottom - top)) // 2), str(team_abbreviation), font=font, fill=(255, 255, 255, 255))
    return logo


def get_soccer_league_key(league_code: str) -> str:
    return f"soccer_{league_code}"


def download_missing_logo(league, team_id, team_abbreviation, logo_path, logo_url=None, create_placeholder=True) -> bool:
    """True when a logo file is at logo_path afterwards (see the module's note on where it may be written)."""
    path = Path(logo_path).resolve()
    if path.exists():
        return True
    downloader = LogoDownloader()
    if not downloader.ensure_logo_directory(path.parent):
        return False
    if logo_url:
        ok = downloader.download_logo(logo_url, path, team_abbreviation)
    else:
        ok = downloader.download_missing_logo_for_team(league, team_id, team_abbreviation, path)
    if not ok and create_placeholder:
        ok = downloader.create_placeholder_logo(team_abbreviation, path.parent) and path.exists()
    return ok


def download_all_logos_for_league(league: str, force_download: bool = False) -> tuple:
    return LogoDownloader().download_missing_logos_for_league(league, force_download)


def _save_png(image, path: Path) -> None:
    """Written beside the target and renamed, so a reader never opens half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".logo-", suffix=".png")
    try:
        with os.fdopen(fd, "wb") as f:
            image.save(f, "PNG")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
