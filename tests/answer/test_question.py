"""Question analysis: form, expected answer type, head noun, names the question depends on."""

from __future__ import annotations

import pytest

from rag.answer.claim import question_claim
from rag.answer.question import analyse_question
from rag.nlp import NUMERIC_LABELS, TIME_LABELS, TextAnalyser

PLACES = {"GPE", "LOC", "FAC"}


@pytest.mark.parametrize(
    ("question", "form", "expected", "numeric", "head", "counted"),
    [
        ("How many points does the plan contain?", "wh", {"CARDINAL", "QUANTITY"}, True, None, "point"),
        # "How many of X" counts X
        ("How many of the 40 seats did the party win?", "wh", {"CARDINAL", "QUANTITY"}, True, None, "seat"),
        ("How many of them were injured?", "wh", {"CARDINAL", "QUANTITY"}, True, None, None),
        # what a verb costs or pays is money; any other "how much" may be a share or a measure too
        ("How much did the new bridge cost?", "wh", {"MONEY"}, True, None, None),
        ("How much will drivers of older cars pay to enter the city?", "wh", {"MONEY"}, True, None, None),
        ("How much did the river rise on Tuesday?", "wh", {"MONEY", "PERCENT", "QUANTITY"}, True, None, None),
        # the small parser takes a final "cost" for a noun after a long subject
        ("How much will the closure of the coastal road cost?", "wh", {"MONEY"}, True, None, None),
        ("How much did the cost of diesel rise?", "wh", {"MONEY", "PERCENT", "QUANTITY"}, True, None, None),
        # ... also where the parser hangs "much" on "is", and for "what" as the object of such a verb
        ("How much is the investor paying for his stake in the club?", "wh", {"MONEY"}, True, None, None),
        ("What will a return ticket to the island cost once the new fares apply?", "wh", {"MONEY"}, True, None,
         None),
        ("What was the charge against the driver?", "wh", set(), False, "charge", None),
        # the noun a compound runs into, where the parser takes "which" for the verb's object
        ("Which Cypriot investment fund is trying to buy the fleet?", "wh", {"ORG"}, False, "fund", None),
        ("In which wine region is the estate based?", "wh", PLACES, False, "region", None),
        # a stretch of land is asked as a place
        ("Which valley do the growers farm in?", "wh", PLACES, False, "valley", None),
        # a noun the lexicon calls a sum paid asks for money; a prize may be anything
        ("What compensation will each family receive?", "wh", {"MONEY"}, True, "compensation", None),
        ("What bonus did each player receive for winning the cup?", "wh", {"MONEY"}, True, "bonus", None),
        ("What prize did the film win?", "wh", set(), False, "prize", None),
        # a noun said to be estimated or totalled is an amount, whatever else it may name ("bill": a law, an invoice)
        ("What is the estimated bill for repairing the bridge?", "wh", set(NUMERIC_LABELS), True, "bill", None),
        ("What was the total tab for the council's trip?", "wh", set(NUMERIC_LABELS), True, "tab", None),
        ("Which bill did the senate pass on Tuesday?", "wh", set(), False, "bill", None),
        # ... and so is an estimate or a total itself, and a bound put on a measure; not a bound on anything else
        ("What is the union's estimate of the back pay the firm owes its riders?", "wh", set(NUMERIC_LABELS), True,
         "estimate", None),
        ("What cap on troop numbers would the plan impose?", "wh", set(NUMERIC_LABELS), True, "cap", None),
        ("What ceiling would the plan put on the size of the army?", "wh", set(NUMERIC_LABELS), True, "ceiling",
         None),
        ("What ceiling did the storm damage?", "wh", set(), False, "ceiling", None),
        ("What restrictions did the court put on the company?", "wh", set(), False, "restriction", None),
        # a noun the lexicon calls a measure or an amount asks for a figure, one it calls a period a length
        ("What was the magnitude of the earthquake?", "wh", set(NUMERIC_LABELS), True, "magnitude", None),
        ("What prison term did prosecutors seek for the minister?", "wh", set(TIME_LABELS), False, "term", None),
        ("How tall is the new tower?", "wh", {"QUANTITY"}, True, None, None),
        # a temperature, a depth, a speed: a measure too
        ("How hot did it get in Athens on Wednesday?", "wh", {"QUANTITY"}, True, None, None),
        ("How deep is the new tunnel?", "wh", {"QUANTITY"}, True, None, None),
        ("Who presented the plan to the prime minister?", "wh", {"PERSON", "ORG"}, False, None, None),
        ("Where would the fighter jets be stationed?", "wh", PLACES, False, None, None),
        ("When did the strike at the port end?", "wh", set(TIME_LABELS), False, None, None),
        ("Which country would host the warplanes?", "wh", PLACES, False, "country", None),
        ("What is the name of the body that oversees the ceasefire?", "wh", {"ORG"}, False, "body", None),
        ("In which year was the bridge opened?", "wh", set(TIME_LABELS), False, "year", None),
        # "what" as the verb's own object: no head noun, the subject is not what is asked for
        ("What did the minister announce on Monday?", "wh", set(), False, None, None),
        ("Super Bowl 2021 location", "keyword", PLACES, False, "location", None),
        ("Is it true that the council approved the tax?", "yes_no", set(), False, None, None),
        # the "what" of an embedded question is not the question's wh-word
        ("Did Velantis reveal what discount it got?", "yes_no", set(), False, None, None),
        # ... nor a "when" opening an adverbial clause
        ("Was anyone hurt when a truck was stoned near the depot's north gate?", "yes_no", set(), False, None, None),
        ("Did the peso rise or fall on Thursday?", "either_or", set(), False, None, None),
        # "who" here opens a relative clause: the question is yes/no
        ("Would workers who joined the strike be paid for the lost days?", "yes_no", set(), False, None, None),
        # a long fronted phrase, parsed as a subject of its own, before "was there": still yes/no
        ("Between the report from The Harbour Times on the dock strike published on March 3, 2024, and the report "
         "from the same paper on the union's demands published on March 9, 2024, was there a change in the "
         "portrayal of the strike?", "yes_no", set(), False, None, None),
        # ... or parsed as the main clause, with the real question a conjunct
        ("After TechCrunch reported on March 3, 2024, about Harbour Freight's pricing strategies to keep its "
         "dominance, and again on March 9, 2024, about a class action suit filed against Harbour Freight, was there "
         "inconsistency in the portrayal of its practices according to TechCrunch?",
         "yes_no", set(), False, None, None),
        ("After the Valley Gazette report on the new bridge published on May 2, 2024, and the Valley Gazette "
         "report on the toll published on June 1, 2024, was the coverage of the bridge consistent?",
         "yes_no", set(), False, None, None),
        ("Who is the chief executive of the utility?", "wh", {"PERSON"}, False, "executive", None),
        # the tokenizer splits "co-founder", and the parser takes "co" for the noun
        ("Who is the co-founder of Voltra Cycle?", "wh", {"PERSON"}, False, "founder", None),
        # the role "as" names says what kind of who, as the noun on the other side of "is" does
        ("Who will serve as deputy chief minister?", "wh", {"PERSON"}, False, "minister", None),
        # "how soon": a time is the preferred answer, not a count
        ("How soon will the airline restore its flights?", "wh", set(TIME_LABELS), True, None, None),
        # "how long" with a verb other than "be" asks for a time; "how long is it" may ask for a length
        ("How long did the strike last?", "wh", set(TIME_LABELS), True, None, None),
        ("How long does the crossing take?", "wh", set(TIME_LABELS), True, None, None),
        ("How long is the new bridge?", "wh", set(TIME_LABELS) | {"QUANTITY"}, True, None, None),
        # the noun on the other side of "is" says what a "what" question asks for
        ("What was the utility's revenue in 2023?", "wh", {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}, True,
         "revenue", None),
        ("What is the release date of the band's second album?", "wh", set(TIME_LABELS), False, "date", None),
        # a name before the noun asked about, parsed as the name with an appositive: the noun is asked about
        ("What is the name of the Department of Public Health spokesman who said hospital pay was under review?",
         "wh", {"PERSON"}, False, "spokesman", None),
        ("What is the name of the Office of Budget Planning spokesman who said public pay was under review?",
         "wh", {"PERSON"}, False, "spokesman", None),
        ("What is the name of the Bank of Mexico's governor?", "wh", {"PERSON"}, False, "governor", None),
        ("What is the name of the Bank of Mexico?", "wh", {"ORG"}, False, "bank", None),
        # a time of day is a clock time, not a day; a time of year may be either
        ("At what time of day did the strike begin on March 3?", "wh", {"TIME"}, False, "time", None),
        ("At what hour did the quake hit?", "wh", {"TIME"}, False, "hour", None),
        ("At what time of year do the floods peak?", "wh", set(TIME_LABELS), False, "time", None),
        # "what time" of an event or a race: a time on the clock ("11:42 p.m.", "2:06:14")
        ("At what time did the quake hit?", "wh", {"TIME"}, False, "time", None),
        ("What was the runner-up's finishing time?", "wh", {"TIME"}, False, "time", None),
        # nouns for bodies and firms the news asks about
        ("Which consortium won the dyke contract?", "wh", {"ORG"}, False, "consortium", None),
        ("Which watchdog fined the operator?", "wh", {"ORG"}, False, "watchdog", None),
        ("Which tribunal will hear the appeal?", "wh", {"ORG"}, False, "tribunal", None),
        # a role the lists do not know, a person in WordNet's first sense; not a noun whose first sense is none
        ("Which prosecutor is running the investigation?", "wh", {"PERSON"}, False, "prosecutor", None),
        ("Which partner negotiated the agreement?", "wh", {"PERSON"}, False, "partner", None),
        ("Which Indian film producer made a bid for the team?", "wh", {"PERSON"}, False, "producer", None),
        ("What extra help did the city promise the union?", "wh", set(), False, "help", None),
        # a firm in WordNet's first sense; "what" before a noun phrase is its determiner, however it is parsed
        ("Which ship-leasing business is controlled by the chairman?", "wh", {"ORG"}, False, "business", None),
        ("What labour union speaks for the staff at the factories?", "wh", {"ORG"}, False, "union", None),
    ],
)
def test_expected_answer_type(nlp: TextAnalyser, question: str, form: str, expected: set[str], numeric: bool,
                              head: str | None, counted: str | None) -> None:
    q = analyse_question(question, nlp)
    assert q.form == form
    assert set(q.expected) == expected
    assert q.numeric is numeric
    assert q.head == head
    assert q.counted == counted


