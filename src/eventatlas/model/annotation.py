"""Linguistic annotation of a document's text, independent of the NLP library.

Plain frozen dataclasses rather than pydantic models: a long article has thousands of tokens
and these are never serialised into the contract. ``Token`` is an immutable named tuple: a
document makes one per word, and building a frozen dataclass (one ``object.__setattr__`` per
field) cost five times as much.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Token(NamedTuple):
    i: int  # index in the document
    start: int  # character offsets into Document.text
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index of the syntactic head (itself for the root)
    sent: int  # index of the sentence
    ent_iob: str = "O"
    ent_type: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    first_token: int
    last_token: int  # exclusive


@dataclass(frozen=True, slots=True)
class EntitySpan:
    start: int
    end: int
    label: str
    text: str
    first_token: int
    last_token: int  # exclusive


@dataclass(frozen=True, slots=True)
class Annotation:
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[EntitySpan, ...]

    def sentence_of(self, token: Token) -> Sentence:
        return self.sentences[token.sent]

    def children(self, i: int) -> list[Token]:
        """Tokens whose head is token ``i`` (excluding the root's self-loop)."""
        sent = self.sentences[self.tokens[i].sent]
        return [
            t
            for t in self.tokens[sent.first_token : sent.last_token]
            if t.head == i and t.i != i
        ]
