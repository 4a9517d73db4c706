"""Where the answer sits in the question: the part its wh-phrase plays (subject, object, the object of "on", an
adverbial), the preposition it takes and the predicate it is a part of ("Who presented the plan?": the subject of
"present"; "What is the draft modelled on?": the object of "on" under "model"). :mod:`rag.answer.roles` finds
where a candidate sits in its sentence and compares the two.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from rag.answer.kinds import head_kind
from rag.answer.roles import SUBJECT_DEPS, copula_complement
from rag.nlp import governing_predicate


def question_slot(wh: Token | None) -> tuple[str, str, str] | None:
    """Where the answer sits in the question: the wh-phrase's role, its preposition, its predicate."""
    if wh is None:
        return None
    phrase = wh.head if wh.dep_ in ("det", "advmod", "amod") and wh.head.pos_ in ("NOUN", "PROPN", "ADJ") else wh
    if phrase.pos_ == "ADJ" and phrase.dep_ == "amod" and phrase.head.pos_ in ("NOUN", "PROPN"):
        phrase = phrase.head  # "how many people were injured": the counted noun holds the place
    prep = phrase.head.lower_ if phrase.dep_ in ("pobj", "pcomp") else ""
    stranded = None if prep else _stranded_preposition(phrase)
    if stranded is not None:
        # "What is the draft modelled on?": the wh-phrase is the object the preposition left behind
        return "pobj", stranded.lower_, governing_predicate(stranded.head).lemma_.lower()
    anchor = phrase.head if prep else phrase
    pred = _past_have_to(governing_predicate(anchor))
    if prep or phrase.dep_ == "advmod":
        pred = _main_verb(pred)
    much = phrase if phrase.lower_ == "much" else phrase.head if phrase.lower_ == "how" else None
    if much is not None and much.lower_ == "much" and much.dep_ == "advmod":
        # "How much would Europe be asked to contribute?", "How much did the council agree to pay?": the amount is
        # the object of the verb the predicate hands on to, not an adverb of the asking or agreeing
        handed = next((c for c in pred.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                       and not any(g.dep_ == "dobj" for g in c.children)), None)
        if handed is not None:
            return "dobj", "", handed.lemma_.lower()
    if prep == "by" and any(c.dep_ == "auxpass" for c in pred.children) and head_kind(phrase.lemma_.lower()) != "time":
        # "was presented by whom?": who presented, as in slot_of; "be made by what date?" asks for a deadline
        return "nsubj", "", pred.lemma_.lower()
    if pred.lemma_ == "be" and not prep:
        described = _described_clause(pred, phrase)
        if described is not None:
            return described
        state = copula_complement(pred)
        if state is not None and phrase.dep_ in SUBJECT_DEPS and state.i != phrase.i:
            return phrase.dep_, "", state.lemma_.lower()  # "Which document is still unsigned?": what is unsigned
    return phrase.dep_, prep, pred.lemma_.lower()


def object_slot(wh: Token | None, parse: Callable[[str], Doc]) -> tuple[str, str, str] | None:
    """The slot of a wh-phrase that asks for an object, read from the question re-said without it.

    The small parser often takes "Whom did Adaeze Okonkwo replace?" or "Which company did Corvane
    buy?" for questions about a subject (or "replace" for a noun). An auxiliary right after the
    wh-phrase ("did", "will", "is") means the subject comes after it, so the wh-phrase is an object:
    of the verb of the yes/no question that is left ("Did Adaeze Okonkwo replace?", which parses
    reliably), or of the preposition it ends with ("Who did the company sell the plant to?"). None
    when the question is not of that shape or what is left has no verb with a subject.
    """
    if wh is None or wh.lower_ not in ("who", "whom", "what", "which", "how"):
        return None
    doc = wh.doc
    if wh.lower_ == "how":  # "How many people did the storm kill?": the counted noun holds the place
        many = doc[wh.i + 1] if wh.i + 1 < len(doc) else None
        measured = _measured_noun(wh)
        if measured is not None:
            phrase = measured  # "How long a prison term did X receive?": the term holds the place
        elif (many is None or many.lower_ not in ("many", "much") or many.head.pos_ != "NOUN"
              or many.head.i <= many.i):
            return None
        else:
            phrase = many.head
    else:
        phrase = wh.head if wh.dep_ == "det" and wh.head.pos_ in ("NOUN", "PROPN") and wh.head.i > wh.i else wh
    if phrase.dep_ in ("pobj", "pcomp"):
        return None  # "On which day did ...": the object of a preposition, which question_slot reads
    aux = doc[phrase.i + 1] if phrase.i + 2 < len(doc) else None
    # the subject comes between the auxiliary and the verb ("did Corvane buy"); "will replace" asks for it
    if (aux is None or not (aux.pos_ == "AUX" or aux.tag_ == "MD" or aux.lemma_ in ("do", "be", "have"))
            or doc[aux.i + 1].tag_.startswith("VB") or _equates(aux)):
        return None
    rest = [t for t in doc[aux.i + 1 :] if not t.is_punct]
    if not rest:
        return None
    words = [aux.text.capitalize(), *(t.text for t in rest)]
    said = parse(" ".join(words) + "?")
    verb = next((t for t in said if t.dep_ == "ROOT"), None)
    if (verb is not None and verb.pos_ == "VERB" and verb.i > 0
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)):
        verb = _past_have_to(verb)
        last = [t for t in said if not t.is_punct][-1]
        if last.pos_ == "ADP" and not any(c.dep_ == "pobj" for c in last.children):
            return "pobj", last.lower_, verb.lemma_.lower()
        opening = doc[0]
        if wh.i == 1 and opening.tag_ in ("IN", "TO"):
            # "To which country has the envoy travelled?": the object of the preposition it opens with (which the
            # parser may hang elsewhere)
            return "pobj", opening.lower_, verb.lemma_.lower()
        return "dobj", "", verb.lemma_.lower()
    # a transitive verb without its object may be parsed as a noun: put the object back, after the word
    # taken for the head ("Did Helena Duarte defeat someone in the runoff?") or at the end
    placeholder = "someone" if wh.lower_ in ("who", "whom") else "something"
    spots = [verb.i + 1] if verb is not None and verb.i > 0 else []
    for spot in dict.fromkeys([*spots, len(words)]):
        filled = parse(" ".join([*words[:spot], placeholder, *words[spot:]]) + "?")
        stand = next((t for t in filled if t.i == spot), None)
        if stand is not None and stand.dep_ == "dobj" and stand.head.pos_ == "VERB":
            return "dobj", "", stand.head.lemma_.lower()
    return None


