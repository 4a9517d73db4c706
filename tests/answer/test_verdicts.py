"""Yes/no verdicts from the parse: negation attached to the claim's predicate, swapped values, no guessing."""

from __future__ import annotations

import pytest

from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.nlp import TextAnalyser, content_lemmas, is_negated


def verdict_of(nlp: TextAnalyser, question: str, evidence: str) -> str | None:
    """The verdict the evidence (one text, split into sentences) gives the question."""
    return yes_no_verdict(analyse_question(question, nlp), list(nlp.parse(evidence).sents))[0]


@pytest.mark.parametrize(
    ("question", "evidence", "verdict"),
    [
        ("Did the mayor's office comment on the report?",
         "The mayor's office did not respond to a request for comment on the report.", "no"),
        ("Does the draft restrict long-range weapons programmes?",
         "It places no restrictions on long-range weapons programmes.", "no"),
        ("Will the company keep its full-year forecast?",
         "The company will not only keep its full-year forecast but raise it.", "yes"),
        # the claim's own predicate, the rest in other words: a sequel is the follow-up asked about
        ("Is Meera Joshi planning a follow-up to The Salt Road?",
         "Joshi, whose previous film opened to Rs 3 crore in 2021, said she had no plans to make a sequel.", "no"),
        ("Would the fighter jets be deployed in Germany?",
         "The fighter jets would instead be deployed in Poland.", "no"),
        ("Would the fighter jets be deployed in Poland?",
         "The fighter jets would instead be deployed in Poland.", "yes"),
        # "Is X covered by Y?", which the parser reads as the subject of "is" with "covered by Y" on a noun: X is
        # what Y covers, so another figure in what it covers denies it
        ("Is the 80 mg dose of the drug covered by the approval?", "The approval covers only the 160 mg dose.", "no"),
        ("Is the 160 mg dose of the drug covered by the approval?", "The approval covers only the 160 mg dose.", "yes"),
        ("Is the alliance prepared to intervene militarily in the conflict?",
         "There is no serious will from the alliance to intervene militarily in the conflict.", "no"),
        ("Has the company raised its dividend this year?", "The company raised its dividend this year.", "yes"),
        # the predicate hangs on another verb of the clause, and the negation is on it
        ("Is the airline going to appeal the court's fine?",
         "The airline said it accepted the court's fine and would not appeal.", "no"),
        ("Is the airline going to appeal the court's fine?",
         "The airline said it rejected the court's fine and would appeal.", "yes"),
        ("Did the striking dockers return to work on Monday?",
         "The weather in the harbour stayed calm all week.", None),
        # a thing someone may do is not a thing done; what it says it will do answers what it will do
        ("Did the ministry appeal the ruling?",
         "The ministry said it was disappointed with the ruling and would consider an appeal.", None),
        ("Will the ministry appeal the ruling?",
         "The ministry said it was disappointed with the ruling and would lodge an appeal.", "yes"),
        ("Did the ministry appeal the ruling?",
         "The ministry said it was disappointed with the ruling and lodged an appeal on Friday.", "yes"),
        # the predicate of "have to pay" is "pay", not the subject: a clause about the subject that
        # does not say it pays gives no verdict (nor does the noun "charge", close to "pay")
        ("Will electric cars have to pay the congestion charge?",
         "Electric cars will be exempt from the charge for the first two years.", None),
        ("Will electric cars have to pay the congestion charge?",
         "Electric cars will have to pay the congestion charge from January.", "yes"),
        # "Was anyone injured": the parser hangs the participle on the subject; it is still the predicate
        ("Was anyone injured in the robbery?", "No one was injured in the robbery, police said.", "no"),
        # a claim about a named subject: a passage that never names it says nothing about it
        ("Did the Bank of England cut interest rates?",
         "The central bank lowered the interest rate from 4% in May, its first cut in eight years.", None),
        ("Did the Bank of England cut interest rates?",
         "The Bank of England cut interest rates from 5.25% in August, its first cut in four years.", "yes"),
        # a claim of one word besides its predicate: that word and the predicate align
        ("Have any deaths been reported?", "No deaths have been reported so far, officials said.", "no"),
        ("Were any injuries reported?", "Three injuries were reported at the scene.", "yes"),
        ("Have any deaths been reported?", "Three injuries were reported at the scene.", None),
        # "it is unlikely that X": the judgement on the extraposed clause is the verdict
        ("Would voters be likely to approve the tax if it were put to a referendum?",
         "Even in a referendum, it is unlikely that voters will approve such a tax.", "no"),
        ("Would voters be likely to approve the tax if it were put to a referendum?",
         "It is likely that voters will approve the tax in a referendum.", "yes"),
        ("Would voters be likely to approve the tax if it were put to a referendum?",
         "It is likely that voters will not approve the tax in a referendum.", "no"),
        # a rank is not a name: "first" does not stand in for "Lisbon"
        ("Is it true that the Lisbon marathon drew record crowds?",
         "The marathon drew record crowds for the first time.", "yes"),
        # "she" opening a sentence stands for the person last named before it
        ("Is it true that Marta Silva will be the first woman to run Lisbon?",
         "Marta Silva, 48, was elected on Sunday. She will be the second woman to lead the city.", "no"),
        ("Is it true that Marta Silva will be the first woman to run Lisbon?",
         "Marta Silva, 48, was elected on Sunday. She will be the first woman to lead the city.", "yes"),
        # a pronoun in a reported clause stands for the reporting subject
        ("Have the regulators and the unions officially reviewed the merger?",
         "The regulators and the unions said they have not reviewed it.", "no"),
        # a negative prefix in the question denies as one in the answer does: the two agree
        ("Would Veldor remain a non-nuclear state under the treaty?",
         "Under the treaty, Veldor would remain a non-nuclear state for at least twenty years.", "yes"),
        ("Would Veldor remain a non-nuclear state under the treaty?",
         "Under the treaty, Veldor would remain a nuclear state for at least twenty years.", "no"),
        ("Are the tariffs non-binding in the first year?",
         "The regulator said the tariffs were non-binding for the first year.", "yes"),
        # an adjective with a negative prefix states the question's adjective, denied
        ("Is the bridge safe?", "Engineers said the bridge is unsafe for heavy lorries.", "no"),
        ("Is the vaccine effective?", "The study found the vaccine was ineffective.", "no"),
        ("Is the bridge unsafe?", "Engineers said the bridge is unsafe for heavy lorries.", "yes"),
        # "refused to", "failed to", "declined to" deny their complement; "did not fail to" affirms it
        ("Did the minister resign?", "The minister refused to resign on Monday.", "no"),
        ("Did the minister resign?", "The minister failed to resign on Monday.", "no"),
        ("Did the company pay the fine?", "The company did not fail to pay the fine.", "yes"),
        ("Did the company pay the fine?", "The company paid the fine on Monday.", "yes"),
        # a place the claim is set in may be named once for the whole passage, not in the clause
        ("Have any deaths been reported in Ontario?", "Ontario reported 48 new measles cases this week. "
         "No deaths have been reported, but 21 people have been admitted to hospital.", "no"),
        ("Have any deaths been reported in Quebec?", "Ontario reported 48 new measles cases this week. "
         "No deaths have been reported, but 21 people have been admitted to hospital.", None),
        # ... but whom the claim is about is not: Portside playing a division above says nothing of Reid
        ("Did Callum Reid play in the third-round defeat to Portside?", "Rovers' top scorer Callum Reid was out "
         "injured. Portside, who play a division above Rovers, go into the draw for the fourth round.", None),
        # a comparative is not stated by one close to it by embedding: "smaller" says the opposite (the lexicon)
        ("Is the galaxy larger than the Milky Way?", "The galaxy is about 100 times smaller than the Milky Way.",
         "no"),
        ("Is the galaxy larger than the Milky Way?", "The galaxy is larger than the Milky Way.", "yes"),
        # a name opening a sentence, tagged a plural noun ("Reyes", lemma "reye"), is still the name
        ("Did Reyes concede?", "Maria Okafor won the election, defeating Tom Reyes. Reyes conceded on Sunday night.",
         "yes"),
        # "he" in what Reyes said is Reyes, the subject "said" shares with "conceded"
        ("Will Reyes run again?", "Maria Okafor won the election, defeating Tom Reyes. Reyes conceded on Sunday "
         "night and said he would not run again.", "no"),
        # an embedded question asks, it does not state: "has not decided whether to sell" denies the
        # deciding and says nothing of the selling
        ("Has the council decided to sell the stadium?",
         "The council has not yet decided whether to sell the stadium, the mayor said.", "no"),
        ("Has the council decided whether to sell the stadium?",
         "The mayor said the council had not decided whether to sell the stadium.", "no"),
        ("Did the council sell the stadium?",
         "The mayor declined to say whether the council had sold the stadium.", None),
        ("Did the council sell the stadium?", "The council sold the stadium to a developer in May.", "yes"),
        # a verb of telling states another: "declined to comment on whether" denies "say whether"
        ("Did the mayor say whether the pool would reopen?",
         "The mayor declined to comment on whether the pool would reopen this summer.", "no"),
        # ... and a saying about something else says nothing of what the claim says was told
        ("Did the mayor confirm that the pool would reopen?",
         "The mayor said 40 lifeguards had been hired for the beach.", None),
        ("Did the club confirm the transfer of Dario Pell?",
         "The club's chairman confirmed the transfer but declined to comment on the fee.", "yes"),
        # what has not been decided has not been done; what will be done is still open
        ("Has the council introduced a weekend ticket?",
         "The council has not yet decided whether to introduce a weekend ticket.", "no"),
        ("Will the council introduce a weekend ticket?",
         "The council has not yet decided whether to introduce a weekend ticket.", None),
        # the light verb of the claim's noun carries the negation ("declined to give a date")
        ("Did the minister give a date for the vote?",
         "The minister said the vote would come soon but declined to give a date.", "no"),
        # an apposition names the subject the lexicon's opposite is said of ("acquitted" denies "convicted")
        ("Was former finance officer Tomas Brell convicted?",
         "A second defendant, former finance officer Tomas Brell, was acquitted after the judge ruled on Monday.",
         "no"),
        # "against" denies "for"
        ("Did Jonas Feld vote for the budget?", "Councillor Jonas Feld, who voted against the budget, left early.",
         "no"),
        ("Did Jonas Feld vote for the budget?", "Councillor Jonas Feld, who voted for the budget, left early.",
         "yes"),
        # a negative prefix on a form of the claim's word denies it ("unchanged" for "change")
        ("Has the bank offered to change the interest rate?",
         "The bank has offered to keep the interest rate unchanged.", "no"),
        # a name of another part of the clause is no other value: who confirmed the sale is not whose sale it was
        ("Did Harbour City confirm the sale of Tomas Lind?",
         "Harbour City chairman Ivan Roth confirmed the sale on Friday.", "yes"),
        ("Did Harbour City confirm the sale of Tomas Lind?",
         "Harbour City confirmed the sale of Marek Holm on Friday.", "no"),
        # "Did X say what caused it?" asks about the saying
        ("Did the airline say what caused the delay?", "The airline did not say what caused the delay.", "no"),
        ("Did the airline say what caused the delay?",
         "The airline said a software fault had caused the delay.", "yes"),
        # ... and a saying about something else says nothing of it
        ("Did the airline say whether pilots would be suspended?",
         "The airline said the fault had been fixed overnight.", None),
        # informing is telling; the government a capital names is the country's, no other value; another is
        ("Has Washington been told about the plan?", "The United States has been informed of the plan.", "yes"),
        ("Has the union been told about the plan for Lisbon?", "The union has been informed of the plan for Madrid.",
         "no"),
        # a relative clause that sets a condition on a kind of people states nothing of whether any are so
        ("Will the entire plant workforce lose their jobs?",
         "Workers who lose their jobs can move into a transfer company for up to 12 months.", None),
        ("Did the evacuated residents return home?", "Residents who were evacuated on Monday returned home.", "yes"),
    ],
)
def test_verdict(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    q = analyse_question(question, nlp)
    got, _ = yes_no_verdict(q, list(nlp.parse(evidence).sents))
    assert got == verdict


def test_not_only_is_emphasis_not_negation(nlp: TextAnalyser) -> None:
    doc = nlp.parse("The firm will not only keep its forecast but raise it.")
    keep = next(t for t in doc if t.lemma_ == "keep")
    assert not is_negated(keep)
    doc = nlp.parse("The firm did not keep its forecast.")
    assert is_negated(next(t for t in doc if t.lemma_ == "keep"))


def test_lemmas_are_words_not_stems(nlp: TextAnalyser) -> None:
    # The old light stemmer cut "process" to "proce".
    assert content_lemmas(nlp.parse("The approval process began.")) == {"approval", "process", "begin"}
    # a surname opening a sentence is tagged a plural noun ("bank"): it is the name of "Trevor Banks"
    doc = nlp.parse("Prosecutors charged Trevor Banks in May. Banks denied the bribery charges on Monday.")
    assert "banks" in content_lemmas(list(doc.sents)[1])
    assert "bank" in content_lemmas(nlp.parse("Banks denied the charges."))  # no name to say otherwise


class Synonyms:
    """A toy embedder: words of one group embed identically, every other text gets its own direction."""

    def __init__(self, *groups: tuple[str, ...]) -> None:
        self.group = {w: i for i, g in enumerate(groups) for w in g}
        self.others: dict[str, int] = {}

    def _vec(self, text: str):
        import numpy as np

        key = text.lower().strip()
        i = self.group.get(key)
        if i is None:
            i = 1000 + self.others.setdefault(key, len(self.others))
        v = np.zeros(4096, dtype=np.float32)
        v[i] = 1.0
        return v

    def embed_documents(self, texts):
        import numpy as np

        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, 4096), dtype=np.float32)

    def embed_query(self, text):
        return self._vec(text)


