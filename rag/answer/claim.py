"""What a yes/no question claims: its predicate's key words, its other words, its values and polarity.

The claim is the question's main clause (inside "Is it true that ..." or "Does the article suggest
that ...", the embedded clause). Its key words are the words an evidence clause must state: the
predicate, or for a light verb its complement ("have to pay": "pay"; "Is X a member": "member"),
and the verb of a complement ("prepared to intervene"). The lexicon (WordNet, ``rag.lexicon``)
gives each key word's opposites ("fell" for "rise") and, for a widened claim, the words that state
it ("surpassed" for "exceed"), never a light verb.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from rag.answer.asked import without_opening_modal
from rag.answer.clauses import (
    LIGHT_VERBS,
    PREVENTING,
    SUPPORT_VERBS,
    clause_negated,
    clause_tokens,
    is_clause_head,
    lemma_match,
    open_question,
)
from rag.answer.question import META_LEMMAS, QuestionAnalysis
from rag.answer.units import WEEKDAYS, duration_days, is_dated
from rag.lexicon import POS_FILES, acts_of, derived_nouns, relations, synonyms
from rag.nlp import NAME_LABELS, NUMERIC_LABELS, REPORTING_VERBS, content_lemmas, is_negated
from rag.nlp import lemma as _lemma  # a name's own words, else the lower-cased lemma
from rag.wordnet import senses

# values a yes/no claim may carry, and an aligned clause swap for another: names, figures, ranks ("first")
CLAIM_VALUE_LABELS = NAME_LABELS | NUMERIC_LABELS | {"ORDINAL"}
# Verbs and adjectives that report or judge a claim rather than make one: the claim is their complement.
REPORTING = frozenset(
    "suggest say report claim indicate imply show state mention describe argue believe think expect note "
    "true correct right accurate".split()
)
TOLD_DEPS = frozenset({"ccomp", "xcomp", "dobj"})  # what a verb of telling tells: "confirmed that X", "confirmed X"
# Verbs of telling: one states another's predicate ("Did X say ...?" / "X declined to comment ...").
# ("claim" is left out: "claim a bonus" takes, it does not tell)
TELLING_VERBS = REPORTING_VERBS - {"claim"} | frozenset(
    "comment disclose reveal explain specify inform notify brief".split())
KEY_DEPS = ("xcomp", "acomp", "attr", "oprd", "dobj", "nsubj")  # where a light verb's content word sits, in order
PARTICIPLES = frozenset({"VBG", "VBN"})  # Penn tags of the present and past participle


def fixed_date(ent: Span) -> bool:
    """Is this a date that names its time whenever it is read: a year, a month, a named day ("2014", "March 4",
    "Thanksgiving"), not one counted from the story's own day ("Thursday", "last year", "the coming days")?"""
    if ent.label_ != "DATE":
        return False
    return is_dated(ent) or (any(t.pos_ == "PROPN" for t in ent) and not any(t.lower_ in WEEKDAYS for t in ent))


def particle(tok: Token) -> str:
    """The particle of a phrasal verb ("off" of "called off"), "" for none."""
    return next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")


def states(word: str, key: str) -> bool:
    """Does this word state the claim's key word: the same word or one derived from it, or, for a verb of
    telling, another ("Did X say whether ...?" is answered by "X declined to comment on whether ...")?"""
    return lemma_match(word, key) or (key in TELLING_VERBS and word in TELLING_VERBS)


