"""Evidence: the sentences of the retrieved passages, scored against the question (:mod:`rag.answer.scoring`),
and answer spans in them.

Answer spans are entities (and, when the question does not ask for a typed value, noun chunks;
for a who-question, noun chunks that name a person or body in the asked role) of a candidate
sentence that are not part of the question. A span's score adds to its
sentence's score its closeness in the parse to the question's focus words, whether it carries
an expected label, whether it hangs on the noun the question asks about ("envoy" in "which
envoy"), and how many other articles state the same value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from spacy.tokens import Doc, Span

from embeddings import Embedder
from rag.answer.about import Asked, acts, names_source, speaks_of
from rag.answer.asked import (
    PLACE_LABELS,
    another_amount,
    another_figure,
    left_aside,
    names_parts,
    scoped_names,
)
from rag.answer.base import Sentence
from rag.answer.candidates import kind_of_time, spans_in, specifies
from rag.answer.clauses import lemma_match
from rag.answer.dating import (
    another_year,
    asked_time,
    dated_by_time,
    earlier_year,
    names_asked_year,
    other_time,
    own_time,
    times_asked,
    with_date,
)
from rag.answer.described import described_as, refers_back
from rag.answer.kinds import (
    asks_for_publication_date,
    asks_for_publisher,
    fits_outlet,
    head_kind,
    names_own_outlet,
    origin_participle,
    outlets,
)
from rag.answer.labels import locates_head, named_as_head
from rag.answer.leaders import leader_sentences, leads, led_body, role_of_kind
from rag.answer.money import converted, sum_of_money_asked
from rag.answer.names import answer_text, bare, corporate_names, fuller_names, mentions
from rag.answer.passages import passage_text
from rag.answer.pending import asks_ahead, told_as_past
from rag.answer.present import asks_present, said_now
from rag.answer.question import DURATION_ADVERBS, QuestionAnalysis
from rag.answer.ranking import kind_of, ranked
from rag.answer.roles import (
    DENIED,
    ROLE_ONLY,
    change_of,
    earlier_value,
    predicate_words,
    role_match,
    says_other,
    speaker,
    tree_distance,
    value_of,
    where_said,
)
from rag.answer.units import (
    counts_measured,
    counts_things,
    counts_time,
    figure_fits,
    is_length,
    per_unit_asked,
    says_per_unit,
    time_units,
    unit_similarity,
)
from rag.claims import published_date
from rag.lexicon import is_kind_of
from rag.nlp import (
    NAME_LABELS,
    NUMERIC_LABELS,
    REPORTING_VERBS,
    TIME_LABELS,
    content_lemmas,
    names_match,
    norm_text,
)
from rag.numbers import numeric_value

W_PROXIMITY, W_LABEL, W_HEAD, W_ROLE, W_UNIT = 0.12, 0.12, 0.08, 0.10, 0.30
W_VAGUE = 0.08  # a relative time ("today", "the coming days") is a weak answer to "when"
UNIT_MIN = 0.45  # a "how many X" answer must count something this close to X
W_ANCHOR = 0.06
# Names whose absence from a passage means the passage is about something else.
COVERAGE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "PROPN"})
POINT_NOUNS = frozenset({"time", "date", "day"})  # "what time/date/day": a point in time, not a length
SPAN_SENTENCES = 8  # answer spans are looked for in this many best sentences
UNTIL = frozenset({"until", "till", "through"})  # a point that ends a length of time


@dataclass(frozen=True, slots=True)
class AnswerSpan:
    """A candidate short answer inside a candidate sentence."""

    text: str
    label: str  # entity label, "NUM" for a bare number, "NP" for a noun chunk
    sentence: int  # index into the scored candidates
    start: int  # token offsets in the sentence's doc
    end: int
    score: float = 0.0
    value: float | None = None
    in_role: bool = True  # sits where the question's wh-phrase sits
    role: float = 0.0  # :func:`rag.answer.roles.role_match`: 1 the same predicate and role


@dataclass(frozen=True, slots=True)
class Evidence:
    """Scored candidate sentences, their parses and embeddings, best first."""

    sentences: list[Sentence]
    spans: list[Span]  # spaCy sentence span of each candidate, same order
    vectors: np.ndarray
    # the parsed headline of each article the sentences come from, by article id: a headline names
    # whom an article is about in full ("The jury finally hears from Sam Bankman-Fried")
    headlines: dict[str, Doc] = field(default_factory=dict)


def needs_anchor(q: QuestionAnalysis) -> bool:
    """A typed question that names what it asks about ("the governor of ...", "which investment bank")."""
    return q.strict and bool(q.head)


def best_spans(q: QuestionAnalysis, ev: Evidence, embedder: Embedder | None = None) -> list[AnswerSpan]:
    """Candidate short answers from the best sentences, best first.

    For a typed question that names what it asks about (:func:`needs_anchor`) an anchored span
    gains: it hangs on that noun ("the governor, X", "directed by X"), fills the question's slot
    of the same predicate, or sits by a verb that says what the question's verb says. (Requiring
    an anchor, to abstain on "Who is the governor of X?" when no governor is named, cost far more
    answers than it saved abstentions on the dev sets: "Which country would host the jets?" is
    answered by "deployed in Poland", with no "country" in sight.) An unanchored span that is the
    source a statement is attributed to ("said X, chief economist at Y") is no answer unless the
    question asks who said something; nor is one of a kind the question allows but does not ask
    for (a person for "which bank": the recogniser's labels are loose, so only an anchored one).
    A when/where question's spans that fill its slot of its own predicate come first (from a
    sentence scoring at least :data:`rag.answer.ranking.SLOT_FIRST_MIN`): a date of another event is another
    answer. The order after scoring is :func:`rag.answer.ranking.ranked`.
    """
    found: list[AnswerSpan] = []
    names = [(n, label) for n, label in q.names if label in COVERAGE_LABELS]
    anchor_needed = needs_anchor(q)
    scoped = scoped_names(q.doc) if q.numeric else []
    per_unit = per_unit_asked(q)  # "each customer": only a sentence that gives a figure for one answers
    about = Asked.of(q)  # what the question says of its noun and doer, read once
    aside = left_aside(q.doc)
    # the verbs that say what the question's does: an anchor, and what a how-many question's count is told by
    preds = predicate_words(q, ev.spans[:SPAN_SENTENCES], embedder) if anchor_needed or q.counted else set()
    persons = (fuller_names([*ev.spans, *ev.headlines.values()], "PERSON")
               if "PERSON" in q.expected or about.doer else set())
    asks_before = any(t.lower_ in ("from", "before") for t in q.doc)
    money_asked = q.numeric and not q.counted and sum_of_money_asked(q)
    question_nouns = {t.lemma_.lower() for t in q.doc if t.pos_ == "NOUN"} - {q.head}
    asked_times = times_asked(q)
    ahead = asks_ahead(q)
    timed = bool(asked_times) and dated_by_time(q)  # only a span of the dates asked for answers
    # a question that names no date asks about the story's own time
    undated = q.numeric and not any(e.label_ == "DATE" for e in q.doc.ents)
    orgs = fuller_names(ev.spans, "ORG") | corporate_names(ev.spans) if "ORG" in q.expected else set()
    # whether the evidence names the noun asked about as the question's owner's, and as another's only
    held_here = held_elsewhere = False
    # whether the clause that best states the asked role is about a noun the question gives an owner, as another's
    owned_elsewhere = False
    # "Which union leader ...?" asks for a role that more specific roles hold; "Who is the individual ...?" does not
    role_asked = q.head is not None and head_kind(q.head) == "person" and not is_kind_of("person", q.head)
    body = led_body(q.doc)  # "Who runs the authority?": a title of its head answers
    # a leader's title is often given in a sentence about something else ("X, the authority's director-general,
    # told reporters"): for "Who runs the authority?" such sentences count wherever they rank
    leaders = leader_sentences(ev.spans, body)
    leading: set[tuple[int, int]] = set()  # (sentence, start) of the spans naming the body's head
    # ... in an article that names the body elsewhere ("the authority's director-general" after "the Communications
    # and Digital Authority (CDA)")
    naming_docs = {s.hit.chunk.doc_id for s in ev.sentences if leaders and any(
        mentions(n, label, norm_text(passage_text(s.hit)).split()) for n, label in names)}
    # ... or speaks of a named body by the noun the evidence gives it in apposition ("the corporation's chief
    # operating officer"), read only once a passage does not name it
    described: set[str] | None = None
    for i in [*range(min(SPAN_SENTENCES, len(ev.spans))), *(i for i in leaders if i >= SPAN_SENTENCES)]:
        sent = ev.spans[i]
        named = [(t, about.other_owner(t) or about.other_rank(t)) for t in sent  # someone else's, another rank
                 if q.head and (lemma_match(t.lemma_.lower(), q.head) or (role_asked and role_of_kind(t, q.head)))]
        # another's holder of the role counts wherever it is named ("Noordzee's chief executive" in a passage that
        # never names Van Houten Infra, for "Who is the chief executive of Van Houten Infra?")
        held_elsewhere = held_elsewhere or any(other for _, other in named)
        if names and not (i in leaders and ev.sentences[i].hit.chunk.doc_id in naming_docs):
            words = norm_text(passage_text(ev.sentences[i].hit)).split()
            if not any(mentions(n, label, words) for n, label in names):
                described = described_as(names, ev.spans) if described is None else described
                if not refers_back(sent, described):
                    continue  # about something else: "rain in Valencia" does not answer "rain in Madrid"
        if q.places:
            said = [e.text for e in sent.ents if e.label_ in PLACE_LABELS and not where_said(e)
                    and origin_participle(e) is None]
            if said and not any(names_match(p, x) for p in q.places for x in said):
                continue  # the sentence is about another place: "Valencia recorded 82 mm" for Madrid's rain
        if scoped and not names_parts(scoped, sent):
            continue  # "About 38,000 people have been evacuated" is no figure for "Dhemaji district alone"
        if per_unit is not None and not says_per_unit(per_unit, sent):
            continue  # "estimated the cost of customer credits at 15 million euros" is no credit for each customer
        if q.measure_of and not speaks_of(q.measure_of, sent):
            continue  # "put the magnitude at 7.1 and said the quake hit" gives no aftershock's magnitude
        if q.form == "wh" and q.figures and another_figure(q.figures, sent):
            continue  # "the 160 mg dose" does not answer for "the 80 mg group"
        if q.form == "wh" and q.strict and another_amount(q.doc, sent):
            continue  # "fined Njiru Sh500 million" does not answer "Which firm was fined Sh80 million?"
        anchors = [t for t in sent if (t.lemma_ or t.text).lower() in q.focus]
        heads = [t for t, other in named if not other]
        others = [t for t, other in named if other]
        held_here = held_here or bool(heads)
        verbs = [t for t in sent if (t.lemma_ or t.text).lower() in preds]
        ranges = spans_in(q, sent, orgs, persons)
        doc = sent.doc
        units: list[float | None] = [None] * len(ranges)
        if q.numeric and embedder is not None:
            units = unit_similarity(q, [doc[a:b] for a, b, _ in ranges], embedder, stated=bool(verbs))
        for (start, end, label), unit in zip(ranges, units, strict=True):
            span = doc[start:end]
            # the asked noun with the words that make it a kind is headed by that noun, however the parser hangs
            # its modifiers ("significant, deliberate and prolonged armed attack")
            root = span[-1] if label == "NP" and q.asks_kind and span[-1].lemma_.lower() == q.head else span.root
            if q.counted and unit is not None and unit < UNIT_MIN:
                continue  # "how many aircraft" is not answered by "600,000 troops"
            if counts_measured(q, span):
                continue  # "60 aftershocks" is no aftershock's magnitude
            if aside and content_lemmas(span) & aside:
                continue  # "Apart from the symbolic blow, what ...?" is not answered by "strong symbolic impact"
            if money_asked and counts_things(span, label):
                continue  # "What was Tesla's revenue?" is not answered by "184,877 vehicles"
            prox = max((1.0 / (1 + tree_distance(root, a)) for a in anchors), default=0.0)
            # "Thanksgiving" is what "By which holiday ...?" asks for; "Thursday" is another kind of time (ranked
            # after, not dropped: the recogniser's dates are too rough to abstain on)
            time_kind = kind_of_time(q, span, label)
            spec = label == "NP" and specifies(q, span)  # "the reason ... is that <this>"
            # "a previous forecast of 5.4%" names the forecast's value as "the city of Nitra" names the city
            # ... and "Net income rose to $410 million" the income's ("Shares rose 4%" the shares' for "How
            # much did the shares rise?")
            head_link = (any(tree_distance(root, h) <= 1 for h in heads) or named_as_head(q, span) or bool(time_kind)
                         or spec or ((q.numeric or (not q.strict and label in NUMERIC_LABELS))
                             and value_of(root, q.head or q.measured or "")))
            # "last year" in an article of 2025 is 2024, "on Thursday" the Thursday before it was published
            published = ev.sentences[i].hit.published_at
            when = with_date(own_time(root), published) if asked_times or undated else None
            if ahead and told_as_past(span, published):
                continue  # "When will the next strike begin?": not "began a strike on Tuesday", "more than a decade"
            if timed and (other_time(asked_times, when) or (
                    another_year(asked_times, when, published) and not names_asked_year(asked_times, root))):
                continue  # "inflation in March" is not the figure "in April", nor "Thursday morning" March 3's,
                # nor "won 23 seats" in a report of 2025 the seats won in 2020
            # ... and the figure "in 2019" is the one "What was the turnout in 2019?" asks for
            dated = bool(asked_times) and label in NUMERIC_LABELS and asked_time(asked_times, when)
            # "How much revenue did it make?" asks for the value, "grew 9% to 5.6 billion euros" gives the
            # change first: the change answers only a question about that change ("How much did it grow?")
            changed = q.numeric and q.slot is not None and (verb := change_of(root)) is not None and not (
                lemma_match(verb.lemma_.lower(), q.slot[2]))
            # ... and "went up from £18.40 to £21.20" gives the value before the change first: what a ticket
            # costs is the new value, unless the question asks what it was before or what it rose from
            changed = changed or (q.numeric and earlier_value(root) and not asks_before)
            text = answer_text(span.text)
            value = numeric_value(span) if label in NUMERIC_LABELS or label == "NUM" else None
            vague = label in ("DATE", "TIME") and not any(t.like_num or t.pos_ == "PROPN" for t in span)
            lasting = q.degree in DURATION_ADVERBS or (q.counted is not None and head_kind(q.counted) == "time")
            # "How soon ...?" is answered by a stretch of time to come, however it is counted ("in the coming days")
            soon = q.degree == "soon" and time_units(root)
            if lasting and label in ("DATE", "TIME") and not counts_time(span) and not soon:
                if not (q.degree == "long" and root.dep_ == "pobj" and root.head.lower_ in UNTIL):
                    continue  # "how long/old", "how many days": "Wednesday" or "November" is no length of time
                start, span = root.head.i, doc[root.head.i : end]  # "to last until the weekend": how long
                text = answer_text(span.text)
            # "what time did it leave": "45 minutes" is a length of time, not a time of day (the last resort)
            length = q.head in POINT_NOUNS and label in ("DATE", "TIME") and is_length(span)
            # "nine people were killed" for "How many people were injured?" (a rank, not a rule: verbs
            # say the same in other words, "lost power" / "were without power")
            told_otherwise = q.counted is not None and says_other(q, root, preds)
            # ... and "52 people died last year" is another year's figure than the story's
            earlier = undated and earlier_year(when, published)
            # a phrase headed by a noun the question names says what the question says ("the peace deal" for
            # "What support did the US dangle if Kyiv signs the deal?"), unless it is the noun asked about
            given = (label == "NP" or (q.strict and label in NAME_LABELS)) and root.lemma_.lower() in question_nouns
            given = given or time_kind is False
            role = 1.0 if spec else role_match(q, root)
            if q.strict and label == "PERSON" and root.dep_ == "compound" and root.head.pos_ == "NOUN":
                role = min(role, ROLE_ONLY)  # "The Trump administration has indicated ...": the administration did
            if role == DENIED:
                continue  # "NATO would not station troops in Ukraine" does not say where jets will be stationed
            if role < 1.0 and label in NAME_LABELS and names_own_outlet(span.text, ev.sentences[i].hit.source):
                continue  # "a memo seen by Meridian Wire" in that outlet's story names the reporter, not the news
            if body is not None and leads(root, body):
                role = max(role, 1.0)  # "Kiprop, the authority's director-general" runs the authority
                leading.add((i, start))
            elif i >= SPAN_SENTENCES:
                continue  # a sentence read for its leader only
            if q.strict and not q.numeric and role >= 1.0 and about.other_owned(root):
                owned_elsewhere = True  # "Marchetti's campaign was run by X" for "Who managed Pryce's campaign?"
                continue
            if not figure_fits(q, span, label, role):
                continue
            if q.strict and label in NAME_LABELS and locates_head(q, root):
                continue
            if q.wh == "where" and label not in q.expected and root.dep_ in ("nsubj", "nsubjpass", "dobj"):
                continue  # "Rovers will play Southbay United at the national stadium": who plays, not where
            if q.strict and any(tree_distance(root, h) <= 1 for h in others):
                continue  # "Rovers manager Ines Duarte" for "Who is the manager of Portside United?"
            if q.strict and (about.other_doer(root, persons) or about.other_kind(root)):
                continue
            if q.strict and label == "NP" and role < 1.0:
                continue  # a description answers a who-question only in the asked role of the asked predicate
            # ... unless the question names the source: "said Karin Holm, an analyst at Öresund Equities" tells
            # "Which firm does Karin Holm work for?"
            teller = speaker(root)
            quoted = (teller is not None and not (q.slot and q.slot[2] in REPORTING_VERBS)
                      and not names_source(q, teller))
            # a speaker sits two steps from the verb of what they said ("X told ...: 'Kevin commends Y'")
            anchored = head_link or any(tree_distance(root, h) <= 2 for h in heads) or role >= 1.0 or (
                not quoted and any(tree_distance(root, v) <= 2 for v in verbs))
            if anchor_needed and not anchored and (
                    label not in q.expected  # a name of another kind (a person for "which bank")
                    or quoted):  # "said X, chief economist at Y" does not answer "Who is the governor?"
                continue
            score = (ev.sentences[i].score + W_PROXIMITY * prox + W_HEAD * (head_link + dated) - W_VAGUE * vague
                     - W_LABEL * (length + changed + told_otherwise + earlier + given + converted(span))
                     + W_ANCHOR * (anchor_needed and anchored)
                     # a description left here is a person or body in the asked role of the question's
                     # verb ("the army would help" for "Who will help?"): of the kind asked for
                     + W_LABEL * (label in q.expected or (label == "NP" and acts(q, root))) + W_ROLE * role
                     # counting the wrong thing costs ("28-point plan" for "how large is the army")
                     + (W_UNIT * (unit - UNIT_MIN) if unit is not None else 0.0))
            found.append(AnswerSpan(text, label, i, start, end, score, value, role > 0 or q.slot is None, role))
    if q.strict and held_elsewhere and not held_here:
        # the evidence speaks of the role asked about only as someone else's ("Rovers manager Ines Duarte"
        # for "Who is the manager of Portside United?"): it does not say who holds it
        return []
    if owned_elsewhere and not any(a.role >= 1.0 for a in found):
        # "Who managed Gordon Pryce's campaign?" over "Marchetti's campaign was run by Dev Ranganathan": the
        # evidence states the asked role only of someone else's campaign
        return []
    if asks_for_publisher(q):
        # "Which website carried the report": the answer is in the metadata, not in the text
        # one outlet of a source line that names several ("commonspace.eu with the Financial Times"), of the
        # kind asked for, and not one the question names ("Which website carried the FT's report?")
        asked = f" {norm_text(q.text)} "
        for i, cand in enumerate(ev.sentences[:SPAN_SENTENCES]):
            for outlet in outlets(cand.hit.source or ""):
                if f" {norm_text(bare(outlet))} " not in asked:
                    found.append(AnswerSpan(outlet, "SOURCE", i, -1, -1, cand.score + W_ROLE + W_ANCHOR
                                            + W_LABEL * fits_outlet(q, outlet), None, True))
    if asks_for_publication_date(q) and not any(a.role >= 1.0 and a.label in TIME_LABELS for a in found):
        # "When was the article published?": the date of the article that matches the question best, unless the
        # text dates the publishing ("The report, published on Tuesday, ..." is another report than the article);
        # the text's other dates are of other events, and an undated article has no date to give
        found = [a for a in found if a.label not in TIME_LABELS]
        best = ev.sentences[0]
        day = published_date(best.hit.published_at)
        words = norm_text(passage_text(best.hit)).split()
        if day is not None and all(mentions(n, label, words) for n, label in names):
            found.append(AnswerSpan(f"{day:%B} {day.day}, {day.year}", "PUBLISHED", 0, -1, -1,
                                    best.score + W_LABEL + W_ROLE + W_ANCHOR, None, True))
    if q.numeric and asks_present(q.doc[:]):
        # "How big is the army at present?": where the text marks a figure as the present's ("over 900,000
        # currently"), the figures it does not mark (the 600,000 a plan would set) do not answer
        now = [a.start >= 0 and said_now(ev.spans[a.sentence].doc[a.start : a.end]) for a in found]
        if any(now):
            found = [a for a, is_now in zip(found, now, strict=True) if is_now or a.label not in NUMERIC_LABELS]
    if q.asks_kind and q.head and not q.strict and not q.wants_name:
        # "Which animals ...?": "badgers" are a kind of animal, "picnic tables" are not; of the kind asked for
        found = [replace(a, score=a.score + W_LABEL) if kind_of(ev.spans[a.sentence], a, q.head) else a
                 for a in found]
    return ranked(q, ev, found, leading, body)
