"""W131: a created cluster's release label parses but is not a release emrgen knows (a typo such as emr-7.50.0 or
emr-6.16.0, or a release newer than this emrgen): name the newest known release of that series (emr-MAJOR.MINOR),
else of that major version, else the newest overall. A label that does not parse (or writes leading zeros) stays
E301, as does one older than emr-6.11.0.

Source: Amazon EMR Release Guide, "Amazon EMR 7.x release versions" (emr-release-7x.html: emr-7.0.0 ... emr-7.13.0,
no patch releases) and "Amazon EMR 6.x release versions" (emr-release-6x.html: ... 6.11.0, 6.11.1, 6.12.0, 6.13.0,
6.14.0, 6.15.0, the last 6.x), as listed when this was written. Only releases from emr-6.11.0 on are listed: older
ones are E301 (release_label.py).
"""

from __future__ import annotations

import re

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("W131",)
KNOWN = (
    (6, 11, 0),
    (6, 11, 1),
    (6, 12, 0),
    (6, 13, 0),
    (6, 14, 0),
    (6, 15, 0),
    *((7, minor, 0) for minor in range(14)),  # emr-7.0.0 ... emr-7.13.0
)
NEWEST_KNOWN = max(KNOWN)
# Numbers as EMR writes them: no leading zeros (emr-07.05.00 is not a label EMR accepts).
LABEL = re.compile(r"emr-(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def release(label: str) -> tuple | None:
    m = LABEL.fullmatch(label)
    return tuple(int(x) for x in m.groups()) if m else None


def label(version: tuple) -> str:
    return "emr-" + ".".join(map(str, version))


def nearest(version: tuple) -> tuple[str, tuple]:
    """What to compare an unknown release with: the newest known of its series, of its major version, or overall."""
    for what, same in (
        (f"of the {version[0]}.{version[1]} series", lambda k: k[:2] == version[:2]),
        (f"of {version[0]}.x", lambda k: k[0] == version[0]),
    ):
        series = [k for k in KNOWN if same(k)]
        if series:
            return what, max(series)
    return "", NEWEST_KNOWN


def check(spec: Spec, r: Report) -> None:
    for cluster in spec.created_clusters:
        version = release(cluster.release_label)
        if version is None or version < KNOWN[0] or version in KNOWN:
            continue  # E301 says what is wrong
        what, newest = nearest(version)
        r.warn(
            cluster.path + ("release_label",),
            "W131",
            f"release label '{cluster.release_label}' is not a release emrgen knows; the newest it knows "
            f"{what + ' ' if what else ''}is {label(newest)} (newest overall {label(NEWEST_KNOWN)}): check the "
            "release exists in your region (a typo deploys nothing)",
        )