@dataclass(frozen=True, slots=True)
class Claim:
    """What a yes/no question asserts; ``key`` is the word an aligned clause must contain (its predicate)."""

    head: Token
    lemmas: frozenset[str]
    negated: bool
    values: tuple[Span, ...]
    keys: tuple[str, ...]
    # the words of the question the claim's predicate is about ("say what caused the failure": cause,
    # failure): a clause that makes the statement must speak of them
    asked: frozenset[str] = frozenset()
    modal: bool = False  # the question asks what will or may be ("Will it appeal?"), not what was done
    # key word -> the words the lexicon says state its opposite ("fell" for "rise", "acquitted" for
    # "convicted"; never a light verb: "be" is no opposite of "change")
    opposite: dict[str, frozenset[str]] = field(default_factory=dict)
    # when no clause has a key word itself, the words the lexicon says state one ("soared" for "rise");
    # ``widened`` claims also take a clause keyed by an opposite
    alike: frozenset[str] = frozenset()
    widened: bool = False
    # key word -> the particle of its phrasal verb ("call off" is no "call"), "" for none
    particles: dict[str, str] = field(default_factory=dict)
    # key word -> the parts of speech the question uses it in
    key_pos: dict[str, frozenset[str]] = field(default_factory=dict)
    # the key words are stated only by a verb ("could not be prosecuted" for "shielded from prosecution", not
    # "the prosecution said")
    verbal: bool = False
    # the key word is a noun of an act, stated by a noun of the same act ("restrictions" for "limits")
    nominal: bool = False

    def same_verb(self, tok: Token) -> bool:
        """Is this token, if it is a key word, the key's own verb with the key's particle ("called off the
        strike" for "Was the strike called off?", not "would call a strike")?"""
        if self.verbal and tok.pos_ not in ("VERB", "AUX"):
            return False
        return self.particles.get(_lemma(tok), particle(tok)) == particle(tok)

    def pos_of(self, key: str) -> frozenset[str]:
        return self.key_pos.get(key, frozenset())

    def opposes(self, key: str, word: str, pos: str) -> bool:
        """Does ``word`` (as a ``pos``) state the opposite of the key word, by the lexicon either way round
        ("approve" is the opposite of "reject" only as WordNet sees "approve")?"""
        if word in LIGHT_VERBS:
            return False
        if word in self.opposite.get(key, ()):
            return True
        # the word's own antonym is the key or a synonym of it ("approved" opposes "turn down": "approve" is
        # the opposite of "reject", which "turn down" means)
        antonyms = relations(word, pos).antonyms
        suffix = POS_FILES.get(pos)
        return key in antonyms or (suffix is not None and bool(
            antonyms & synonyms(_phrasal(key, self.particles.get(key, "")), suffix)))

    def keyed(self, tok: Token) -> bool:
        """Does this token state one of the key words: itself, or a word the lexicon relates to it in the
        key's part of speech ("smaller" for "larger", not the adverb "down")?"""
        word = _lemma(tok)
        return self.same_verb(tok) and any(states(word, k) or (
            self.widened and tok.pos_ in self.pos_of(k) and self.related(k, word, tok.pos_)) for k in self.keys)

    def said_in(self, sent: Span) -> bool:
        """Does the sentence carry a key word itself, a word the lexicon derives from it or the other way round
        ("close" for "closures"), or one it relates to it ("slain" for "killed", "raised" for "cut"), not just a word
        that embeds close to it? A light verb relates to too much to count ("gets" is one sense of "come")."""
        return any(self.keyed(t) or self._in_lexicon(t) for t in sent)

    def _in_lexicon(self, tok: Token) -> bool:
        """Does the lexicon relate this word to a key word (see :meth:`said_in`)?"""
        word = _lemma(tok)
        if word in LIGHT_VERBS:
            return False
        return any(self.related(k, word, tok.pos_) or word in relations(k, tok.pos_).alike
                   or (tok.pos_ == "VERB" and k in derived_nouns(word))
                   or (tok.pos_ == "NOUN" and word in derived_nouns(k)) for k in self.keys)

    def related(self, key: str, word: str, pos: str) -> bool:
        """Does the lexicon relate ``word`` (as a ``pos``) to the key word: alike or opposite?"""
        return self.alike_word(key, word, pos) or self.opposes(key, word, pos)

    def alike_word(self, key: str, word: str, pos: str) -> bool:
        """Does ``word`` (as a ``pos``) say what the key word says, by the lexicon either way round: among the
        key's alike words, or the key among the word's first senses' words ("operating" for "keep running":
        running is one of the first senses of "operate", not operating one of "run")?"""
        if word in self.alike:
            return True
        suffix = POS_FILES.get(pos)
        return suffix is not None and word not in LIGHT_VERBS and key in synonyms(word, suffix)

    def opposed(self, tok: Token) -> bool:
        """Does this token state the opposite of a key word ("fell" for "rise")?"""
        return any(tok.pos_ in self.pos_of(k) and self.opposes(k, _lemma(tok), tok.pos_) for k in self.keys)


