"""What kind of thing a candidate answer is: the recogniser's label, corrected by what the text calls it.

spaCy's small English pipeline often mislabels rare names: "Győr" as a person in "the Hungarian
city of Győr", "Debrecen" as a person in "a plant in Debrecen", "Keller Print" as a person in
"the firm, Keller Print". When the text itself says what the name is (the noun the question
asks about, in apposition or with "of"; for a where-question any place noun: "the village of
Laerma") or where it sits (the object of "in" for a where-question),
that wins over the label, and so does an age given in apposition ("Altman, now 38, ...", labelled
a place: news gives ages of people) or a fuller name elsewhere ("Alameda", labelled a place,
beside "Alameda Research"; "Bankman-Fried", labelled an organisation, beside "Sam Bankman-Fried").
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from rag.answer.kinds import PLACES, called_alike, head_kind, origin_participle, place_named_before
from rag.answer.names import bare, names_person, opens_org
from rag.answer.question import QuestionAnalysis
from rag.answer.units import counts_measure, counts_money
from rag.figures import apposed_age
from rag.lexicon import is_kind_of, synonyms
from rag.nlp import NAME_LABELS, WH_TAGS, norm_text

KIND_LABEL = {"person": "PERSON", "org": "ORG", "place": "GPE"}  # the label of what the question's noun names
LOCATIVE = frozenset({"in", "at", "near", "outside"})


def named_as_head(q: QuestionAnalysis, ent: Span, kinds: bool = False) -> bool:
    """Does the text call this name what the question asks for ("the Hungarian city of Győr", "the contractor,
    Kestrel Transit", "Győr, a city of ...") for "which city" / "which contractor"? With ``kinds``, also a kind of it
    by WordNet ("Priya Natarajan, a Wellington employment barrister" for "Which lawyer ...?")."""
    head = q.head
    return bool(head) and _called(ent.root, lambda tok: tok.pos_ == "NOUN" and (
        tok.lemma_.lower() == head or (kinds and is_kind_of(tok.lemma_.lower(), head or ""))))


def called_as_head(q: QuestionAnalysis, ent: Span) -> bool:
    """Does the text call this name what the question asks for, as :func:`named_as_head` or
    :func:`titled_as_head` reads it?"""
    return named_as_head(q, ent) or titled_as_head(q, ent)


def titled_as_head(q: QuestionAnalysis, ent: Span) -> bool:
    """Does a title before the name say it is what the question asks for, by the asked noun or a synonym in its
    first sense ("Justice Helen Marchetti" for "Which judge ...?")? Only where neither the question nor the text
    gives the title an owner: "Corvane chief executive X" is Corvane's, not Lumira's."""
    head = q.head_token
    if head is None or any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in head.children):
        return False
    words = synonyms(head.lemma_.lower(), "noun", 1)  # the word itself included
    # the bare title right before the name: "Best Actor Oscar" names no actor
    return any(c.dep_ == "compound" and c.i == ent.start - 1 and c.lemma_.lower() in words and not list(c.children)
               for c in ent.root.children)


def other_things(q: QuestionAnalysis) -> frozenset[str]:
    """The nouns by which the question speaks of things other than its answer: a name that ends in one is that thing
    ("the Derwent Mills Bridge" for "Which firm warned that the bridge was unsafe?", "Kessler-Voigt Group" for "Which
    lender backs the German group's bid?"), not the answer the question asks for. What the question says the answer
    is ("Which bank is the country's central bank?", "as title sponsor", "a pawn of which leader") is no other
    thing. Read once per question."""
    return frozenset({t.lemma_.lower() for t in q.doc if t.pos_ == "NOUN"} - _describing(q))


def _describing(q: QuestionAnalysis) -> set[str]:
    """The nouns by which a question says what its answer is: the noun asked about with its modifiers ("Which
    engineering firm"), a copula's complement, an "as" phrase, the noun the asked one belongs to ("a pawn of which
    leader")."""
    said: set[str] = {q.head} if q.head else set()
    for t in q.doc:
        if t.dep_ in ("attr", "oprd", "acomp") or (t.dep_ == "prep" and t.lower_ == "as"):
            said |= {w.lemma_.lower() for w in t.subtree}
        if t.tag_ in WH_TAGS:
            noun = t.head if t.dep_ == "det" else t
            said |= {w.lemma_.lower() for w in noun.subtree}
            if noun.dep_ == "pobj" and noun.head.lower_ == "of":
                said.add(noun.head.head.lemma_.lower())
    return said


def _called(root: Token, noun: Callable[[Token], bool]) -> bool:
    """Does the text call this name a ``noun``: "the city of X", "X, a city ...", "the city, X"?"""
    if root.dep_ == "pobj" and root.head.lower_ == "of" and noun(root.head.head):
        return True
    return (root.dep_ == "appos" and noun(root.head)) or any(c.dep_ == "appos" and noun(c) for c in root.children)


def span_label(
    q: QuestionAnalysis, ent: Span, orgs: set[tuple[str, ...]] | None = None,
    persons: set[tuple[str, ...]] | None = None,
) -> str:
    """The label of an entity as a candidate answer to a typed question. ``orgs`` / ``persons``: the
    words of the organisations' / people's fuller names in the evidence (:func:`rag.answer.names.fuller_names`):
    "Alameda", taken for a place, is the organisation "Alameda Research"; "Bankman-Fried", taken for
    an organisation, is the person "Sam Bankman-Fried"."""
    label = _corrected(q, ent, orgs)
    if persons and label in NAME_LABELS and label != "PERSON" and label in q.allowed and names_person(ent, persons):
        return "PERSON"
    return label


def _corrected(q: QuestionAnalysis, ent: Span, orgs: set[tuple[str, ...]] | None) -> str:
    label = ent.label_
    if label == "MONEY" and head_kind(ent[-1].lemma_.lower()) == "time" and not any(t.is_currency for t in ent):
        label = "DATE"  # "about 350 million years", labelled a sum of money, counts years
    if label in ("CARDINAL", "QUANTITY") and "MONEY" in q.expected and counts_money(ent):
        label = "MONEY"  # "2 million kroner", labelled a measure: the lexicon knows the krone is money
    elif label == "CARDINAL" and q.expected & {"CARDINAL", "QUANTITY"} == {"QUANTITY"} and counts_measure(ent):
        label = "QUANTITY"  # "8,400 hectares", labelled a count: the lexicon knows the hectare is a measure
    if not q.strict or label in q.expected:
        return label
    if label == "NORP" and len(ent) > 1 and all(t.tag_ == "NNP" for t in ent) and "ORG" in q.expected:
        return "ORG"  # "Harland Marine", labelled a nationality: a name of several proper nouns is not one
    if label == "PERSON" and "ORG" in q.expected and any(
            any(c.isdigit() for c in t.text) and any(c.isalpha() for c in t.text) for t in ent):
        return "ORG"  # "G8", labelled a person: no one's name is a code of letters and digits ("Ward 4" may be)
    if named_as_head(q, ent):
        return KIND_LABEL.get(head_kind(q.head or "") or "", label)
    if label == "PERSON" and head_kind(q.head or "") == "org" and _called(
            ent.root, lambda tok: tok.pos_ == "NOUN" and called_alike(tok.lemma_.lower(), q.head or "")):
        return "ORG"  # "the Norwegian insurer Vestland Forsikring", labelled a person, for "Which company ...?"
    if orgs and label not in q.allowed and "ORG" in q.expected and opens_org(ent, orgs):
        return "ORG"
    if orgs and label == "PERSON" and "ORG" in q.expected and tuple(norm_text(bare(ent.text)).split()) in orgs:
        return "ORG"  # "Noordzee Waterwerken", labelled a person, has a chief executive or is an organisation elsewhere
    root = ent.root
    if "PERSON" in q.expected and label in NAME_LABELS and _stated_age(root):
        return "PERSON"  # "Altman, now 38, has been seen as ...", labelled a place
    if q.expected <= PLACES and label in ("PERSON", "ORG", "NORP") and root.pos_ == "PROPN" and (
            (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE) or _called_place(root) or based_in(ent)):
        return "GPE"  # "a plant in Debrecen", "the village of Laerma", "the Mainz-based drugmaker"
    return label


def locates_head(q: QuestionAnalysis, root: Token) -> bool:
    """Is this name where the thing asked about is, not its name ("a senior official in Kyiv" for "Who is
    the official?", "the plant at Debrecen" for "Which plant?"): the object of "in"/"at" hung on that noun?"""
    prep = root.head
    return (bool(q.head) and root.dep_ == "pobj" and prep.lower_ in LOCATIVE
            and prep.head.lemma_.lower() == q.head and prep.head.pos_ == "NOUN")


def _called_place(root: Token) -> bool:
    """Does the text call this name a place ("the village of Laerma", "Laerma, a village in ...", "the Kherson and
    Zaporizhzhia areas")?"""
    return _called(root, lambda tok: tok.pos_ == "NOUN" and head_kind(tok.lemma_.lower()) == "place") or (
        place_named_before(root) is not None)


def called_person(ent: Span) -> bool:
    """Does the text call this person's name by a role held by people ("the agency's director, Rodrigo Espinoza",
    "Espinoza, the director", "chief executive Andrés Salgado")? Then it names a person, whatever else a
    recogniser's organisation names may be taken for."""
    root = ent.root
    if ent.label_ != "PERSON":
        return False
    if _called(root, lambda tok: tok.pos_ == "NOUN" and head_kind(tok.lemma_.lower()) == "person"):
        return True
    return any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < ent.start and head_kind(c.lemma_.lower()) == "person"
               for c in root.children)


def based_in(ent: Span) -> bool:
    """Is this name joined to "based" ("the Mainz-based drugmaker"): where something is based?"""
    participle = origin_participle(ent)
    return participle is not None and participle.lower_ == "based"


def _stated_age(root: Token) -> bool:
    """Is a name followed by an age in apposition ("Raman, 51, will ...", "Altman, now 38, has ..."), the
    way news gives a person's age?"""
    return any(apposed_age(c) for c in root.children)
