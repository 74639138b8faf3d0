"""Fusion over the store: stories, fused events, certainty, contradictions, control."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from .builders import GUARD, HILLFORD, NORTH, analysis, dump, event

from eventatlas.fuse.contradictions import list_contradictions
from eventatlas.fuse.layers import alliances_on, control_history, control_on
from eventatlas.fuse.run import rebuild, update
from eventatlas.fuse.stories import list_fused_events, list_stories
from eventatlas.model import Analysis, Evidence, Relation
from eventatlas.store import Store, open_store

WIRE = (
    "A roadside bomb exploded beside the covered market of Riverton on Tuesday morning, "
    "wounding eleven traders, the district police chief told reporters at the scene. "
    "The Northern Front said its fighters had planted the device to strike a Valley Guard "
    "patrol that uses the market road every morning before the shops open."
)
OTHER = (
    "Traders in Riverton counted their losses after the blast at the covered market, and "
    "the Valley Guard doubled its patrols on the eastern road. Officials blamed the "
    "Northern Front for the explosion and promised to reopen the market within days."
)


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as opened:
        yield opened


def write_all(store: Store, items: list[Analysis]) -> None:
    for item in items:
        store.write(item)


def test_syndicated_copies_merge_into_one_story_and_one_event(store: Store) -> None:
    write_all(store, [
        analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
                 events=[event("a", 0)]),
        analysis("b", site="Plains Post", published="2030-03-02", text=WIRE,
                 events=[event("b", 0)]),
    ])
    update(store)
    stories = list_stories(store)
    assert len(stories) == 1 and len(stories[0].documents) == 2
    [fused] = list_fused_events(store)
    assert fused.n_documents == 2 and {m.document_id for m in fused.members} == {"doc_a", "doc_b"}
    assert fused.n_sources == 1  # one wire text on two sites is one source


def test_two_bombings_in_one_city_a_week_apart_stay_apart(store: Store) -> None:
    write_all(store, [
        analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
                 events=[event("a", 0, day="2030-03-02")]),
        analysis("b", site="Plains Post", published="2030-03-09", text=OTHER,
                 events=[event("b", 0, day="2030-03-09")]),
    ])
    update(store)
    assert len(list_fused_events(store)) == 2
    assert len(list_stories(store)) == 2


def test_reports_of_one_bombing_from_rival_outlets_fuse(store: Store) -> None:
    write_all(store, [
        analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
                 events=[event("a", 0, day="2030-03-02")]),
        analysis("b", site="Plains Post", published="2030-03-03", text=OTHER,
                 events=[event("b", 0, day="2030-03-02", actor1=None)]),
    ])
    update(store)
    [fused] = list_fused_events(store)
    assert fused.n_sources == 2 and fused.actor1 == NORTH.id


def test_fused_certainty_counts_independent_sites_only(store: Store) -> None:
    write_all(store, [
        analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
                 events=[event("a", 0, certainty="unconfirmed")]),
        analysis("b", site="Coast Courier", published="2030-03-02", text=OTHER,
                 events=[event("b", 0, certainty="unconfirmed")]),
    ])
    update(store)
    [fused] = list_fused_events(store)
    assert (fused.certainty, fused.n_sources, fused.n_documents) == ("unconfirmed", 1, 2)
    store.write(analysis("c", site="Plains Post", published="2030-03-03",
                         text="Shopkeepers near the old bridge described a loud blast and "
                              "smoke over the covered market, in an account not yet verified.",
                         events=[event("c", 0, certainty="unconfirmed")]))
    update(store)
    [fused] = list_fused_events(store)
    assert (fused.certainty, fused.n_sources) == ("reported", 2)  # reported by many


def test_contradiction_is_recorded_with_both_sides_evidence(store: Store) -> None:
    took = "The Northern Front said it had taken Hillford after a night of fighting."
    denied = "The Valley Guard denied that Hillford had fallen and said it still held the town."
    write_all(store, [
        analysis("a", site="Coast Courier", published="2030-04-01", text=took + " " + WIRE,
                 events=[event("a", 0, type="Battles", subtype="Non-state actor overtakes "
                               "territory", place=HILLFORD, day="2030-04-01", sentence=took)]),
        analysis("b", site="Plains Post", published="2030-04-02", text=denied + " " + OTHER,
                 events=[event("b", 0, type="Battles", subtype="Non-state actor overtakes "
                               "territory", place=HILLFORD, day="2030-04-01",
                               certainty="denied", sentence=denied)]),
    ])
    update(store)
    [contra] = list_contradictions(store)
    assert contra.kind == "denial" and contra.place == HILLFORD.id
    assert [e.sentence for e in contra.side_a] == [took]
    assert [e.sentence for e in contra.side_b] == [denied]
    [fused] = list_fused_events(store)
    assert fused.certainty == "contested" and fused.contested


def _taking(doc: str, day: str, taker: object, loser: object, site: str) -> Analysis:
    return analysis(doc, site=site, published=day, text=f"Fighting for the town, part {doc}.",
                    events=[event(doc, 0, type="Battles", subtype="Non-state actor overtakes "
                                  "territory", place=HILLFORD, day=day, actor1=taker,  # type: ignore[arg-type]
                                  actor2=loser)])  # type: ignore[arg-type]


def test_control_changes_over_time_and_is_queryable_by_day(store: Store) -> None:
    write_all(store, [_taking("a", "2030-05-01", NORTH, GUARD, "Coast Courier"),
                      _taking("b", "2030-05-20", GUARD, NORTH, "Plains Post")])
    update(store)
    assert [(p.holder, p.start, p.end) for p in control_history(store, HILLFORD.id)] == [
        (GUARD.id, None, "2030-05-01"), (NORTH.id, "2030-05-01", "2030-05-20"),
        (GUARD.id, "2030-05-20", None)]
    assert [p.holder for p in control_on(store, date(2030, 4, 1))] == [GUARD.id]
    assert [p.holder for p in control_on(store, date(2030, 5, 10))] == [NORTH.id]
    assert [p.holder for p in control_on(store, date(2030, 6, 1))] == [GUARD.id]


def test_alliance_graph_for_a_day(store: Store) -> None:
    sentence = "The Northern Front fought the Valley Guard near Riverton."
    store.write(analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
                         events=[event("a", 0, type="Battles", subtype="Armed clash",
                                       actor2=GUARD, sentence=sentence)]))
    truce = Relation(id="rel_truce", type="alliance", source=NORTH.id, target=GUARD.id,
                     evidence=(Evidence(start=0, end=5, sentence="They agreed to work together."),))
    store.write(analysis("b", site="Plains Post", published="2030-06-01", text=OTHER,
                         events=[], relations=(truce,)))
    update(store)
    assert [e.stance for e in alliances_on(store, date(2030, 4, 1))] == ["against"]
    [edge] = alliances_on(store, date(2030, 7, 1))
    assert (edge.stance, edge.since) == ("with", "2030-06-01")
    assert alliances_on(store, date(2030, 1, 1)) == []


CORPUS = [
    analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
             events=[event("a", 0), event("a", 1, day="2030-03-09")]),
    analysis("b", site="Plains Post", published="2030-03-02", text=WIRE,
             events=[event("b", 0)]),
    analysis("c", site="Hill Herald", published="2030-03-03", text=OTHER,
             events=[event("c", 0, certainty="denied")]),
    analysis("d", site="Hill Herald", published="2030-03-09", text=OTHER + " Again.",
             events=[event("d", 0, day="2030-03-09", actor1=None)]),
    _taking("e", "2030-05-01", NORTH, GUARD, "Coast Courier"),
    _taking("f", "2030-05-02", GUARD, None, "Plains Post"),
]


def _fused(items: list[Analysis], batches: list[int]) -> dict[str, list[tuple[object, ...]]]:
    with open_store(":memory:") as store:
        done = 0
        for size in batches:
            write_all(store, items[done : done + size])
            update(store)
            done += size
        return dump(store)


def test_incremental_update_equals_full_recompute() -> None:
    full = _fused(CORPUS, [len(CORPUS)])
    assert _fused(CORPUS, [1, 1, 1, 1, 1, 1]) == full
    assert _fused(CORPUS, [3, 3]) == full
    assert full["contradictions"] and full["control_periods"]


def test_results_do_not_depend_on_input_order() -> None:
    full = _fused(CORPUS, [len(CORPUS)])
    assert _fused(list(reversed(CORPUS)), [1] * len(CORPUS)) == full
    assert _fused(CORPUS[3:] + CORPUS[:3], [2, 2, 2]) == full


def test_replaced_document_leaves_its_clusters_and_rebuild_agrees(store: Store) -> None:
    write_all(store, CORPUS)
    update(store)
    changed = analysis("b", site="Plains Post", published="2030-03-20", text=OTHER + " Later.",
                       events=[event("b", 0, day="2030-03-20", place=HILLFORD)])
    store.write(changed)
    report = update(store)
    assert report.reopened_stories >= 1 and report.reopened_events >= 1
    incremental = dump(store)
    rebuild(store)
    assert dump(store) == incremental
