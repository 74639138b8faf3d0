"""Stories and territorial control, from :mod:`eventatlas.fuse` when it is installed.

Fusion is optional here: without it these endpoints answer 404 with a clear message and
``/api/control/days`` an empty list, so the page simply hides its control view.
"""

from __future__ import annotations

import importlib
import logging
from datetime import date
from types import ModuleType
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from eventatlas.api.context import Ctx, require_read_access
from eventatlas.api.params import Limit, Offset
from eventatlas.api.schemas import DEFAULT_LIMIT, Page, page
from eventatlas.errors import StoreError
from eventatlas.store import api_queries as aq

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["fusion"], dependencies=[Depends(require_read_access)])


def _fuse(module: str) -> ModuleType:
    try:
        return importlib.import_module(f"eventatlas.fuse.{module}")
    except ImportError as exc:
        raise HTTPException(404, f"fusion is not available in this installation ({exc})") from exc


@router.get("/stories", response_model=Page[dict[str, Any]])
def list_stories(ctx: Ctx, limit: Limit = DEFAULT_LIMIT,
                 offset: Offset = 0) -> Page[dict[str, Any]]:
    """Cross-source stories: the documents and fused events behind one real-world event."""
    stories = _fuse("stories").list_stories(ctx.store)
    items = [s.model_dump(mode="json") for s in stories[offset:offset + limit]]
    return page(items, len(stories), limit, offset)


@router.get("/control")
def control(ctx: Ctx, day: Annotated[date, Query(description="YYYY-MM-DD")]) -> dict[str, Any]:
    """Who held each place on ``day``, with place coordinates and the holder's name."""
    periods = _fuse("layers").control_on(ctx.store, day)
    with ctx.store.reading() as conn:
        places = aq.place_points(conn, [p.place for p in periods])
        actors = aq.actor_names(conn, [p.holder for p in periods])
    items = []
    for p in periods:
        name, lat, lon = places.get(p.place, (p.place, None, None))
        items.append({**p.model_dump(mode="json"), "place_id": p.place, "place": name,
                      "lat": lat, "lon": lon, "actor": actors.get(p.holder, p.holder),
                      "since": p.start})
    return {"day": day.isoformat(), "items": items}


@router.get("/control/days")
def control_days(ctx: Ctx) -> dict[str, list[str]]:
    """The first and last day any control period names (empty without fusion data)."""
    try:
        history = importlib.import_module("eventatlas.fuse.layers").control_history(ctx.store)
    except (ImportError, AttributeError, StoreError) as exc:
        log.info("no control layer: %s", exc)
        return {"days": []}
    bounds = sorted({d for p in history for d in (p.start, p.end) if d})
    return {"days": [bounds[0], bounds[-1]] if bounds else []}