def _measured_noun(how: Token) -> Token | None:
    """The noun of "How long a prison term ...", "How big a loss ...": the last noun of the phrase after "how" and a
    degree word and "a", which the parser may hang anywhere."""
    doc = how.doc
    if how.i + 3 >= len(doc) or doc[how.i + 1].pos_ not in ("ADJ", "ADV") or doc[how.i + 2].lower_ not in ("a", "an"):
        return None
    nouns = []
    for tok in doc[how.i + 3 :]:
        if tok.pos_ != "NOUN":
            break
        nouns.append(tok)
    return nouns[-1] if nouns else None


def _main_verb(pred: Token) -> Token:
    """The verb an adverbial wh-phrase asks about when the parser hangs it on an auxiliary: "On which island did the
    rocket lift off?" (on "did", the auxiliary of "lift"), "In what year was Crimea annexed?" (on "was", the parser
    taking "annexed" for its complement): the participle after the subject is the predicate, as in "Was Crimea
    annexed?"."""
    if pred.dep_ in ("aux", "auxpass") and pred.head.pos_ == "VERB":
        return pred.head
    if pred.lemma_ != "be" or pred.dep_ != "ROOT":
        return pred
    subjects = [c for c in pred.children if c.dep_ in ("nsubj", "attr")]
    return next((t for t in pred.doc[pred.i + 1:] if t.tag_ in ("VBN", "VBG")
                 and t.dep_ in ("acl", "ccomp", "acomp", "xcomp", "advcl")
                 and (t.head.i == pred.i or t.head in subjects)), pred)


def _past_have_to(pred: Token) -> Token:
    """The verb a "have to" hands its predicate on to: "From which region would Ukraine have to pull out?" asks
    about pulling out, as "must pull out" would."""
    if pred.lemma_ != "have":
        return pred
    return next((c for c in pred.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                 and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), pred)


def _stranded_preposition(phrase: Token) -> Token | None:
    """The preposition ending the question with no object of its own ("sold to?", "based on?"),
    unless the wh-phrase is already the verb's object ("what measure does it call for?")."""
    words = [t for t in phrase.doc if not t.is_punct]
    last = words[-1] if words else None
    if (last is None or last.i <= phrase.i or last.dep_ != "prep" or phrase.dep_ == "dobj"
            or any(c.dep_ in ("pobj", "pcomp") for c in last.children)):
        return None
    return last


def _equates(verb: Token) -> bool:
    """Is this "is" the question's main verb, equating the wh-word with the name of what a clause describes ("What
    is the name of the envoy who travelled to Russia?"), not an auxiliary before a subject ("What is the draft
    modelled on?")?"""
    return (verb.dep_ == "ROOT" and verb.lemma_ == "be"
            and any(c.dep_ == "nsubj" and c.lemma_.lower() == "name" for c in verb.children)
            and _described_clause(verb, verb) is not None)


def _described_clause(be: Token, phrase: Token) -> tuple[str, str, str] | None:
    """The slot of "Who is the individual that presented himself ...": the subject of the clause that
    describes the noun the wh-word is equated with ("presented"), not the attribute of "is"; of "What is the
    name of the envoy who travelled ...": the subject of the clause describing what is named."""
    for noun in be.children:
        if noun.i == phrase.i or noun.dep_ not in ("nsubj", "attr") or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        if noun.lemma_.lower() == "name":
            noun = next((o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                         for o in p.children if o.dep_ == "pobj"), noun)
        for clause in noun.children:
            if clause.dep_ == "relcl":
                subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                             and c.tag_ in ("WDT", "WP")), None)
                if subj is not None:
                    return subj.dep_, "", clause.lemma_.lower()
            if clause.dep_ == "acl" and clause.tag_ in ("VBN", "VBG"):  # "the individual associated with ..."
                return ("nsubjpass" if clause.tag_ == "VBN" else "nsubj"), "", clause.lemma_.lower()
    return None
