"""The spans of a sentence that could answer a question: its entities, each with the label it has as an
answer (:func:`rag.answer.labels.span_label`), a figure with the noun it counts, a score written with
a hyphen, and for an untyped question (or a who-question no name answers) its noun phrases.

Spans that are part of the question (a name it names, or only its own words) are not candidates.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.kinds import PLACES, head_kind
from rag.answer.labels import KIND_LABEL, based_in, called_person, other_things, span_label
from rag.answer.names import bare, inside_longer_name
from rag.answer.origins import ORIGIN_LABELS
from rag.answer.question import QuestionAnalysis
from rag.answer.units import WEEKDAYS, bare_length, with_unit
from rag.answer.unlabelled import QUOTES, owners_of_head, quoted_names, titled_names
from rag.claims import date_parts
from rag.dateline import dateline
from rag.lexicon import SETTLEMENT, calendar_kinds, instance_of, is_kind_of, is_settlement
from rag.nlp import (
    NAME_LABELS,
    NUMERIC_LABELS,
    TIME_LABELS,
    content_lemmas,
    is_stop,
    names_match,
    norm_text,
)
from rag.wordnet import senses


def _question_overlap(q: QuestionAnalysis, tokens: Sequence[Token]) -> bool:
    """Is this span part of the question (a name it names, or only its own words)? A longer name that
    opens with the name of the question's owner is another thing: "the Nova Fold" for "What is the name
    of Nova's new phone?"."""
    text = " ".join(t.text for t in tokens)
    owners = {norm_text(t.text) for t in q.doc if t.dep_ == "poss" and t.pos_ == "PROPN"}
    words = norm_text(text).split()
    for name, label in q.names:
        if not names_match(text, name):
            continue
        timed = label in TIME_LABELS or tokens[0].ent_type_ in TIME_LABELS
        if timed and not set(words) <= set(norm_text(name).split()):
            continue  # "July 29, 2021" says more than the question's "2021"
        own = norm_text(name).split()
        if not (own and own[-1] in owners and len(words) > len(own) and words[: len(own)] == own):
            return True
    lemmas = content_lemmas(tokens)
    return bool(lemmas) and lemmas <= q.focus


FIGURE_LABELS = NUMERIC_LABELS | TIME_LABELS | {"ORDINAL"}
SPECIFYING = frozenset({"ccomp", "attr"})  # what a copula says its subject is: "is that ...", "was the tariffs"


def _other_place(q: QuestionAnalysis, ent: Span) -> bool:
    """Is this a place WordNet knows as something other than a city or town, for "Which city ...?" ("China";
    a name WordNet does not know is not judged, nor are regions, states or countries, whose news sense
    WordNet's kinds do not follow)?"""
    if q.head is None or ent.label_ not in ("GPE", "LOC", "FAC") or not is_settlement(q.head):
        return False
    kinds = instance_of(bare(ent.text))
    return kinds is not None and SETTLEMENT not in kinds


def kind_of_time(q: QuestionAnalysis, ent: Span, label: str) -> bool | None:
    """Is this named time of the kind asked for: "Thanksgiving" (a holiday) for "By which holiday ...?" (True), or
    another kind, "Thursday" (a weekday) or "March" for "In what year ...?" (False)? None where not judged: a time
    WordNet's calendar does not know, or a question whose head is no kind of time or is a unit of time ("day",
    "month", "date": a weekday is a day, though not by WordNet's kinds)."""
    if q.head is None or label not in TIME_LABELS or len(ent) != 1 or not ent[0].is_title:
        return None
    if head_kind(q.head) != "time" or is_kind_of(q.head, "time unit"):
        return None
    kinds = calendar_kinds(ent.text)
    return None if kinds is None else q.head in kinds


DAY_NOUNS = frozenset({"date", "day"})  # English: "On what date ...?", "Which day ...?"
RELATIVE_DAYS = frozenset({"today", "yesterday", "tomorrow", "tonight", "day"})  # English words that name one day
DAY_WORDS = frozenset(WEEKDAYS) | RELATIVE_DAYS


def names_no_day(q: QuestionAnalysis, ent: Span) -> bool:
    """Does this time fail to name the one day a "what date"/"which day" question asks for ("2026", "March",
    "between 2018 and 2020", "the second half of this year" for "On what date did the FDA approve it?"),
    where "March 3", "Tuesday", "the next day" or "2025-03-14" would name one?"""
    if q.head not in DAY_NOUNS or ent.label_ not in TIME_LABELS:
        return False
    words = {t.lower_ for t in ent}
    return (date_parts(ent.text)[2] is None and not words & DAY_WORDS
            and not any(t.like_num and any(c in t.text for c in "-/.") for t in ent))


