"""POST /api/ingest: analyse submitted articles and store them (API key required)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends

from eventatlas.api.context import ApiContext, Ctx, require_write_key
from eventatlas.api.schemas import IngestDocument, IngestItem, IngestRequest, IngestResponse
from eventatlas.model import Analysis, Failure, RawDocument

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["ingest"])


def _raw(doc: IngestDocument) -> RawDocument:
    body = doc.html if doc.html is not None else doc.text
    assert body is not None  # IngestDocument guarantees exactly one
    return RawDocument(source=doc.source, content=body.encode("utf-8"),
                       kind="html" if doc.html is not None else "text", encoding="utf-8",
                       url=doc.url)


def ingest_documents(ctx: ApiContext, docs: list[IngestDocument]) -> list[IngestItem]:
    """Run the pipeline over ``docs`` and write each result; failures are recorded, not raised."""
    raws = [_raw(d) for d in docs]
    out: list[IngestItem] = []
    with ctx.ingest_lock:  # one NLP pipeline, used by one request at a time
        results = list(ctx.pipeline().run(raws))
    for item in results:
        if isinstance(item, Failure):
            ctx.store.record_failure(item)
            out.append(IngestItem(source=item.source, status="failed", stage=item.stage,
                                  reason=item.reason, detail=item.detail))
        else:
            assert isinstance(item, Analysis)
            written = ctx.store.write(item)
            out.append(IngestItem(source=item.document.source, status=written.status,
                                  document_id=item.document.id, events=written.events))
    ctx.counts.clear()
    log.info("ingested %d document(s) through the API", len(out))
    return out


@router.post("/ingest", response_model=IngestResponse,
             dependencies=[Depends(require_write_key)])
def ingest(ctx: Ctx, request: IngestRequest) -> IngestResponse:
    """Analyse up to 20 articles (``html`` or ``text`` each) and store them; idempotent."""
    return IngestResponse(items=ingest_documents(ctx, list(request.documents)))
