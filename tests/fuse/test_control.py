"""Territorial control: hand-overs, who held a place before it was taken, control units."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventatlas.fuse.layers import control_changes, control_history
from eventatlas.fuse.run import update
from eventatlas.model import Actor, Analysis, Place
from eventatlas.store import Store, open_store

from .builders import GUARD, HILLFORD, NORTH, YON_ARMY, ZED_ARMY, ZEDLAND, analysis, event

TAKING = "Battles", "Non-state actor overtakes territory"


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as opened:
        yield opened


def _report(doc: str, day: str, *, taker: Actor | None, loser: Actor | None = None,
            place: Place = HILLFORD, kind: tuple[str, str] = TAKING) -> Analysis:
    return analysis(doc, site=f"Outlet {doc}", published=day,
                    text=f"Dispatch {doc} about the fighting around the town.",
                    events=[event(doc, 0, type=kind[0], subtype=kind[1], place=place, day=day,
                                  actor1=taker, actor2=loser)])


def test_side_the_taker_fought_there_held_the_place_until_it_was_taken(store: Store) -> None:
    store.write(_report("a", "2030-05-01", taker=NORTH, loser=GUARD,
                        kind=("Battles", "Armed clash")))
    store.write(_report("b", "2030-05-06", taker=NORTH))  # "Hillford fell to the Front"
    update(store)
    assert [(p.holder, p.start, p.end) for p in control_history(store, HILLFORD.id)] == [
        (GUARD.id, None, "2030-05-06"), (NORTH.id, "2030-05-06", None)]
    [(before, after)] = control_changes(store)
    assert (before.holder, after.holder, after.start) == (GUARD.id, NORTH.id, "2030-05-06")


def test_fight_long_before_the_taking_says_nothing_about_the_holder(store: Store) -> None:
    store.write(_report("a", "2030-01-01", taker=NORTH, loser=GUARD,
                        kind=("Battles", "Armed clash")))
    store.write(_report("b", "2030-05-06", taker=NORTH))
    update(store)
    assert [(p.holder, p.start) for p in control_history(store, HILLFORD.id)] == [
        (NORTH.id, "2030-05-06")]
    assert control_changes(store) == []


def test_retaking_ends_the_previous_holders_period(store: Store) -> None:
    store.write(_report("a", "2030-05-01", taker=NORTH, loser=GUARD))
    store.write(_report("b", "2030-05-04", taker=GUARD, kind=("Battles",
                                                            "Government regains territory")))
    update(store)
    assert [(p.holder, p.start, p.end) for p in control_history(store, HILLFORD.id)] == [
        (GUARD.id, None, "2030-05-01"), (NORTH.id, "2030-05-01", "2030-05-04"),
        (GUARD.id, "2030-05-04", None)]
    assert [(a.holder, b.holder) for a, b in control_changes(store)] == [
        (GUARD.id, NORTH.id), (NORTH.id, GUARD.id)]


def test_forces_never_take_their_own_country(store: Store) -> None:
    # e.g. a flight that "took off" from home, coded as the army taking its own country
    store.write(_report("a", "2030-05-01", taker=ZED_ARMY, place=ZEDLAND,
                        kind=("Battles", "Government regains territory")))
    update(store)
    assert control_history(store) == []


def test_a_foreign_army_can_occupy_a_whole_country(store: Store) -> None:
    store.write(_report("a", "2030-05-01", taker=YON_ARMY, place=ZEDLAND))
    update(store)
    assert [(p.place, p.holder) for p in control_history(store)] == [(ZEDLAND.id, YON_ARMY.id)]


def test_demo_table_shows_the_hand_over_with_both_holders_names(store: Store) -> None:
    from rich.console import Console

    from eventatlas.cli.stories import control_table

    store.write(_report("a", "2030-05-01", taker=NORTH, loser=GUARD))
    update(store)
    console = Console(width=200, record=True)
    console.print(control_table(store))
    text = console.export_text()
    assert "Valley Guard → Northern Front" in text and "2030-05-01" in text


def test_a_person_killed_in_the_fighting_is_not_the_places_holder(store: Store) -> None:
    commander = Actor(id="act_commander", name="Jon Arlo", kind="person")
    fight = _report("a", "2030-05-01", taker=NORTH, kind=("Battles", "Armed clash"))
    fight = fight.model_copy(update={
        "actors": (*fight.actors, commander),
        "events": (fight.events[0].model_copy(update={"actor2": commander.id}),)})
    store.write(fight)
    store.write(_report("b", "2030-05-06", taker=NORTH))
    update(store)
    assert [p.holder for p in control_history(store, HILLFORD.id)] == [NORTH.id]