def question_claim(q: QuestionAnalysis) -> Claim | None:
    """The claim of a yes/no question (None when it has no main clause)."""
    roots = [t for t in q.doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    head = _noun_read_as_verb(roots[0]) or roots[0]
    negated = is_negated(head)
    for _ in range(3):  # "Is it true that the article suggests that X ..."
        # "Did Okoro say what caused the failure?" asks about the saying, not about the cause
        inner = [c for c in head.children if c.dep_ in ("ccomp", "xcomp") and is_clause_head(c)
                 and not open_question(c)]
        judged = [c for c in head.children if c.dep_ in ("acomp", "attr") and _lemma(c) in REPORTING]
        if judged and not inner:
            inner = [c for c in judged[0].children if c.dep_ in ("ccomp", "xcomp")]
        # "As of March, had the bank left its rate unchanged?": the parser may make the fronted auxiliary the main
        # verb, with the clause it opens as its complement (subject and all)
        fronted = _lemma(head) in ("have", "do") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
        if inner and (_lemma(head) in REPORTING or judged or _lemma(head) == "be" or fronted):
            head = inner[0]
            negated = negated or is_negated(head)
        else:
            break
    tokens = list(head.subtree)
    lemmas = frozenset(content_lemmas(tokens) - META_LEMMAS - REPORTING)
    values = tuple(without_opening_modal(e) for e in q.doc.ents if e.root in tokens and (
        e.label_ in CLAIM_VALUE_LABELS or fixed_date(e) or (e.label_ in ("DATE", "TIME") and duration_days(e))))
    # "Are they setting non-competitive prices?" denies with its own prefix, as an answer may ("aren't competitive")
    negated = negated or clause_negated(head, clause_tokens(head), lemmas)
    # "Didn't the quake damage the plant?" asks whether it did, expecting so: "No" means it did not
    negated = negated and not _fronted_negation(q)
    keys = [head]
    if _lemma(head) in LIGHT_VERBS or head.pos_ not in ("VERB", "ADJ", "NOUN"):
        # "Has Moscow been told", "Is X a member", "Did the office comment": the content word carries the claim
        # the predicate's own complement before its subject ("Will cars have to pay": "pay", not "cars")
        keys = sorted((c for c in head.children if c.dep_ in KEY_DEPS and c.pos_ in ("VERB", "ADJ", "NOUN")
                       and _lemma(c) in lemmas), key=lambda c: KEY_DEPS.index(c.dep_))[:1]
        # "Is the old bridge safe for lorries?": the parser may hang the predicate adjective on the subject,
        # after it, where no attributive adjective stands
        late = [c for n in head.children if n.dep_ == "nsubj" for c in n.children
                if c.dep_ == "amod" and c.pos_ == "ADJ" and c.i > n.i]
        keys = late[:1] or keys
        # ... or the predicate participle, the last one ("Were trains between X and Y cancelled?", "Was the
        # sculpture stolen in 2016 ever found?"): the subject is no predicate
        # ... hung on a noun after the subject ("Were trains on the X line operating as usual?", "Is the 80 mg
        # dose of the drug covered by the approval?")
        # ... the subject read as the copula's attribute when nothing else is ("Is Volta Motors' planned plant
        # expected to provide 2,500 jobs?")
        if keys and (keys[0].dep_ == "nsubj" or (keys[0].dep_ == "attr" and not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children))):
            late = [c for c in (*keys[0].subtree, *head.children) if c.pos_ == "VERB" and c.i > keys[0].i
                    and ((c.dep_, c.head.i) in (("acl", keys[0].i), ("advcl", head.i))
                         or (c.dep_ == "acl" and c.tag_ in PARTICIPLES))]
            keys = sorted(late, key=lambda c: c.i)[-1:] or keys
        # "Is the galaxy larger than the Milky Way?": the parser may hang the comparative on the subject
        compared = [t for t in tokens if t.tag_ in ("JJR", "RBR") and any(c.lower_ == "than" for c in t.children)]
        if compared:
            keys = compared[:1]
        if not keys:  # "Was anyone injured?": the parser may hang the participle on the subject
            keys = [t for t in head.subtree if t.pos_ == "VERB" and t.i != head.i and _lemma(t) in lemmas][:1]
        # "Is the bridge safe?" claims "safe" of the bridge: an adjective complement states it too
        keys += [c for c in head.children if c.dep_ == "acomp" and c.pos_ == "ADJ" and c not in keys]
    misread = _verb_read_as_noun(head)
    if misread is not None:
        keys = [misread]
    # "prepared to intervene", "allowed to have": the verb of the complement states the claim too
    keys += [c for k in keys for c in k.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and not open_question(c)]
    # what is asked about: an embedded question's words, or all a verb of telling is said of ("Did Berg confirm
    # that the fire was started by a cigarette?": fire, start, cigarette; not "Berg said 240 firefighters ...")
    told = _lemma(head) in TELLING_VERBS
    named = {t.i for v in values for t in v}  # a value the claim names is weighed as a value (swapped or not)
    about = [t for c in head.children if open_question(c) or (told and c.dep_ in TOLD_DEPS)
             for t in c.subtree if t.i not in named]
    asked = frozenset(content_lemmas(about) - META_LEMMAS)
    key_words = tuple(dict.fromkeys(_lemma(k) for k in keys))
    particles = {_lemma(k): particle(k) for k in keys}
    opposite = {k: frozenset(w for pos in {t.pos_ for t in keys if _lemma(t) == k}
                             for w in relations(_phrasal(k, particles[k]), pos).opposite) - LIGHT_VERBS
                for k in key_words}
    key_pos = {k: frozenset(t.pos_ for t in q.doc if _lemma(t) == k) for k in key_words}
    if misread is not None:  # the word the tagger took for a noun is stated as the verb it is
        key_pos[_lemma(misread)] |= {"VERB"}
    return Claim(head, lemmas, negated, values, key_words, asked & lemmas, modal=any(t.tag_ == "MD" for t in q.doc),
                 opposite=opposite, particles=particles, key_pos=key_pos)