def _score(q: QuestionAnalysis, start: int, label: str, out: list[tuple[int, int, str]], taken: set[int]) -> None:
    """A score or a vote written with a hyphen ("3-1", from ``start``): one figure, not two, and one that counts
    nothing ("How many people watched?" is not answered by it)."""
    if not q.counted:
        out.append((start, start + 3, label))
    taken.update(range(start, start + 3))


def spans_in(
    q: QuestionAnalysis, sent: Span, orgs: set[tuple[str, ...]] | None = None,
    persons: set[tuple[str, ...]] | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, label) token ranges in ``sent`` that could be the short answer, each entity with
    its label as a candidate answer (:func:`rag.answer.labels.span_label`)."""
    out: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    rejected: set[int] = set()  # names of a kind the question does not allow
    things = other_things(q) if q.strict else frozenset()
    for ent in sent.ents:
        label = span_label(q, ent, orgs, persons)
        if q.strict and label not in q.allowed:
            rejected.update(range(ent.start, ent.end))
            continue
        if q.wants_name and label not in NAME_LABELS:
            continue  # "What was the name of the ferry?": "212 passengers" is no name
        if ((q.strict and label in NAME_LABELS) or (not q.expected and label in ORIGIN_LABELS)) and (
                ent.root.pos_ == "ADJ" and ent.root.dep_ == "amod"):
            # "the Slovak city of Nitra": an adjective describes the city, Nitra names it; for "What would the plan
            # grant?", "Russian" of "Russian officials" is a word of a phrase, not a thing
            continue
        if _question_overlap(q, list(ent)):
            taken.update(range(ent.start, ent.end))
            continue
        if inside_longer_name(ent) or dateline(ent) or _other_place(q, ent) or names_no_day(q, ent):
            continue
        if q.strict and "PERSON" not in q.expected and called_person(ent):
            continue  # "Which agency ...?": "the agency's director, Rodrigo Espinoza" is a person of it
        if q.strict and not q.expected & PLACES and based_in(ent):
            continue  # "Who owns X?": "a Mumbai-based trader" says where X is, not who holds it
        if q.strict and label in NAME_LABELS and ent[-1].lemma_.lower() in things:
            continue  # "Which firm warned that the bridge was unsafe?": "the Derwent Mills Bridge" is that bridge
        if len(ent) == 1 and _paired(ent[0]):
            # "won 3-1", of which the recogniser may label the "3" alone
            _score(q, ent.start, label, out, taken)
            continue
        start, end = with_unit(q, ent)
        if start > sent.start and ent.doc[start - 1].is_currency:
            start -= 1  # "£25,000": the recogniser leaves some currency signs out of the amount
        if q.strict and label not in q.expected and label == "CARDINAL" and end == ent.end:
            continue  # "how much rain": a count is an answer only with its unit ("35 millimetres")
        out.append((start, end, label))
        taken.update(range(start, end))
    if q.degree == "long":
        # "How long did the envoy spend on it?": "spent days on it" gives a length the recogniser does not tag
        for tok in sent:
            if tok.i not in taken and not tok.ent_type_ and bare_length(sent.doc[tok.i: tok.i + 1]):
                out.append((tok.i, tok.i + 1, "DATE"))
                taken.add(tok.i)
    if q.numeric and "CARDINAL" in q.expected:  # a bare number is a count, never an amount ("how much")
        for tok in sent:
            if tok.i in taken or tok.ent_type_ or not tok.like_num:
                continue
            if _paired(tok):
                _score(q, tok.i, "CARDINAL", out, taken)
            else:
                out.append((tok.i, tok.i + 1, "NUM"))
    if q.expected & {"ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"} and not q.numeric:
        # a name in quotes the recogniser missed ('a "Board of Peace" in charge of ...'), not one it found to be
        # of a kind the question does not ask for (the film 'Meera Joshi's "The Salt Road"' for "Who ...?")
        for start, end in quoted_names(sent):
            if not (taken | rejected) & set(range(start, end)) and not _question_overlap(q, list(sent.doc[start:end])):
                out.append((start, end, "ORG" if "ORG" in q.expected else sorted(q.expected)[0]))
                taken.update(range(start, end))
    if q.strict and q.head and not q.numeric:
        # "the industrial union Unia" for "Which union ...?": a name the text calls what the question asks for,
        # which the recogniser did not find
        for start, end in titled_names(q, sent):
            if not (taken | rejected) & set(range(start, end)):
                label = KIND_LABEL.get(head_kind(q.head) or "", "")
                if label in q.allowed:
                    out.append((start, end, label))
                    taken.update(range(start, end))
    if q.wh == "whose" and q.head:
        # "Zelenskyy's presidential office" for "Whose presidential office ...?": the owner of the asked noun, a name
        # the recogniser did not find
        for start, end in owners_of_head(q, sent):
            if not (taken | rejected) & set(range(start, end)):
                out.append((start, end, "PERSON"))
                taken.update(range(start, end))
    if q.head and not q.strict:
        # "What is the main reason ...?": "a key reason X remains unsigned is that the document required further
        # work" says what the reason is in the clause after the copula, not in the noun
        for start, end, subject in _specified(q.head, sent):  # the names inside it stay candidates of their own
            out.append((start, end, "NP"))
            taken.update(range(start, end))
            taken.update(range(subject.left_edge.i, subject.i + 1))
    if q.asks_kind and q.head and not q.strict:
        # "What type of attack ...?": the asked noun with the words that make it a kind ("any future 'significant,
        # deliberate and prolonged armed attack'", which the noun chunker loses in the quotes)
        for start, end in _kinds_of_head(q, sent):
            if not taken & set(range(start, end)):
                out.append((start, end, "NP"))
                taken.update(range(start, end))
    # "Who will pay?" -- "the regional government": a description of a person or body answers a
    # who-question that no name in the sentence answers
    described = q.wh == "who" and not q.head
    if not q.strict or described:
        for chunk in sent.noun_chunks:
            if chunk.root.pos_ == "PRON" or any(i in taken for i in range(chunk.start, chunk.end)):
                continue
            if q.strict and head_kind(chunk.root.lemma_.lower()) not in ("person", "org"):
                continue
            if _named_beside(chunk.root):
                continue  # "two researchers, Jonas Weber and ...", "Tran Van Minh, spokesperson at ...": the name
            words = [t for t in chunk if not (is_stop(t) or t.is_punct)]
            if q.wants_name and chunk.root.pos_ != "PROPN" and chunk.root.is_lower:
                continue  # "what is the name of the assistant": "the workplace" is no name
            if set_phrase(chunk):
                continue  # "In practice, ...", "on the other hand": an adverb, no thing
            if dateline(chunk) or (q.wants_name and all(t.ent_type_ in FIGURE_LABELS for t in words)):
                continue  # the place a story was filed from; "Tuesday" is no name
            if q.wants_name and words and _question_overlap(q, words):
                # "its experimental migraine drug HT-218": the name after the question's own words
                named = [t for t in words if t.pos_ == "PROPN" and not _question_overlap(q, [t])]
                if named and named[-1].i == chunk.root.i:
                    out.append((named[0].i, chunk.end, "NP"))
                continue
            if words and not _question_overlap(q, words):
                lead = next(t.i for t in chunk if not (t.is_stop and t.dep_ in ("det", "poss")))
                quote = _quoted(chunk)
                out.append(quote if quote is not None else (lead, _phrase_end(chunk), "NP"))
    return out


def set_phrase(chunk: Span) -> bool:
    """Is this noun phrase, with the preposition it follows, a set phrase WordNet knows as an adverb ("in practice",
    "on the other hand", "at the same time", "in any case")?"""
    prep = chunk.root.head
    if chunk.root.dep_ != "pobj" or prep.dep_ != "prep" or prep.i + 1 != chunk.start:
        return False
    return bool(senses("_".join(t.lower_ for t in [prep, *chunk]), "adv"))


def specifies(q: QuestionAnalysis, span: Span) -> bool:
    """Is this span the clause or phrase a copula says the asked noun is ("... is that the document required further
    work", "one reason for the delay was the tariffs" for "What is the main reason ...?")?"""
    return bool(q.head) and not q.strict and _specifying(span.root, q.head or "") is not None


def _specifying(tok: Token, head: str) -> Token | None:
    """The noun ``head`` whose copula has this token as what it says the noun is, after it; else None."""
    copula = tok.head
    if tok.dep_ not in SPECIFYING or copula.lemma_ != "be" or tok.i < copula.i:
        return None
    return next((c for c in copula.children if c.dep_ == "nsubj" and c.lemma_.lower() == head), None)


def _specified(head: str, sent: Span) -> list[tuple[int, int, Token]]:
    """(start, end, noun) of each clause or phrase that a copula says the asked noun is ("the reason ... is that
    <clause>", without its "that"; "the reason was <phrase>")."""
    out = []
    for tok in sent:
        if (noun := _specifying(tok, head)) is None:
            continue
        words = [t for t in tok.subtree if not (t.dep_ == "mark" and t.head.i == tok.i)]
        if words and not words[-1].is_punct:
            out.append((words[0].i, words[-1].i + 1, noun))
    return out


def _kinds_of_head(q: QuestionAnalysis, sent: Span) -> list[tuple[int, int]]:
    """Token ranges of the question's head noun with the words before it that make it a kind the question does
    not name. The words are read in order (adjectives, participles, nouns and the commas and conjunctions between
    them), not from the parse, which a list of adjectives in quotes easily breaks."""
    doc, out = sent.doc, []
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() != q.head:
            continue
        start = tok.i
        while start > sent.start and _modifier_word(doc[start - 1]):
            start -= 1
        while start < tok.i and (doc[start].is_punct or doc[start].pos_ == "CCONJ"):
            start += 1
        words = [t for t in doc[start : tok.i] if not (is_stop(t) or t.is_punct)]
        if words and not _question_overlap(q, words):
            out.append((start, tok.i + 1))
    return out


def _modifier_word(tok: Token) -> bool:
    """Can this word be part of the modifiers before a noun ("significant, deliberate and prolonged armed")?"""
    return (tok.pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ") or tok.text == ","
            or (tok.text == "-" and not tok.whitespace_)  # "progression-free"
            or (tok.pos_ == "VERB" and tok.tag_ in ("VBN", "VBG")))


MAX_QUOTE = 10  # tokens: a phrase someone was quoted as using, not a whole quoted statement


def _quoted(chunk: Span) -> tuple[int, int, str] | None:
    """The whole short quotation a noun phrase opens (called the ruling "a victory for nature"): the
    words someone used, which a noun chunk would cut short ("a victory")."""
    doc, sent = chunk.doc, chunk.sent
    before = chunk.start - 1
    if before < sent.start or doc[before].text not in QUOTES:
        return None
    end = next((t.i for t in doc[chunk.end : min(sent.end, chunk.start + MAX_QUOTE + 1)] if t.text in QUOTES), None)
    if end is None or any(t.is_punct and t.text in ".!?;" for t in doc[chunk.start : end]):
        return None
    return (chunk.start, end, "NP")


def _of_end(noun: Token, end: int) -> int:
    """Where a noun's phrase, ending at ``end``, ends with the "of" phrase right after it that completes it ("the
    discovery of asbestos", "the living room of the city", "a shortage of skilled stonemasons"): a noun chunk stops
    at its head."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == end), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    # the object's own noun chunk ends at its head noun ("skilled stonemasons"), and so does the phrase
    return end if obj is None else obj.i + 1


def _phrase_end(chunk: Span) -> int:
    """Where a noun phrase ends: with the "of" phrase that completes it (:func:`_of_end`) and, for a phrase that is
    not a name, the nouns coordinated with it ("resources, industrial infrastructure and economic control": one
    answer to "What would Kyiv lose?")."""
    root, doc = chunk.root, chunk.doc
    end = _of_end(root, chunk.end)
    if root.pos_ != "NOUN":
        return end
    last = root
    while (nxt := next((c for c in last.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)) is not None:
        last = nxt
    if last is root or any(t.pos_ not in ("NOUN", "ADJ", "ADP", "DET", "CCONJ", "PUNCT", "PROPN", "PART")
                           for t in doc[end : last.i + 1]):
        return end
    return _of_end(last, last.i + 1)  # "the ceasefire and the implementation of the plan"


def _paired(tok: Token) -> bool:
    """Does a number open a pair written with a hyphen and no spaces ("3-1", "7-2"), as a score or a vote
    is (the tokenizer splits it; an en dash, "2–0", it keeps whole)?"""
    doc = tok.doc
    return (tok.i + 2 < len(doc) and not tok.whitespace_ and doc[tok.i + 1].text == "-"
            and not doc[tok.i + 1].whitespace_ and doc[tok.i + 2].like_num)


def _named_beside(noun: Token) -> bool:
    """Is this noun in apposition with a name, either way round ("Tran Van Minh, spokesperson at ...")?"""
    def named(t: Token) -> bool:
        return t.ent_type_ in NAME_LABELS or t.pos_ == "PROPN"

    return any(c.dep_ == "appos" and named(c) for c in noun.children) or (noun.dep_ == "appos" and named(noun.head))
