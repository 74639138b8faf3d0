"""spaCy Doc → eventatlas Annotation, with character offsets into the document text.

Token attributes are read column by column from one ``Doc.to_array`` call, each distinct string
resolved once: creating a spaCy ``Token`` per token and attribute cost more than the lemmatizer.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, TAG
from spacy.tokens import Doc

from eventatlas.model import Annotation, EntitySpan, Sentence, Token

_STRING_ATTRS = (ORTH, LEMMA, POS, TAG, DEP, ENT_TYPE)
_IOB = ("O", "I", "O", "B")  # spaCy's codes: 0 unset (read as outside), 1 I, 2 O, 3 B


def _sentences(doc: Doc, starts: list[int], orth: list[str]) -> tuple[list[Sentence], list[int]]:
    """The sentences, each ending at its last non-blank character (no trailing blank lines in
    evidence), and the sentence of each token. Read from the token columns: a span's text would
    create a spaCy Token per word."""
    sentences: list[Sentence] = []
    sent_of = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        end = sent.start_char
        for k in range(sent.end - 1, sent.start - 1, -1):
            if word := orth[k].rstrip():
                end = starts[k] + len(word)
                break
        sentences.append(Sentence(sent.start_char, end, sent.start, sent.end))
        sent_of[sent.start:sent.end] = [n] * (sent.end - sent.start)
    return sentences, sent_of


def to_annotation(doc: Doc) -> Annotation:
    entities = tuple(
        EntitySpan(e.start_char, e.end_char, e.label_, e.text, e.start, e.end) for e in doc.ents
    )
    if not len(doc):
        return Annotation(tokens=(), sentences=tuple(_sentences(doc, [], [])[0]),
                          entities=entities)
    keys = doc.to_array(list(_STRING_ATTRS))
    strings = doc.vocab.strings
    names = {key: strings[key] for key in np.unique(keys).tolist()}
    orth, lemma, pos, tag, dep, ent_type = ([names[k] for k in column]
                                            for column in keys.T.tolist())
    numbers = doc.to_array([IDX, HEAD, ENT_IOB]).astype(np.int64)  # HEAD: offset, may be < 0
    starts = numbers[:, 0].tolist()
    ends = [start + len(text) for start, text in zip(starts, orth, strict=True)]
    heads = (numbers[:, 1] + np.arange(len(doc))).tolist()
    iob = [_IOB[code] for code in numbers[:, 2].tolist()]
    sentences, sent_of = _sentences(doc, starts, orth)
    tokens = tuple(map(Token, range(len(doc)), starts, ends, orth, lemma, pos, tag, dep, heads,
                       sent_of, iob, ent_type))
    return Annotation(tokens=tokens, sentences=tuple(sentences), entities=entities)
