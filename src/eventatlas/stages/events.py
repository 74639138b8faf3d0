"""events: sentences → Events (type, actors, place, date, certainty, evidence).

A trigger lexicon (data) over the dependency parse: each trigger token is checked against its
constraints, negation and modality, then given roles, a place, a date interval, a certainty
with its cue, a historical flag and a fatality count.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING

from eventatlas.model import (
    Analysis,
    Annotation,
    DateInterval,
    Event,
    Evidence,
    Token,
    stable_id,
)
from eventatlas.stages.certainty import Judgement, denial_reaches, judge, modal_state
from eventatlas.stages.claims import Quote, quotations, speaker, speech_head, statement_target
from eventatlas.stages.event_mood import mood, unrealised
from eventatlas.stages.event_place import event_place
from eventatlas.stages.event_quotes import quoted_claims
from eventatlas.stages.event_roles import MentionIndex, Tree, roles
from eventatlas.stages.event_time import (
    Timing,
    background_timing,
    dated_back,
    event_timing,
    long_dead,
    reference_day,
)
from eventatlas.stages.fatalities import count_injured, count_killed, single_victim
from eventatlas.stages.incident import settle_incident
from eventatlas.stages.lexicon import Lexicon, Trigger
from eventatlas.stages.relations import find_relations

if TYPE_CHECKING:
    from eventatlas.pipeline import StageContext

log = logging.getLogger(__name__)

STATE_KINDS = {"state", "state_forces"}
_STATEMENT = Trigger(lemma="say", type="Strategic developments", subtype="Other", plover="",
                     pos=frozenset({"VERB"}), roles="agent_only")
ARMED_KINDS = {"armed_group", "state_forces", "state"}
REPORT_NOUNS = frozenset({"rumour", "rumor", "report", "claim", "news", "word", "allegation",
                          "account", "statement"})
# "at once", "once again": "once" here is not "formerly"
_IDIOMS = re.compile(r"\b(?:all |at )once\b|\bonce (?:again|more)\b", re.IGNORECASE)


def _fits(tree: Tree, tok: Token, trig: Trigger) -> bool:
    if tok.pos not in trig.pos:
        return False
    if trig.particles is not None and any(
            prt.text.lower() not in trig.particles for prt in tree.children(tok.i, "prt")):
        return False
    if trig.needs_object:
        # a particle may be what is asked for ("beat up"); "300 kg of medicine" is medicine
        objs = tree.children(tok.i, "dobj", "nsubjpass", "pobj", "attr", "prt")
        objs += [t for p in tree.children(tok.i, "prep") for t in tree.children(p.i, "pobj")]
        objs += [t for o in objs for p in tree.children(o.i, "prep") if p.text.lower() == "of"
                 for t in tree.children(p.i, "pobj")]
        if not any(o.lemma.lower() in trig.needs_object or o.text.lower() in trig.needs_object
                   for o in objs):
            return False
    if trig.needs_modifier:
        near = [t.text.lower() for t in tree.children(tok.i, "compound", "amod", "nmod",
                                                      "advmod")]
        near.append(tree.ann.tokens[tok.head].lemma.lower())
        near.append(tree.ann.tokens[tok.head].text.lower())
        if not set(near) & trig.needs_modifier:
            return False
    if trig.needs_prep:
        preps = {p.text.lower() for p in tree.children(tok.i, "prep")}
        if not preps & trig.needs_prep:
            return False
    return True


def _subtype(trig: Trigger, a1: str | None, a2: str | None, kinds: dict[str, str]
             ) -> tuple[str, str, str]:
    """Adjust the lexicon's coding to who is involved (ACLED's rules)."""
    etype, subtype, plover = trig.type, trig.subtype, trig.plover
    if trig.territorial and a1 is not None:
        subtype = ("Government regains territory" if kinds.get(a1) in STATE_KINDS
                   else "Non-state actor overtakes territory")
    if etype == "Violence against civilians" and a2 is not None and kinds.get(a2) in ARMED_KINDS:
        etype, subtype, plover = "Battles", "Armed clash", "FIGHT"
    return etype, subtype, plover


class _Coder:
    def __init__(self, item: Analysis, lexicon: Lexicon, dead: dict[str, str]) -> None:
        assert item.annotation is not None
        self.item = item
        self.ann: Annotation = item.annotation
        self.text = item.document.text
        self.lexicon = lexicon
        self.tree = Tree(self.ann)
        self.actors = MentionIndex.of_actors(item.actors)
        self.places = MentionIndex.of_places(item.places)
        self.kinds: dict[str, str] = {a.id: a.kind for a in item.actors}
        self.features: dict[str, str] = {p.id: p.feature for p in item.places}
        doc = item.document
        self.ref = reference_day(doc.published, doc.accessed)
        self.now_year = self.ref.year if self.ref else (
            int(doc.accessed.value[:4]) if doc.accessed.value else date.today().year)
        self.dead = dead  # actor id → year of death, for actors the registry knows died
        self.historical_sents: set[int] = set()
        self.harm = lexicon.killed_words | lexicon.injured_words
        self._tolls: dict[int, tuple[int | None, int | None]] = {}

    def trigger(self, tok: Token) -> Trigger | None:
        """The first coding of ``tok``'s lemma whose constraints the parse meets."""
        for trig in self.lexicon.triggers.get(tok.lemma.lower(), ()):
            if _fits(self.tree, tok, trig):
                return trig
        return None

    def manner(self, tok: Token, trig: Trigger) -> Trigger:
        """For an outcome verb, the coding of the act it resulted from: "wounded in a bomb
        attack", "killed by an explosive device" (the event noun nearest the verb)."""
        if not trig.outcome:
            return trig
        for prep in self.tree.children(tok.i, "prep", "agent"):
            if prep.text.lower() not in {"in", "during", "by"}:
                continue
            for noun in self.tree.children(prep.i, "pobj"):
                found = self.trigger(noun) if noun.pos == "NOUN" else None
                if found is not None and not found.outcome:
                    return found
        return trig

    def code(self, tok: Token) -> Event | None:
        found = self.trigger(tok)
        if found is None:
            return None
        trig = self.manner(tok, found)
        modal = "skip" if unrealised(self.tree, tok) else modal_state(self.ann, tok,
                                                                         self.lexicon)
        told = mood(self.tree, tok)
        if told == "future":  # "X said it would ..." voices an intent; "may attack" guesses
            told = "intended" if speech_head(self.tree, tok, self.lexicon) else None
        recode = self.lexicon.moods.get(told or "", {})
        done = told == "attempted" or (told in {None, "intended"} and modal != "skip")
        if not done and not recode:
            return None
        sent = self.ann.sentences[tok.sent]
        sentence = self.text[sent.start : sent.end]
        a1, a2 = roles(self.tree, self.actors, tok, found,
                       lambda pron: self._antecedent(pron, tok), self.harm)
        place, precision = event_place(self.tree, self.places, tok, found, self.text,
                                       self.features)
        timing = background_timing(self.ann, tok, self.ref, self.lexicon.number_words) or \
            event_timing(self.ann, sent, self.text, tok.start, self.ref)
        historical = self._historical(tok, sentence, timing, (a1, a2))
        verdict = self._verdict(tok, sentence, (a1, a2))
        certainty, cue = verdict.certainty, verdict.cue
        if modal == "unconfirmed" and certainty in {"confirmed", "reported"}:
            certainty, cue = "unconfirmed", cue or "believed"
        etype, subtype, plover = _subtype(trig, a1, a2, self.kinds)
        if told != "attempted" and plover in recode:  # "will send aid": an intent to (AGREE)
            etype, subtype, plover = "Strategic developments", "Other", recode[plover]
        elif not done:
            return None  # "did not attack", "failed to capture", "may have fought"
        killed, injured = self._counts(tok.sent, sentence)
        return Event(
            id=stable_id("event", self.item.document.id, tok.start, subtype),
            type=etype, subtype=subtype, plover=plover, actor1=a1, actor2=a2, place=place,
            geo_precision=precision, certainty=certainty, historical=historical,
            # background whose date the text does not give is not dated to the news
            date=timing.date if timing.explicit or not historical else DateInterval(),
            trigger=tok.text,
            fatalities=killed if killed is not None else single_victim(
                self.tree, tok.sent, self.lexicon.killed_words),
            injured=injured if injured is not None else single_victim(
                self.tree, tok.sent, self.lexicon.injured_words),
            evidence=(Evidence(start=sent.start, end=sent.end, sentence=sentence, cue=cue),),
            source_attribution=verdict.attribution,
        )

    def _counts(self, sent: int, sentence: str) -> tuple[int | None, int | None]:
        """The killed and injured counts the sentence states (once per sentence)."""
        if sent not in self._tolls:
            self._tolls[sent] = (count_killed(sentence, self.lexicon),
                                 count_injured(sentence, self.lexicon))
        return self._tolls[sent]

    def _verdict(self, tok: Token, sentence: str, who: tuple[str | None, str | None]
                 ) -> Judgement:
        """The sentence's certainty cue, with who says so: a cue's source, the speaker of
        the statement the event is told in, else the outlet itself. An involved party
        speaking for itself only claims."""
        sent = self.ann.sentences[tok.sent]
        verdict = judge(sentence, self.lexicon, denial_reaches(self.ann, sent.start, tok))
        verb = speech_head(self.tree, tok, self.lexicon)
        said_by, phrase = speaker(self.tree, self.actors, verb, self.text) if verb else \
            (None, None)
        attribution = verdict.attribution or phrase or self.item.document.site or "outlet"
        if said_by is not None and said_by in who and verb is not None and \
                verdict.certainty in {"confirmed", "reported"}:
            return Judgement("claimed", verb.text, attribution)
        return Judgement(verdict.certainty, verdict.cue, attribution)

    def _antecedent(self, pron: Token, tok: Token) -> str | None:
        """Whom a pronoun in ``tok``'s clause stands for: inside a statement its speaker ("X
        said it would ..."), else the actor named last before it in the sentence (a person
        for he/she)."""
        verb = speech_head(self.tree, tok, self.lexicon)
        said_by = speaker(self.tree, self.actors, verb, self.text)[0] if verb else None
        if said_by is not None:
            return said_by
        word = pron.text.lower()
        person = word in {"he", "his", "she", "her", "i", "my"}
        sent = self.ann.sentences[pron.sent]
        earlier = [s.ref for s in self.actors.within(sent.start, pron.start)
                   if (self.kinds.get(s.ref) == "person") == person or
                   word in {"they", "their", "we", "our"}]
        return earlier[-1] if earlier else None

    def statement(self, tok: Token) -> Event | None:
        """A claim event for a speech verb: the speaker's statement (see ``claims``)."""
        if tok.pos != "VERB" or tok.lemma.lower() not in self.lexicon.statements:
            return None
        plover = self.lexicon.statements[tok.lemma.lower()]
        who, phrase = speaker(self.tree, self.actors, tok, self.text)
        if (who is None and plover is None) or modal_state(self.ann, tok, self.lexicon):
            return None
        if who is None and not self.tree.children(tok.i, "ccomp", "xcomp", "dobj", "prep",
                                                   "parataxis", "dative"):
            return None  # no speaker and nothing said: "as officials warned"
        return self._claim(tok, tok.sent, who, phrase, plover)

    def quoted(self, quote: Quote, sent_index: int) -> Event:
        """A sentence of a quotation as its speaker's claim (see ``event_quotes``)."""
        return self._claim(quote.verb, sent_index, quote.speaker, quote.phrase, None)

    def _claim(self, tok: Token, sent_index: int, who: str | None, phrase: str | None,
               plover: str | None) -> Event:
        sent = self.ann.sentences[tok.sent]
        sentence = self.text[sent.start : sent.end]
        evidence = [Evidence(start=sent.start, end=sent.end, sentence=sentence, cue=tok.text)]
        if sent_index != tok.sent:  # a quoted sentence: the speech verb's sentence, then it
            told = self.ann.sentences[sent_index]
            evidence.append(Evidence(start=told.start, end=told.end,
                                     sentence=self.text[told.start : told.end], cue=tok.text))
        timing = event_timing(self.ann, sent, self.text, tok.start, self.ref)
        place, precision = event_place(self.tree, self.places, tok, _STATEMENT, self.text,
                                       self.features, nearest=False)
        key = "statement" if sent_index == tok.sent else f"quote{evidence[-1].start}"
        return Event(
            id=stable_id("event", self.item.document.id, tok.start, key),
            type="Strategic developments", subtype="Other", plover=plover, actor1=who,
            actor2=statement_target(self.tree, self.actors, tok), place=place,
            geo_precision=precision, date=timing.date, certainty="claimed",
            historical=self._historical(tok, sentence, timing, (who, None)), trigger=tok.text,
            evidence=tuple(evidence), source_attribution=phrase,
        )

    def _historical(self, tok: Token, sentence: str, timing: Timing,
                    who: tuple[str | None, str | None]) -> bool:
        if timing.background:  # a background phrase, not a sentence of background
            return True
        if timing.recent:
            return False
        start = timing.date.start
        historical = False
        if start is not None and int(start[:4]) < self.now_year - 1:
            historical = True
        if dated_back(sentence, self.now_year):
            historical = True
        aux = {c.text.lower() for c in self.tree.children(tok.i, "aux")}
        reported_speech = self._reported(tok)
        if ("had" in aux and not reported_speech) or \
                self.lexicon.historical_cue(_IDIOMS.sub(" ", sentence)):
            historical = True
        if long_dead(who, self.dead, self.now_year):
            historical = True
        if not historical and not timing.explicit and tok.sent - 1 in self.historical_sents and \
                not reported_speech and self._same_paragraph(tok.sent - 1, tok.sent) and \
                self._past(tok):
            historical = True  # narration continues in the past within the paragraph
        if historical:
            self.historical_sents.add(tok.sent)
        return historical

    def _reported(self, tok: Token) -> bool:
        """Whether ``tok`` is told inside what someone said or what a report, rumour or claim
        holds: a past perfect there is the news backshifted ("said they had taken the town",
        "rumours that the town had fallen"), and a new statement is not the narration of
        the sentence before."""
        clause = tok
        while clause.dep == "conj" and clause.head != clause.i:  # "X had died and Y had been"
            clause = self.ann.tokens[clause.head]
        head = self.ann.tokens[clause.head]
        if clause.dep == "ccomp" and head.lemma.lower() in self.lexicon.speech_verbs:
            return True
        if clause.dep in {"acl", "ccomp"} and head.lemma.lower() in REPORT_NOUNS:
            return True
        if clause.dep == "ccomp" and any(  # "rumours spread that the town had fallen"
                s.lemma.lower() in REPORT_NOUNS for s in self.tree.children(head.i, "nsubj")):
            return True
        return speech_head(self.tree, tok, self.lexicon) is not None

    def _past(self, tok: Token) -> bool:
        """A verb told in the past, or a noun in a sentence whose main verb is ("the
        attackers belonged to X, ahead of the attacks on Y")."""
        if tok.pos in {"VERB", "AUX"}:
            return tok.tag in {"VBD", "VBN"}
        sent = self.ann.sentences[tok.sent]
        root = next((t for t in self.ann.tokens[sent.first_token : sent.last_token]
                     if t.head == t.i), tok)
        return root.tag == "VBD"

    def _same_paragraph(self, a: int, b: int) -> bool:
        s1, s2 = self.ann.sentences[a], self.ann.sentences[b]
        return "\n" not in self.text[s1.end : s2.start]


