"""What a question names: the names and written figures a passage must mention to be about it, the
places it sets its event in, and the figures it names things by ("the 80 mg group").

The recogniser's spans are trimmed of what it took in beside the name (a possessive ending, the
question's verb, a hyphenated word), and runs of proper nouns it did not label count as names too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from rag.answer.clauses import direct_subject
from rag.answer.names import PERSON_PRONOUNS, mentions, pronoun_referent
from rag.lexicon import is_kind_of
from rag.nlp import (
    NAME_LABELS,
    NUMERIC_LABELS,
    REPORTING_VERBS,
    TIME_LABELS,
    WH_TAGS,
    content_lemmas,
    entity_of,
    is_stop,
    norm_text,
)
from rag.numbers import numeric_value, same_number
from rag.wordnet import senses


def asked_names(doc: Doc) -> tuple[tuple[str, str], ...]:
    """(text, label) of the names, numbers and dates the question names."""
    names = tuple((_name_part(e).text, _name_label(e)) for e in doc.ents if _is_required_name(e))
    return names + _loose_proper_nouns(doc)


def _is_required_name(ent: Span) -> bool:
    """A name or a written figure the question depends on (not "Whom", not "which two")."""
    words = [t for t in ent if not (is_stop(t) or t.is_punct) and t.tag_ not in WH_TAGS]
    if not words:
        return False
    if ent.label_ in NUMERIC_LABELS | TIME_LABELS:
        return any(ch.isdigit() for ch in ent.text)
    return ent.label_ in NAME_LABELS


def _name_label(ent: Span) -> str:
    """An entity's label; a proper noun taken for a nationality ("the Pekalongan landslide") is a name
    like any other (a nationality adjective, "Ukrainian troops", stays NORP)."""
    if ent.label_ == "NORP" and all(t.tag_ == "NNP" for t in ent):
        return "PROPN"
    return ent.label_


def _name_part(ent: Span) -> Span:
    """The name without a hyphenated word ("Article 5-style" -> "Article 5"), the question's verb
    ("When was Breath of the Wild released" -> "Breath of the Wild") or a possessive ending ("Tate
    McRae's" -> "Tate McRae") the recogniser took in."""
    ent = without_opening_modal(ent)
    if len(ent) > 2 and ent[-2].text == "-" and ent[-1].is_lower:
        return ent[:-2]
    end = len(ent)
    if end > 1 and ent[-1].tag_ == "POS":
        end -= 1
    while end > 1 and ent[end - 1].pos_ in ("VERB", "AUX") and ent[end - 1].is_lower:
        end -= 1
    return ent[:end]


def without_opening_modal(ent: Span) -> Span:
    """The name without the modal verb that opens the question and that the recogniser took in as a first name
    ("Will Meridian pay ...?" -> "Meridian")."""
    if len(ent) > 1 and ent.start == ent.sent.start and ent[0].tag_ == "MD":
        return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)
    return ent


# A place after a locative preposition sets the question's event there ("How much rain fell in
# Madrid", "meet in Davos"); a place used as a modifier ("a US official") does not. The
# prepositions are English's locative ones, not a corpus's.
PLACE_LABELS = frozenset({"GPE", "LOC"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "across", "throughout"})


def unit_figures(tokens: Iterable[Token]) -> list[tuple[float, str]]:
    """Numbers with the noun right after them, as (value, lemma): "the 80 mg group" -> (80, "mg"), "a
    3-bedroom flat" -> (3, "bedroom"). The noun is what the number measures or counts, whatever the
    parser hangs it on ("80" may be parsed as counting the group)."""
    out = []
    for tok in tokens:
        if not tok.like_num:
            continue
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.text == "-" and nxt.i + 1 < len(tok.doc):
            nxt = nxt.nbor(1)
        value = numeric_value([tok])
        if nxt is not None and value is not None and nxt.pos_ in ("NOUN", "PROPN") and not nxt.like_num:
            out.append((value, nxt.lemma_.lower()))
    return out


def another_figure(asked: Sequence[tuple[float, str]], sent: Span) -> bool:
    """Does a sentence give another figure of a unit the question names with one, and not the question's
    ("the 160 mg dose" for "What did the 80 mg group achieve?")? It is then about another thing."""
    units = {unit for _, unit in asked}
    said = [(v, u) for v, u in unit_figures(sent) if u in units]
    return bool(said) and not any(f in asked for f in said)


AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})  # amounts a question may name to say which thing it means


def another_amount(question: Doc, sent: Span) -> bool:
    """Does a sentence give an amount of a kind the question names one of, and never the question's ("fined Njiru
    Sh500 million" for "Which firm was fined Sh80 million?")? It is then about another thing."""
    asked = [(e.label_, v) for e in question.ents if e.label_ in AMOUNT_LABELS and (v := numeric_value(e)) is not None]
    if not asked:
        return False
    said = [(e.label_, v) for e in sent.ents if e.label_ in AMOUNT_LABELS and (v := numeric_value(e)) is not None]
    kinds = {label for label, _ in asked}
    return any(label in kinds for label, _ in said) and not any(
        la == lb and same_number(va, vb) for la, va in asked for lb, vb in said)


# WordNet's word for what a district, county, province, city or town is a kind of
REGION = "region"
REGION_SENSES = 2  # "land" is a region only in its third sense ("La La Land" is a film)


