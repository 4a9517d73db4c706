"""Which words say the same as a word, which say its opposite, and which places name one government: WordNet 3.0,
read by :mod:`rag.wordnet`.

Only a word's first ``SENSES`` senses count (WordNet lists them by frequency in tagged text): the
rarer senses of a word make everything a synonym of everything ("tell" is also "order").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rag.wordnet import ANTONYM, DERIVED, HYPERNYM, HYPONYM, SIMILAR, Synset, irregular_bases, senses, synset

SENSES = 3
POS_FILES = {"VERB": "verb", "ADJ": "adj"}  # spaCy's part of speech -> WordNet's file suffix


@dataclass(frozen=True, slots=True)
class Relations:
    """Words that state what a word states (``alike``) and words that state its opposite; ``antonyms`` are
    those of its own antonyms (not of a more general sense's), what another word's opposite may be checked
    against ("approve" is the antonym of "reject" only as WordNet sees "approve")."""

    alike: frozenset[str]
    opposite: frozenset[str]
    antonyms: frozenset[str] = frozenset()


def _words(synsets: list[tuple[int, str]]) -> set[str]:
    return {w.lower() for off, f in synsets for w in synset(f, off).words if "_" not in w}


@lru_cache(maxsize=4096)
def relations(lemma: str, pos: str) -> Relations:
    """What WordNet says of ``lemma`` as a ``pos`` ("VERB" or "ADJ"; others have none).

    Alike: the words of its first senses, of their more specific senses ("soar" for "rise": what
    soared rose), and an adjective's similar ones; never a more general sense ("pronounced guilty"
    is no acquittal). Opposite: its antonyms in those senses
    ("acquit" for "convict"), with their synonyms, more specific senses and similar adjectives, and
    the antonyms of its more general senses ("cut" is "decrease", whose opposite "increase" covers
    "raise").
    """
    suffix = POS_FILES.get(pos)
    if suffix is None:
        return Relations(frozenset(), frozenset())
    key = lemma.lower().replace(" ", "_")
    first = [(off, suffix) for off in senses(key, suffix)[:SENSES]]
    alike = _words(first)
    opposed: list[tuple[int, str]] = []
    own: list[tuple[int, str]] = []
    for off, f in first:
        s = synset(f, off)
        # a more general sense that is a root of the hierarchy ("change" for "rise") opposes too much
        general = _general(s)
        alike |= _words(s.targets(HYPONYM)) | _words(s.targets(SIMILAR))
        own += s.targets(ANTONYM, key)
        for g_off, g_f in general:
            g = synset(g_f, g_off)
            opposed += [t for w in g.words for t in g.targets(ANTONYM, w)]
    opposed += own
    opposite = _words(opposed)
    for off, f in opposed:
        s = synset(f, off)
        opposite |= _words(s.targets(HYPONYM)) | _words(s.targets(SIMILAR))
    opposite -= alike | {key}  # a word WordNet puts on both sides says neither
    antonyms = (_words(own) | {w for off, f in own for w in _words(synset(f, off).targets(SIMILAR))}) - alike
    return Relations(frozenset(alike - {key}), frozenset(opposite), frozenset(antonyms))


def is_root_verb(lemma: str) -> bool:
    """Is the first sense of this verb a root of WordNet's hierarchy ("move", "kill", "win", "reach"), whose
    more specific verbs are too many and too varied to say what it says ("rise" is a kind of "move")?"""
    first = senses(lemma.lower().replace(" ", "_"), "verb")[:1]
    return not first or not synset("verb", first[0]).targets(HYPERNYM)


@lru_cache(maxsize=4096)
def verb_kinds(verb: str, depth: int = 6) -> frozenset[str]:
    """The words of a verb's first ``KIND_SENSES`` senses and of what they are kinds of, ``depth`` steps up
    ("rebuff": refuse, reject, ...; "dismiss": reject, disregard, ...)."""
    return frozenset(_up([(off, "verb") for off in senses(verb.lower(), "verb")[:KIND_SENSES]], depth))


@lru_cache(maxsize=4096)
def first_sense_kin(verb: str, other: str) -> bool:
    """Does one verb (a lemma) in its first sense mean what the other does in one of its first ``KIND_SENSES``, or a
    kind of it ("approve" of "authorise")? Not a kind of a root of WordNet's hierarchy ("rise" of "move"), whose
    more specific verbs say too many things."""
    return _first_sense_in(verb.lower(), other.lower()) or _first_sense_in(other.lower(), verb.lower())


def _first_sense_in(verb: str, other: str) -> bool:
    """Is ``verb``'s first sense, or the sense it is a kind of (no root), one of ``other``'s first senses?"""
    first = senses(verb, "verb")[:1]
    if not first:
        return False
    theirs = senses(other, "verb")[:KIND_SENSES]
    return first[0] in theirs or any(off in theirs for off, _ in _general(synset("verb", first[0])))


def _general(s: Synset) -> list[tuple[int, str]]:
    """The more general senses of a synset that are no root of WordNet's hierarchy (a root, "change" for "rise" or
    "move" for it, says too many things)."""
    return [t for t in s.targets(HYPERNYM) if synset(t[1], t[0]).targets(HYPERNYM)]


ENTAILS, CAUSES = "*", ">"


@lru_cache(maxsize=4096)
def entails(verb: str, other: str) -> bool:
    """Does doing ``verb`` (a lemma) entail or cause ``other`` in one of its first senses ("buy" entails
    "pay", "kill" causes "die")?"""
    first = [synset("verb", off) for off in senses(verb.lower(), "verb")[:SENSES]]
    return other.lower() in _words([t for s in first for sym in (ENTAILS, CAUSES) for t in s.targets(sym)])


INSTANCE_OF, PART_OF, HAS_PART = "@i", "#p", "%p"
CAPITAL, COUNTRY = "national_capital", "country"  # WordNet's own words for the two kinds of place


def _up(frontier: list[tuple[int, str]], depth: int) -> set[str]:
    """The words of these synsets and of everything above them, ``depth`` steps up."""
    found: set[str] = set()
    for _ in range(depth):
        found |= {w.lower() for off, f in frontier for w in synset(f, off).words}
        frontier = [t for off, f in frontier for t in synset(f, off).targets(HYPERNYM)]
    return found


def _kinds(off: int) -> set[str]:
    """The words of what a named thing is an instance of, and of what those are kinds of."""
    return _up(synset("noun", off).targets(INSTANCE_OF), 2)


def _places(off: int, symbol: str, kind: str, depth: int = 2) -> set[str]:
    """The names of the places ``symbol`` leads to within ``depth`` steps that are of ``kind``."""
    found: set[str] = set()
    frontier = [off]
    for _ in range(depth):
        frontier = [o for at in frontier for o, f in synset("noun", at).targets(symbol) if f == "noun"]
        # proper names only: "the_States" and "capital_of_France" are descriptions
        found |= {w.replace("_", " ") for o in frontier if kind in _kinds(o)
                  for w in synset("noun", o).words if w[:1].isupper()}
    return found


@lru_cache(maxsize=1024)
def same_government(name: str) -> frozenset[str]:
    """Other names news uses for a country's government: a national capital's country ("Washington": United
    States, "Moscow": Russia), a country's capital ("Russia": Moscow) and its other names ("Britain": United
    Kingdom, UK). Empty for anything else."""
    found: set[str] = set()
    for off in senses(name, "noun"):  # any sense that is a capital or a country: not "Paris" the man
        kinds = _kinds(off)
        if CAPITAL in kinds:
            found |= _places(off, PART_OF, COUNTRY)
        elif COUNTRY in kinds:
            # not "the States": its word alone ("member states") names no country
            found |= _places(off, HAS_PART, CAPITAL) | {
                w.replace("_", " ") for w in synset("noun", off).words if not w.lower().startswith("the_")}
    return frozenset(found - {name})


MONEY_KINDS = frozenset({"monetary_unit", "currency"})  # WordNet's words for what a unit of money is a kind of


def _derived(word: str, suffix: str, into: tuple[str, ...]) -> frozenset[str]:
    """The words of the ``into`` senses WordNet links a word's first senses (as a ``suffix``) to by derivation."""
    key = word.lower()
    return frozenset(_words([t for off in senses(key, suffix)[:SENSES]
                             for t in synset(suffix, off).targets(DERIVED, key) if t[1] in into]))


