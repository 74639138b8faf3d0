"""Text search over events: a case-insensitive substring of an evidence sentence, the trigger
or the document's title, combined with the other filters, with the right total."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventatlas.model import Analysis, DateInterval, Document, Event, Evidence
from eventatlas.store import EventFilter, open_store
from eventatlas.store.api_queries import EventQuery, event_page


def _event(doc: str, n: int, sentence: str, day: str, trigger: str = "raided",
           historical: bool = False) -> Event:
    return Event(id=f"{doc}_{n}", type="Battles", subtype="Armed clash",
                 date=DateInterval(start=day, end=day, precision="day"), certainty="reported",
                 trigger=trigger, historical=historical,
                 evidence=(Evidence(start=0, end=len(sentence), sentence=sentence),))


def _analysis(doc: str, title: str, events: list[Event]) -> Analysis:
    text = " ".join(e.evidence[0].sentence for e in events)
    return Analysis(document=Document(id=doc, source=f"test://{doc}", title=title, text=text),
                    events=tuple(events))


def test_text_search_reads_sentences_triggers_and_titles(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        store.write(_analysis("d1", "Market news", [
            _event("d1", 1, "Gunmen raided the GRANARY at dawn.", "2031-03-04"),
            _event("d1", 2, "Police raided a depot.", "2031-03-01", trigger="granary-raid"),
            _event("d1", 3, "Nothing about it here.", "2031-03-02"),
            _event("d1", 4, "The granary burned in 1990.", "1990-05-05", historical=True),
        ]))
        store.write(_analysis("d2", "Granary town under fire", [
            _event("d2", 1, "Shells fell on the square.", "2031-02-01"),
        ]))
        store.write(_analysis("d3", "Weather", [
            _event("d3", 1, "Rain fell all week.", "2031-03-03"),
        ]))
        with store.reading() as conn:
            def found(query: EventQuery, limit: int = 50, offset: int = 0
                      ) -> tuple[list[str], int]:
                page = event_page(conn, query, limit, offset)
                return [e.id for e in page.items], page.total

            assert found(EventQuery(q="granary")) == (["d2_1", "d1_2", "d1_1"], 3)
            assert found(EventQuery(q="granary"), limit=1, offset=1) == (["d1_2"], 3)
            since = EventFilter(since=date(2031, 3, 1))
            assert found(EventQuery(q="Granary", filters=since)) == (["d1_2", "d1_1"], 2)
            everything = EventFilter(include_historical=True)
            assert found(EventQuery(q="granary", filters=everything))[1] == 4
            assert found(EventQuery(q="100%")) == ([], 0)  # a wildcard is a plain character