def test_either_or_options_and_no_short_answer_for_why(nlp: TextAnalyser) -> None:
    q = analyse_question("Did the peso rise or fall on Thursday?", nlp)
    assert [t.lemma_ for t in q.options] == ["rise", "fall"]
    # the parser hangs "by accident" elsewhere: the second option is the content word after "or"
    q = analyse_question("Was the fire started deliberately or by accident?", nlp)
    assert q.form == "either_or" and [t.text for t in q.options] == ["deliberately", "accident"]
    assert not analyse_question("Why did the talks collapse?", nlp).wants_short
    assert not analyse_question("How did the minister respond to the strike?", nlp).wants_short


@pytest.mark.parametrize("country", ["Iran", "Japan", "Pakistan"])
def test_country_names_are_names_the_question_depends_on(nlp: TextAnalyser, country: str) -> None:
    # The old heuristics took "-an" words for weak adjectives, so abstention never fired for these.
    q = analyse_question(f"What did {country}'s foreign minister say about the pipeline deal?", nlp)
    assert (country, "GPE") in q.names


def test_wh_words_and_written_counts_are_not_names(nlp: TextAnalyser) -> None:
    assert analyse_question("Whom did the officials brief about the plan?", nlp).names == ()
    names = analyse_question("Which two arrangements had the minister hoped to finalise?", nlp).names
    assert all(label != "CARDINAL" for _, label in names)
    assert ("2,400", "CARDINAL") in analyse_question("Why were 2,400 workers laid off?", nlp).names