@lru_cache(maxsize=4096)
def derived_nouns(verb: str) -> frozenset[str]:
    """The nouns WordNet derives from a verb's first senses ("death" from "die", "arrest" and
    "apprehension" from "arrest", "injury" from "injure")."""
    return _derived(verb, "verb", ("noun",))


@lru_cache(maxsize=4096)
def acts_of(noun: str) -> frozenset[str]:
    """The words of the verbs and adjectives WordNet derives a noun's first senses from: what the noun is the act or
    state of ("limit": limit, restrict, confine, ...; "willingness": willing; none for "troop" or "programme")."""
    return _derived(noun, "noun", ("verb", "adj"))


def same_act(noun: str, other: str) -> bool:
    """Do two nouns name one act or state, derived from verbs of one meaning ("limits" / "restrictions": limit,
    restrict; "guarantee" / "assurance": assure)?"""
    return bool(acts_of(noun) & acts_of(other))


@lru_cache(maxsize=4096)
def participle_of(form: str, verb: str) -> bool:
    """Is ``form`` a past participle of ``verb`` ("signed" of "sign", "paid" of "pay", "carried" of "carry")?
    WordNet's own list of irregular forms first, then the regular endings."""
    form, verb = form.lower(), verb.lower()
    irregular = irregular_bases(form.encode("utf-8"), "verb")
    if irregular is not None:
        return verb in irregular
    regular = {verb + "ed", verb + "d", verb + "n", verb + "en", verb[:-1] + "ied" if verb.endswith("y") else ""}
    return form in regular - {""} and bool(senses(verb, "verb"))


