"""Small hand-made analyses for API tests: invented actors and places, no NLP model."""

from __future__ import annotations

from eventatlas.model import (
    Actor,
    Analysis,
    DateInterval,
    DateValue,
    Document,
    Event,
    Evidence,
    Mention,
    Place,
    Relation,
)

FRONT = Actor(id="actor:front", name="Northern Rivers Front", kind="armed_group",
              aliases=("NRF",))
GUARD = Actor(id="actor:guard", name="Coastal Guard", kind="state_forces", country="ZZ")
VAREN = Actor(id="actor:varen", name="Idris Varen", kind="person", roles=("commander",))
LAKEMOUTH = Place(id="geonames:9000001", name="Lakemouth", feature="city", country="KE",
                  lat=1.5, lon=36.5)
HILLPORT = Place(id="geonames:9000002", name="Hillport", feature="city", country="TZ",
                 lat=-6.2, lon=35.1)
INJECTION = '<script>alert(1)</script> and <img src=x onerror=alert(1)>'


def _evidence(text: str, sentence: str, cue: str | None = None) -> Evidence:
    start = text.index(sentence)
    return Evidence(start=start, end=start + len(sentence), sentence=sentence, cue=cue)


def clash_document(n: int, day: str, *, place: Place = LAKEMOUTH,
                   certainty: str = "confirmed") -> Analysis:
    """One document with a clash between the Front and the Guard at ``place`` on ``day``."""
    sentence = f"Fighters of the Northern Rivers Front clashed with the Coastal Guard near {place.name}."
    lead = "Residents described a tense morning. "
    cue = "reportedly" if certainty == "reported" else None
    if cue:
        sentence = sentence.replace("clashed", "reportedly clashed")
    text = lead + sentence + " Markets stayed closed."
    doc = Document(id=f"doc:{n}", source=f"test://clash/{n}", title=f"Clash report {n}",
                   site="Test Wire", text=text,
                   published=DateValue(value=day, precision="day", basis="meta"))
    event = Event(
        id=f"event:{n}", type="Battles", subtype="Armed clash", plover="FIGHT",
        actor1=FRONT.id, actor2=GUARD.id, place=place.id, geo_precision=1,
        date=DateInterval(start=day, end=day, precision="day"), certainty=certainty,  # type: ignore[arg-type]
        trigger="clashed", evidence=(_evidence(text, sentence, cue),),
    )
    return Analysis(document=doc, actors=(FRONT, GUARD), places=(place,), events=(event,),
                    stages=("test",))


def protest_document(n: int, day: str) -> Analysis:
    sentence = "Hundreds of traders protested in Hillport against the new levy."
    text = sentence + " Police watched from a distance."
    doc = Document(id=f"doc:p{n}", source=f"test://protest/{n}", title="Traders march",
                   site="Harbour Times", text=text)
    event = Event(id=f"event:p{n}", type="Protests", subtype="Peaceful protest",
                  plover="PROTEST", place=HILLPORT.id, geo_precision=1,
                  date=DateInterval(start=day, end=day, precision="day"), certainty="confirmed",
                  trigger="protested", evidence=(_evidence(text, sentence),))
    return Analysis(document=doc, places=(HILLPORT,), events=(event,))


def alliance_document() -> Analysis:
    sentence = "Idris Varen, who commands the Northern Rivers Front, has sworn to fight on."
    text = "Statements followed. " + sentence
    doc = Document(id="doc:rel", source="test://relations/1", title="Commander speaks", text=text)
    ev = _evidence(text, sentence)
    mention = Mention(start=ev.start, end=ev.start + len("Idris Varen"), text="Idris Varen")
    varen = VAREN.model_copy(update={"mentions": (mention,)})
    relation = Relation(id="rel:1", type="command", source=VAREN.id, target=FRONT.id,
                        evidence=(ev,))
    historical = Event(id="event:hist", type="Battles", subtype="Armed clash", actor1=FRONT.id,
                       date=DateInterval(start="1999-05-01", end="1999-05-31", precision="month"),
                       historical=True, trigger="fight", evidence=(ev,))
    return Analysis(document=doc, actors=(varen, FRONT), relations=(relation,),
                    events=(historical,))


def injection_document() -> Analysis:
    """A document whose title, text, trigger and actor name carry markup payloads."""
    sentence = f"Gunmen {INJECTION} attacked the Lakemouth depot."
    text = sentence + " " + INJECTION
    doc = Document(id="doc:inj", source="test://inject/1", title=f"Depot {INJECTION}",
                   site=INJECTION, text=text)
    bad = Actor(id="actor:bad", name=f"Gunmen {INJECTION}", kind="armed_group")
    event = Event(id="event:inj", type="Violence against civilians", subtype="Attack",
                  actor1=bad.id, place=LAKEMOUTH.id,
                  date=DateInterval(start="2030-03-09", end="2030-03-09", precision="day"),
                  trigger="attacked", evidence=(_evidence(text, sentence),))
    return Analysis(document=doc, actors=(bad,), places=(LAKEMOUTH,), events=(event,))


def sample_analyses() -> list[Analysis]:
    """30 clashes over ten days (every third reported, a third in Hillport), a protest,
    a command relation with a historical event, and an injection document."""
    out = []
    for n in range(30):
        day = f"2030-03-{1 + n % 10:02d}"
        place = HILLPORT if n % 3 == 2 else LAKEMOUTH
        out.append(clash_document(n, day, place=place,
                                  certainty="reported" if n % 3 == 0 else "confirmed"))
    out += [protest_document(1, "2030-03-05"), alliance_document(), injection_document()]
    return out