def event_places(doc: Doc) -> tuple[str, ...]:
    """The places a question sets its event in: a place name after a locative preposition, or a name
    the recogniser missed or took for something else that a word for a region heads ("households in
    Ehime Prefecture", "in Dhemaji district")."""
    places = [e.text for e in doc.ents if e.label_ in PLACE_LABELS and e.root.dep_ == "pobj"
              and e.root.head.lower_ in LOCATIVE_PREPOSITIONS]
    for tok in doc:
        if (tok.dep_ != "pobj" or tok.head.lower_ not in LOCATIVE_PREPOSITIONS or tok.ent_type_ in PLACE_LABELS
                or tok.pos_ not in ("NOUN", "PROPN")
                or not is_kind_of(tok.lemma_.lower(), REGION, senses=REGION_SENSES)):
            continue
        names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            places.append(doc[min(c.left_edge.i for c in names) : tok.i + 1].text)
    return tuple(places)


def _loose_proper_nouns(doc: Doc) -> tuple[tuple[str, str], ...]:
    """Runs of proper nouns the entity recogniser did not label ("the Pekalongan landslide")."""
    out, run = [], []
    for tok in doc:
        if (tok.pos_ == "PROPN" or _coined_adjective(tok)) and not tok.ent_type_ and tok.is_alpha and tok.i > 0:
            run.append(tok.text)
            continue
        if run:
            out.append((" ".join(run), "PROPN"))
            run = []
    if run:
        out.append((" ".join(run), "PROPN"))
    return tuple(out)


def _coined_adjective(tok: Token) -> bool:
    """A capitalised word the tagger took for an adjective that WordNet knows no adjective of: a place's
    name used as a modifier ("the Assam government"), unlike "Iranian" or "Central"."""
    return tok.tag_ == "JJ" and tok.is_title and not senses(tok.lower_, "adj")


def attributed_to(doc: Doc) -> frozenset[str]:
    """The words of the source a question asks a figure or fact according to ("How many people marched
    according to the organisers?": organiser), lower-cased lemmas; empty when it names none."""
    for tok in doc:
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                to = doc[tok.i + 1]
            objects = [o for o in (to.children if to is not None else ()) if o.dep_ == "pobj"]
            # the noun phrase up to its head, not a clause the parser may hang on it
            return frozenset((t.lemma_ or t.text).lower() for o in objects for t in doc[o.left_edge.i : o.i + 1]
                             if t.pos_ in ("NOUN", "PROPN"))
    return frozenset()


def teller_words(sent: Span) -> set[str]:
    """The words (lower-cased lemmas) of a sentence, and, when what it tells is said by a pronoun ("She said
    the stoppage had cost R62 million"), those of the sentence naming the person it stands for
    (:func:`rag.answer.names.pronoun_referent`: "Harbourline chief executive Lindiwe Naidoo said ..."): what
    tells whose figure it is."""
    told = [*sent]
    if any(t.dep_ == "nsubj" and t.lower_ in PERSON_PRONOUNS and t.head.lemma_.lower() in REPORTING_VERBS
           for t in sent) and (person := pronoun_referent(sent)) is not None:
        told += person.sent
    return {(t.lemma_ or t.text).lower() for t in told}


SCOPE_REACH = 2  # "in Dhemaji district alone": the name ends at most this many words before "alone"


def scoped_names(doc: Doc) -> list[str]:
    """The names a question narrows its figure to ("from Dhemaji district alone", "Fjordbanken ... on its
    own"): a figure for them must be stated of them, not a total that takes them in."""
    out = []
    for tok in doc:
        if tok.lower_ == "alone" and tok.dep_ == "advmod":
            named = [e for e in doc.ents if e.label_ in NAME_LABELS and 0 < tok.i - e.end + 1 <= SCOPE_REACH]
            out += [e.text for e in named[-1:]]
        elif tok.lower_ == "own" and tok.dep_ == "pobj" and tok.head.lower_ == "on":
            # "on its own": whose own is the subject's
            owned = entity_of(direct_subject(tok.head.head), NAME_LABELS)
            out += [owned.text] if owned is not None else []
    return out


def names_parts(parts: Sequence[str], sent: Span) -> bool:
    """Does the sentence name each part a question narrows its figure to, by every word of its name (not a
    person's surname alone)?"""
    words = norm_text(sent.text).split()
    return all(mentions(p, "ORG", words) for p in parts)


# English words that set a thing aside from what is asked: "besides X", "except X", "excluding X", "any bank but
# Lloyds"; "apart / aside from X", "other than X" and "in addition to X" take the preposition after them
SETTING_ASIDE = frozenset({"besides", "except", "excluding", "but"})
ASIDE_BEFORE = {"apart": "from", "aside": "from", "other": "than", "addition": "to"}


def left_aside(doc: Doc) -> frozenset[str]:
    """The content lemmas of what a question sets aside from its answer: "Apart from the symbolic blow, what would it
    cost Kyiv?" (symbolic, blow), "Besides backing Ukraine, what measure ...?" (back, ukraine)."""
    preps = [t for t in doc if t.lower_ in SETTING_ASIDE and t.dep_ == "prep"]
    preps += [c for t in doc if t.lower_ in ASIDE_BEFORE for c in t.children
              if c.dep_ == "prep" and c.lower_ == ASIDE_BEFORE[t.lower_]]
    words: list[Token] = []
    for p in preps:
        # the phrase runs to the first comma or wh-word: what the parser hangs on it after that is the question's own
        # ("Other than the mayor, who spoke ...?")
        inside = {t.i for o in p.children if o.dep_ in ("pobj", "pcomp") for t in o.subtree}
        for t in p.doc[p.i + 1 :]:
            if t.is_punct or t.tag_ in WH_TAGS or t.i not in inside:
                break
            words.append(t)
    return frozenset(content_lemmas(words))
