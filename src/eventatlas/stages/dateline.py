"""The dateline: the place a news story was filed from, written in capitals before its lead.

"SPRINGFIELD, Ill. (AP) — Police said …", "CHICAGO — …", "ST. LOUIS, MO (KTVI)- …", and, on
some sites, "(Dayton, OH)-- …". Scraped pages often glue the headline to it ("… | Local
NewsSPRINGFIELD, Ill. —") and the lead to its dash ("TOLEDO, Ohio (Jan. 8, 2016)–Police …"), so
the city may follow a lower-case letter or digit directly, and a long dash need not be followed
by a space. A dateline is looked for only near the top of the text.

Example: ``dateline_span("DOVER, Del. (AP) — A man was shot.")`` → ``(0, 5)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eventatlas.stages.gazetteer import Gazetteer, normalize
from eventatlas.stages.place_resolve import Toponym

HEAD_CHARS = 600  # a dateline opens the story: within the headline and the first words
_DASH = r"(?:(?:—|–|--)\s*|(?:-|>>)\s)"  # a hyphen needs a space after it: "X-ray"
_DATELINE = re.compile(
    r"(?:(?<=^)|(?<=[a-z0-9.)|»:\s]))"
    r"(?P<city>[A-Z][A-Z.'’-]*[A-Z.](?: [A-Z][A-Z.'’-]*[A-Z.]){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,2}))?"
    r",?\s*(?:\([^()\n]{1,40}\))?\s*" + _DASH)
# "(Dayton, OH)--": the town in mixed case inside brackets, a state's postal code after it.
_BRACKETED = re.compile(r"\((?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*[A-Z]{2}\)\s*"
                        + _DASH)


_COUNTY = re.compile(r" co\.?$")  # "ROCKBRIDGE CO., Va. —"


@lru_cache(maxsize=256)  # the places and events stages both ask, for a batch of documents
def dateline_span(text: str) -> tuple[int, int] | None:
    """Character span of the dateline's place name, when the story opens with one."""
    head = text[:HEAD_CHARS]
    found = [m for m in _DATELINE.finditer(head) if sum(c.isalpha() for c in m.group("city")) >= 3]
    found += _BRACKETED.finditer(head)
    first = min(found, key=lambda m: m.start("city"), default=None)
    return (first.start("city"), first.end("city")) if first is not None else None


def dateline_toponym(text: str, gazetteer: Gazetteer) -> Toponym | None:
    """The dateline's place as a toponym for the places stage, when the gazetteer knows it.

    A name glued to the outlet before it ("WKRNNASHVILLE") is cut to its longest known ending;
    "CO." stands for county ("ROCKBRIDGE CO., Va., —").
    """
    span = dateline_span(text)
    if span is None:
        return None
    start, end = span
    for cut in range(start, end - 3):
        if cut > start and text[cut - 1] == " ":
            break  # only the first word can carry a glued prefix
        name = text[cut:end]
        key = _COUNTY.sub(" county", normalize(name))
        if gazetteer.has_key(key):
            return Toponym(cut, end, name, key, "admin" if key.endswith(" county") else "city",
                           "dateline")
    return None
