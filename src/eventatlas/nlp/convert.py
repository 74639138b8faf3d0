"""spaCy Doc → eventatlas Annotation, with character offsets into the document text."""

from __future__ import annotations

from spacy.tokens import Doc

from eventatlas.model import Annotation, EntitySpan, Sentence, Token


def to_annotation(doc: Doc) -> Annotation:
    sent_index: dict[int, int] = {}
    sentences: list[Sentence] = []
    for n, sent in enumerate(doc.sents):
        end = sent.start_char + len(sent.text.rstrip())  # no trailing blank lines in evidence
        sentences.append(Sentence(sent.start_char, end, sent.start, sent.end))
        for i in range(sent.start, sent.end):
            sent_index[i] = n
    tokens = tuple(
        Token(
            i=t.i, start=t.idx, end=t.idx + len(t.text), text=t.text, lemma=t.lemma_,
            pos=t.pos_, tag=t.tag_, dep=t.dep_, head=t.head.i, sent=sent_index.get(t.i, 0),
            ent_iob=t.ent_iob_ or "O", ent_type=t.ent_type_,
        )
        for t in doc
    )
    entities = tuple(
        EntitySpan(e.start_char, e.end_char, e.label_, e.text, e.start, e.end) for e in doc.ents
    )
    return Annotation(tokens=tokens, sentences=tuple(sentences), entities=entities)
