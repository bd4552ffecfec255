"""Marquee's Python plugin host: runs LEDMatrix plugins unmodified behind core/hosts/protocol.ts."""
