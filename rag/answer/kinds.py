"""What kind of thing a question's head noun names: a person, an organisation, a place, a time, a share,
a figure, a sum of money or a length of time, and the entity labels that may then answer.

The noun lists are general English (what a "minister", a "city" or a "year" is), not knowledge of any
corpus; nouns they do not list are looked up in WordNet (:mod:`rag.lexicon`): "compensation" is a sum
paid, "magnitude" a quantity, "term" a period of time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.answer.clauses import lemma_match
from rag.lexicon import KIND_SENSES, is_kind_of, is_measure, is_sum_of_money
from rag.nlp import NUMERIC_LABELS, TIME_LABELS, names_match

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from rag.answer.question import QuestionAnalysis

PERSON_NOUNS = frozenset(
    """person people man woman men women official officials envoy minister president leader chief head
    spokesperson spokesman spokeswoman secretary chancellor king queen prince princess ceo founder owner winner
    champion candidate player coach manager director actor actress singer author writer journalist reporter judge
    lawyer negotiator diplomat ambassador governor mayor senator politician general commander officer victim
    suspect driver pilot scientist researcher economist analyst executive chairman chairwoman chair premier
    husband wife son daughter father mother brother sister individual star celebrity artist musician rapper athlete
    who whom""".split()
)
ORG_NOUNS = frozenset(
    """company firm organisation organization group agency newspaper paper outlet broadcaster network publication
    magazine bank party team club union institution authority ministry department government body board council
    court university school airline manufacturer maker retailer operator utility regulator exchange fund charity
    alliance bloc coalition startup publisher studio label brand channel website site platform insurer
    army military police navy consortium conglomerate watchdog lender bidder buyer acquirer supplier contractor
    subcontractor carmaker automaker drugmaker exporter importer distributor sponsor broker tribunal commission
    committee association federation league cooperative syndicate foundation institute hospital""".split()
)
PLACE_NOUNS = frozenset(
    """country nation city town village state province region place location area capital district county
    territory venue stadium airport port island border site continent neighbourhood neighborhood valley coast
    peninsula suburb municipality prefecture""".split()
)
TIME_NOUNS = frozenset(
    "year date day month week fortnight time season decade century hour minute second period deadline holiday".split()
)
NUMBER_NOUNS = frozenset(
    """number amount figure total size sum price cost toll count rate level percentage percent share proportion
    value budget revenue score margin majority turnout population income profit loss earnings sales salary wage
    debt deficit surplus inflation unemployment""".split()
)
PERCENT_NOUNS = frozenset("percentage percent share proportion".split())

PERSONS = frozenset({"PERSON"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
ORGS = frozenset({"ORG"})
# What may answer when the head noun says what kind of thing is asked for. Wider than the
# preferred labels: a small entity recogniser often calls a firm a person or a city an org.
ALLOWED_FOR = {
    "person": (PERSONS, frozenset({"PERSON", "ORG"})),
    "org": (ORGS, frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT"})),
    "place": (PLACES, PLACES | {"ORG"}),
    "time": (TIME_LABELS, TIME_LABELS),
    "percent": (frozenset({"PERCENT"}), frozenset({"PERCENT", "CARDINAL"})),
    "number": (NUMERIC_LABELS, NUMERIC_LABELS),
    "money": (frozenset({"MONEY"}), frozenset({"MONEY", "CARDINAL"})),
    "length": (TIME_LABELS, TIME_LABELS | {"CARDINAL", "QUANTITY"}),
}


def called_alike(word: str, head: str) -> bool:
    """Does a noun (its lemma) speak of the thing a question's head noun asks for: the same word, or, for an
    organisation, another noun of one (news calls a firm a company, a group or a firm alike: "a European drinks
    group" is the "European drinks company")?"""
    return lemma_match(word, head) or (head_kind(head) == "org" and head_kind(word) == "org")


AMOUNT_KINDS = frozenset({"number", "money", "percent"})  # the kinds of :func:`head_kind` that ask for a figure


def head_kind(lemma: str) -> str | None:
    """What kind of thing a head noun names (general English), or None."""
    for kind, nouns in (("person", PERSON_NOUNS), ("org", ORG_NOUNS), ("place", PLACE_NOUNS),
                        ("time", TIME_NOUNS), ("percent", PERCENT_NOUNS), ("number", NUMBER_NOUNS)):
        if lemma in nouns:
            return kind
    if is_sum_of_money(lemma):
        return "money"
    if is_kind_of(lemma, "time period", senses=KIND_SENSES):
        return "length"  # "What prison term ...?": "20 years"
    return "number" if is_measure(lemma) else None


def place_named_before(name: Token) -> Token | None:
    """The noun of place a name stands before, which it names ("areas" for "Kherson" and for "Zaporizhzhia" in "the
    Kherson and Zaporizhzhia areas"), if any. A person's name seldom stands before one ("the Trump area")."""
    first = name
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head  # "Zaporizhzhia" is joined to "Kherson"
    noun = first.head
    if first.dep_ in ("compound", "nmod") and noun.i > first.i and noun.pos_ == "NOUN" and (
            head_kind(noun.lemma_.lower()) == "place"):
        return noun
    return None


MEDIA_NOUNS = frozenset("newspaper paper outlet publication magazine website site broadcaster channel".split())
WEB_NOUNS = frozenset("website site".split())  # outlets named by their web address ("commonspace.eu")
PRINT_NOUNS = frozenset("newspaper paper magazine broadcaster channel".split())  # ... and ones that are not
# words that join two outlets in one source line ("commonspace.eu with the Financial Times"); not "and", which
# names one outlet as often as it joins two ("The Globe and Mail")
OUTLET_JOINS = frozenset("with via".split())
PUBLISHING_NOUNS = frozenset("report article story source coverage".split())


def asks_for_publisher(q: QuestionAnalysis) -> bool:
    """ "Which newspaper/website/broadcaster reported ...": the outlet is the article's source."""
    if not q.head or head_kind(q.head) != "org":
        return False
    return q.head in MEDIA_NOUNS or bool({t.lemma_.lower() for t in q.doc} & PUBLISHING_NOUNS)


def outlets(source: str) -> list[str]:
    """The outlets a source line names, each once: "commonspace.eu with the Financial Times" -> "commonspace.eu",
    "the Financial Times"; "Reuters/AP" -> "Reuters", "AP"; "The Globe and Mail" -> itself."""
    for mark in ",;/|":
        source = source.replace(mark, " , ")
    parts: list[list[str]] = [[]]
    for word in source.split():
        if word == "," or word.lower() in OUTLET_JOINS:
            parts.append([])
        else:
            parts[-1].append(word)
    return list(dict.fromkeys(" ".join(p) for p in parts if p))


def names_own_outlet(name: str, source: str | None) -> bool:
    """Is ``name`` the outlet that published the article it is read in ("In a memo seen by Meridian Wire" in a
    Meridian Wire story)?"""
    return any(names_match(outlet, name) for outlet in outlets(source or ""))


def is_web_address(name: str) -> bool:
    """Is this outlet named by a web address ("commonspace.eu", "bbc.co.uk"), one word with a dot before letters?"""
    host, dot, tld = name.rpartition(".")
    return bool(host) and bool(dot) and " " not in name and tld.isalpha()


def fits_outlet(q: QuestionAnalysis, name: str) -> bool:
    """Is an outlet of the kind the question asks for: a website for "Which website ...", a newspaper or
    broadcaster (not a web address) for "Which newspaper ..."? Any outlet fits another head noun."""
    if q.head in WEB_NOUNS:
        return is_web_address(name)
    if q.head in PRINT_NOUNS:
        return not is_web_address(name)
    return True


# English: what a news article is called, and the verbs that say it came out
ARTICLE_NOUNS = frozenset("report article story piece commentary column editorial analysis interview".split())
PUBLISHING_VERBS = frozenset("publish post print run release date write file appear carry".split())


def asks_for_publication_date(q: QuestionAnalysis) -> bool:
    """ "When was the commentary published?", "On what date did the Herald run the story?", "What is the date of
    the article?": a time asked of an article's coming out, which its metadata gives."""
    if not q.expected or not q.expected <= TIME_LABELS:
        return False
    for tok in q.doc:
        if tok.lemma_.lower() not in ARTICLE_NOUNS:
            continue
        head = tok.head
        if tok.dep_ in ("nsubjpass", "dobj", "nsubj") and head.lemma_.lower() in PUBLISHING_VERBS:
            return True
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in TIME_NOUNS:
            return True  # "the date of the article"
        if tok.dep_ == "pobj" and _where_dated(head):
            return True  # "What date is on the article?", "What date is given at the top of the commentary?"
    return False


DATING_VERBS = frozenset("be give show appear carry bear print".split())  # "What date is given/shown on ...?"
PAGE_TOPS = frozenset("top head header heading".split())  # English: where a page gives its date


def _where_dated(prep: Token) -> bool:
    """Is this preposition the place a "What date ...?" question says the date stands: "on" the article, or
    "of" its top ("at the top of the commentary"), hanging on a verb that only shows it (not "What date is
    given for the vote in the article?", which asks the vote's)?"""
    if prep.lower_ == "of" and prep.head.lemma_.lower() in PAGE_TOPS and prep.head.dep_ == "pobj":
        prep = prep.head.head
    elif prep.lower_ != "on":
        return False
    verb = prep.head
    return verb.lemma_.lower() in DATING_VERBS and any(
        c.lemma_.lower() in TIME_NOUNS and c.dep_ in ("nsubj", "nsubjpass", "attr") for c in verb.children)


def origin_participle(ent: Span) -> Token | None:
    """The participle describing a noun that this name is inside ("based" in "Johannesburg-based Horizon Telecom",
    "listed" in "a London-listed miner"): it says where that thing is from, not where the sentence's event
    happens."""
    head = ent.root.head
    return head if ent.root.dep_ in ("npadvmod", "compound") and head.dep_ == "amod" and head.tag_ == "VBN" else None


def first_sense_kind(noun: str) -> str | None:
    """ "person" or "org" for a noun the lists do not know, by the first sense WordNet gives it: a prosecutor is a
    person, a business a firm; "help" is neither."""
    if is_kind_of(noun, "person", senses=1):
        return "person"
    if is_kind_of(noun, "organization", senses=1):
        return "org"
    return None
