"""robots.txt (RFC 9309), read with the standard library's parser (pure)."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

ALLOW_ALL = "allow"  # no robots.txt (4xx): everything may be fetched
DISALLOW_ALL = "disallow"  # robots.txt unreachable (5xx, timeout): assume nothing may be
PARSED = "parsed"


def allowed(mode: str | None, robots_txt: str | None, user_agent: str, url: str) -> bool:
    """Whether ``user_agent`` may fetch ``url`` under the host's robots.txt as last read."""
    if mode == DISALLOW_ALL:
        return False
    if mode != PARSED or not robots_txt:
        return True
    parser = RobotFileParser()
    parser.parse(robots_txt.splitlines())
    return parser.can_fetch(user_agent, url)