@pytest.mark.parametrize(
    ("question", "acronym"),
    [("Which region is Ukraine expected to cede for US guarantees?", "us"),
     ("How much did the US economy grow in the third quarter?", "us")],
)
def test_an_acronym_in_capitals_is_a_word_of_the_question_not_a_stop_word(
        nlp: TextAnalyser, question: str, acronym: str) -> None:
    # "US" lower-cased is the pronoun "us": it used to be dropped, so "US" could be the answer to its own question
    assert acronym in analyse_question(question, nlp).focus
    assert "us" not in analyse_question("What did the minister tell us about the strike?", nlp).focus


def test_the_analysis_is_remembered(nlp: TextAnalyser) -> None:
    question = "Who presented the plan to the prime minister?"
    assert analyse_question(question, nlp) is analyse_question(question, nlp)


def test_a_hyphenated_word_is_not_part_of_a_name(nlp: TextAnalyser) -> None:
    # the recogniser reads "Article 5-style" as one law; a passage naming "Article 5" mentions it
    names = analyse_question("Has Moscow been told about the draft Article 5-style guarantee?", nlp).names
    assert ("Article 5", "LAW") in names


def test_the_questions_verb_is_not_part_of_a_name(nlp: TextAnalyser) -> None:
    # the recogniser takes "released" into the title
    names = dict(analyse_question("When was The Legend of Zelda: Breath of the Wild released?", nlp).names)
    assert any(n.endswith("Breath of the Wild") for n in names), names


def test_the_modal_that_opens_a_question_is_not_part_of_a_name(nlp: TextAnalyser) -> None:
    # the recogniser takes "Will" for a first name ("Will Meridian"), in the names asked about and in the claim's values
    q = analyse_question("Will Meridian pay for Karoo Crest partly with its own shares?", nlp)
    assert [n for n, _ in q.names] == ["Meridian", "Karoo Crest"], q.names
    claim = question_claim(q)
    assert claim is not None and [v.text for v in claim.values] == ["Meridian", "Karoo Crest"]
    assert claim.values[0].label_ == q.doc.ents[0].label_