def _merge_same_sentence(events: list[Event]) -> list[Event]:
    """One event per (sentence, sub-type, root, actors): "attacked ... in an attack" counts
    once; a statement and the threat it voices are two events; so are the claims of each
    sentence of one quotation (keyed by the quoted sentence, their last evidence)."""
    seen: dict[tuple[int, str, str | None, str | None, str | None], Event] = {}
    for ev in events:
        key = (ev.evidence[-1].start, ev.subtype, ev.plover, ev.actor1, ev.actor2)
        if key not in seen:
            seen[key] = ev
    return list(seen.values())


def find_events(item: Analysis, ctx: StageContext) -> Analysis:
    """Code the events and relations of one annotated document."""
    if item.annotation is None:
        raise ValueError("events needs an annotated document (run annotate first)")
    coder = _Coder(item, ctx.services.lexicon, ctx.services.actor_registry.deceased)
    events = []
    for tok in item.annotation.tokens:
        lemma = tok.lemma.lower()
        event = coder.code(tok) if lemma in coder.lexicon.triggers else None
        if event is None and lemma in coder.lexicon.statements:
            event = coder.statement(tok)
        if event is not None:
            events.append(event)
    people = frozenset(a.id for a in item.actors if a.kind == "person")
    quotes = quotations(coder.tree, coder.actors, people, coder.text, coder.lexicon)
    events = quoted_claims(events, quotes, [s.start for s in coder.ann.sentences],
                           coder.quoted, item.document.site or "outlet")
    relations = find_relations(item, coder.lexicon, coder.now_year, coder.dead)
    events = settle_incident(item, _merge_same_sentence(events), coder.ref, coder.tree, coder.lexicon)
    return item.model_copy(update={"events": tuple(events),
                                   "relations": relations})
