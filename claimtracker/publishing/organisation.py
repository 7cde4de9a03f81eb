"""The publisher named as author in ClaimReview, Atom and oEmbed (pure; the current
app's is ``publishing.site.organisation()``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Organisation:
    """The publisher (config ORGANISATION_NAME / ORGANISATION_URL)."""

    name: str
    url: str


def from_config(config: Mapping[str, Any]) -> Organisation:
    """The organisation an app's config names."""
    return Organisation(config["ORGANISATION_NAME"], config["ORGANISATION_URL"])