def test_a_possessive_ending_is_not_part_of_a_name(nlp: TextAnalyser) -> None:
    # the recogniser takes "'s" into the person; a passage saying "Tate McRae sang" must still mention her
    names = analyse_question("Was Tate McRae's performance on Saturday Night Live reviewed?", nlp).names
    assert ("Tate McRae", "PERSON") in names, names


def test_the_size_of_a_thing_measures_that_thing(nlp: TextAnalyser) -> None:
    # as "How large is the army?" does: a figure counting troops is closer than one counting points
    assert analyse_question("What would be the size of Ukraine's army under the plan?", nlp).measured == "army"
    assert analyse_question("How large would Ukraine's army be under the plan?", nlp).measured == "army"
    # a share "of the vote" is of the whole: a figure "of the valid votes" is not thereby the one asked for
    assert analyse_question("What percentage of the vote did Marcos Albuquerque take?", nlp).measured is None


def test_places_the_question_sets_its_event_in(nlp: TextAnalyser) -> None:
    q = analyse_question("How much rain fell in Madrid during the storm?", nlp)
    assert q.places == ("Madrid",) and q.quantifier == "much"
    assert analyse_question("Which US official delivered the plan?", nlp).places == ()  # a modifier, not a setting


def test_figures_the_question_names_things_by(nlp: TextAnalyser) -> None:
    # the number with the noun right after it, whatever the parser hangs the number on
    assert analyse_question("What did the 80 mg group achieve?", nlp).figures == ((80.0, "mg"),)
    assert analyse_question("What was the price of the 3-bedroom flat?", nlp).figures == ((3.0, "bedroom"),)
    assert analyse_question("Who won the race on Sunday?", nlp).figures == ()


@pytest.mark.parametrize(
    ("question", "places"),
    [
        # names the recogniser misses or mislabels, headed by a word WordNet calls a region
        ("How many households in Ehime Prefecture lost electricity after the quake?", ("Ehime Prefecture",)),
        ("How much rain fell in Dhemaji district?", ("Dhemaji district",)),
        ("How many trees were planted in Central Park?", ("Central Park",)),
        # a building or a body is no region: the place check is for where an event is set
        ("What happened at Tamarack Falls General Hospital?", ()),
        ("How many votes did the party win in the Goa assembly election?", ()),
        ("Who is the lead actress in La La Land?", ()),  # "land" is a region only in its third sense
    ],
)
def test_a_region_word_makes_a_name_a_place(nlp: TextAnalyser, question: str, places: tuple[str, ...]) -> None:
    assert analyse_question(question, nlp).places == places


def test_a_proper_noun_taken_for_a_nationality_is_a_name_the_answer_depends_on(nlp: TextAnalyser) -> None:
    q = analyse_question("How many people were injured in the Pekalongan landslide?", nlp)
    assert ("Pekalongan", "PROPN") in q.names
    # a nationality adjective stays one (not a name the passage must repeat)
    assert analyse_question("How many Ukrainian soldiers were wounded?", nlp).names == (("Ukrainian", "NORP"),)


def test_a_proper_noun_taken_for_an_adjective_is_a_name_the_answer_depends_on(nlp: TextAnalyser) -> None:
    # the tagger takes "Assam" for an adjective; WordNet knows no adjective "assam"
    q = analyse_question("How much central assistance is the Assam government seeking for flood relief?", nlp)
    assert q.names == (("Assam", "PROPN"),)
    # adjectives WordNet knows stay adjectives, capitalised or not
    assert analyse_question("How much central assistance is the state seeking?", nlp).names == ()


@pytest.mark.parametrize(("question", "asks_kind"), [
    ("What extra military support did the US offer Kyiv?", True),
    ("What type of Russian attack would trigger the guarantee?", True),  # through "type of"
    ("Which animals are protected in the forest?", True),
    ("What did the minister announce?", False),  # no noun asked about
    ("What is the capital of Ruritania?", False),  # not a determiner: the noun across "is" is no kind
])
def test_a_what_or_which_determiner_asks_for_a_kind_of_its_noun(nlp: TextAnalyser, question: str,
                                                                asks_kind: bool) -> None:
    assert analyse_question(question, nlp).asks_kind is asks_kind


@pytest.mark.parametrize(
    "question",
    [
        "How much did the one-day stoppage at Portvale in 2023 cost the regional economy?",
        "How much did the bridge cost?",
    ],
)
def test_how_much_a_thing_cost_asks_for_money_wherever_the_parser_hangs_much(nlp: TextAnalyser,
                                                                             question: str) -> None:
    # the parser may hang "much" on the subject ("stoppage") rather than on "cost"
    assert analyse_question(question, nlp).expected == {"MONEY"}
