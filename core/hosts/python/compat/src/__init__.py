"""LEDMatrix's core modules as its plugins import them, written for Marquee's Python host.

Plugins import `src.<module>` from the core-shaped root the host builds (see marquee_host/root.py);
only the members real plugins use are provided (docs/MIGRATING.md lists them).
"""
