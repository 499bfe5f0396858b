"""libical (Debian's libical3, the C library of Evolution and many servers) reading a feed, through ctypes.

`problems(ics)` parses the bytes with libical's parser and runs its restriction check (the iTIP rules of
RFC 5546 for the feed's METHOD; without METHOD the VCALENDAR's own rules), and returns libical's complaints: every
X-LIC-ERROR property the parser or the check attached, e.g. "INVALID-ITIP: Failed iTIP restrictions for
ORGANIZER property. Expected 1 instances of the property and got 0 for METHOD:PUBLISH". An empty list: accepted.

No compiler and no Python bindings are needed, only the shared library (`make libical` installs it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from dataclasses import dataclass

ICAL_VCALENDAR_COMPONENT = 7  # icalcomponent_kind, libical 3
ICAL_VEVENT_COMPONENT = 4
ICAL_XLICERROR_PROPERTY_NAME = b"X-LIC-ERROR"


def load() -> ctypes.CDLL | None:
    """The library, or None when it is not installed."""
    name = ctypes.util.find_library("ical") or "libical.so.3"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalcomponent_isa.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_count_errors.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_count_components.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


MISSING = "libical not found (make libical, or apt-get install libical3)"
REQUIRED = os.environ.get("ROCB_REQUIRE_LIBICAL") == "1"


@dataclass(frozen=True)
class Verdict:
    problems: list[str]  # libical's X-LIC-ERROR texts; empty: accepted
    events: int  # VEVENTs libical read


def read(lib: ctypes.CDLL, ics: bytes) -> Verdict:
    component = lib.icalparser_parse_string(ics)
    if not component:
        return Verdict(["libical could not parse the feed at all"], 0)
    try:
        problems = []
        if lib.icalcomponent_isa(component) != ICAL_VCALENDAR_COMPONENT:
            problems.append("the feed is not one VCALENDAR")
        elif not lib.icalrestriction_check(component):
            problems.append("libical's restriction (iTIP) check failed")
        if lib.icalcomponent_count_errors(component) or problems:
            text = lib.icalcomponent_as_ical_string(component).decode("utf-8").replace("\r\n ", "")
            problems += [line for line in text.split("\r\n") if line.startswith("X-LIC-ERROR")]
        return Verdict(problems, lib.icalcomponent_count_components(component, ICAL_VEVENT_COMPONENT))
    finally:
        lib.icalcomponent_free(component)
