"""The settings the analyses use, as one small object passed down from the edge.

The command line and the dashboard resolve the settings table
(``branchgraph/settings.py``: environment variables, options) once into a
:class:`Config` and hand it to the catalogue (:func:`queries.catalogue.run`), which
fills each analysis parameter that names a setting (``default_capacity`` ←
``capacity``) when the caller leaves it out. Nothing in ``queries`` reads the
environment.

>>> Config().capacity, Config().setting("tier_weights")["lagging"]
(3, 2.0)
>>> parse_targets("8+=8:1000:0.101")[0]
Target(name='8+', stars=8, count=1000, share=0.101)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphmodel.rules import DEFAULT_CAPACITY, DEFAULT_WEIGHTS

__all__ = ["Config", "Target", "DEFAULT_TARGETS", "parse_targets", "parse_weights",
           "ConfigError"]


class ConfigError(ValueError):
    """A setting whose value does not parse (the message names the setting)."""


@dataclass(frozen=True)
class Target:
    """A star target: ``count`` organisations (None: no count goal) and ``share`` of all
    counted organisations at ``stars`` or more."""

    name: str
    stars: int
    count: int | None
    share: float


#: This year's targets in 赤峰 (domain.md): 6,000 organisations (60.9%) at 6+ and 1,000
#: (10.1%) at 8+; within three years every branch at 6+ and a third at 8+.
DEFAULT_TARGETS: tuple[Target, ...] = (
    Target("6+", 6, 6000, 0.609),
    Target("8+", 8, 1000, 0.101),
    Target("6+ 3y", 6, None, 1.0),
    Target("8+ 3y", 8, None, 1 / 3),
)


def _share(text: str) -> float:
    """``0.5``, ``60.9%`` or ``1/3`` as a number."""
    if "/" in text:
        a, b = text.split("/", 1)
        return float(a) / float(b)
    return round(float(text.rstrip("%")) / (100 if text.endswith("%") else 1), 12)


def parse_targets(text: str) -> tuple[Target, ...]:
    """``"NAME=STARS:COUNT:SHARE;..."`` (COUNT may be empty; SHARE ``0.609``, ``60.9%`` or
    ``1/3``)."""
    out = []
    for part in str(text).split(";"):
        if not part.strip():
            continue
        name, sep, spec = part.partition("=")
        bits = spec.split(":")
        try:
            if not sep or len(bits) != 3 or not name.strip():
                raise ValueError
            share = _share(bits[2].strip())
            count = int(bits[1]) if bits[1].strip() else None
            target = Target(name.strip(), int(bits[0]), count, share)
        except ValueError:
            raise ConfigError(f"star_targets: {part.strip()!r} is not NAME=STARS:COUNT:SHARE "
                              "(e.g. 8+=8:1000:10.1%)") from None
        if not (0 <= target.stars <= 10 and 0 <= target.share <= 1
                and (target.count is None or target.count >= 0)):
            raise ConfigError(f"star_targets: {part.strip()!r} is out of range")
        out.append(target)
    if not out:
        raise ConfigError("star_targets: no target given")
    return tuple(out)


def parse_weights(text: str | Mapping[str, Any] | None) -> dict[str, float]:
    """Tier weights from ``"advanced=1,middle=1,lagging=2"`` (or a mapping), over the defaults.

    >>> parse_weights("lagging=3")
    {'advanced': 1.0, 'middle': 1.0, 'lagging': 3.0, 'unrated': 1.0}
    """
    out = dict(DEFAULT_WEIGHTS)
    if text is None:
        return out
    if isinstance(text, Mapping):
        items = list(text.items())
    else:
        items = []
        for part in str(text).split(","):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep:
                raise ConfigError(f"tier weights: {part.strip()!r} is not TIER=NUMBER")
            items.append((key.strip(), value.strip()))
    for key, value in items:
        if key not in DEFAULT_WEIGHTS:
            raise ConfigError(f"tier weights: unknown tier {key!r}; use {', '.join(DEFAULT_WEIGHTS)}")
        try:
            out[key] = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"tier weights: {key}={value!r} is not a number") from None
    return out


#: The warning thresholds (预警) and their defaults: months unwatched (red), days before
#: an only watcher's link ends (yellow), months a weak branch has to be rectified (red),
#: percentage points a county's watched share may fall (yellow).
WARNING_DEFAULTS: Mapping[str, int] = {"warn_unwatched_months": 2, "warn_lapse_days": 30,
                                       "weak_deadline_months": 3, "warn_share_drop": 5}


@dataclass(frozen=True)
class Config:
    """What the analyses take from the settings (defaults: domain.md's figures).

    capacity : branches a mentor may watch when their own capacity is not given.
    contact_capacity : contact points a leader may keep; None (the default) judges none.
    tier_weights : weight of a mentored branch by tier in the weighted load.
    star_targets : the star targets progress is measured against.
    lang : the language of words inside tables (reasons, change descriptions).
    timezone : the department's time zone, for times shown to people.
    """

    capacity: int = DEFAULT_CAPACITY
    contact_capacity: int | None = None
    tier_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    star_targets: tuple[Target, ...] = DEFAULT_TARGETS
    lang: str = "zh"
    timezone: str = "Asia/Shanghai"
    extra: Mapping[str, Any] = field(default_factory=lambda: dict(WARNING_DEFAULTS))

    def setting(self, name: str) -> Any:
        """The value of setting ``name`` (an attribute, or one of ``extra``)."""
        if name in self.__dataclass_fields__ and name != "extra":
            return getattr(self, name)
        try:
            return self.extra[name]
        except KeyError:
            raise KeyError(f"no setting {name!r} in the analysis configuration") from None
