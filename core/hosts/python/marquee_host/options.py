"""The host's command line: what the display granted it, given before any request arrives.

    --read DIR    a plugin folder this host may load from (repeated)
    --write DIR   a data folder its plugins may write (repeated)
    --clock-from-render
                  during display(), the plugin's wall clock reads the render's `now` (the display's
                  clock), so a frame is reproducible; tests and previews use it, a panel does not

Without --read, any folder the display names in `load` is accepted (the tests that speak to a
host directly); with it, a load outside the grants is refused before anything is imported.
"""

import argparse
import os


def parse(argv: list) -> dict:
    parser = argparse.ArgumentParser(prog="marquee_host", add_help=False)
    parser.add_argument("--read", action="append", default=[])
    parser.add_argument("--write", action="append", default=[])
    parser.add_argument("--clock-from-render", action="store_true")
    args = parser.parse_args(argv)
    return {
        "grants": {"read": _real(args.read), "write": _real(args.write)} if args.read else None,
        "clock_from_render": args.clock_from_render,
    }


def _real(paths: list) -> set:
    return {os.path.realpath(p) for p in paths}