@pytest.mark.parametrize(("evidence", "verdict"), [
    ("The flood killed twelve people in the valley.", "yes"),
    ("The flood killed nobody in the valley, officials said.", "no"),
])
def test_a_clause_may_state_the_claim_in_other_words(nlp: TextAnalyser, evidence: str, verdict: str) -> None:
    q = analyse_question("Did anyone die in the valley flood?", nlp)
    sents = list(nlp.parse(evidence).sents)
    # word for word, the clause shares only "flood" and "valley" with the claim, not its predicate
    assert yes_no_verdict(q, sents)[0] is None
    assert yes_no_verdict(q, sents, Synonyms(("die", "kill")))[0] == verdict


class Near:
    """A toy embedder: each pair is at a given cosine; every other text gets its own direction."""

    def __init__(self, pairs: dict[tuple[str, str], float]) -> None:
        self.pairs = pairs
        self.seen: dict[str, int] = {}

    def _vec(self, text: str):
        import numpy as np

        key = text.lower().strip()
        v = np.zeros(256, dtype=np.float32)
        for (a, b), cos in self.pairs.items():
            if key == b:  # b leans towards a's direction by ``cos``
                v[self._axis(a)] = cos
                v[self._axis(b)] = (1 - cos * cos) ** 0.5
                return v
        v[self._axis(key)] = 1.0
        return v

    def _axis(self, key: str) -> int:
        return self.seen.setdefault(key, len(self.seen))

    def embed_documents(self, texts):
        import numpy as np

        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, 256), dtype=np.float32)