@lru_cache(maxsize=4096)
def synonyms(word: str, suffix: str = "noun", n_senses: int = SENSES) -> frozenset[str]:
    """The words of a word's first ``n_senses`` senses as a noun (or ``suffix``: "verb"), itself included:
    "quake", "temblor" for "earthquake" (not "aftershock", a kind of tremor)."""
    return frozenset(_words([(off, suffix) for off in senses(word, suffix)[:n_senses]]) | {word.lower()})


@lru_cache(maxsize=4096)
def proper_names(word: str) -> frozenset[str]:
    """The names WordNet gives the thing a word names, where they are names (capitalised): "Kiev": Kyyiv, Kiev."""
    return frozenset(w.replace("_", " ") for off in senses(word, "noun") for w in synset("noun", off).words
                     if w[:1].isupper())


@lru_cache(maxsize=4096)
def is_word(word: str) -> bool:
    """Is ``word`` (lower case) an English word in any part of speech ("harbour", "apple"), rather than a
    coined name ("lumira", "corvane")?"""
    return any(senses(word, suffix) for suffix in ("noun", "verb", "adj", "adv"))


@lru_cache(maxsize=4096)
def is_money(noun: str, depth: int = 8) -> bool:
    """Is ``noun`` (a lemma) a unit of money in one of its senses ("euro", "krona", "mark"; not "people")?"""
    kinds = [t for off in senses(noun, "noun") for sym in (HYPERNYM, INSTANCE_OF)
             for t in synset("noun", off).targets(sym)]
    return bool(MONEY_KINDS & _up(kinds, depth))


# the senses a question's head noun is read in: "the charge against the driver" is an accusation first
KIND_SENSES = 2
# WordNet's words for what a sum paid, gained, owed or set aside is a kind of ("compensation", "fee", "fine",
# "rent"; "debt", "loan"; "budget")
SUM_KINDS = frozenset({"cost", "payment", "monetary_value", "sum_of_money", "financial_gain", "financial_obligation",
                       "fund"})


def is_sum_of_money(noun: str, depth: int = 8) -> bool:
    """Is ``noun`` (a lemma) a sum paid or gained in one of its first two senses ("compensation", "fee",
    "fine", "bonus"; not "prize", "seat" or "people", nor "charge", a price only in its third)?"""
    return bool(SUM_KINDS & _noun_kinds(noun, KIND_SENSES, depth))


# WordNet's words for what an amount or a measure is a kind of ("magnitude", "depth", "temperature")
MEASURE_KINDS = frozenset({"magnitude", "quantity"})


def is_measure(noun: str, depth: int = 8) -> bool:
    """Is ``noun`` (a lemma) an amount or a measure in its first sense ("magnitude", "depth", "temperature";
    not "name", "city" or "winner", nor "measure", a step taken before it is a quantity)?"""
    return bool(MEASURE_KINDS & _noun_kinds(noun, 1, depth))


def is_kind_of(noun: str, kind: str, depth: int = 8, senses: int = SENSES) -> bool:
    """Is ``noun`` (a lemma) a kind of ``kind`` in one of its first ``senses`` senses ("friendship" of
    "relationship", "bat" of "animal"; not "fiction" of "novel")?"""
    return kind.lower().replace(" ", "_") in _noun_kinds(noun, senses, depth)


@lru_cache(maxsize=4096)
def _noun_kinds(noun: str, n_senses: int, depth: int) -> frozenset[str]:
    """The words of a noun's first ``n_senses`` senses and of what they are kinds of, ``depth`` steps up."""
    return frozenset(_up([(off, "noun") for off in senses(noun, "noun")[:n_senses]], depth))


# WordNet's words for what a named time is a kind of: "Thursday", "Thanksgiving" (calendar days), "March", "summer"
CALENDAR_KINDS = frozenset({"calendar_day", "calendar_month", "season"})


def calendar_kinds(word: str) -> frozenset[str] | None:
    """What a named time is a kind of by WordNet ("Thursday": weekday, calendar day, ...; "Thanksgiving": holiday,
    ...), or None for a word that names no day, month or season of the calendar ("2014", "today", "deadline")."""
    kinds = _noun_kinds(word.lower(), 2, 10)
    return kinds if kinds & CALENDAR_KINDS else None


SETTLEMENT = "municipality"  # WordNet's word for what a city or a town is a kind of


@lru_cache(maxsize=4096)
def instance_of(name: str, depth: int = 10) -> frozenset[str] | None:
    """The kinds a named thing is, by WordNet ("Beijing": national capital, city, ...), or None when WordNet
    knows no such named thing."""
    frontier = [t for off in senses(name, "noun") for t in synset("noun", off).targets(INSTANCE_OF)]
    return frozenset(_up(frontier, depth)) if frontier else None


def is_settlement(noun: str, depth: int = 10) -> bool:
    """Is this common noun a kind of city or town in one of its first senses ("city", "town"; not "region",
    "country", "company")?"""
    return SETTLEMENT in _noun_kinds(noun, 2, depth)
