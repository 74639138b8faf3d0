"""Fusion over the store: many reports, one picture.

- :mod:`docsim` — document features and pairwise "same story" similarity
- :mod:`stories` — documents into stories, event mentions into fused events (pairwise rules,
  connected components: the same inputs give the same clusters in any order)
- :mod:`certainty` — fused certainty from independent sources (outlets, not documents)
- :mod:`contradictions` — denials and rival claims of control, with both sides' evidence
- :mod:`layers` — territorial control per place over time; the alliance/opposition graph
- :mod:`run` — incremental update of all of it: ``update(store) -> FuseReport``

Example::

    with open_store("eventatlas.db") as store:
        report = update(store)
        for story in list_stories(store):
            print(story.title, len(story.documents))
"""