def test_a_word_close_enough_to_state_the_predicate_also_counts_as_shared(nlp: TextAnalyser) -> None:
    q = analyse_question("Did the regulator assess the bid?", nlp)
    sents = list(nlp.parse("The regulator weighed it last week.").sents)
    # "weighed" (which the lexicon does not relate to "assess") is near enough to state the predicate
    # (KEY_SIMILARITY) but not to carry another claim word (LEMMA_SIMILARITY); with "regulator" that
    # makes the two words a verdict needs
    assert yes_no_verdict(q, sents, Near({("assess", "weigh"): 0.57}))[0] == "yes"
    assert yes_no_verdict(q, sents, Near({("assess", "weigh"): 0.3}))[0] is None


def test_a_word_of_another_part_of_speech_does_not_state_the_predicate(nlp: TextAnalyser) -> None:
    q = analyse_question("Will drivers have to pay the new toll?", nlp)
    near = Near({("pay", "charge"): 0.6})
    # the noun "charge", as close to "pay" as in the real model, is no statement that anyone pays
    noun = list(nlp.parse("Drivers of electric cars will be exempt from the new toll charge.").sents)
    assert yes_no_verdict(q, noun, near)[0] is None
    # the verb is
    verb = list(nlp.parse("The city will charge drivers the new toll from January.").sents)
    assert yes_no_verdict(q, verb, near)[0] == "yes"


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a word the lexicon (WordNet) calls the key's opposite denies the claim ...
    ("Did Harlow's shares fall after the results?", "Harlow's shares rose 4% after the results.", "no"),
    ("Did the jury convict the lorry driver?", "The jury acquitted the lorry driver of dangerous driving.", "no"),
    ("Did the central bank cut its main rate?", "The central bank raised its main rate to 3.5% on Thursday.", "no"),
    ("Did the council approve the budget?", "The council rejected the budget by 30 votes to 12.", "no"),
    ("Is the old bridge safe for lorries?", "The old bridge is hazardous for lorries, engineers said.", "no"),
    ("Did Lacombe lose the mayoral race?", "Lacombe won the mayoral race with 54% of the vote.", "no"),
    # ... and one it calls alike (a synonym, a more specific word) states it
    ("Did rents exceed the record set in 2019?", "Rents surpassed the record set in 2019, the agency said.", "yes"),
    # ... and so does a word whose first senses hold the key's ("operating" for "keep running"), not a more general
    # word ("rose" is no "soared")
    ("Did the Halvard refinery keep running after the storm?",
     "Norsk Energi said its Halvard refinery had not been damaged and was operating normally.", "yes"),
    ("Did Harlow's shares soar after the results?", "Harlow's shares rose 1% after the results.", None),
    # its own word first, where a clause has it
    ("Did prices rise in March?", "Prices rose in March after falling in February.", "yes"),
    # not rising is no fall; the opposite said of someone else, or done to something else, says nothing
    ("Did Harlow's shares fall after the results?", "Harlow's shares did not rise after the results.", None),
    ("Did Lacombe lose the mayoral race?", "Moreau won the mayoral race, defeating Lacombe.", None),
    ("Did Varga lose the opening set?", "Varga came back from a set down to beat Quaston in the final.", None),
])
def test_the_lexicon_states_and_denies_the_predicate(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a phrasal verb is its own predicate: "call a strike" is no "call off"
    ("Was the national strike called off?", "The unions said they would call a national strike on March 3.", None),
    ("Was the strike called off?", "The unions called off the strike on Friday.", "yes"),
    # "no" of one verb does not deny the verb joined to it
    ("Did Halvora lose money last year?", "Halvora has no approved products and lost 212 million euros last year.",
     "yes"),
    ("Is NATO prepared to intervene militarily?", "There is no serious will from NATO to intervene militarily.", "no"),
    # "did not vote against" says neither
    ("Did Mira Okafor vote for the plan?", "Councillor Mira Okafor did not vote against the plan.", None),
    ("Did Mira Okafor vote for the plan?", "Councillor Mira Okafor voted against the plan.", "no"),
    # an antonym the lexicon gives only for the evidence's word ("approve": "reject")
    ("Was the budget rejected by lawmakers?", "Lawmakers approved the budget on Thursday.", "no"),
    # ... or of a synonym of the question's ("approve" is the opposite of "reject", which "turn down" means)
    ("Did the shareholders turn down the merger with Ostra?", "Shareholders approved the merger with Ostra on Monday.",
     "no"),
    # the participle the parser hangs on the subject is the predicate, not the subject
    ("Were trains between Halvik and the capital cancelled?",
     "Trains between Halvik and the capital ran with delays but were not cancelled.", "no"),
    # ... also when it hangs it on a noun after the subject: "suspended" neither states nor denies "operating"
    ("Were trains on the Halvik–Brenna line operating as usual on Monday?",
     "Train services on the Halvik–Brenna line were suspended on Monday.", None),
    ("Were trains on the Halvik–Brenna line operating as usual on Monday?",
     "Trains on the Halvik–Brenna line were not operating on Monday.", "no"),
    # ... and when it reads the subject as the copula's attribute
    ("Is Kestrel Foods' planned Polish bakery plant expected to provide roughly 800 jobs?",
     "Kestrel Foods said it would build a bakery plant in the Polish city of Lodz, creating about 800 jobs.", "yes"),
    ("Is Marlow Energy's new offshore wind farm expected to power about 300,000 homes?",
     "Marlow Energy's new offshore wind farm will power about 120,000 homes, the company said.", "no"),
    # "will not have to pay": the light verb's negation is its complement's
    ("Will drivers have to pay the new toll?", "Drivers will not have to pay the new toll.", "no"),
    ("Will drivers have to pay the new toll?", "Drivers will have to pay the new toll from May.", "yes"),
    ("Will drivers have to pay a toll on the new bridge?", "Drivers will have to pay no toll on the new bridge.", "no"),
    ("Is the 40 mg dose of the drug covered by the approval?",
     "Patients on the 40 mg dose of the drug reached a median of 9.1 months.", None),
    # a clause said of another name is not about the claim's subject
    ("Did Kessler finish ahead of Olivetti on the stage?",
     "Diego Sanz won the stage, finishing 22 seconds clear of race leader Piet Kessler. Kessler finished ahead of "
     "Olivetti.", "yes"),
    # ... but what someone is may be said in apposition in a clause about another
    ("Was Lukas Brenholt the defending champion?", "Dario Kestel beat defending champion Lukas Brenholt in the final.",
     "yes"),
    # what a prepositional phrase adds to the subject is not the subject ("the captain of the ship" is no ship)
    ("Was the captain of the Sea Talvane arrested?",
     "The ship Sea Talvane struck the carrier Orla Brisk near the harbour.", None),
    # a clause said of what the claim's subject leaves out says nothing of the others
    ("Could countries other than Valdoria still join the alliance later on?",
     "Valdoria would abandon its plans to join the alliance. No other country will be able to join the alliance "
     "either.", "no"),
    ("Could countries other than Valdoria still join the alliance later on?",
     "Valdoria could join the alliance later on, the treaty says.", None),
    ("Did any bank except Lloyds cut its rates?", "Lloyds cut its rates on Monday.", None),
    ("Did any bank except Lloyds cut its rates?", "Barclays cut its rates on Monday.", "yes"),
    # ... not a name after a preposition of the subject ("the neighbours of Valdoria" are not Valdoria)
    ("Could countries other than Valdoria still join the alliance later on?",
     "The neighbours of Valdoria could still join the alliance later on.", "yes"),
])
def test_whose_predicate_and_which(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


def test_a_dateline_name_is_no_other_value(nlp: TextAnalyser) -> None:
    q = analyse_question("Did Rovena City reach the Crown Cup final?", nlp)
    evidence = ("DELMARA, April 21 (Wirepress) - Rovena City reached the Crown Cup final for the first time in 31 "
                "years on Sunday, beating holders Port Aldane.")
    # the agency in the dateline is no organisation put where the question has "the Crown Cup"
    assert yes_no_verdict(q, list(nlp.parse(evidence).sents))[0] != "no"


def test_a_joined_verb_with_its_own_tense_has_its_own_negation(nlp: TextAnalyser) -> None:
    q = analyse_question("Will the Harlow depot stay open after the merger?", nlp)
    near = Synonyms(("stay", "keep"))
    # "no plans" is of "had"; "would keep" is a statement of its own, and it keeps the depot open
    kept = "Reyes said the company had no plans to cut jobs and would keep its Harlow depot after the merger."
    assert yes_no_verdict(q, list(nlp.parse(kept).sents), near)[0] == "yes"
    shut = "Reyes said the company had no plans to keep its Harlow depot after the merger and would cut jobs."
    assert yes_no_verdict(q, list(nlp.parse(shut).sents), near)[0] == "no"


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # what a preventing verb keeps from happening is claimed not to happen, stated in the complement's own verb
    ("Would the officials be shielded from prosecution under the deal?",
     "Under the deal, the officials could not be prosecuted for the fraud.", "yes"),
    ("Would the officials be shielded from prosecution under the deal?",
     "Under the deal, the officials would be prosecuted for the fraud.", "no"),
    ("Does the new law stop lenders from selling customer data?",
     "Lenders will no longer be able to sell customer data under the new law.", "yes"),
    ("Does the new law stop lenders from selling customer data?", "Lenders will sell more customer data this year.",
     "no"),
    ("Are small farms exempt from paying the water levy?", "Small farms will not have to pay the water levy.", "yes"),
    # ... and in the evidence: what is stopped, avoided or kept from happening did not happen
    ("Do the lenders sell customer data?", "The lenders stopped selling customer data last year.", "no"),
    ("Did the lenders sell customer data?", "The lenders avoided selling customer data to brokers.", "no"),
    ("Did Smith run for the council seat?", "Smith was barred from running for the council seat.", "no"),
    ("Did the ministry comment on the audit report?", "The ministry refrained from commenting on the audit report.",
     "no"),
    ("Did Smith run for the council seat?", "Smith was not barred from running for the council seat.", "yes"),
    # the noun of the complement is no statement that it happens ("the prosecution said")
    ("Would the officials be shielded from prosecution under the deal?",
     "The prosecution said the officials had met twice under the deal.", None),
])
def test_a_preventing_verb_claims_its_complement_does_not_happen(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a condition ("if ...", "unless ...") states nothing, whatever it denies or affirms
    ("Has the alliance got more involved in the border conflict?",
     "If the alliance does not get more involved in the border conflict, more territory will be lost.", None),
    ("Has the alliance got more involved in the border conflict?",
     "Unless the alliance gets more involved in the border conflict and sends troops, more territory will be lost.",
     None),
    ("Did the pay talks fail?", "The union will strike if the pay talks fail, its leader said.", None),
    # ... the clause it is the condition of does
    ("Will the union strike if the pay talks fail?", "The union will strike if the pay talks fail, its leader said.",
     "yes"),
    # what one side proposes or demands be done is not what is done or will be
    ("Will Halvik Rail agree to meet the union at the conciliation service?",
     "The union said it had written to Halvik Rail on Wednesday proposing that both sides meet at the conciliation "
     "service.", None),
    ("Will Halvik Rail meet the union at the conciliation service?",
     "The union demanded that Halvik Rail meet it at the conciliation service.", None),
    ("Will Halvik Rail meet the union at the conciliation service?",
     "Halvik Rail will meet the union at the conciliation service next week.", "yes"),
    # ... and an embedded question stays one ("asked whether")
    ("Did the union ask whether Halvik Rail would meet it?",
     "The union asked whether Halvik Rail would meet it at the conciliation service.", "yes"),
])
def test_a_condition_or_a_proposal_states_nothing(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # "put limits on", "impose a ban on": the object noun names the act, which another verb's noun of the same act
    # ("restrictions"), or the act's own verb ("restricted", "banned"), states or denies
    ("Did the ministry put limits on grain exports?",
     "The ministry placed no restrictions on grain exports this year.", "no"),
    ("Did the ministry put limits on grain exports?", "The ministry restricted grain exports in March.", "yes"),
    ("Did the ministry put limits on grain exports?", "The ministry did not restrict grain exports.", "no"),
    ("Has the council imposed a ban on fireworks?", "The council banned fireworks in the old town.", "yes"),
    ("Has the council imposed a ban on fireworks?", "The council has not banned fireworks, the mayor said.", "no"),
    # ... only the act, said of what the question says it is put on
    ("Did the ministry put limits on grain exports?", "The ministry praised grain exports in March.", None),
    ("Did the ministry put limits on grain exports?", "The ministry restricted fuel imports in March.", None),
    # a verb that acts of its own has an object that is only what it acts on: upholding an approval is not approving
    ("Did the court uphold the council's approval of the scheme?", "The council approved the scheme in 2019.", None),
])
def test_a_support_verb_leaves_the_act_to_its_object(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # the participle with "un-" states the claim's predicate, denied
    ("Has the trade agreement with Norway been signed?",
     "The trade agreement with Norway remains unsigned, officials said.", "no"),
    ("Has the fine been paid?", "The fine remains unpaid, the court heard.", "no"),
    ("Has the trade agreement with Norway been signed?", "The trade agreement with Norway was signed on Monday.",
     "yes"),
    # a long claim whose predicate the lexicon states in other words: all but two of its ten words suffice
    ("Could Ukrainian missile attacks on major coastal cities void the security guarantees under the draft?",
     "Ukrainian missile strikes on major coastal cities could nullify the security guarantees.", "yes"),
    ("Could Ukrainian missile attacks on major coastal cities void the security guarantees under the draft?",
     "Ukrainian missile strikes on major coastal cities could not nullify the security guarantees.", "no"),
    ("Could Ukrainian missile attacks on major coastal cities void the security guarantees under the draft?",
     "Ukrainian missile strikes on coastal cities rose sharply last year.", None),
])
def test_a_predicate_in_other_forms(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


def test_another_verbs_value_is_no_other_value(nlp: TextAnalyser) -> None:
    question = "Did the council approve the plan to sell the depot to Brightline?"
    # Corvane is whom the warehouse is leased to, not whom the depot is sold to: it denies nothing
    other_verb = "The council approved the plan to sell the depot and to lease a warehouse to Corvane."
    assert verdict_of(nlp, question, other_verb) != "no"
    assert verdict_of(nlp, question, "The council approved the plan to sell the depot to Corvane.") == "no"


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # the tagger reads "reply" after a possessive subject as a noun ("office reply") with "did" as the main verb;
    # it is still the claim's predicate
    ("Did the mayor's office reply when the Herald asked it for comment?",
     "The mayor's office did not respond to a request for comment from the Herald.", "no"),
    ("Did the mayor's office reply when the Herald asked it for comment?",
     "The mayor's office responded to the Herald's request for comment on Monday.", "yes"),
    ("Did the club's owner reply when the Gazette asked him for comment?",
     "The club's owner did not respond to a request for comment from the Gazette.", "no"),
])
def test_a_verb_the_tagger_reads_as_a_noun_is_the_predicate(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # the tagger reads the noun "commuter" as the main verb and "keep running" as its complement: a word the lexicon
    # knows only as a noun is no predicate, and a clause that shares only that noun states nothing
    ("Did all Rodalies commuter rail lines around Barcelona keep running during the storm?",
     "Services on two Rodalies commuter rail lines were suspended after water flooded the tracks.", None),
    ("Did all Rodalies commuter rail lines around Barcelona keep running during the storm?",
     "All Rodalies commuter rail lines around Barcelona kept running during the storm, the operator said.", "yes"),
])
def test_a_noun_the_tagger_reads_as_a_verb_is_no_predicate(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a capital names its country's government in the clause's subject too: "France told" is Paris telling
    ("Did Paris tell the union it would fund the new training centre?",
     "France told the union that it would fund the new training centre.", "yes"),
    # ... and what is told is compared: the opposite told answers No
    ("Did Paris tell the union it would fund the new training centre?",
     "France told the union that it would not fund the new training centre.", "no"),
    ("Did Ardley Town beat Stennhaven?", "Stennhaven beat Ardley Town 2-1 on Saturday.", None),
    # a passive claim is about whom the predicate is done to: "fined Brunnmatt" says nothing of Kessler
    ("Was Kessler fined by the regulator for the breach?",
     "The regulator fined Brunnmatt for the breach, and Kessler was warned.", None),
    ("Was Kessler fined by the regulator for the breach?", "The regulator fined Kessler for the breach.", "yes"),
    ("Was Kessler fined by the regulator for the breach?", "Kessler was fined by the regulator for the breach.",
     "yes"),
    # "free of" denies what it is free of, as "non-" does; "not free of" affirms it
    ("Would the island remain free of nuclear weapons?", "The island would remain a non-nuclear zone.", "yes"),
    ("Would the island have to stay free of nuclear weapons under the treaty?",
     "The island would remain free of nuclear weapons under the treaty.", "yes"),
    ("Would the island have to stay free of nuclear weapons under the treaty?",
     "The island would not remain free of nuclear weapons under the treaty.", "no"),
    # "without" says how a thing is done more often than what is lacking
    ("Does the party have enough seats to form a government without independents?",
     "The party has enough seats to form a government without independents.", "yes"),
    ("Did the team win the final without its captain?", "The team won the final on Saturday.", "yes"),
    # ... but after a linking verb it says what is lacking, as "free of" does
    ("Would the island have to stay without nuclear weapons under the treaty?",
     "The island would remain a non-nuclear zone under the treaty.", "yes"),
    ("Will the village remain without running water until spring?",
     "The village will not remain without running water until spring, the council said.", "no"),
    ("Is the hospital still without power?", "The hospital is no longer without power after the storm.", "no"),
])
def test_the_same_subject_and_the_same_denial_in_other_words(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a phrasal verb in the lexicon's other words is the phrase's, not its bare verb's ("turn": rotate)
    ("Did the union turn down the pay offer?", "The union rejected the pay offer on Monday.", "yes"),
    ("Did the union turn down the pay offer?", "The union accepted the pay offer on Monday.", "no"),
    ("Did the organisers call off the marathon?", "The organisers cancelled the marathon because of the heat.", "yes"),
    ("Did the organisers call off the marathon?", "The organisers called a meeting about the marathon.", None),
])
def test_a_phrasal_verb_in_other_words(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a name the recogniser misses is still another value in the claim's part
    ("Does the new cable come ashore near Fraserburgh?",
     "Power from the cable comes ashore near Peterhead and is fed into the grid.", "no"),
    ("Does the new cable come ashore near Peterhead?",
     "Power from the cable comes ashore near Peterhead and is fed into the grid.", "yes"),
    # a value measuring the noun in the claim's part plays that part ("for a package of X" as "for X")
    ("Is the province asking the government for Rs 200 crore in relief?",
     "The province would ask the government for a relief package of Rs 450 crore.", "no"),
    ("Is the province asking the government for Rs 450 crore in relief?",
     "The province would ask the government for a relief package of Rs 450 crore.", "yes"),
])
def test_another_value_in_other_forms(nlp: TextAnalyser, question: str, evidence: str, verdict: str) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a negated auxiliary opening the question asks about the claim itself: "No" means it did not happen
    ("Didn't the storm damage the harbour bridge?", "The harbour bridge was not damaged by the storm, officials said.",
     "no"),
    ("Didn't the storm damage the harbour bridge?", "The storm damaged the harbour bridge, officials said.", "yes"),
    ("Isn't the harbour bridge safe for lorries?", "The harbour bridge is unsafe for lorries, engineers said.", "no"),
    # ... while a claim that is itself a denial is compared as one
    ("Is it true that the storm did not damage the harbour bridge?",
     "The harbour bridge was not damaged by the storm, officials said.", "yes"),
])
def test_a_question_opening_with_a_negated_auxiliary(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # what is planned has not been done yet; a plan answers what will be done
    ("Has Norvik already applied to the regulator for a licence?",
     "Norvik plans to apply to the regulator for a licence later this year.", "no"),
    ("Did Norvik apply to the regulator for a licence?",
     "Norvik plans to apply to the regulator for a licence later this year.", None),
    ("Will Norvik apply to the regulator for a licence?",
     "Norvik plans to apply to the regulator for a licence later this year.", "yes"),
    ("Has Norvik already applied to the regulator for a licence?",
     "Norvik applied to the regulator for a licence in March.", "yes"),
    # ... and what someone wants done, with its own subject or as "would like", has not been done
    ("Has the trade agreement been concluded yet?",
     "Washington would like the trade agreement to be concluded quickly, officials said.", "no"),
    ("Has the trade agreement been signed?", "The ministry wants the trade agreement to be signed by June.", "no"),
    ("Has the board sold the stadium?", "The board would like to sell the stadium.", "no"),
    # ... not what someone likes done as a habit
    ("Has the trade agreement been signed?", "The ministry likes the trade agreement to be signed in public.", "yes"),
])
def test_a_plan_is_not_a_deed(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a word the question itself denies outside its predicate is denied by the evidence's prefix too
    ("Were most cases among children who had not been vaccinated?",
     "Most cases were among unvaccinated children, the health agency said.", "yes"),
    ("Were most cases among children who had been vaccinated?",
     "Most cases were among unvaccinated children, the health agency said.", "no"),
    ("Did the firm not pay the fine?", "The fine remains unpaid, the court heard.", "yes"),
])
def test_a_denial_the_question_shares(nlp: TextAnalyser, question: str, evidence: str, verdict: str) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a fronted auxiliary after an opening phrase, parsed as the main verb: the clause it opens is the claim
    ("As of early March 2024, had the Bank of Norway left its benchmark rate unchanged for a year?",
     "Sweden's Riksbank left its policy rate unchanged at 3.75% on Thursday.", None),
    ("As of early March 2024, had the Bank of Norway left its benchmark rate unchanged for a year?",
     "The Bank of Norway has left its benchmark rate unchanged for a year.", "yes"),
    ("By January 24, had the number of people killed in the Sidomulyo landslide risen above nine?",
     "Floods and landslides killed 52 people in Assam last year.", None),
])
def test_a_fronted_auxiliary_read_as_the_main_verb(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # the predicate's own antonym needs no more of the claim's words than its own word would: the case the
    # claim sets it in is named elsewhere in the article
    ("Was former finance officer Tomas Brell convicted in the Harbour Bridge fraud case?",
     "A second defendant, former finance officer Tomas Brell, was acquitted after the judge ruled on Monday.",
     "no"),
    ("Was former finance officer Tomas Brell convicted in the Harbour Bridge fraud case?",
     "A second defendant, former finance officer Tomas Brell, was cleared after the judge ruled on Monday.",
     "no"),
    # ... but still the plain share: an acquittal of someone else says nothing
    ("Was former finance officer Tomas Brell convicted in the Harbour Bridge fraud case?",
     "The judge acquitted a lorry driver on Monday.", None),
])
def test_an_antonym_needs_the_plain_share(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # a figure the recogniser cut short is still another figure in the claim's place
    ("Has the total cost of rebuilding the port been estimated at under $200 million?",
     "The total cost of rebuilding the port has been estimated at more than half a billion dollars.", "no"),
    # a figure that counts something else is no other value
    ("Would the plan cap the navy at 80,000 sailors?", "The plan would cap the navy at 600,000 troops.", "yes"),
    # a date that names its time, in the claim's place, whichever verb it hangs on
    ("Is the bank aiming to have the merger wrapped up by Christmas?",
     "The bank is pushing for a quick deal, with the aim of having the merger finalized by Thanksgiving.", "no"),
    ("Was the new terminal opened in 2019?", "The new terminal was opened in 2021 after years of delays.", "no"),
    ("Was the new terminal opened in March 2024?", "The new terminal was opened on March 4, 2024.", "yes"),
    # ... not one counted from the story's own day
    ("Was the new terminal opened in March 2024?", "The new terminal was opened on Thursday.", "yes"),
    # a length of time is a value too, compared in days ("a few hours" / "days"; "12 months" is "a year")
    ("Did the envoy spend only a few hours going over the draft with the negotiators?",
     "The envoy reportedly spent days discussing the draft with the negotiators.", "no"),
    ("Did the club give the striker a five-year contract?", "The club gave the striker an eight-year contract.",
     "no"),
    ("Did the club give the striker a contract of a year?", "The club gave the striker a contract of 12 months.",
     "yes"),
    # ... also put on the thing the claim says lasts it ("a 35-year concession" for "run for 25 years")
    ("Does the harbour concession run for 25 years?",
     "The port authority awarded a 35-year concession to run and expand the harbour to a joint venture.", "no"),
    ("Does the harbour concession run for 35 years?",
     "The port authority awarded a 35-year concession to run and expand the harbour to a joint venture.", "yes"),
])
def test_a_value_in_the_claims_place(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    assert verdict_of(nlp, question, evidence) == verdict


def test_the_aligned_clauses_verb_stands_for_the_claims(nlp: TextAnalyser) -> None:
    # "go" is aligned with "invested" by the embedder alone: the figure in its subject is the claim's, swapped (the
    # subject of a verb with no object undergoes it as a passive subject does; "50%" is no sum of money)
    question = "Is it true that only $50 billion of the frozen assets would go into the rebuilding of the port?"
    evidence = ("The draft provides that 100 billion dollars of the frozen assets are invested in the rebuilding of "
                "the port, with the city receiving 50% of the profits.")
    sents = list(nlp.parse(evidence).sents)
    assert yes_no_verdict(analyse_question(question, nlp), sents, Synonyms(("go", "invest")))[0] == "no"
    # ... not when the clause's verb hands its predicate to a complement ("is set to leave for")
    question = "Is Tomas Berg leaving Harbour City for a club in Spain?"
    evidence = "Berg, the league's top scorer, is set to leave for Real Norte of Spain."
    sents = list(nlp.parse(evidence).sents)
    assert yes_no_verdict(analyse_question(question, nlp), sents, Synonyms(("leave", "set")))[0] != "no"


def test_a_clause_whose_own_verb_states_the_predicate_comes_first(nlp: TextAnalyser) -> None:
    # both clauses share as many of the claim's words; the one joining "attack" to "rest" says nothing of a pledge
    evidence = ("This is not a peace deal but a chance for Serbia to rest and attack later. In return, Serbia will "
                "guarantee that it will not attack Kosovo again.")
    assert verdict_of(nlp, "Would Serbia pledge not to attack Kosovo again under the deal?", evidence) == "yes"


def test_a_predicate_in_other_words_states_the_claim_only_of_its_object(nlp: TextAnalyser) -> None:
    q = analyse_question("Has Marlow accepted the panel's findings?", nlp)
    near = Near({("accept", "receive"): 0.6})
    # "received" near enough to state "accepted", and "Marlow" and "panel" shared: but grants are not findings
    grants = list(nlp.parse("Marlow's laboratory received grants from the panel's funders.").sents)
    assert yes_no_verdict(q, grants, near)[0] is None
    findings = list(nlp.parse("Marlow received the panel's findings calmly.").sents)
    assert yes_no_verdict(q, findings, near)[0] == "yes"


def test_an_organisation_s_deed_is_not_a_named_person_s(nlp: TextAnalyser) -> None:
    question = "Has David Marlow accepted the panel's findings?"
    evidence = "David Marlow left in May. The university has accepted the panel's findings."
    assert verdict_of(nlp, question, evidence) is None
    assert verdict_of(nlp, question, "David Marlow has accepted the panel's findings.") == "yes"


def test_fined_is_fine_not_fin(nlp: TextAnalyser) -> None:
    # the lemmatizer's "fin" for "fined" shared nothing with the noun "fines"
    assert verdict_of(nlp, "Has anyone been fined under the harbour's new rules?",
                      "No fines have yet been imposed under the harbour's new rules, officials said.") == "no"


@pytest.mark.parametrize(("evidence", "verdict"), [
    # "share" under "per" is the price's unit, not what is paid with
    ("Harlow will pay 14.20 rand per Corvin share, a premium of 31%.", None),
    ("Harlow will pay for Corvin partly with its own shares, the companies said.", "yes"),
])
def test_a_word_under_another_preposition_is_another_part(
    nlp: TextAnalyser, evidence: str, verdict: str | None
) -> None:
    assert verdict_of(nlp, "Will Harlow pay for Corvin partly with its own shares?", evidence) == verdict


@pytest.mark.parametrize(("evidence", "verdict"), [
    # told to do something else: the telling is stated, what the question says was told is not
    ("Brenna households have been told to bring tap water to a rolling boil before drinking it.", None),
    ("Brenna residents have been told to avoid using tap water for bathing.", "yes"),
])
def test_a_telling_claim_needs_what_was_told(nlp: TextAnalyser, evidence: str, verdict: str | None) -> None:
    assert verdict_of(nlp, "Have Brenna residents been told to avoid using tap water for bathing?", evidence) == verdict
    # another verb of telling with what was told
    assert verdict_of(nlp, "Were Brenna residents told to boil their tap water?",
                      "Brenna residents were advised to boil their tap water before drinking it.") == "yes"
