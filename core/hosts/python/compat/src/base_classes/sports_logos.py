"""Team logos for the sports classes: the plugin's logo folder first, then logos this plugin
downloaded before, then a download into its own data folder (the only place it may write)."""

import os
from pathlib import Path

from PIL import Image

from src.logo_downloader import LogoDownloader


def downloaded_dir(cache_manager, sport_key: str):
    base = getattr(cache_manager, "cache_dir", None)
    return Path(base) / "logos" / str(sport_key) if base else None


def find_logo(logo_path, abbr: str, mirror):
    """The first existing file among the plugin's logo (and its name variations) and the mirror's."""
    folders = [Path(logo_path).parent] if logo_path else []
    if mirror is not None:
        folders.append(mirror)
    names = ([Path(logo_path).name] if logo_path else []) + LogoDownloader.get_logo_filename_variations(abbr)
    for folder in folders:
        for name in names:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load_logo(core, team_id, abbr, logo_path, logo_url):
    """The logo as RGBA no larger than 1.5x the panel, cached per team; None when there is none."""
    key = str(abbr)
    if key in core._logo_cache:
        return core._logo_cache[key]
    mirror = downloaded_dir(core.cache_manager, core.sport_key)
    path = find_logo(logo_path, abbr, mirror)
    if path is None and mirror is not None and key not in core._logo_misses:
        core._logo_misses.add(key)  # one download attempt per team and process
        downloader = LogoDownloader(request_timeout=10)
        target = mirror / f"{LogoDownloader.normalize_abbreviation(abbr)}.png"
        if downloader.ensure_logo_directory(mirror):
            ok = downloader.download_logo(logo_url, target, abbr) if logo_url else downloader.download_missing_logo_for_team(core.sport_key, team_id, abbr, target)
            path = target if ok and os.path.isfile(target) else None
    if path is None:
        return None
    try:
        with Image.open(path) as img:
            logo = img.convert("RGBA")
    except OSError as e:
        core.logger.warning("logo %s unreadable: %s", path, e)
        return None
    logo.thumbnail((int(core.display_width * 1.5), int(core.display_height * 1.5)))
    core._logo_cache[key] = logo
    return logo