def _noun_read_as_verb(root: Token) -> Token | None:
    """ "Did all Rodalies commuter rail lines keep running ...?": the tagger may take a noun of the subject for the
    main verb ("commuter"), with the real one ("keep") as its complement; a word the lexicon knows only as a noun is no
    predicate, and the verb of that complement is the claim's."""
    if root.pos_ != "VERB" or senses(_lemma(root), "verb") or not senses(_lemma(root), "noun"):
        return None
    return next((c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB"), None)


def _verb_read_as_noun(head: Token) -> Token | None:
    """ "Did Zelenskyy's office reply when ...?": the tagger may take the verb after a possessive subject for the
    subject's own noun ("office reply"), with "did" as the main verb; that noun, a verb in the lexicon, is the
    predicate."""
    if _lemma(head) != "do" or head.i != 0:
        return None
    subject = next((c for c in head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if subject is None or not any(c.dep_ in ("compound", "poss") for c in subject.children):
        return None
    return subject if senses(_lemma(subject), "verb") else None


def prevented(claim: Claim) -> Claim | None:
    """The claim that what a preventing verb keeps from happening does not happen ("shielded from prosecution":
    not prosecuted; "stop countries from joining": they do not join), for evidence that says so in the
    complement's own word; None when the claim's predicate prevents nothing."""
    head = claim.head
    preventing = next((t for t in (head, *head.children) if _lemma(t) in PREVENTING
                       and (t is head or (t.dep_ == "acomp" and t.pos_ == "ADJ"))), None)
    if preventing is None:
        return None
    prep = next((c for c in preventing.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    done = next((c for c in prep.children if c.dep_ in ("pcomp", "pobj") and c.pos_ in ("VERB", "NOUN")),
                None) if prep is not None else None
    if done is None:
        return None
    key = _lemma(done)
    return replace(claim, head=done, lemmas=claim.lemmas - {_lemma(preventing)}, negated=not claim.negated,
                   keys=(key,), opposite={}, alike=frozenset(), widened=False, particles={key: particle(done)},
                   key_pos={key: frozenset({"VERB"})}, verbal=True)


def supported(claim: Claim) -> Claim | None:
    """The claim as its support verb's object says it, when that object is a noun of an act ("put limits on the
    programmes": limit; "impose a ban on fireworks": ban), for evidence that says the act with another verb or
    none ("places no restrictions on the programmes", "banned fireworks"); None for any other predicate."""
    head = claim.head
    done = next((c for c in head.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and acts_of(_lemma(c))), None)
    if done is None or head.pos_ != "VERB" or _lemma(head) not in SUPPORT_VERBS:
        return None
    key = _lemma(done)
    return replace(claim, keys=(key,), opposite={}, alike=frozenset(), widened=False, particles={key: ""},
                   key_pos={key: frozenset({"NOUN"})}, nominal=True)


def widened(claim: Claim) -> Claim:
    """The claim with the words the lexicon says state its key words: a phrasal verb's as a whole, where the
    lexicon knows it ("turn down": reject, refuse; "call off": cancel), not its bare verb's ("turn": rotate)."""
    alike = {w for k in claim.keys for pos in claim.pos_of(k)
             for w in relations(_phrasal(k, claim.particles.get(k, "")), pos).alike}
    return replace(claim, alike=frozenset(alike - LIGHT_VERBS), widened=True)


def _phrasal(verb: str, particle_: str) -> str:
    """ "turn down" for "turn" with "down", when the lexicon knows the phrase; else the verb."""
    phrase = f"{verb} {particle_}"
    return phrase if particle_ and senses(phrase, "verb") else verb


def _fronted_negation(q: QuestionAnalysis) -> bool:
    """Does the question open with a negated auxiliary ("Didn't", "Isn't", "Hasn't", "Won't")? It asks about the
    claim itself, expecting a yes; the answer is about the claim, not about its denial."""
    return len(q.doc) > 1 and q.doc[0].pos_ in ("AUX", "VERB") and q.doc[1].lower_ in ("n't", "not") and (
        q.doc[1].dep_ == "neg")
