"""A question as a user types it, made what the parser reads well.

* **A question mark.** Without it the parser reads a question as another sentence ("Who won the
  men's race at the Hamburg Marathon in April 2025" took another runner): one is added where the
  text ends in a word.
* **A request** ("Can you tell me who presented the plan?", "I want to know how soon ...", "Name the
  newspaper that ...", "According to the articles, which ...") is asked as the question it wraps.
* **Capitals.** spaCy's small English pipeline finds names by their capitals: in "who is the
  governor of the bank of mexico?" it finds none, so the question names nothing, asks for no kind
  of name, and every rule that keys on a name (a missing name, the subject of a yes/no claim) is
  blind. The passages retrieved for the question write the same words with their capitals ("the
  Bank of Mexico", "Trevor Banks"). Each run of up to ``MAX_RUN`` of the question's words that
  starts and ends with a content word takes the form the passages give it most often away from the
  start of a sentence, when that form has capitals and is more common than the run in lower case; a
  stop word alone ("us", "may", "will") is never cased, and nor is a word the passages write in
  lower case as often as not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from rag.answer.clauses import DIRECT_SUBJECTS
from rag.answer.question import META_LEMMAS
from rag.nlp import WH_TAGS, TextAnalyser, governing_predicate
from rag.records import SearchHit

MAX_RUN = 4  # "Bank of Mexico", "Department of Public Expenditure": names run to a few words


def punctuated(text: str) -> str:
    """``text`` with a question mark at the end when it ends in a word, a figure or a quote."""
    text = text.rstrip()
    return f"{text}?" if text and (text[-1].isalnum() or text[-1] in "\"'”’)") else text


def needs_casing(text: str) -> bool:
    """Was this typed without capitals (the first letter aside)?"""
    return not any(c.isupper() for c in text.strip()[1:])


def _capitalised(tok: Token) -> bool:
    return tok.is_alpha and tok.text[:1].isupper()


def _joined(doc: Doc, at: int, step: int) -> bool:
    """Does a longer name go on from here: a capitalised word at ``at``, or one beyond a stop word there
    that belongs to the name ("Minister for Enterprise", "Bank of Mexico"; not "beat Fulham at Villa
    Park", where "at" hangs on neither)?"""
    edge = at - step
    for _ in range(2):
        if not 0 <= at < len(doc) or (step > 0 and doc[at].is_sent_start) or (step < 0 and doc[at + 1].is_sent_start):
            return False
        if _capitalised(doc[at]) and not doc[at].is_sent_start:
            return True
        if not doc[at].is_stop or not (doc[at].head.i == edge or doc[edge].head.i == at):
            return False
        at += step
    return False


def _forms(question: Doc, docs: Sequence[Doc]) -> dict[tuple[str, ...], Counter[tuple[str, ...]]]:
    """For each run of the question's words the passages contain, how often they write each form of it
    (runs that start with a word :func:`truecase` looks up: not a stop word or a number).

    A form with capitals counts only as a whole name: not inside a longer one ("Governor Halvard Moe"
    does not make "governor" a name, nor "Aldermoor Foods" "foods"), and at the start of a sentence only
    when a later word of it has a capital too ("Aldermoor Foods reported ...")."""
    wanted = {t.lower for t in question}  # string hashes: the same in every vocab
    starts = {t.lower for t in question if t.is_alpha and not t.is_stop}  # where truecase looks a run up
    forms: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
    for doc in docs:
        lowers = doc.to_array(LOWER).tolist()  # without making a Token of every word (most of the time here)
        for i in (i for i, x in enumerate(lowers) if x in starts):
            tok = doc[i]
            for n in range(1, MAX_RUN + 1):
                if i + n > len(doc) or lowers[i + n - 1] not in wanted:
                    break
                run = doc[i : i + n]
                form = tuple(t.text for t in run)
                if any(c.isupper() for w in form for c in w):
                    if tok.is_sent_start and not any(_capitalised(t) for t in run[1:]):
                        continue  # a sentence's first word has a capital whatever it is
                    if _joined(doc, i - 1, -1) or _joined(doc, i + n, 1):
                        continue
                forms.setdefault(tuple(t.lower_ for t in run), Counter())[form] += 1
    return forms


def truecase(question: Doc, docs: Sequence[Doc]) -> str:
    """The question's text with its words cased as ``docs`` (the retrieved passages, parsed) write them
    and its first letter upper case. ``question`` needs only the tokenizer's work."""
    forms = _forms(question, docs)
    words = [t.text for t in question]
    i = 0
    while i < len(question):
        step = 1
        for n in range(min(MAX_RUN, len(question) - i), 0, -1):
            first, last = question[i], question[i + n - 1]
            if first.is_stop or last.is_stop or not (first.is_alpha and last.is_alpha):
                continue
            counts = forms.get(tuple(t.lower_ for t in question[i : i + n]))
            if not counts:
                continue
            form, seen = counts.most_common(1)[0]
            lower = counts.get(tuple(t.lower_ for t in question[i : i + n]), 0)
            if any(c.isupper() for w in form for c in w) and seen > lower:
                words[i : i + n] = form
                step = n
                break
        i += step
    text = "".join(w + t.whitespace_ for w, t in zip(words, question, strict=True))
    return text[:1].upper() + text[1:]


MAX_REQUEST = 7  # "I would like to know", "Could you please tell me": a request runs to a few words


def _asks_from(tok: Token) -> bool:
    """Does a question start at this word: a wh-word, a preposition before one ("by what score", "in which
    city"), or an auxiliary opening a yes/no question ("has Trevor Banks denied ...")?"""
    doc = tok.doc
    if tok.tag_ in WH_TAGS and tok.lower_ != "that":
        return True
    if tok.pos_ == "ADP":
        return any(t.tag_ in WH_TAGS for t in doc[tok.i + 1 : tok.i + 3])
    auxiliary = tok.pos_ == "AUX" or tok.lemma_.lower() in ("do", "be", "have")  # "did" is often tagged a verb
    return auxiliary and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("DET", "PROPN", "NOUN", "PRON")


def _after_sources(question: Doc) -> int | None:
    """Where the question starts after an opening "According to the articles/reports," that names no
    source, only the corpus (a named source, "According to the Financial Times", is part of the question)."""
    first = question[0] if len(question) else None
    if first is None or first.lower_ != "according" or len(question) < 4 or question[1].lower_ != "to":
        return None
    comma = next((t.i for t in question[2:] if t.text == ","), None)
    if comma is None or comma + 1 >= len(question):
        return None
    said = [t for t in question[2:comma] if not t.is_stop]
    return comma + 1 if said and all(t.lemma_.lower() in META_LEMMAS for t in said) else None


def _asked(text: str) -> str:
    """``text`` as a question of its own: a capital first, a question mark last."""
    text = text.strip().rstrip(" .?!")
    return f"{text[:1].upper()}{text[1:]}?"


ASKERS = frozenset({"i", "you", "we"})  # English: who asks in a request ("Can you tell me", "I want to know")


def _about_someone(request: Sequence[Token]) -> bool:
    """Is this opening a question of its own about someone else, with a clause after it that says when or
    where ("Was anyone hurt | when a truck was stoned?"), rather than a request ("Please tell me | when
    the vote will be held", "Can you tell me | who ...")?"""
    subjects = [t for t in request if t.dep_ in DIRECT_SUBJECTS]
    after = request[-1].doc[request[-1].i + 1]
    return any(t.lower_ not in ASKERS for t in subjects) and governing_predicate(after).dep_ == "advcl"


def direct(question: Doc) -> str | None:
    """The question a request wraps, asked directly; None when the text is not such a request.

    "Can you tell me who presented the plan?", "I want to know how soon ...", "Can you tell me has
    Trevor Banks denied the charges?" ask what follows their first few words, when those name no thing
    and have a verb (a request, not part of the question); "Name the newspaper that reported ..." asks
    "What is the newspaper that reported ...?".
    """
    words = [t for t in question if not (t.is_space or t.is_punct)]
    rest = _after_sources(question)
    if rest is not None:
        # "According to the articles, which group ...": every answer is according to the articles
        return _asked(question[rest:].text)
    if not words or (_asks_from(words[0]) and words[0].tag_ in WH_TAGS | {"IN"}):
        return None  # a wh-question already
    for end in range(1, min(MAX_REQUEST, len(words) - 1) + 1):
        request = words[:end]
        if any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in request):
            break
        if any(t.pos_ == "VERB" for t in request) and _asks_from(words[end]) and not _about_someone(request):
            return _asked(question[words[end].i :].text)
    root = words[0]
    if root.dep_ == "ROOT" and root.tag_ == "VB" and not any(c.dep_ == "nsubj" for c in root.children):
        obj = next((c for c in root.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        if obj is not None:
            verb = "are" if obj.tag_ == "NNS" else "is"
            return _asked(f"What {verb} {question[obj.left_edge.i :].text}")
    return None


def as_read(text: str, nlp: TextAnalyser) -> str:
    """``text`` as the answer layer reads it before retrieval: with a question mark, and a request asked as
    the question it wraps (up to two wrappings: "According to the reports, can you tell me who ...")."""
    text = punctuated(text)
    for _ in range(2):
        asked = direct(nlp.parse(text))
        if asked is None:
            break
        text = asked
    return text


def cased_as_retrieved(text: str, hits: Sequence[SearchHit], nlp: TextAnalyser) -> str:
    """``text`` typed without capitals, cased as the retrieved passages and the names of their sources
    write its words ("the sporting news" -> "the Sporting News"); unchanged otherwise."""
    if not hits or not needs_casing(text):
        return text
    written = [h.chunk.text for h in hits] + sorted({h.source for h in hits if h.source})
    return truecase(nlp.nlp.tokenizer(text), nlp.parse_many(written))
