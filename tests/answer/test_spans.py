"""Short answers: the span of the expected type, close to the question's focus, not part of the question."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.base import Draft
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.kinds import outlets
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit

FORCES = ("Under the draft, the country's armed forces would be capped at 600,000 troops. "
          "The draft itself has 28 points and was leaked on Friday.")
HANDOVER = "Transport Secretary Maria Lopes presented the tender to Mayor Ana Costa on Thursday in writing."
RAIN = "Valencia recorded 82 millimetres of rain in the 24 hours to Wednesday morning, the weather agency said."
TALKS = "Officials may meet again soon, though no date has been set for the talks."
BLAZE = "The blaze started on the fourth floor of the warehouse on Tuesday, fire officials said."
FLIGHTS = "The airline said it would restore all 120 flights within two weeks."
HOSPITAL = "Two people died and 15 were taken to hospital, the fire service said."
PRIZE = "Hana Sato won the Meridian Prize for fiction on Tuesday. Sato, 41, grew up in Osaka."
LINE = ("Production of Tovik's packing line will move to the company's plant in Ardsley, England, while 40 staff will "
        "stay in Brenton to run a testing centre for the line.")


@pytest.mark.parametrize(
    ("question", "passages", "short"),
    [
        ("How large would the country's army be under the draft?", [FORCES], "600,000 troops"),
        ("How many points does the draft have?", [FORCES], "28"),
        ("Who presented the tender to the mayor?", [HANDOVER], "Maria Lopes"),
        ("On what day was the tender presented to the mayor?", [HANDOVER], "Thursday"),
        # a place that locates the noun in the asked role is where the act goes ("to the plant in Ardsley")
        ("To which town is Tovik moving its packing line?", [LINE], "Ardsley"),
        ("How much rain did Valencia get?", [RAIN], "82 millimetres"),
        # "which floor": the modifier with the noun asked about, not the day beside it
        ("On which floor of the warehouse did the blaze start?", [BLAZE], "fourth floor"),
        # a part of a whole counts what the whole does: the seats won, not the seats there are
        ("How many council seats did the Harbour Alliance win?",
         ["The Harbour Alliance won 23 of the city's 40 council seats on Friday, officials said."], "23"),
        # "how soon": a time, not the count beside it
        ("How soon will the airline restore its flights?", [FLIGHTS], "two weeks"),
        # a bare number counts what the number before it counts, and the subject of "died" was not "taken"
        ("How many people were taken to hospital?", [HOSPITAL], "15"),
        ("How many people died?", [HOSPITAL], "Two"),
        # what the text says of the person asked about, in apposition ("Sato, 41,"), over a date elsewhere
        ("How old is Hana Sato?", [PRIZE], "41"),
        # "rose 9%" says by how much, as "rose by 9%" does
        ("By how much did average rents in Halden increase last year?",
         ["Halden City Council approved a housing plan on Monday. Average rents in the city rose 9% last year, "
          "according to council figures, compared with 6% the year before."], "9%"),
        # a wire story's dateline says where it was filed, not who won
        ("Which party won the most votes?",
         ["ORSENNA, Valdoria — The centre-left Civic Union won the most votes in Sunday's election."], "Civic Union"),
        # ... also with the date and the agency, and a hyphen for the dash
        ("Who scored the winning goal?",
         ["DELMARA, April 21 (Wirepress) - Striker Tomas Berg scored the winning goal for Rovena City on Sunday."],
         "Tomas Berg"),
        # a place WordNet knows as another kind of place is no answer ("China" is no city)
        ("Which city hosted the 2008 Olympic Games?", ["China hosted the 2008 Olympic Games in Beijing."], "Beijing"),
        ("Which country hosted the 2008 Olympic Games?", ["China hosted the 2008 Olympic Games in Beijing."], "China"),
        # a name is no day of the week, nor the dateline's place; it may follow the question's own words
        ("What is the name of Halvora's experimental migraine drug?",
         ["SOLMERE, June 3 (Wirepress) - Halvora Therapeutics said on Tuesday its experimental migraine drug HT-218 "
          "reduced the number of monthly attacks by 47 percent."], "HT-218"),
        # "a previous forecast of 5.4%" names the forecast asked about; the other figure is another forecast
        ("What was the previous inflation forecast?",
         ["The bank now expects inflation to average 5.6% this year, up from a previous forecast of 5.4%."], "5.4%"),
        # "how tall": a measure, not a count
        ("How tall is the new tower?", ["The new tower is 310 metres tall and has 72 floors."], "310 metres"),
        # a measure is never close to what it measures: "how much rain" is answered by millimetres, not flights
        ("How much rain fell on Barcelona on Wednesday?",
         ["Heavy rain reached Barcelona on Wednesday, with 35 millimetres falling on the city in under three hours "
          "and more than 60 flights delayed or cancelled at El Prat airport."], "35 millimetres"),
        # ... it is the one a sentence that speaks of the thing measured gives
        ("How much damage did the flood cause?",
         ["The flood was the worst since 1997, when the river rose by four metres. "
          "Insurers estimate the damage at €80 million."], "€80 million"),
        # the object asked for, not the subject of another verb
        ("Whom did Adaeze Okonkwo replace?",
         ["Adaeze Okonkwo replaces Olumide Akinwale as head of the ports authority, the transport ministry said."],
         "Olumide Akinwale"),
        # the figure of the month asked about, and the value the noun asked about is given through its verb
        ("What was UK inflation in March?",
         ["Consumer price inflation in the UK fell to 2.3% in April from 3.2% in March, the statistics office said."],
         "3.2%"),
        ("What was Solvik Systems' net income?",
         ["Solvik Systems reported third-quarter revenue of $2.3 billion on Wednesday. Net income rose to "
          "$410 million."], "$410 million"),
        # a sum of money is no length of time
        ("How long has the Meridian Prize existed?", ["The Meridian Prize, now in its 25th year, is worth $50,000."],
         "its 25th year"),
        # an abbreviation keeps its own final dot
        ("Until what time does the Acropolis stay open?", ["The Acropolis stays open until 8 p.m. in summer."],
         "8 p.m."),
        # where they met, not where they came from
        ("Where did the governors meet?",
         ["Central bank governors from Mexico, Sweden and Norway met in Basel on Friday."], "Basel"),
        ("Where did the attack come from?", ["The attack came from Lebanon, officials in Haifa said."], "Lebanon"),
        # another kind of the thing asked about: the men's race is not the women's
        ("Who won the women's race at the Hamburg Marathon?",
         ["Daniel Kiprop won the men's race at the Hamburg Marathon in 2:05:12. In the women's race Tigist Alemu "
          "won in 2:19:40."], "Tigist Alemu"),
        # the figure whose verb has the thing asked about as its subject
        ("How much did the shares fall?", ["Profit fell 18% in the quarter and the shares fell 4%."], "4%"),
        # "what time": a time of day, not a length of time; "how long does it take": a time, not a distance
        ("What time did the first sailing leave Portmore?",
         ["The first sailing left Portmore at 7:30 a.m. and took 45 minutes to cross the 18-kilometre strait."],
         "7:30 a.m."),
        # "what time" asks for the clock, not the day it happened on
        ("At what time did the earthquake strike?",
         ["A powerful earthquake struck off the southern coast late on Sunday, killing 14 people. The agency said "
          "the quake hit at 11:42 p.m. at a depth of 30 kilometres."], "11:42 p.m."),
        ("What time did Kiprop run in Hawassa?",
         ["Kiprop won the national championship in Hawassa on Sunday in 2:06:14, ahead of Tadesse."], "2:06:14"),
        # "what year" names a year: a count of years is none ("owned it for 41 years")
        ("In what year did Holcroft Town come into existence?",
         ["The Hadley family has controlled Holcroft Town for 41 years. The club was founded in 1887 by railway "
          "workers."], "1887"),
        ("For how many years has the Hadley family controlled Holcroft Town?",
         ["The Hadley family has controlled Holcroft Town for 41 years. The club was founded in 1887 by railway "
          "workers."], "41 years"),
        ("How long did the first sailing take to cross the strait?",
         ["The first sailing left Portmore at 7:30 a.m. and took 45 minutes to cross the 18-kilometre strait."],
         "45 minutes"),
        # a name of several proper nouns the recogniser labels a nationality
        ("Which company rebuilt the pier?",
         ["The pier was rebuilt by Harland Marine at a cost of £3.4 million, paid for by the regional council."],
         "Harland Marine"),
        ("Until what time can delivery vans enter the old town?",
         ["Delivery vans may enter the old town only until 10am, from July."], "10am"),
        # "what day": a day, not "the coming days"
        ("On what day of the week was the plan presented?",
         ["The plan was presented on Thursday, and talks will go on in the coming days."], "Thursday"),
        # a multiple: the parser hangs "times" on the number
        ("How much smaller than the Milky Way is the galaxy?",
         ["The galaxy is about 100 times smaller than the Milky Way, astronomers said."], "about 100 times"),
        # the agent of a participle is who did it
        ("Who led the funding round?",
         ["Voltra Cycle has raised 85 million euros in a funding round led by Northstar Ventures."],
         "Northstar Ventures"),
        # a count of years the recogniser labels a sum of money
        ("How many years after the Big Bang did the galaxy form?",
         ["Astronomers have spotted a galaxy that formed about 350 million years after the Big Bang, one of the "
          "earliest ever seen."], "about 350 million years"),
        # a score written with a hyphen is one figure, which the tokenizer splits
        ("What was the score in the cup final?",
         ["Turnout at the club's vote was 38%. City Rovers beat Portside United 3-1 in the cup final on Saturday."],
         "3-1"),
        # the recogniser leaves "£" out of the amount
        ("How much is the Calder Prize worth?", ["The Calder Prize is worth £25,000 and is awarded every year."],
         "£25,000"),
        # a noun phrase keeps the "of" phrase completing it, and a short quotation is whole
        ("What delayed the work?", ["Work on the pier was delayed by the discovery of asbestos in 2022."],
         "discovery of asbestos"),
        ("What did Nair call the building?", ['Nair called the building "the living room of the city".'],
         "the living room of the city"),
        ("What did the mayor call the new park?",
         ['The mayor called the new park "a gift to every child in the city" at the opening on Sunday.'],
         "a gift to every child in the city"),
        ("What did the mayor call the new park?", ['The mayor called the new park a gift. "It is for every child," '
         "she said."], "gift"),
        # a measure run into the noun asked about says how long it is, not a time elsewhere in the sentence
        ("How long is the new bridge?", ["The 600-metre bridge will cut journeys between the two towns by 20 minutes."],
         "600-metre"),
        # the figure of the year asked about
        ("What was the turnout in 2019?", ["Turnout was 58%, up from 44% in the last election in 2019."], "44%"),
        ("What was the turnout?", ["Turnout was 58%, up from 44% in the last election in 2019."], "58%"),
        # a change answers only a question about the change
        ("How much revenue did Kestrel make?", ["Kestrel's revenue grew 9% to 5.6 billion euros in the first half."],
         "5.6 billion euros"),
        ("By how much did Kestrel's revenue grow?",
         ["Kestrel's revenue grew 9% to 5.6 billion euros in the first half."], "9%"),
        # ... and "from X to Y" gives the value before the change first: what a thing costs is the new value
        ("What will a return ticket to the island cost?",
         ["The fare for an adult return to the island will go up from £18.40 to £21.20 in June."], "£21.20"),
        # "What is the X?": the figure that is X's new value, not a word describing X
        ("What is the new profit forecast?",
         ["The firm raised its full-year profit forecast to between 800 and 850 million euros."],
         "between 800 and 850 million euros"),
        # a name in quotes the recogniser misses is a name ("Board of Peace"), not a noun in it
        ("What is the name of the body that would oversee the truce?", ["The president would chair a “Board of "
         "Peace” in charge of overseeing the truce, similar to the one proposed for the war between Ostland and "
         "the Valkar Front."], "Board of Peace"),
        # a longer name opening with the owner's is another thing, not the question's name said again
        ("What is the name of Kestrel's new car?", ["Kestrel Motors on Monday unveiled its first electric car, the "
         "Kestrel Arrow, which will go on sale in Germany in May."], "Kestrel Arrow"),
        # a passive subject is an active object, and a bare count counts what the count before it does
        ("How many people were injured?",
         ["A storm hit the coast on Friday, killing at least 12 people and injuring more than 80, officials said."],
         "more than 80"),
        ("Who was elected mayor?", ["The city council elected Maria Lund mayor on Friday, replacing Olaf Berg."],
         "Maria Lund"),
        ("Who elected Maria Lund?", ["Maria Lund was elected by the city council on Friday, replacing Olaf Berg."],
         "the city council"),
        # "Prime" names the role asked about, not another owner of it
        ("Who is the prime minister of Ostland?", ["Thousands marched in the capital of Ostland on Saturday. Prime "
         "Minister Karl Vinter defended the reform on Sunday."], "Karl Vinter"),
        # "until the weekend" says how long; a temperature is no length of time
        ("How long will the heatwave last?", ["Meteorologists expect the heatwave to last until the weekend, when a "
         "cold front should bring temperatures down by about 10 degrees."], "until the weekend"),
        # a bare number beside a name is an age, no length of time
        ("How long a prison term did Tomas Brill receive?",
         ["Tomas Brill, 58, received a prison term on Thursday for fraud. He must serve seven years."], "seven years"),
        # a unit of time in the plural, counting nothing, is a length the recogniser does not tag
        ("How long did the envoy spend going over the draft with the negotiators?",
         ["The envoy reportedly spent days discussing the draft with the negotiators on Monday."], "days"),
        # "how soon": a stretch of time to come, however it is counted
        ("How soon do officials expect to press the mayor to sign the deal?",
         ["Officials expect to press the mayor into signing the deal in the coming days, a report said on Monday."],
         "the coming days"),
        # "their biggest one-day gain" says how long the gain took, not that it is another kind than the stock's
        ("How much did Harlow's stock gain in Oslo on Monday?",
         ["Harlow shares rose 7 per cent in Oslo on Monday, their biggest one-day gain since the firm listed in 2020."],
         "7 per cent"),
        # the figure of "a 4.5% increase" is the increase asked about, not a modifier making it another kind of one
        ("What wage increase did the nurses' union and Ardmore Health agree on in 2022?",
         ["In 2022 the nurses' union and Ardmore Health settled on a 4.5% increase after a two-day strike."], "4.5%"),
        # ... while an amount in a currency the recogniser does not label money is one
        ("What was Norvik Motors' revenue in the first quarter?",
         ["Norvik Motors delivered 84,300 vehicles in the first quarter. Its revenue rose to 12 billion kroner."],
         "12 billion kroner"),
        # "How big is X?" of a sum of money, or of a noun a sum of money modifies ("the debt pile"): not a count
        ("How big is the total debt pile that creditors of the ferry operator are chasing?",
         ["Creditors of the ferry operator, which runs nine vessels on 14 routes, are chasing debts of 412 million "
          "euros in total."],
         "412 million euros"),
        # an amount converted in brackets after it is the paper's, the first is the one stated
        ("How big was the fine the regulator imposed on Savanna Mobile?",
         ["The regulator on Tuesday fined Savanna Mobile 2.4 billion shillings ($18.6 million) over the data leak."],
         "2.4 billion shillings"),
        # a phrase headed by a noun the question names ("the deal") says what the question says, not what it asks
        ("What extra help did the city promise the union if it signs the deal?",
         ["The city promised the union additional funding for training if it signs.",
          "The union is expected to sign the wage deal with the city on Friday."], "additional funding"),
        # a place in a participle describing a firm ("Lagos-based") says where the firm is from, not where the
        # event happens (the recogniser takes "Savanna Mobile" for a place)
        ("Which company holds a controlling stake in Savanna Mobile?",
         ["Savanna Mobile is majority-owned by Lagos-based Tamber Telecom Group, which holds a 62% stake.",
          "Shares in Savanna Mobile fell 4.2% on the Nairobi Securities Exchange on Tuesday."],
         "Tamber Telecom Group"),
        # a role WordNet files as a kind of the asked one, in apposition to a person, is the asked role
        ("Which union leader wants the pledge on jobs made legally binding?",
         ["The Farmworkers Union said it wanted the pledge on jobs written into the merger conditions.",
          '"A promise in a press release is not a contract," said Nomvula Jacobs, the union\'s general secretary.'],
         "Nomvula Jacobs"),
        # ... not for "individual", of which every role is a kind ("the chief executive of another firm" would make
        # the individual asked for another firm's)
        ("Who is the individual facing a criminal trial on fraud charges?",
         ["The criminal trial of Ravi Mehta, former chief executive of Calder Exchange, began on Tuesday to decide "
          "whether he is guilty of fraud."],
         "Ravi Mehta"),
        # the doer of a noun WordNet derives from the question's verb: "a penalty imposed by X" penalised
        ("Which regulator penalised Orbit Telecom over the leak of customer data?",
         ["Orbit Telecom said on Wednesday it would appeal against a penalty imposed by the Marlow Communications "
          "Authority over the leak.",
          "Orbit Telecom blamed its billing contractor, Tandem Billing Systems, for exposing the customer data."],
         "the Marlow Communications Authority"),
        # a name headed by a noun the question itself says ("Farmers" of "Which farmers' group ...?") comes after one
        # that is not
        ("Which farmers' group put early losses from the fire at 18,000 million pesos?",
         ["Farmers' association Agricultores de Tarva estimated preliminary losses from the fire at CLP 18,000 "
          "million, mostly in vineyards."],
         "Agricultores de Tarva"),
        # "What" before a noun phrase is its determiner however the parser hangs it; a name the recogniser missed
        # answers when the text gives it the asked noun as its title ("the industrial union Unia")
        ("What labour union speaks for the staff at the Biel factories?",
         ["The plants in Biel employ about 3,400 people in total.",
          "The industrial union Unia, which represents workers at the Biel plants, welcomed the pledge."], "Unia"),
        # a noun the lists do not know that is a firm in WordNet's first sense asks for an organisation, not the
        # place before it
        ("Which ship-leasing business does the new owner's chairman control?",
         ["The new owner's chairman, Vikram Pereira, also controls the Singapore ship-leasing firm Pereira Maritime "
          "Capital."], "Pereira Maritime Capital"),
        # "Which Moroccan firm ...?": the name the text gives that origin, not another's ("Spain's") or a place
        ("Which Moroccan firm is part of the consortium building the desalination plant?",
         ["The Safi desalination plant will be built by a consortium led by Spain's Hidrotec Iberia and Morocco's "
          "Atlas Engineering Group, officials in Marrakesh said."], "Atlas Engineering Group"),
        # a title before the name that is a synonym of the asked noun in its first sense says what the name is
        ("Which judge set the penalty against PulseFit?",
         ["The judge also ordered PulseFit to pay A$450,000 towards the ACCC's legal costs after setting the penalty.",
          "Justice Helen Marchetti, sitting in Melbourne, handed down the penalty against PulseFit on Thursday."],
         "Helen Marchetti"),
    ],
)
def test_short_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passages: list[str], short: str
) -> None:
    hits = [make_hit(f"d{i}", p, rank=i + 1) for i, p in enumerate(passages)]
    draft = ask(question, hits)
    assert not draft.abstained, draft.reason
    assert draft.short_answer == short
    assert short in draft.sentences[0].text  # the short answer's sentence leads


def test_an_amount_of_money_is_asked_for_by_what_a_thing_costs(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # neither a share nor a bare count is what something costs
    for text in ("Tovik will close its Ardsley plant next year, and the closure will cost 900 jobs. "
                 "Tovik shares rose 3% after the closure was announced.",
                 "The closure will cost Tovik 900 jobs, and its shares rose 3% on the news."):
        draft = ask("How much will the closure cost Tovik?", [make_hit("d0", text)])
        assert draft.abstained and draft.short_answer is None
    draft = ask("How much will the closure cost Tovik?",
                [make_hit("d0", "The closure will cost Tovik $120 million, and its shares rose 3% on the news.")])
    assert draft.short_answer == "$120 million"


def test_what_another_named_person_did_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the 17 points are Taufa's, also when the verb that says so has its subject from the verb before it
    for text in ("Sione Taufa scored 17 points in the final, and wing Liam Gallagher scored a try.",
                 "In the final, Sione Taufa kicked a late penalty and scored 17 points. Wing Liam Gallagher also "
                 "played in the final."):
        hits = [make_hit("d0", text)]
        assert ask("How many points did Liam Gallagher score in the final?", hits).abstained
        assert ask("How many points did Sione Taufa score in the final?", hits).short_answer == "17"


def test_one_the_question_names_in_another_role_is_no_other_doer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the sale is told from the player's side; the question names him as what is paid for
    hits = [make_hit("d0", "Club president Jorge Vidal also announced that goalkeeper Daniel Moreno would move to "
                           "Mexican club Rio Verde for €12m. The club's debts would be cut by almost 30 per cent.")]
    draft = ask("How much is Rio Verde paying for goalkeeper Daniel Moreno?", hits)
    assert draft.short_answer == "€12m"


def test_whom_a_passive_question_names_is_no_doer_of_the_active_clause(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "When was Keir Starmer handed the report?" names whom it was handed to: Maria Lopes handing it is that act
    hits = [make_hit("d0", "The council wants the review finished quickly: Home Secretary Maria Lopes presented the "
                           "report to Prime Minister Keir Starmer Thursday in writing.")]
    assert ask("When was Keir Starmer handed the report?", hits).short_answer == "Thursday"
    # ... also where the parser reads the fronted "was" as a verb of its own
    assert ask("On which day was Prime Minister Keir Starmer handed the report?", hits).short_answer == "Thursday"
    # ... but he did not present it, and another person handed it in the passive is another act
    assert ask("When did Keir Starmer present the report?", hits).abstained
    other = [make_hit("d0", "Home Secretary Maria Lopes was handed the report on Thursday and will brief Prime "
                            "Minister Keir Starmer next month.")]
    assert ask("When was Keir Starmer handed the report?", other).short_answer != "Thursday"


def test_a_name_with_a_chief_executive_is_an_organisation(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the recogniser calls "Zuidlanden Bouwwerken" a person in every sentence; only a firm has a chief executive
    text = ("The case was brought by Zuidlanden Bouwwerken, the runner-up in the tender. Zuidlanden Bouwwerken's chief "
            "executive, Willem de Graaf, said the company would appeal.")
    question = "Which company took the water board to court over the tender?"
    assert ask(question, [make_hit("d0", text)]).short_answer == "Zuidlanden Bouwwerken"
    # ... and so is one the text calls an insurer, a lender or a bank, for "Which company"
    text = "The largest shareholder, the Norwegian insurer Halvard Forsikring, owns 14 percent of the bank."
    draft = ask("Which company holds the biggest stake in the bank?", [make_hit("d0", text)])
    assert draft.short_answer == "Halvard Forsikring"
    # ... a person's spokesman is no such thing
    text = ("The case was brought by Zuidlanden Bouwwerken, the runner-up in the tender. Zuidlanden Bouwwerken's "
            "spokesman, Willem de Graaf, said he would appeal.")
    assert ask(question, [make_hit("d0", text)]).short_answer != "Zuidlanden Bouwwerken"


def test_who_is_ordered_to_do_a_thing_does_it(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    # "the judge ordered Marek Dvorak to pay": Dvorak pays, not the judge
    hits = [make_hit("d0", "Judge Ilona Varga ordered Marek Dvorak to pay 40,000 euros in damages and costs.")]
    assert ask("How much must Marek Dvorak pay?", hits).short_answer == "40,000 euros"
    assert ask("How much must Ilona Varga pay?", hits).abstained


def test_a_point_in_time_is_no_length_of_time_or_age(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    hits = [make_hit("d0", "Adaeze Okonkwo took over at the ports authority in November, the ministry said on "
                           "Wednesday.")]
    assert ask("How old is Adaeze Okonkwo?", hits).abstained
    assert ask("How long has Adaeze Okonkwo led the ports authority?", hits).abstained
    hits = [make_hit("d0", "Adaeze Okonkwo, 52, took over at the ports authority in November after two years "
                           "as deputy.")]
    assert ask("How old is Adaeze Okonkwo?", hits).short_answer == "52"


@pytest.mark.parametrize(("passage", "age"), [
    # a length of time is no age
    ("Adaeze Okonkwo said the review of the ports authority would be finished within 14 days.", None),
    ("Adaeze Okonkwo led the ports authority for five years before she retired.", None),
    # ages as news gives them
    ("The 52-year-old Adaeze Okonkwo took over at the ports authority in November.", "52"),
    ("Adaeze Okonkwo, aged 52, took over at the ports authority in November.", "52"),
    # ... the age of the person asked about, not of someone else in the sentence
    ("The 61-year-old chairman praised Adaeze Okonkwo, who took over at the ports authority in November.", None),
])
def test_how_old_asks_for_an_age(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], passage: str, age: str | None
) -> None:
    got = ask("How old is Adaeze Okonkwo?", [make_hit("d0", passage)])
    if age is None:
        assert got.abstained, got.short_answer
    else:
        assert not got.abstained and age in (got.short_answer or "")


@pytest.mark.parametrize(
    ("question", "passage", "option"),
    [
        # the option the evidence states; the other need not be in the corpus at all
        ("Is the congestion charge 40 kroner or 50 kroner?",
         "Halden will introduce a congestion charge of 40 kroner for cars entering the centre.", "40 kroner"),
        ("Did Spain or Iceland win the final in Sydney?", "Spain won the final in Sydney on Sunday.", "Spain"),
        # options given as prepositional phrases are their objects
        ("Was the jewellery shop robbed of watches or of rings?",
         "A jewellery shop in Bergen was robbed of watches worth 2 million kroner.", "watches"),
        # a sentence with both options: the one it says of the question's subject
        ("Is the nurses' union demanding a 9% or a 4.5% pay rise?",
         "The union is seeking a 9% pay rise over two years, while the hospital operator has offered 4.5%.", "9%"),
        ("Is the hospital operator offering a 9% or a 4.5% pay rise?",
         "The union is seeking a 9% pay rise over two years, while the hospital operator has offered 4.5%.",
         "4.5% pay rise"),
        # an option said by a word of its phrase: "open to change" by "subject to change"
        ("Is the ministry presenting the timetable as fixed or as open to change?",
         "The ministry described the timetable as a draft subject to change after talks with the unions.", "open"),
    ],
)
def test_an_either_or_question_gets_the_option_the_evidence_states(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passage: str, option: str
) -> None:
    draft = ask(question, [make_hit("d0", passage)])
    assert not draft.abstained, draft.reason
    assert draft.short_answer == option


def test_an_either_or_option_read_as_the_questions_verb_is_not_said_by_its_clause(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the parser may take the question's verb for the first option: the words of its clause ("ministry",
    # "timetable") say nothing of either option
    draft = ask("Is the ministry presenting the timetable as open to change or as fixed?",
                [make_hit("d0", "The ministry described the timetable as a draft subject to change after talks.")])
    assert draft.short_answer is None


def test_another_rank_of_the_role_asked_about_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = ('"The policy rate will most likely be kept at this level," Governor Halvard Moe of Norges Bank told a '
            'news conference in Oslo.')
    hits = [make_hit("d0", text)]
    assert ask("Who is the governor of Norges Bank?", hits).short_answer == "Halvard Moe"
    # the governor is not the deputy governor, nor the former one
    assert ask("Who is the deputy governor of Norges Bank?", hits).abstained
    assert ask("Who is the former governor of Norges Bank?", hits).abstained
    hits = [make_hit("d0", text + " Deputy Governor Ida Wolden Bache said inflation was too high.")]
    assert ask("Who is the deputy governor of Norges Bank?", hits).short_answer == "Ida Wolden Bache"


def test_the_role_asked_about_held_elsewhere_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = ("City Rovers beat Portside United 3-1 in the cup final on Saturday. Portside's goal came from a "
            "penalty by Sam Ortiz. Rovers manager Ines Duarte, who took charge in March, called it the best day "
            "of her career.")
    hits = [make_hit("d0", text)]
    assert ask("Who is the manager of City Rovers?", hits).short_answer == "Ines Duarte"
    # the evidence names Rovers' manager, not Portside's: no one else named there is Portside's manager
    assert ask("Who is the manager of Portside United?", hits).abstained
    # ... also where the other holder's passage never names the body asked about
    hits = [make_hit("d0", "The DeltaBouw consortium, led by Van Houten Infra with Marsman Grondwerken as junior "
                           "partner, said it could deliver the dyke for its bid price."),
            make_hit("d1", "Noordzee Waterwerken's chief executive, Willem de Graaf, said the company would take part "
                           "in the reassessment.", rank=2)]
    assert ask("Who is the chief executive of Van Houten Infra?", hits).abstained
    # "its" is the body named before it: Norway's minister, not Iceland's
    hits = [make_hit("d0", "Talks between Norway and Iceland broke down on Thursday. Norway is demanding a larger "
                           "share of the catch, its fisheries minister, Anja Berg, said.")]
    assert ask("Who is Iceland's fisheries minister?", hits).abstained
    assert ask("Who is Norway's fisheries minister?", hits).short_answer == "Anja Berg"
    # the evidence speaks of the role only in another rank ("chief minister" for the deputy): it names no deputy
    hits = [make_hit("d0", "Maria Lopez will be sworn in as chief minister of the state on Tuesday after her Progress "
                           "Party won 22 of the 40 seats.")]
    assert ask("Who will serve as chief minister of the state?", hits).short_answer == "Maria Lopez"
    assert ask("Who will serve as deputy chief minister of the state?", hits).abstained
    # the subject of "reported revenue" holds the revenue: the buyer's own revenue is not the target's
    hits = [make_hit("d0", "Corvane Technologies has agreed to pay $1.35bn for Lumira Analytics. Lumira employs 420 "
                           "people and reported revenue of $85 million last year.")]
    assert ask("What was Lumira's revenue last year?", hits).short_answer == "$85 million"
    assert ask("What was Corvane Technologies' own revenue last year?", hits).abstained


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        # the policy rate is not the inflation rate: the same noun with another noun making it a kind of its own
        ("What was the inflation rate in May?",
         "Norges Bank raised its policy rate to 4.5% in May. The inflation rate stood at 3.1% in April."),
        ("What is the unemployment rate?",
         "The central bank kept the interest rate at 5.25%, and said the unemployment rate would rise."),
        # another quarter's profit
        ("What was the company's fourth-quarter profit?",
         "The company said its third-quarter net profit rose 18% to $212 million."),
        # a count of things is no sum of money
        ("What was Norvik Motors' revenue in the first quarter?",
         "Norvik Motors delivered 84,300 vehicles in the first quarter, the company said."),
        # ... and another length of a thing: a bond of ten years is not one of two
        ("What is the two-year bond yield?", "The 10-year bond yield rose to 4.2% on Friday, traders said."),
        # "No one" is a pronoun, not a count
        ("How many people work at the plant?", "No one was hurt in the fire at the plant, the company said."),
        # a share is no count
        ("How many flats in the city stand empty?",
         "Supporters argued that in a city where fewer than one flat in a hundred is vacant, rents would keep rising."),
        # "for five years" says how long, not when
        ("When will the mayor's appeal be heard?",
         "Judge Ana Ruiz barred the mayor from holding office for five years; his appeal will be heard by the high "
         "court."),
    ],
)
def test_a_span_that_only_looks_like_the_answer_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passage: str
) -> None:
    draft = ask(question, [make_hit("d0", passage)])
    assert draft.abstained, draft.short_answer


def test_a_count_of_something_else_is_no_length_of_time(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    passage = make_hit("d0", "The plan calls for Freedonia to cut its army to 600,000 troops.")
    assert ask("How soon would Freedonia have to cut its army?", [passage]).abstained
    # a bare number may be an age or a length ("Sato, 41,"), and a count of days is one
    days = make_hit("d0", "The plan calls for Freedonia to cut its army within 90 days.")
    assert ask("How soon would Freedonia have to cut its army?", [days]).short_answer == "90 days"


def test_how_many_days_is_answered_by_a_count_of_days(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the recogniser labels "100 days" a date; "Monday" is a date but no count of days
    passage = make_hit("d0", "The strike began on Monday. The union said it would go on for 100 days.")
    assert ask("How many days would the strike last?", [passage]).short_answer == "100 days"
    monday = make_hit("d0", "The strike began on Monday and the union gave no end date.")
    assert ask("How many days would the strike last?", [monday]).abstained


@pytest.mark.parametrize(("passage", "short"), [
    ("Rovers beat United 2-1 in the final in front of 61,200 spectators at the national stadium.",
     "61,200 spectators"),
    ("Officials said 38,000 residents had been moved to relief camps by Tuesday.", "38,000 residents"),
])
def test_a_count_of_a_kind_of_person_counts_people(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], passage: str, short: str
) -> None:
    # WordNet files spectators and residents under person; the hash embedder, as MiniLM nearly does, puts
    # "spectators" far from "people", which left the score's "2" as the count of people
    question = ("How many people watched the final at the national stadium?" if "final" in passage
                else "How many people had been moved to relief camps by Tuesday?")
    assert ask(question, [make_hit("d0", passage)]).short_answer == short


def test_a_count_of_people_counts_a_kind_of_person_where_it_states_the_asked_predicate(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # evacuees are people (WordNet), but "3,000 people live in the valley" is no count of evacuees; the
    # lemmatizer leaves "were housing" as "housing", whose verb is "house"
    question = "How many evacuees were being housed in emergency shelters on Monday?"
    housed = make_hit("d0", "Nine shelters set up in schools were housing 1,240 people on Monday, the delegate said. "
                            "Crews fought the fire for a third day.")
    assert ask(question, [housed]).short_answer == "1,240 people"
    living = make_hit("d0", "About 3,000 people live in the valley, the delegate said. Nine shelters were opened in "
                            "schools on Monday.")
    draft = ask(question, [living])
    assert draft.abstained and draft.reason.endswith("states how many evacuees.")
    # a light verb states nothing
    there = make_hit("d0", "About 3,000 people are in the valley shelters, the delegate said. Crews fought the fire.")
    assert ask("How many evacuees are there in the shelters?", [there]).abstained


def test_a_date_before_the_event_noun_the_question_names_dates_it(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "in 2011" sits where "In what year" sits, but of the collapse; "the 2019 flood" dates the flood asked about
    hits = [make_hit("d0", "Aid to the province was cut after the 2019 flood of the Varena valley and the collapse of "
                           "the Oskar dam in 2011, officials said. Farmers are still rebuilding.")]
    assert ask("In what year did the flood of the Varena valley take place?", hits).short_answer == "2019"
    assert ask("In what year did the Oskar dam collapse?", hits).short_answer == "2011"


def test_a_participle_left_unlemmatized_matches_its_verb() -> None:
    from rag.answer.clauses import lemma_match

    assert lemma_match("house", "housing") and lemma_match("freeze", "freezing")
    assert not lemma_match("close", "closure")  # "expected to close" is no closure
    assert not lemma_match("lease", "least")


def test_a_score_is_one_figure_that_counts_nothing(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the recogniser labels the "3" of "3-1" alone a number
    final = make_hit("d0", "Portside won the cup final 3-1 on Saturday.")
    assert ask("By what score did Portside win the cup final on Saturday?", [final]).short_answer == "3-1"
    assert ask("How many people watched Portside win the cup final on Saturday?", [final]).abstained


def test_may_is_not_a_date(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    # The old has_date() was true for any sentence containing "may".
    draft = ask("When will the officials meet for talks?", [make_hit("d0", TALKS)])
    assert draft.abstained and draft.short_answer is None


def test_a_name_no_passage_mentions_abstains(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    draft = ask("What did Japan's trade minister say about the tender?", [make_hit("d0", HANDOVER)])
    assert draft.abstained and "Japan" in draft.reason


def test_a_surname_answer_is_given_in_full(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    # Articles name a person in full once, then by surname: the short answer is the full name the
    # cited passage gives, not the bare surname of the best sentence.
    article = ("Mara Lindqvist founded the studio in 2015 after leaving a larger publisher. "
               "At the trade fair on Friday, Lindqvist unveiled the studio's new racing game.")
    draft = ask("Who unveiled the studio's new racing game?", [make_hit("d0", article)])
    assert draft.short_answer == "Mara Lindqvist"
    assert "Lindqvist unveiled" in draft.sentences[0].text
    # a passage that gives only the surname takes the full name another report gives, and cites it
    only_surname = make_hit("d0", article.split(". ")[1])
    profile = make_hit("d1", "The studio was founded by Mara Lindqvist, a former racing driver.", rank=2)
    draft = ask("Who unveiled the studio's new racing game?", [only_surname, profile])
    assert draft.short_answer == "Mara Lindqvist"
    assert [s.text for s in draft.sentences[:2]] == [only_surname.chunk.text, profile.chunk.text]
    # two people of that surname: which one is meant is not known, so the surname stays bare
    brother = make_hit("d2", "Jonas Lindqvist, her brother, runs a bakery in Malmo.", rank=3)
    draft = ask("Who unveiled the studio's new racing game?", [only_surname, profile, brother])
    assert draft.short_answer == "Lindqvist"


def test_a_surname_no_sentence_gives_in_full_takes_the_name_a_headline_gives(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "Who unveiled the studio's new racing game?"
    text = "At the trade fair on Friday, Lindqvist unveiled the studio's new racing game."
    # the headline of the answer's own article
    own = make_hit("d0", text, title="Mara Lindqvist shows off a racing game in Gothenburg")
    assert ask(question, [own]).short_answer == "Mara Lindqvist"
    # another article's headline: its passage is cited too
    bare = make_hit("d0", text, title="Gaming fair opens in Gothenburg")
    other = make_hit("d1", "The studio hired forty new staff this year to finish the game.", rank=2,
                     title="Mara Lindqvist's studio doubles in size")
    draft = ask(question, [bare, other])
    assert draft.short_answer == "Mara Lindqvist"
    assert other.chunk.text in [s.text for s in draft.sentences]
    # two people of that surname in the headlines: it stays bare
    brother = make_hit("d2", "The bakery opened a second shop in the old town this spring.", rank=3,
                       title="Jonas Lindqvist opens a second bakery")
    assert ask(question, [bare, other, brother]).short_answer == "Lindqvist"


def test_initials_and_a_first_name_take_the_full_name_a_headline_gives(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # news calls someone by initials ("SBF") or, quoting, by first name; the headline names them in full
    orders = make_hit("d0", "The deputy moved $2 billion of client money on the orders of RK, she told the court.",
                      title="The rise and fall of Rupert Kale")
    assert ask("Who ordered the deputy to move the client money?", [orders]).short_answer == "Rupert Kale"
    quote = "His lawyer said: “Marco praises Delia for recognising that she needs to step back.”"
    question = "Who did Marco praise for stepping back?"
    praise = make_hit("d0", quote, title="Delia Frost and Marco Ruiz: a timeline of their marriage")
    assert ask(question, [praise]).short_answer == "Delia Frost"
    # two people of that first name in the headline: which one is meant is not known
    praise = make_hit("d0", quote, title="Delia Frost, Delia Moss and Marco Ruiz: a timeline")
    assert ask(question, [praise]).short_answer == "Delia"


class _Archive:
    """A stand-in for the whole index: the passages that mention a name, as ``Index.passages_naming`` returns."""

    def __init__(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.asked: list[str] = []

    def knows(self, name: str) -> bool:
        return True

    def passages_naming(self, name: str, limit: int) -> list[SearchHit]:
        self.asked.append(name)
        return [h for h in self.hits if name.lower() in h.chunk.text.lower()][:limit]

    def same_article(self, hit: SearchHit) -> list[SearchHit]:
        return [h for h in self.hits if h.chunk.doc_id == hit.chunk.doc_id]


def test_a_surname_the_evidence_never_gives_in_full_takes_the_name_the_index_gives(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    question = "Who unveiled the studio's new racing game?"
    passage = make_hit("d0", "At the trade fair on Friday, Lindqvist unveiled the studio's new racing game.",
                       title="Gaming fair opens in Gothenburg")
    profile = make_hit("d7", "Mara Lindqvist left a larger publisher to found the studio in 2015.", rank=9)
    archive = _Archive([profile, make_hit("d8", "The fair drew 40,000 visitors.")])
    draft = ExtractiveAnswerer(emb, nlp, archive).answer(Query.create(question, 5), [passage])
    assert draft.short_answer == "Mara Lindqvist"
    assert archive.asked == ["Lindqvist"]
    # the answer's sentence leads; the sentence that gives the full name is cited beside it
    assert [s.text for s in draft.sentences[:2]] == [passage.chunk.text, profile.chunk.text]
    # two people of that surname in the index: it stays bare
    brother = make_hit("d9", "Jonas Lindqvist runs a bakery in Malmo.")
    draft = ExtractiveAnswerer(emb, nlp, _Archive([profile, brother])).answer(Query.create(question, 5), [passage])
    assert draft.short_answer == "Lindqvist"
    assert all(s.text != profile.chunk.text for s in draft.sentences)
    # a name the evidence gives in full is not looked up
    archive = _Archive([profile])
    whole = make_hit("d0", "At the fair, Mara Lindqvist unveiled the studio's new racing game.")
    assert ExtractiveAnswerer(emb, nlp, archive).answer(Query.create(question, 5), [whole]).short_answer == (
        "Mara Lindqvist")
    assert archive.asked == []


def test_a_surname_taken_for_an_organisation_is_a_person(
    ask: Callable[..., Draft], nlp: TextAnalyser, make_hit: Callable[..., SearchHit]
) -> None:
    # the recogniser labels the bare hyphenated surname an organisation; the full name is a person
    doc = nlp.parse("Prosecutors say Okonkwo-Baptiste used his deputy Helen Marsh as a front to move client money.")
    assert {e.text: e.label_ for e in doc.ents}.get("Okonkwo-Baptiste") == "ORG"
    hits = [make_hit("d0", doc.text),
            make_hit("d1", "The trial of Daniel Okonkwo-Baptiste, the lender's founder, began on Monday.", rank=2)]
    draft = ask("Who is accused of using a front to move client money?", hits)
    assert draft.short_answer == "Daniel Okonkwo-Baptiste"


def test_each_source_the_question_names_is_quoted(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "Does A report X, while B says Y?": the answer shows each named report's own best sentence,
    # even when other outlets' sentences score higher than B's.
    question = ("Does the Harbour Times report that the port strike ended on Monday, while the Valley Gazette "
                "says the dockers' union accepted the pay offer?")
    hits = [
        make_hit("a", "The port strike ended on Monday after three weeks of stoppages.", source="Harbour Times"),
        make_hit("b", "Port strike ended on Monday: the strike at the port ended after three weeks.", source="Wire",
                 rank=2),
        make_hit("c", "The port strike that ended on Monday had closed the port for three weeks.",
                 source="Coast Radio", rank=3),
        make_hit("d", "The dockers' union accepted the pay offer late on Sunday.", source="Valley Gazette", rank=4),
    ]
    draft = ask(question, hits)
    shown = {s.hit.source for s in draft.sentences}
    assert {"Harbour Times", "Valley Gazette"} <= shown


@pytest.mark.parametrize(
    ("name", "label", "text", "mentioned"),
    [
        ("US", "GPE", "The deal was signed in Geneva by both delegations.", False),  # "us" is a stop word, "US" a name
        ("US", "GPE", "The US and Canada signed the deal in Geneva.", True),
        ("the Bank of Canada", "ORG", "The Bank of Canada held rates.", True),
        ("Volodymyr Zelensky", "PERSON", "Zelensky said the talks would go on.", True),  # a person by surname
        ("WHO", "ORG", "Who will pay for the vaccines is unclear.", True),  # the words are there, whatever the case
        ("U.S. Open", "EVENT", "She won the US Open in 2021.", True),  # an abbreviation with or without dots
        ("US Open", "EVENT", "She won the U.S. Open in 2021.", True),
        ("U.K. Open", "EVENT", "She won the US Open in 2021.", False),
        # a title is named by its subtitle alone
        ("The Legend of Zelda: Breath of the Wild", "WORK_OF_ART", "Breath of the Wild came out in March.", True),
        ("The Legend of Zelda: Breath of the Wild", "WORK_OF_ART", "The Legend of Zelda came out in 1986.", False),
        # a space lost between a function word and the name when the page was scraped
        ("Ukraine", "GPE", "The plan provides that theUkraine holds elections.", True),
        ("Oman", "GPE", "The woman holds elections.", False),  # "w" is no word
        # a national capital names its country's government, and the country its capital (WordNet)
        ("Washington", "GPE", "The United States is pressing Ukraine to accept the plan.", True),
        ("Russia", "GPE", "Moscow rejected the plan on Friday.", True),
        ("Washington", "PERSON", "The United States is pressing Ukraine to accept the plan.", False),
        ("Texas", "GPE", "The United States is pressing Ukraine to accept the plan.", False),  # a state is no capital
        # ... and a country's other names name it
        ("Britain", "GPE", "The United Kingdom, Germany and France are against this plan.", True),
        ("America", "GPE", "EU member states are against this plan.", False),  # not "the States"
        # a firm is named by its coined first word once introduced, not by an English one ("Harbour")
        ("Lumira Analytics", "ORG", "Lumira employs 420 people.", True),
        ("Harbour Analytics", "ORG", "Harbour employs 420 people.", False),
        ("Lumira Analytics", "GPE", "Lumira employs 420 people.", False),
        # ... also a club the recogniser calls a person, whose "surname" is an English word; a person's own first
        # name does not name them
        ("Ashcombe United's", "PERSON", "Ashcombe's accounts showed a wage bill of 31.2 million pounds.", True),
        ("Volodymyr Zelensky", "PERSON", "Volodymyr Kravets said the talks would go on.", False),
        ("Xenoblade Chronicles 2", "PERSON", "Xenoblade Chronicles came out in 2010.", False),  # numbered
        # a name by another spelling WordNet gives the thing ("Kyiv", close to its "Kyyiv", is "Kiev"), whatever
        # label the recogniser gave the question's name; not a short one ("EU" is no "Europe") nor a word's sense
        ("Kyiv", "PERSON", "For Kiev, ceding the territories means losing resources.", True),
        ("Kyiv", "GPE", "For Kharkiv, ceding the territories means losing resources.", False),
        ("EU", "ORG", "Europe would be expected to contribute an additional 100 billion dollars.", False),
        ("Ford", "PERSON", "The crossing of the river was closed.", False),
    ],
)
def test_mentions(name: str, label: str, text: str, mentioned: bool) -> None:
    from rag.answer.names import mentions
    from rag.nlp import norm_text

    assert mentions(name, label, norm_text(text).split()) is mentioned


def test_an_acronym_is_mentioned_by_the_words_it_abbreviates() -> None:
    from rag.answer.names import mentions
    from rag.nlp import norm_text

    assert mentions("FT", "ORG", norm_text("The Financial Times reported it first.").split())
    assert mentions("WHO", "ORG", norm_text("The World Health Organization said so.").split())
    assert not mentions("FT", "ORG", norm_text("The Fiscal Council reported it first.").split())


def test_a_sentence_about_another_place_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the question sets its event in Madrid; the only figure is Valencia's
    passage = ("Valencia in eastern Spain recorded 82 millimetres of rain in 24 hours. "
               "Flights from Madrid to the coast were delayed.")
    draft = ask("How much rain was recorded in Madrid in 24 hours?", [make_hit("d0", passage)])
    assert draft.abstained and draft.short_answer is None
    # a sentence that names no other place still answers
    storm = "The storm dropped 82 millimetres of rain in 24 hours, the weather agency said of Madrid's worst day."
    draft = ask("How much rain was recorded in Madrid in 24 hours?", [make_hit("d0", storm)])
    assert draft.short_answer == "82 millimetres"


def test_a_count_in_another_district_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the recogniser labels no place in the question; "Prefecture" (WordNet: a region) makes it one
    passage = ("About 28,000 households in Kochi Prefecture were without power on Monday morning. "
               "The plant in neighbouring Ehime Prefecture was not damaged.")
    draft = ask("How many households in Ehime Prefecture lost power after the quake?",
                [make_hit("d0", passage)])
    assert draft.abstained and draft.short_answer is None
    draft = ask("How many households in Kochi Prefecture lost power after the quake?",
                [make_hit("d0", passage)])
    assert draft.short_answer == "About 28,000"


def test_a_when_question_prefers_the_time_of_its_own_predicate(nlp: TextAnalyser) -> None:
    from rag.answer.question import analyse_question
    from rag.answer.roles import role_match

    q = analyse_question("When does the new mayor take office?", nlp)
    doc = nlp.parse("Duarte was elected mayor on Sunday and will take office on January 1.")
    sunday = next(e for e in doc.ents if e.text == "Sunday")
    january = next(e for e in doc.ents if e.text.startswith("January"))
    assert role_match(q, january.root) == 1.0  # an adverbial of "take"
    assert 0.0 < role_match(q, sunday.root) < 1.0  # an adverbial of another verb
    duarte = next(t for t in doc if t.text == "Duarte")
    assert role_match(q, duarte) == 0.0  # not an adverbial at all


def test_a_name_in_apposition_plays_the_part_of_the_noun_it_names(nlp: TextAnalyser) -> None:
    from rag.answer.question import analyse_question
    from rag.answer.roles import role_match

    q = analyse_question("Who founded Lumetric?", nlp)
    doc = nlp.parse("Lumetric was founded in 2017 by two university researchers, Jonas Weber and Petra Albrecht.")
    names = {e.text: e.root for e in doc.ents if e.label_ == "PERSON"}
    # the agent of the passive is who founded it; so are the names given to it, and the one joined to them
    assert role_match(q, names["Jonas Weber"]) == 1.0
    assert role_match(q, names["Petra Albrecht"]) == 1.0


def test_a_noun_that_names_the_asked_act_gives_its_role(nlp: TextAnalyser) -> None:
    from rag.answer.question import analyse_question
    from rag.answer.roles import role_match, slot_of

    q = analyse_question("In which areas would the ceasefire be monitored?", nlp)
    doc = nlp.parse("The plan provides for the recognition of Tarsk as Russian and the monitoring of the ceasefire in "
                    "the Varena and Kostorik areas.")
    words = {t.text: t for t in doc}
    # the names before "areas" stand where the areas stand, in the monitoring "the plan provides for"
    assert slot_of(words["Kostorik"])[:2] == ("pobj", "in")
    assert role_match(q, words["Varena"]) == role_match(q, words["Kostorik"]) == 1.0
    assert role_match(q, words["Tarsk"]) == 0.0  # recognised, not frozen; and not "in" anything


def test_a_figure_given_through_a_verb_is_the_value_of_its_subject(nlp: TextAnalyser) -> None:
    from rag.answer.dating import own_time
    from rag.answer.roles import value_of

    doc = nlp.parse("Net income rose to $410 million, while revenue reached $2.3 billion.")
    money = {e.text: e.root for e in doc.ents if e.label_ == "MONEY"}
    assert value_of(money["$410 million"], "income") and not value_of(money["$2.3 billion"], "income")
    # a figure inside the subject describes it ("the 600-metre bridge"), it is not its value
    doc = nlp.parse("The new 600-metre bridge cost €52 million.")
    metres = next(t for t in doc if t.text == "600")
    euros = next(e.root for e in doc.ents if e.label_ == "MONEY")
    assert value_of(euros, "bridge") and not value_of(metres, "bridge")
    # the new value an object is raised, cut or kept to
    doc = nlp.parse("The company raised its full-year forecast to $12.4 billion from $12 billion.")
    new = next(e.root for e in doc.ents if e.text == "$12.4 billion")
    assert value_of(new, "forecast")
    # the date of a figure's own phrase, else of its verb outside other figures' phrases
    doc = nlp.parse("Inflation fell to 2.3% in April from 3.2% in March.")
    shares = {e.text: e.root for e in doc.ents if e.label_ == "PERCENT"}
    assert own_time(shares["3.2%"]) == "March" and own_time(shares["2.3%"]) == "April"


def test_a_description_in_apposition_with_a_name_is_no_candidate(nlp: TextAnalyser) -> None:
    from rag.answer.evidence import spans_in
    from rag.answer.question import analyse_question

    q = analyse_question("Who said the decision on milk prices was historic?", nlp)
    for text, described in (
            ("Tran Van Minh, spokesperson at the health ministry, said the decision was historic.", "spokesperson"),
            ("Two researchers, Jonas Weber and Petra Albrecht, said the decision was historic.", "researchers")):
        sent = next(iter(nlp.parse(text).sents))
        found = {sent.doc[a:b].text: label for a, b, label in spans_in(q, sent)}
        assert not any(described in text and label == "NP" for text, label in found.items()), found


def test_a_name_inside_a_longer_name_is_not_the_answer(nlp: TextAnalyser) -> None:
    from spacy.tokens import Span

    from rag.answer.evidence import spans_in
    from rag.answer.question import analyse_question

    q = analyse_question("Who won the award this season?", nlp)
    doc = nlp.parse("Nadia Petrova won the Johnny Unitas Golden Arm Award this season.")
    # as the recogniser reads such a name: the person it is named after, inside it
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 4, 6, "PERSON")]
    assert [doc[a:b].text for a, b, _ in spans_in(q, doc[:])] == ["Nadia Petrova"]


def test_a_question_asking_for_a_name_is_answered_by_a_name(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    passage = "The bank is bringing its chat assistant to the workplace with a new service called Penny."
    draft = ask("What is the name of the bank's chat assistant at work?", [make_hit("d", passage)])
    assert draft.short_answer == "Penny"
    # a product name the tagger takes for a common noun is still a name
    passage = "The general-purpose chatbot ChatGPT was built by the lab and released to users in November."
    draft = ask("What is the name of the general-purpose chatbot built by the lab?",
                [make_hit("e", passage)])
    assert draft.short_answer is not None and draft.short_answer.endswith("ChatGPT")
    # a number is no name
    passage = "The ferry was carrying 212 passengers when it ran aground near Port Alva on Friday."
    draft = ask("What was the name of the ferry?", [make_hit("f", passage)])
    assert draft.short_answer != "212 passengers"


def test_a_report_that_says_the_figure_was_not_disclosed_is_an_abstention(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    article = ("Harbour Robotics, a Lisbon start-up, has raised €45 million in a funding round led by Atlantic "
               "Ventures. The company did not disclose its valuation.")
    question = "What valuation did Harbour Robotics reach in the funding round?"
    draft = ask(question, [make_hit("d", article)])
    assert draft.abstained and "not disclosed" in draft.reason
    # another figure withheld is no reason to abstain
    stated = ("Harbour Robotics reached a valuation of €300 million in the funding round. "
              "It did not disclose its revenue.")
    draft = ask(question, [make_hit("e", stated)])
    assert not draft.abstained and draft.short_answer == "€300 million"


@pytest.mark.parametrize("withheld", ["The price Ridgeline is paying has not been made public.",
                                      "The financial terms were not disclosed.",
                                      "Ridgeline did not disclose the price."])
def test_a_sum_paid_that_the_report_says_was_not_disclosed_is_an_abstention(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], withheld: str
) -> None:
    # "How much is X paying?" names no figure: the report's word for the sum withheld (a price, the financial terms)
    article = f"Ridgeline will buy the club. It will also invest 12 million pounds in the stadium. {withheld}"
    draft = ask("How much is Ridgeline paying for the club?", [make_hit("d", article)])
    assert draft.abstained and "not disclosed" in draft.reason
    # another thing withheld is no reason to abstain
    article = "Ridgeline will pay 30 million pounds for the club. It did not disclose how many staff it employs."
    draft = ask("How much is Ridgeline paying for the club?", [make_hit("e", article)])
    assert draft.short_answer == "30 million pounds"



@pytest.mark.parametrize(("question", "said", "withheld"), [
    # the report asks the question itself and says it was not answered
    ("How much will the strike cost the airline?", "The airline did not say how much the strike would cost.", True),
    ("How many flights will be cancelled on Tuesday?",
     "It was not immediately clear how many flights would be cancelled on Tuesday.", True),
    ("When will the suspects appear in court?", "Police declined to say when the suspects would appear in court.",
     True),
    # ... where no one would tell
    ("How much will the strike cost the airline?", "Neither side would say how much the strike would cost.", True),
    # ... by the verb the question's predicate takes
    ("How much is the strike expected to cost the airline?",
     "The airline did not say how much the strike would cost.", True),
    # ... or as the wh-word alone, or through a pronoun, after the clause it asks about
    ("When will the union hold its rally?", "The union said it would hold a rally but has not said when.", True),
    ("Where will the union's rally be held?",
     "The union said it would hold a rally on Saturday but has not yet said where it will take place.", True),
    ("When will the union hold its rally?",
     "The union said it would hold a rally on Saturday but has not yet said where it will take place.", False),
    # ... the not telling joined to the telling of the clause
    ("When will the union hold its rally?", "The union said it would hold a rally, but it did not say when.",
     True),
    # ... another question left open is no reason to abstain
    ("How much will the strike cost the airline?", "The airline did not say how long the strike would last.",
     False),
    # a telling done "without" is not done
    ("On what date will the union hold its strike vote?",
     "The union said a strike vote would take place next week, without giving a date.", True),
    ("On what date will the union hold its strike vote?",
     "The union said a strike vote would take place on Friday, without giving its reasons.", False),
])
def test_a_report_that_leaves_the_question_open_is_an_abstention(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, said: str, withheld: bool
) -> None:
    article = ("Baggage handlers at Northgate airport walked out on Monday, and 40 flights were cancelled, "
               f"costing passengers 2 million euros, a consumer group estimated. {said}")
    draft = ask(question, [make_hit("d", article)])
    assert (draft.abstained and "not disclosed" in draft.reason) == withheld


def test_a_copula_is_no_clause_a_report_leaves_open(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "How much is X paying?" is parsed at times as asked of "is": a clause of "are" left open is not the one asked
    article = ("Hellweg Industrie is paying 37 million euros for the coke plant. Campaign spending reports are not "
               "due until September, and neither leading campaign disclosed how much it had spent.")
    draft = ask("How much is Hellweg Industrie paying for the coke plant?", [make_hit("d", article)])
    assert not draft.abstained and draft.short_answer == "37 million euros"


@pytest.mark.parametrize(("open_clause", "abstains"), [
    ("The club said he would be presented to supporters before a home match but has not said when.", True),
    # another clause left open says nothing of the presenting
    ("The club said he would train with the squad this week but has not said when.", False),
])
def test_another_report_leaving_the_asked_clause_open_outweighs_a_time_of_another_verb(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], open_clause: str, abstains: bool
) -> None:
    # the best time dates the club's confirming, not the presenting the question asks of
    sold = "Ashcombe United confirmed on Monday that they had signed winger Rafael Quintas to present to supporters."
    hits = [make_hit("a", sold), make_hit("b", f"Quintas passed a medical. {open_clause}")]
    draft = ask("On what date will Ashcombe United present Rafael Quintas to their supporters?", hits)
    assert draft.abstained == abstains
    if abstains:
        assert "has not said when" in draft.reason


def test_the_individual_that_did_something_is_its_subject(
    ask: Callable[..., Draft], nlp: TextAnalyser, make_hit: Callable[..., SearchHit]
) -> None:
    # the attribute of "to be" ("the Good Boy", which the recogniser takes for a person) sits where
    # "Who is ..." would; the question asks for whoever the relative clause describes: the subject of "made"
    text = ("Before the crash, Pereira made himself out to be the Good Boy of lending, "
            "the trustworthy face of an industry.")
    assert "the Good Boy" in [e.text for e in nlp.parse(text).ents if e.label_ == "PERSON"]
    draft = ask("Who is the individual that made himself out to be the trustworthy face of the industry?",
                [make_hit("d0", text)])
    assert draft.short_answer == "Pereira"


@pytest.mark.parametrize(
    ("question", "passage", "short"),
    [
        # the sentence brings in the ministers without naming them: the name beside them is someone else
        ("Which ministers are implicated in the bribery scandal?",
         "The government is weakened by a bribery scandal involving ministers and advisers close to President "
         "Lorca.", None),
        ("Which two towns would become buffer zones?",
         "Two other towns will also become buffer zones, and both Valdoria and Castran will share control of them.",
         None),
        # the unnamed mention is in another of the best sentences, and none names them
        ("Which European retailers buy clothes from the factory?",
         "A fire at a garment factory near Valdoria injured 31 workers on Thursday, the Valdoria Fire Service said. "
         "The factory employs about 4,000 people and makes clothes for European retailers.", None),
        # the place where they are is not their name, and "the official" takes up the unnamed "a senior official"
        ("Who is the senior official quoted by the newspaper?",
         "A senior official in Brasov said the guarantees were being used as a lever. "
         "The official added that the prosperity deal remains unsigned.", None),
        ("Who is the spokesman quoted on the ferry?",
         "A spokesman at Northline Marine said the ferry would sail again on Monday.", None),
        # the mention with the question's words for the noun is the one asked about, another coach named is not
        ("Which former Welsh assistant coach is in the running for the job?",
         "Interim coach Josaia Naulu will take charge for the tour. A former Welsh assistant coach is among the "
         "candidates for the job, two people said.", None),
        ("Which former Welsh assistant coach joined the staff?",
         "Interim coach Josaia Naulu will take charge for the tour. A former Welsh assistant coach, Gareth Evans, "
         "joined the staff on Monday.", "Gareth Evans"),
        # ... and news calls a company a group: "a European drinks group" is the company asked about
        ("Which European drinks company also bid for the winery?",
         "Protea Bank advised the winery on the sale. A European drinks group also bid for the winery but made no "
         "formal offer, people familiar with the talks said.", None),
        # ... but a minister is no official: the ministers stay unnamed
        ("Which Valdorian ministers are implicated in the bribery scandal?",
         "The government is weakened by a bribery scandal involving ministers. Valdorian officials, including "
         "Maria Lopes, denied any wrongdoing.", None),
        ("Who is the senior official quoted by the newspaper?",
         "A senior official, Maria Lopes, said the guarantees were being used as a lever. "
         "The official added that the prosperity deal remains unsigned.", "Maria Lopes"),
        # named there after all: "including X", or a definite "the company" that points back to a name
        ("Which companies paid the fine?", "Several companies, including Globex, paid the fine on Monday.", "Globex"),
        ("Which company cut its forecast?", "Globex shares fell after the company cut its forecast.", "Globex"),
        # a generic mention ("every lender") brings in no one in particular
        ("Which retailer cut its prices first?",
         "Harwick Stores cut its prices on Monday, and almost every retailer in the region is expected to follow.",
         "Harwick Stores"),
        ("Which airline cancelled flights first?",
         "Skyline Air cancelled 40 flights on Monday, before any airline at the airport had done so.", "Skyline Air"),
        # no name answers it: a description of a person or body in the asked role does
        ("Who will pay for the repairs?", "The regional government will pay for the repairs, the council said.",
         "regional government"),
        ("Who found the missing climbers?", "Two police officers found the missing climbers on Sunday morning.",
         "Two police officers"),
        # ... but not over the names it is given in apposition
        ("Who founded Lumetric?",
         "Lumetric was founded in 2017 by two former university researchers, Jonas Weber and Petra Albrecht.",
         "Jonas Weber"),
        # ... nor over the name it describes in apposition
        ("Who said the decision on milk prices was historic?",
         "Tran Van Minh, spokesperson at the health ministry, said the decision on milk prices was historic.",
         "Tran Van Minh"),
        # ... and over a name in another role ("Novak declared ... and said")
        ("Who will help with the evacuation?",
         "Regional governor Petra Novak declared a state of emergency and said the army would help with the "
         "evacuation.", "army"),
        # "What is the name of the X?" asks for a person by a noun WordNet files as one ("supervisor"), which the
        # typing lists do not know
        ("What is the name of the night supervisor who raised the alarm at the quarry?",
         "A night supervisor who raised the alarm at the Harrow Hill quarry was praised by the rescued men. "
         "Quarry owner Delmar Aggregates said the pumps had failed at 2 a.m.", None),
        ("What is the name of the night supervisor who raised the alarm at the quarry?",
         "Night supervisor Owen Pryce raised the alarm at the Harrow Hill quarry, the rescued men said.",
         "Owen Pryce"),
        # the text says the name was kept back, however definitely it speaks of the thing
        ("Which company built the turbopump on the second stage?",
         "Tagus said on Friday that it was studying the second stage's turbopump. The firm would not identify the "
         "German company that built the turbopump.", None),
        ("Which company built the turbopump on the second stage?",
         "Tagus engineers were studying the second stage's turbopump on Friday. The turbopump was built by a company "
         "that Tagus declined to name.", None),
        # a definite mention with all the question's words for it gets no name from its article by "the" alone
        ("What is the name of the American envoy who travelled to Valdoria?",
         "The American envoy has also gone to Valdoria to please President Lorca, whose favour now matters more to "
         "Washington than its allies.", None),
        # a place before the noun says where they are from, not who they are
        ("Which US official briefed the allies on the talks?",
         "US officials have briefed the allies on the talks, the paper reported. Army Secretary Dan Marlow presented "
         "the plan to the allies on Thursday.", None),
        ("Which US official briefed the allies on the talks?",
         "US official Dan Marlow briefed the allies on the talks on Thursday.", "Dan Marlow"),
        # ... unless the answer is the one who did what is asked
        ("Which US official delivered the written peace plan to the president?",
         "US officials have reportedly informed the allies of their plan to pressure the president into accepting a "
         "peace deal. US Army Secretary Dan Marlow presented the written peace plan to the president on Thursday.",
         "Dan Marlow"),
        # ... named with an origin by another of its names, it is named ("US envoy" is the American envoy)
        ("What is the name of the American envoy who travelled to Valdoria?",
         "US envoy Steve Marlow travelled to Valdoria on Monday. The American envoy met President Lorca for five "
         "hours.", "Steve Marlow"),
        # ... and the one who did what is asked needs no name beside the noun
        ("Which American envoy met President Lorca?",
         "Steve Marlow met President Lorca in Valdoria on Monday. The American envoy met President Lorca again on "
         "Tuesday.", "Steve Marlow"),
        # a passing mention in a sentence far weaker than the answer's brings no one in
        ("Which team won the cup final?",
         "Kelvin Rovers won the cup final on Saturday, beating Dunmore 3-1 at Braeside Park. "
         "Ticket prices rose again this season, as teams raised them.", "Kelvin Rovers"),
    ],
)
def test_a_sentence_that_mentions_but_does_not_name_what_is_asked_abstains(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passage: str, short: str | None
) -> None:
    draft = ask(question, [make_hit("d0", passage)])
    assert draft.short_answer == short
    assert draft.abstained == (short is None)
    if short is None:
        assert "without naming it" in draft.reason
        # the reason quotes the sentence that brings them in unnamed
        asked = next(w for w in ("ministers", "towns", "retailers", "official", "spokesman", "coach", "drinks",
                                 "supervisor", "company", "envoy")
                     if w in question)
        assert asked in draft.reason.split(": ", 1)[1]


def test_a_mention_its_owner_s_name_speaks_of_is_not_unnamed(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "Petrenkyy's presidential office": whose office it is is said, though the tagger may miss the name
    draft = ask("Whose presidential office did not answer the Financial Times' request for comment?", [make_hit(
        "d0", "However, a senior official in Brasov said the Americans were using the guarantees to push Valdoria. "
              "Petrenkyy\u2019s presidential office did not respond to a request for comment by FT.")])
    assert "without naming" not in (draft.reason or "")


def test_a_preposition_left_at_the_end_of_the_question_finds_its_object(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "modelled on?" asks for what the scheme is modelled on, not for another noun of the sentence
    text = ("The tariff scheme that trade officials unveiled in Brussels on Monday is modelled on "
            "the old customs agreement, the commission said.")
    draft = ask("What is the new tariff scheme modelled on?", [make_hit("d0", text)])
    assert draft.short_answer == "old customs agreement"


def test_a_quoted_source_is_not_the_answer_to_a_question_about_someone_else(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = ("The central bank of Ruritania kept its main rate at 6.5% on Thursday. "
            "\"Growth is slowing faster than the bank expected,\" said Tomas Berg, chief economist at Nordvik Bank.")
    hits = [make_hit("d0", text)]
    # the economist quoted on the decision is not the governor the question asks for
    assert ask("Who is the governor of the central bank of Ruritania?", hits).abstained
    # the speaker is the answer when the question asks who said it, or names their role
    assert ask("Who said growth is slowing faster than expected?", hits).short_answer == "Tomas Berg"
    assert ask("Who is the chief economist at Nordvik Bank?", hits).short_answer == "Tomas Berg"


def test_a_name_of_another_kind_answers_only_where_the_answer_sits(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # a person is no answer to "which bank" unless the sentence puts them where the bank would be
    text = "Norhold completed the purchase on Tuesday; Mei-Ling Zhou will run the Norhold unit."
    assert ask("Which investment bank advised Norhold on the purchase?", [make_hit("d0", text)]).abstained
    # the asked kind still answers without sitting there
    advised = make_hit("d1", "Fairholm Partners advised Norhold on the purchase, the company said.", rank=2)
    draft = ask("Which investment bank advised Norhold on the purchase?", [make_hit("d0", text), advised])
    assert draft.short_answer == "Fairholm Partners"


def test_a_date_answer_is_the_most_precise_date_that_agrees_with_it(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "When was Kestrel Labs founded?"
    year = make_hit("d0", "Kestrel Labs was founded in 2015 and now employs 300 people in Oslo.")
    month = make_hit("d1", "The drone maker was founded in December 2015 by two engineers.", rank=2,
                     title="Kestrel Labs raises new funds")
    draft = ask(question, [year, month])
    assert draft.short_answer == "December 2015"
    assert month.chunk.text in [s.text for s in draft.sentences]  # the sentence that gives it is cited
    # a date of another year does not refine it
    other = make_hit("d1", "The drone maker was founded in December 2005 by two engineers.", rank=2,
                     title="Kestrel Labs raises new funds")
    assert ask(question, [year, other]).short_answer == "2015"


def test_a_weekday_answer_is_the_date_its_article_makes_it_when_another_sentence_names_that_date(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "When did the hailstorm hit the Sorne valley?"
    day = "A violent hailstorm hit the Sorne valley on Saturday, shredding vines on 2,400 hectares."
    dated = "The storm hit the valley in the late afternoon of June 14, officials said."
    # Tuesday, June 17: the Saturday before is June 14
    draft = ask(question, [make_hit("d0", f"{day} {dated}", date="2025-06-17")])
    assert draft.short_answer == "June 14"
    # ... not when the article's date makes it another day
    assert ask(question, [make_hit("d0", f"{day} {dated}", date="2025-06-26")]).short_answer == "Saturday"


def test_a_speaker_is_not_anchored_by_the_verb_of_what_they_said(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = ("After hearing the news, the family's attorney Mark Hollis told reporters: \"Kevin commends Britta Lund "
            "for handling her situation in a responsible way.\"")
    question = "Which singer has been commended by Kevin for handling her situation responsibly?"
    assert ask(question, [make_hit("d0", text)]).short_answer == "Britta Lund"



def test_a_description_elsewhere_in_the_sentence_is_no_answer_to_who(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    passage = "The home side's forwards took control of the second half of the final on Saturday."
    draft = ask("Who scored the tries in the final?", [make_hit("d0", passage)])
    assert draft.abstained and draft.short_answer is None


@pytest.mark.parametrize(
    ("text", "number", "counting", "nouns"),
    [
        ("Valencia recorded 82 millimetres of rain overnight.", "82", False, ["millimetre", "rain"]),
        # a count of flights is no count of millimetres of rain
        ("Valencia recorded 82 millimetres of rain overnight.", "82", True, ["millimetre"]),
        # ... but "hundreds of homes" counts homes
        ("The flood reached hundreds of homes overnight.", "hundreds", True, ["hundred", "home"]),
    ],
)
def test_what_a_number_counts(nlp: TextAnalyser, text: str, number: str, counting: bool, nouns: list[str]) -> None:
    from rag.answer.units import counted_nouns

    doc = nlp.parse(text)
    ent = next(e for e in doc.ents if e.text.startswith(number))
    assert counted_nouns(ent, counting=counting) == nouns


@pytest.mark.parametrize(
    ("span", "shown"),
    [
        ("theArticle 5", "Article 5"),  # a function word run into the name when the page was scraped
        ("ofRussia's", "Russia"),
        ("“the Gaza truce,”", "the Gaza truce"),
        ("iPhone 15", "iPhone 15"),  # a brand's own lower-case letter
        ("eBay", "eBay"),
        ("the U.S.", "the U.S."),
        ("around £4.2m.", "around £4.2m"),  # the full stop after an abbreviated sum is no abbreviation's dot
    ],
)
def test_a_span_as_a_short_answer(span: str, shown: str) -> None:
    from rag.answer.names import answer_text

    assert answer_text(span) == shown


def test_a_sentence_about_she_is_about_the_person_named_before(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "She replaces Tomas Lind" speaks of Ingrid Solberg as much as the sentence naming her does
    text = ("The club said on Monday that Ingrid Solberg, a former hockey coach, has been appointed chief executive "
            "of the Bergen Sports Council. She replaces Tomas Lind, who retired in May.")
    draft = ask("Whom did Ingrid Solberg replace?", [make_hit("d0", text)])
    assert draft.short_answer == "Tomas Lind"
    assert draft.sentences[0].text.startswith("She replaces")


def test_who_plays_is_not_where_and_someone_elses_lawyer_is_not_the_one_asked_for(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # a name the recogniser takes for an organisation, in the subject's place, is who acts, not where
    final = make_hit("d0", "Rovers will face Westbay in the final at the national stadium on May 18.")
    assert ask("Where will the final be played?", [final]).short_answer != "Rovers"
    # "the group Green Lanes, whose lawyer ..." is Green Lanes' lawyer, not Harlow Council's
    case = make_hit("d0", "The case was brought by the residents' group Green Lanes, whose lawyer, Irene Moss, "
                          "called the ruling fair. Harlow Council said it would study the ruling.")
    assert ask("Who is the lawyer for Harlow Council?", [case]).short_answer is None
    assert ask("Who is the lawyer for Green Lanes?", [case]).short_answer == "Irene Moss"


def test_a_figure_a_pronoun_tells_is_told_by_the_person_it_stands_for(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "She" is the chief executive the sentence before names: her figure, not the one beside her title
    hits = [make_hit("d0", "Norrland Ferries chief executive Ulla Berg said the fleet posted an operating loss of "
                           "$90 million last year."),
            make_hit("d1", '"We cannot sail," Norrland Ferries chief executive Ulla Berg said on Friday. She said the '
                           "storm had cost the company $4 million in lost fares.", rank=2)]
    question = "How much revenue had the storm cost Norrland Ferries, according to its chief executive?"
    assert ask(question, hits).short_answer == "$4 million"


@pytest.mark.parametrize(("text", "name", "filed"), [
    ("LONDON, March 3 (Reuters) - Shares in Halden Energy rose.", "Reuters", True),
    ("NEW YORK, Nov 3 - Stocks rose as Apple gained.", "NEW YORK", True),
    ("WASHINGTON — The Senate voted on Tuesday.", "WASHINGTON", True),
    # a sentence with a dash in it is no dateline: words in lower case, or capitals that run into a name
    ("NATO leaders met on Monday - a sign of unity, Stoltenberg said.", "NATO", False),
    ("US President Joe Biden - who met Xi - said so.", "Joe Biden", False),
])
def test_a_dateline_is_where_and_by_whom_a_story_was_filed(nlp: TextAnalyser, text: str, name: str,
                                                          filed: bool) -> None:
    from rag.dateline import dateline

    ent = next(e for e in nlp.parse(text).ents if e.text == name)
    assert dateline(ent) is filed


@pytest.mark.parametrize(("question", "passage", "short"), [
    # a sum of money is asked for: a count of people is none, nor a share; "kroner" is money to the lexicon
    ("How much will the new filtration system cost?",
     "Varnholt, which employs about 610 people in the town of Brenna, must install a new filtration system by "
     "December 2025.", None),
    ("How much is the ferry order worth?",
     "Halvik Marine shares jumped 6.3 percent after it won an order for four ferries.", None),
    ("How much is the ferry order worth?",
     "Halvik Marine shares jumped 6.3 percent after it won an order for four ferries worth 2.1 billion kroner.",
     "2.1 billion kroner"),
])
def test_a_sum_of_money_is_no_count_or_share(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passage: str, short: str | None
) -> None:
    assert ask(question, [make_hit("d1", passage)]).short_answer == short


@pytest.mark.parametrize(("question", "text", "short"), [
    ("Which animals did the survey in Corran Wood find?",
     "The survey in Corran Wood found old picnic tables and badgers.", "badgers"),
    ("Which animals did the rangers see in Corran Wood?",
     "In Corran Wood the rangers saw a burnt car near a colony of badgers.", "badgers"),
    ("Which vessel was damaged in the storm?",
     "The storm damaged the harbour wall at Tessa Bay and a bulk carrier moored beside it.", "bulk carrier"),
])
def test_a_what_or_which_answer_is_a_kind_of_the_noun_asked_about(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, text: str, short: str
) -> None:
    # WordNet's kinds: a badger is an animal and a bulk carrier a vessel; picnic tables, a car or a wall are not
    draft = ask(question, [make_hit("d0", text)])
    assert draft.short_answer == short


def test_a_kind_of_the_noun_asked_about_comes_before_closer_phrases(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the wall and the pier are in the closer passage, but only the bulk carrier is a kind of vessel
    draft = ask("What kind of vessel did the storm damage?", [
        make_hit("d0", "The storm damaged the harbour wall and the pier at Tessa Bay on Monday, the port authority "
                       "said."),
        make_hit("d1", "A bulk carrier moored nearby was also hit.", rank=2)])
    assert draft.short_answer == "bulk carrier"
    # ... only when the question asks for a kind in so many words: a family is a kind of house by WordNet, but
    # "Which securities house ...?" asks for a name
    draft = ask("Which securities house is counselling Kessler in the fight for Brunnmatt?", [
        make_hit("d0", "Kessler is being counselled by Morland Stratton Securities in the fight for Brunnmatt, people "
                       "familiar with the matter said."),
        make_hit("d1", "The founding family owns 40 percent of Brunnmatt.", rank=2)])
    assert draft.short_answer == "Morland Stratton Securities"


@pytest.mark.parametrize(("question", "text", "answer", "other"), [
    ("Which accord is still unsigned?", "One key reason is that the fishing accord remains unsigned.",
     "accord", "reason"),
    ("Who is responsible for the delay?", "The main issue is cost, and the contractor is responsible for the delay.",
     "contractor", "issue"),
])
def test_a_copular_question_asks_for_the_subject_of_its_adjective(nlp: TextAnalyser, question: str, text: str,
                                                                  answer: str, other: str) -> None:
    from rag.answer.question import analyse_question
    from rag.answer.roles import role_match

    q = analyse_question(question, nlp)
    doc = nlp.parse(text)
    words = {t.text: t for t in doc}
    # what "remains unsigned" / "is responsible" fills the question's slot; the subject of another "is" does not
    assert role_match(q, words[answer]) == 1.0
    assert role_match(q, words[other]) < 1.0


def test_a_figure_of_another_person_named_by_surname_only_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "Felk" alone is not recognised as a name, but the evidence names Dario Felk in full: his goals, and the
    # league goals "including" them, are not Emil Sorvik's
    hits = [make_hit("d0", "Halvorsen Athletic signed winger Dario Felk on Thursday.", rank=1),
            make_hit("d1", "Felk scored 17 goals in all competitions last season, including 12 in the league. "
                           "The previous club record was the fee Halvorsen paid for Emil Sorvik.", rank=2)]
    draft = ask("How many goals did Emil Sorvik score?", hits)
    assert draft.short_answer is None


@pytest.mark.parametrize(("question", "answered"), [
    ("How many people died in the floods in 2023?", False),  # no passage is about 2023
    ("How many people died in the floods in 2024?", True),  # "last year" of an article of 2025
    ("How many people have died in the floods in 2025?", True),  # the article's own year
])
def test_a_year_no_passage_is_about_is_not_answered(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, answered: bool
) -> None:
    hits = [make_hit("d0", "At least 14 people have died in the floods this week, officials said. Last year, "
                           "floods killed 52 people in the state.", date="2025-07-09")]
    assert ask(question, hits).abstained is not answered
    undated = [make_hit("d0", hits[0].chunk.text)]  # an undated passage may be about any year
    assert not ask(question, undated).abstained


SEATS = ("The Progress Party won 23 of the 40 seats in results declared on Friday. The Union Front, which had won 24 "
         "seats in 2020, was reduced to 12.")
SIGNING = ("Halvorsen Athletic signed winger Dario Felk on Thursday. Felk, who first played for the club's youth side "
           "in 2019, is the captain of Halvorsen Athletic.")


@pytest.mark.parametrize(("text", "question", "short"), [
    # "won 23 seats in results declared on Friday" dates the figure to a Friday, not to a year: the year is the
    # report's own; the rival party's 2020 result is the only figure of 2020, and it is not the party's
    (SEATS, "How many seats did the Progress Party win in 2020?", None),
    (SEATS, "How many seats did the Progress Party win in 2025?", "23"),
    # who did something in a year is told by a sentence of that year; who holds a post is no event of a year
    (SIGNING, "Which club signed Dario Felk in 2019?", None),
    (SIGNING, "Which club signed Dario Felk this week?", "Halvorsen Athletic"),
    (SIGNING, "Who is the captain of Halvorsen Athletic in 2019?", "Felk"),
])
def test_what_a_sentence_does_not_date_is_of_its_article_s_year(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], text: str, question: str, short: str | None
) -> None:
    draft = ask(question, [make_hit("d0", text, date="2025-01-10")])
    assert draft.abstained is (short is None)
    assert short is None or short in (draft.short_answer or "")
    # an undated report may be of any year
    assert not ask(question, [make_hit("d0", text)]).abstained


def test_a_year_in_a_title_names_no_time(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    hits = [make_hit("d0", "Wonder Woman 1984 opened in cinemas on Friday. The sequel, with Gal Gadot as Diana "
                           "Prince, took $16.7 million in North America.", date="2020-12-28")]
    assert ask("How much did Wonder Woman 1984 take in North America?", hits).short_answer == "$16.7 million"
    question = "Who plays Diana Prince in Wonder Woman 1984?"
    assert ask(question, hits).short_answer == "Gal Gadot"


def test_a_figure_for_the_whole_does_not_answer_for_a_part_asked_alone(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    hits = [make_hit("d0", "The merged bank will employ about 11,500 people across Norway and Sweden. Nordkyst Bank "
                           "employs 7,200 people, most of them in Bergen.")]
    assert ask("How many people does Nordkyst Bank employ on its own?", hits).short_answer == "7,200"
    # only the whole's figure, in a passage that names the part elsewhere
    hits = [make_hit("d0", "The merged bank will employ about 11,500 people across Norway and Sweden. Nordkyst "
                           "Bank's chief executive, Ingrid Solberg, will lead it.")]
    assert ask("How many people does Nordkyst Bank employ on its own?", hits).abstained
    hits = [make_hit("d0", "About 38,000 people have been evacuated to relief camps across the state. Dhemaji "
                           "district was among the worst hit.")]
    assert ask("How many people were evacuated from Dhemaji district alone?", hits).abstained


def test_a_figure_of_another_dose_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the question names its group by a figure; a sentence with another figure of that unit is about another
    hits = [make_hit("d0", "Median survival was 11.2 months with the 160 mg dose, double the figure for chemotherapy. "
                           "Patients on the 80 mg dose reached a median of 9.1 months.")]
    assert ask("What median survival did the 80 mg group achieve?", hits).short_answer == "9.1 months"
    assert ask("What median survival did the 160 mg group achieve?", hits).short_answer == "11.2 months"
    # only another figure of the unit: no sentence says it
    draft = ask("What median survival did the 40 mg group achieve?", hits)
    assert draft.short_answer not in ("11.2 months", "9.1 months")


@pytest.mark.parametrize("question", ["Which firm was fined Sh80 million and banned from government contracts?",
                                      "Which firm did the court fine Sh80 million?"])
def test_another_amount_than_the_question_names_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str
) -> None:
    # "fined Halden Holdings Sh500 million" is another fine than the one asked about
    hits = [make_hit("d0", "The anti-corruption court fined Halden Holdings Sh500 million on Tuesday and banned the "
                           "firm from government contracts. Brookmere Builders Ltd was fined Sh80 million.")]
    assert ask(question, hits).short_answer == "Brookmere Builders Ltd"


def test_a_sum_from_an_article_that_never_names_the_place_does_not_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "the Assam government": the tagger's adjective is the place the passage must name
    hits = [make_hit("d0", "The cabinet secretary said the government would draw ¥50 billion from its reserves "
                           "to pay for relief after the quake."),
            make_hit("d1", "Floods have affected nine districts of Assam. The chief minister said the state would "
                           "ask the Centre for a relief package of Rs 450 crore.", rank=2)]
    draft = ask("How much central assistance is the Assam government seeking for flood relief?", hits)
    assert draft.short_answer == "Rs 450 crore"


@pytest.mark.parametrize(("sentence", "figure", "other"), [
    ("The earthquake killed 12 people in the capital.", "12", True),
    ("At least nine people were killed and 11 are missing.", "11", True),  # "missing", through the auxiliary
    ("Hospitals said 185 were injured.", "185", False),  # the question's own verb
    ("Hospitals treated 185 people who were hurt.", "185", True),  # another verb: "hurt" is close only by embedding
    ("At least 185 people were injured, and 12 were killed.", "185", False),
])
def test_a_count_told_by_another_verb(nlp: TextAnalyser, sentence: str, figure: str, other: bool) -> None:
    from rag.answer.question import analyse_question
    from rag.answer.roles import says_other

    q = analyse_question("How many people were injured in the earthquake?", nlp)
    tok = next(t for t in nlp.parse(sentence) if t.text == figure)
    assert says_other(q, tok, set()) is other
    # a verb the embedder puts close to the question's (predicate_words) says the same
    assert not says_other(q, tok, {"hurt", "treat", "kill", "miss"})


def test_a_race_time_answers_what_time(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    hits = [make_hit("d0", "Both races started at 6:30 a.m. in cool conditions. Alemu, 27, won the women's race "
                           "in 2:21:37, with Bekele second in 2:22:05.")]
    assert ask("What was the winning time in the women's race?", hits).short_answer == "2:21:37"


def test_where_a_statement_was_made_is_not_what_it_is_about(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = ("Floods in Assam have killed 14 people this week. \"Compensation of Rs 4 lakh will be paid to the "
            "family of each person who has died,\" the chief minister told reporters in Guwahati.")
    draft = ask("What compensation will the family of each flood victim in Assam receive?",
                [make_hit("d0", text)])
    assert draft.short_answer == "Rs 4 lakh"
    # a place the figure is about is still another place than the question's
    other = text.replace("told reporters in Guwahati", "said of the floods in Bihar")
    assert ask("What compensation will the family of each flood victim in Assam receive?",
               [make_hit("d0", other)]).short_answer != "Rs 4 lakh"


def test_a_year_told_from_the_articles_date_is_compared_as_that_year(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "last year" in an article of 2025 is 2024: no answer for 2023, the answer for 2024
    text = ("The state disaster agency was set up in 2023. Last year, floods and landslides killed 52 people in "
            "Assam, according to the agency.")
    hits = [make_hit("d0", text, date="2025-07-09")]
    assert ask("How many people died in Assam's floods in 2023?", hits).short_answer != "52"
    assert ask("How many people died in Assam's floods in 2024?", hits).short_answer == "52"


def test_a_time_of_day_on_the_day_asked(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    # "on Thursday" in an article of Thursday, March 6 is no time of March 3, and a day is no time of day
    hits = [make_hit("d0", "Mediation talks aimed at ending the port strike began on Thursday morning.",
                     date="2025-03-06"),
            make_hit("d1", "Dock workers have been on strike since 07:00 on Monday, March 3, the union said.",
                     date="2025-03-06", rank=2)]
    assert ask("At what time of day did the port strike begin on March 3?", hits).short_answer == "07:00"


def test_a_question_naming_no_date_asks_for_the_storys_own_figure(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "last year" or "in 2024" in an article of 2025 is an earlier year's figure, not the one the story reports
    hits = [make_hit("d0", "Last year, storms killed 31 people across Northland, the agency said. At least nine "
                           "people have died in this week's storms in Northland, officials said.", date="2025-02-10"),
            make_hit("d1", "In 2024, 31 people died in Northland's storms.", date="2025-02-11", rank=2)]
    assert ask("How many people have died in the Northland storms?", hits).short_answer == "At least nine"
    # a question naming that year still gets that year's figure
    assert ask("How many people died in the Northland storms in 2024?", hits).short_answer == "31"


def test_a_source_the_question_names_is_what_it_asks_about(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # whom a statement is attributed to is no answer in general ("said X, an economist at Y" does not say who
    # runs Y), but the question may ask about that very person
    hits = [make_hit("d0", '"Demand is weak, but costs are falling," said Lena Berg, an economist at Halvard '
                           "Capital in Oslo.")]
    assert ask("Which firm does the economist Lena Berg work for?", hits).short_answer == "Halvard Capital"


def test_a_title_in_quotes_the_recogniser_found_is_no_person(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # a name in quotes the recogniser missed may be an organisation ('a "Board of Peace"'); one it found to be a
    # work (a film) is no answer to "who", however well its sentence matches
    hits = [make_hit("d0", 'Anna Berg\'s "The Long Winter", a Swedish drama about a fishing family, won the top '
                           "prize at the Nordlys Film Festival in Tromsø on Sunday."),
            make_hit("d1", "The jury, chaired by the Danish actor Paul Stone, praised the film's restraint.", rank=2)]
    assert ask("Who headed the jury at the Nordlys Film Festival?", hits).short_answer != "The Long Winter"


STRIKE = ("The dock strike at Port Aldane began on Monday over pay, the Harbour Workers Union said in a report on "
          "the walkout of dock workers.")


@pytest.mark.parametrize(("question", "short"), [
    # one outlet of a source line that names two, of the kind asked for, never the one the question names
    ("Which website carried the report on the dock strike?", "harbourwatch.org"),
    ("Which newspaper reported the dock strike at Port Aldane?", "the Coastal Herald"),
    ("Which website carried the Coastal Herald's report on the dock strike?", "harbourwatch.org"),
    # the article's own date from its metadata; the day of the strike is asked in the last one
    ("When was the article about the Port Aldane dock strike published?", "March 4, 2025"),
    ("What is the date of the report on the Port Aldane dock strike?", "March 4, 2025"),
    ("What date is given at the top of the report on the Port Aldane dock strike?", "March 4, 2025"),
    ("What date is on the article about the Port Aldane dock strike?", "March 4, 2025"),
    ("On what day did the dock strike at Port Aldane begin?", "Monday"),
])
def test_answers_from_an_articles_metadata(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, short: str
) -> None:
    hit = make_hit("d1", STRIKE, source="harbourwatch.org with the Coastal Herald", date="2025-03-04")
    assert ask(question, [hit]).short_answer == short


@pytest.mark.parametrize(("source", "named"), [
    ("harbourwatch.org with the Coastal Herald", ["harbourwatch.org", "the Coastal Herald"]),
    ("Reuters/AP", ["Reuters", "AP"]),
    ("The Globe and Mail", ["The Globe and Mail"]),  # "and" inside one outlet's name
    ("", []),
])
def test_outlets_of_a_source_line(source: str, named: list[str]) -> None:
    assert outlets(source) == named


MEMO = ("In a memo to staff seen by Meridian Wire, Halvik Air's finance director said the new leases would cost less "
        "than the old fleet.")


def test_the_article_s_own_outlet_is_no_answer_of_its_news(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the outlet that saw the memo wrote the story: it is not the finance director, who is unnamed
    draft = ask("Who is Halvik Air's finance director?", [make_hit("d1", MEMO, source="Meridian Wire")])
    assert draft.short_answer is None
    # ... but it answers what it did in the asked role
    reported = make_hit("d1", "Meridian Wire reported that Halvik Air would cut 200 jobs, citing a memo to staff.",
                        source="Meridian Wire")
    assert ask("Who reported that Halvik Air would cut jobs?", [reported]).short_answer == "Meridian Wire"


def test_a_date_given_for_an_event_in_the_article_is_not_its_publication(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    hit = make_hit("d1", STRIKE, date="2025-03-04")
    question = "What date is given for the start of the dock strike in the article on Port Aldane?"
    assert ask(question, [hit]).short_answer != "March 4, 2025"


def test_an_undated_article_gives_no_publication_date(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "When was the article about the Port Aldane dock strike published?"
    draft = ask(question, [make_hit("d1", STRIKE), make_hit("d2", "Port Aldane is busy.", date="2025-03-04",
                rank=2)])
    assert draft.short_answer is None


@pytest.mark.parametrize(("question", "short"), [
    # a weekday is no holiday (WordNet's kinds of named times): ranked after one that is, however alike the sentences
    ("By which holiday does the council want the harbour budget passed?", "Thanksgiving"),
    # ... while a unit of time is not judged so: a weekday is a day, though WordNet files it elsewhere
    ("By which day does the council want the harbour budget passed?", "Thursday"),
])
def test_another_kind_of_named_time_comes_after(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, short: str
) -> None:
    hits = [make_hit("d0", "The council wants the harbour budget passed by Thursday."),
            make_hit("d1", "The council wants the harbour budget passed by Thanksgiving.", rank=2)]
    assert ask(question, hits).short_answer == short


@pytest.mark.parametrize(("question", "passages", "short"), [
    # the figure an adverb of the present marks answers a question about the present ...
    ("Roughly how large is the Freedonian navy at present?",
     ["The treaty would cap the Freedonian navy at 40 warships, compared with over 65 warships currently."], "65"),
    ("How many warships does the Freedonian navy have today?",
     ["Additionally, the treaty calls for Freedonia to cut its navy to 40 warships.",
      "The treaty would cap the Freedonian navy at 40 warships, compared with over 65 warships currently."], "65"),
    # ... not a question about the plan
    ("How large would the Freedonian navy be under the treaty?",
     ["The treaty would cap the Freedonian navy at 40 warships, compared with over 65 warships currently."],
     "40 warships"),
    # ... and where no figure is marked, the question's "today" drops none
    ("How many warships does the Freedonian navy have today?",
     ["The treaty would cap the Freedonian navy at 40 warships."], "40"),
])
def test_a_figure_of_the_present_answers_a_question_about_the_present(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passages: list[str], short: str
) -> None:
    hits = [make_hit(f"d{i}", text, rank=i + 1) for i, text in enumerate(passages)]
    assert ask(question, hits).short_answer == short


@pytest.mark.parametrize(("question", "passage", "short"), [
    # what a copula says the asked noun is answers, not the noun itself or a word inside the clause
    ("What main reason did the minister give for the trade deal still being unsigned?",
     "The minister said that the main reason the trade deal remains unsigned is that both sides want more time to "
     "study the tariffs.", "both sides want more time to study the tariffs"),
    ("What is the main reason the trade deal is still unsigned?",
     "The minister said that the main reason the trade deal remains unsigned is that both sides want more time to "
     "study the tariffs.", "both sides want more time to study the tariffs"),
    ("What main reason did the minister give for the trade deal still being unsigned?",
     "The minister said that one reason for the delay was the tariffs.", "the tariffs"),
    # ... only what it says of the asked noun: "the deal is a draft" says what the deal is
    ("What is the main reason the trade deal is still unsigned?",
     "The trade deal is a draft, and the main reason it remains unsigned is the tariffs.", "the tariffs"),
    # a phrase answer is the whole coordination of nouns, the last one's "of" phrase with it ...
    ("What would the town lose by closing the port?",
     "For the town, closing the port means losing jobs, tax revenue and regional influence, as well as a symbolic "
     "blow to its pride.", "jobs, tax revenue and regional influence"),
    ("What would the board supervise?", "The board would supervise the ceasefire and the implementation of the plan.",
     "ceasefire and the implementation of the plan"),
    # ... not a list of names, each of which answers on its own
    ("Which countries are against the plan?", "The United Kingdom, Germany and France are against the plan.",
     "The United Kingdom"),
    # "How many of the 40 seats ...?" counts seats (rag.answer.question): the seats' count still answers it
    ("How many of the 40 seats did the party win?", "The party won 23 of the 40 seats.", "23"),
])
def test_the_short_answer_is_the_whole_of_what_is_asked(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passage: str, short: str
) -> None:
    assert ask(question, [make_hit("d0", passage)]).short_answer == short


def test_a_named_time_of_the_asked_kind_comes_first(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # a holiday for "By which holiday ...?", though a weekday's sentence is closer to the question
    question = "By which holiday does the council want the harbour budget passed?"
    hits = [make_hit("d0", "The council wants the harbour budget passed quickly, and the treasurer presented it on "
                           "Thursday."),
            make_hit("d1", "The council is pushing to have the harbour budget approved by Thanksgiving.", rank=2)]
    assert ask(question, hits).short_answer == "Thanksgiving"


@pytest.mark.parametrize(("question", "passage", "shorts"), [
    # a negated predicate says where or whom not: the place or person of the clause that says it is the answer
    ("Where will the new hospital be built?", "The council will not build the new hospital in Easton, the mayor "
     "said, and the hospital will instead go up in Northfield.", {"Northfield"}),
    ("Who did the club sign in January?", "The club did not sign Tomas Berg in January, but it brought in Ivan "
     "Petrov.", {"Ivan Petrov"}),
    # "In which regions ...?" asks where, as "where" does: a place of the question's own predicate comes first
    ("In which regions would the current front lines simply be frozen?", "It provides for the recognition of the "
     "Arden and Belmoor regions as independent, the freezing of contact lines in the Calder and Dunmore areas and "
     "the creation of a buffer zone.", {"Calder", "Dunmore"}),
])
def test_the_answer_is_what_the_text_says_of_the_asked_predicate(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passage: str, shorts: set[str]
) -> None:
    assert ask(question, [make_hit("d0", passage)]).short_answer in shorts


@pytest.mark.parametrize(("question", "passages", "short"), [
    # a title written as part of the name ("Prosecutor Lucia Ramos Tello") names the role: its unnamed mention
    # elsewhere is no sign the evidence leaves it unnamed
    ("Which prosecutor is running the criminal investigation into the hospital deal?",
     ["Anti-corruption prosecutors in the criminal investigation into the hospital deal searched the ministry on "
      "Wednesday.", "Prosecutor Lucia Ramos Tello is running the criminal investigation into the hospital deal, "
      "the ministry said."], "Lucia Ramos Tello"),
    # a noun that modifies another ("agency staff") brings in no agency left unnamed
    ("Which agency will regulate the new pension fund?",
     ["The new pension fund will be regulated by the Financial Services Board, the ministry said.",
      "As many as 300 jobs at the new pension fund, mostly agency staff, could go, the union said."],
     "the Financial Services Board"),
])
def test_a_role_named_in_the_evidence_is_not_unnamed(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, passages: list[str], short: str
) -> None:
    hits = [make_hit(f"d{i}", text) for i, text in enumerate(passages)]
    draft = ask(question, hits)
    assert not draft.abstained, draft.reason
    assert draft.short_answer == short


def test_a_synonym_of_the_question_verb_in_its_first_sense_states_the_asked_act(nlp: TextAnalyser) -> None:
    from rag.answer.question import analyse_question
    from rag.answer.roles import role_match

    # "advised by X" says who counsels; "led by X" does not say who runs a thing, though "lead" is a sense of
    # "run" further down WordNet's list
    q = analyse_question("Which securities house is counselling Halvor Group in the takeover fight?", nlp)
    doc = nlp.parse("Halvor Group is advised by Morland Stratton Securities.")
    assert role_match(q, next(e.root for e in doc.ents if e.text.startswith("Morland"))) == 1.0
    q = analyse_question("Which body runs the city's water network?", nlp)
    doc = nlp.parse("The plant will be built by a consortium led by Hidrotec Iberia.")
    assert role_match(q, next(t for t in doc if t.text == "Iberia")) < 1.0


def test_a_verb_whose_first_sense_is_a_kind_of_the_questions_states_the_asked_act(
    ask: Callable[..., Draft], nlp: TextAnalyser, make_hit: Callable[..., SearchHit]
) -> None:
    from rag.answer.roles import role_match

    # approving is a kind of authorising: "approved by X" says who authorised, over a doer of another act in a
    # sentence closer to the question
    hits = [make_hit("a", "Halden Pharma sponsors the drug trial.", rank=1),
            make_hit("b", "The trial was approved by the Medicines Authority in March.", rank=2)]
    assert ask("Which agency authorised the trial of the drug?", hits).short_answer == (
        "the Medicines Authority")
    # ... not a verb that means the question's only in a later sense: electing is choosing, which "take" means far
    # down its list
    q = analyse_question("Who will take office in January?", nlp)
    doc = nlp.parse("The city council elected Helena Duarte on Sunday.")
    assert role_match(q, next(t for t in doc if t.text == "council")) < 1.0


def test_a_time_after_by_in_a_passive_is_a_deadline_not_a_doer(nlp: TextAnalyser) -> None:
    from rag.answer.question import analyse_question
    from rag.answer.roles import role_match

    doc = nlp.parse("The board said a permanent appointment would be made by Sept. 15.")
    deadline = next(e.root for e in doc.ents if e.label_ == "DATE")
    # "by" a time, in the question and in the text
    assert role_match(analyse_question("By what date will the permanent appointment be made?", nlp), deadline) == 1.0
    assert role_match(analyse_question("By what date does the board aim to make the appointment?", nlp), deadline) > 0
    q = analyse_question("Who made the appointment?", nlp)
    doc = nlp.parse("The appointment was made by Mereoni Tabua on Tuesday.")
    assert role_match(q, next(e.root for e in doc.ents if e.label_ == "PERSON")) == 1.0  # a doer still is one


@pytest.mark.parametrize(("question", "article", "short"), [
    # the report says the measure of what the question counts, or of its predicate, was not given
    ("How many homes were flooded in Wendaree Flats?",
     "About 320 homes in Ellisford were flooded when the river rose, and streets in the neighbouring town of Wendaree "
     "Flats were also under water. Officials have not given a count of flooded homes in Wendaree Flats.", None),
    ("How much did the Dutch bidder offer for the mill?",
     "Averline said it had received an offer for the mill from a Dutch buyer and would cut 1,400 jobs at the works. "
     "Averline did not disclose the value of the offer.", None),
    # ... of another town than the one asked about: the count given is the answer
    ("How many homes were flooded in Ellisford?",
     "About 320 homes in Ellisford were flooded when the river rose, and streets in the neighbouring town of Wendaree "
     "Flats were also under water. Officials have not given a count of flooded homes in Wendaree Flats.", "About 320"),
])
def test_a_measure_of_the_asked_thing_not_given_is_an_abstention(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, article: str, short: str | None
) -> None:
    draft = ask(question, [make_hit("d", article)])
    if short is None:
        assert draft.abstained and "not disclosed" in draft.reason
    else:
        assert not draft.abstained and draft.short_answer == short


def test_the_person_a_who_question_describes_by_a_clause_is_asked_for_by_that_noun(
    ask: Callable[..., Draft], nlp: TextAnalyser, make_hit: Callable[..., SearchHit]
) -> None:
    # "grower" is in no typing list; WordNet makes it a person, so the evidence's unnamed grower is the one asked for
    q = analyse_question("Who is the Vignoles grower who lost his entire crop in the hailstorm?", nlp)
    assert q.head == "grower" and q.expected == {"PERSON"}
    article = ("Winegrowers in France's Vallee de la Sorne began assessing the damage from the hailstorm. One grower "
               "in Vignoles, who asked not to be named, said he had lost his entire crop. Claire Demange, who farms 18 "
               "hectares near Roussillac, said hail had stripped her vines.")
    draft = ask("Who is the Vignoles grower who lost his entire crop in the hailstorm?",
                [make_hit("d", article)])
    assert draft.abstained and "without naming" in draft.reason
    # ... and a grower it names is the one named
    article = article.replace("Demange, who", "Demange, a grower who")
    draft = ask("Who is the grower who farms 18 hectares near Roussillac?", [make_hit("d", article)])
    assert draft.short_answer == "Claire Demange"


def test_a_figure_another_report_closer_to_the_question_says_was_not_disclosed_is_an_abstention(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "How much did the Dutch buyer offer for the cold-rolling mill?"
    withheld = ("Averline confirmed it was in talks with a Dutch buyer about the cold-rolling mill but did not "
                "disclose the value of the offer.")
    other = "Averline will close the works. If a sale goes ahead, up to 300 of the 1,400 jobs could be saved."
    draft = ask(question, [make_hit("a", withheld), make_hit("b", other, rank=2)])
    assert draft.abstained and "not disclosed" in draft.reason
    # ... not when the figure's own sentence is the closer one
    stated = "The Dutch buyer offered 20 million euros for the cold-rolling mill, people close to the talks said."
    draft = ask(question, [make_hit("b", stated), make_hit("a", withheld, rank=2)])
    assert not draft.abstained and draft.short_answer == "20 million euros"


def test_reasons_not_set_out_leave_a_question_about_grounds_open(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    article = ("The Court of Appeal ruled 2-1 on Tuesday that the riders are employees. Justice Harold Penrose "
               "dissented. The court did not set out Justice Penrose's reasons, saying his dissent would be published "
               "later.")
    draft = ask("On what grounds did Justice Harold Penrose dissent?", [make_hit("d", article)])
    assert draft.abstained and "not disclosed" in draft.reason


def test_a_year_on_the_clause_above_the_answer_dates_it(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "in 2023" hangs on "raised", over the round "led by" the firm: the firm led the 2023 round (in a report of 2025)
    article = ("Quickbasket was founded in Auckland in 2019. It raised 45 million dollars from investors in 2023, in a "
               "round led by the Sydney-based venture firm Lantern Peak Capital.")
    draft = ask("Which venture firm led Quickbasket's 2023 funding round?",
                [make_hit("d", article, date="2025-03-12")])
    assert draft.short_answer == "Lantern Peak Capital"


def test_an_answer_in_the_asked_role_called_a_kind_of_the_asked_noun_is_named(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "lawyers say" brings in lawyers unnamed, but the one who represented the riders is named, and called a barrister
    article = ("Delivery riders for Quickbasket won their case against the company on Tuesday, a ruling that lawyers "
               "say could reshape the industry. The riders were represented by Priya Natarajan, a Wellington "
               "employment barrister.")
    question = "Which lawyer represented the delivery riders in their case against Quickbasket?"
    assert ask(question, [make_hit("d", article)]).short_answer == "Priya Natarajan"
    # ... not one called so outside the asked role: the lawyers brought in are then unnamed
    article = article.replace("The riders were represented by Priya Natarajan", "The ruling was welcomed by Priya "
                              "Natarajan")
    assert ask(question, [make_hit("d", article)]).abstained


def test_a_figure_for_each_is_not_answered_by_a_total(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "How much will Lumenta credit each customer for the outage?"
    article = ("Lumenta promised bill credits to its 2.8 million customers after the outage. Analysts estimated the "
               "cost of customer credits and lost revenue at between 15 million and 25 million euros.")
    assert ask(question, [make_hit("d", article)]).abstained
    # ... by a figure for one, it is
    article += " Lumenta said it would credit each customer 20 euros."
    assert ask(question, [make_hit("d", article)]).short_answer == "20 euros"
    # "What weekly wage ...?" asks for one week's, which a season's wage bill is not
    bill = ("Quintas will earn a far higher wage at Ashcombe than at his old club. Ashcombe's wage bill in the 2023-24 "
            "season was 31.2 million pounds.")
    assert ask("What weekly wage will Quintas earn at Ashcombe?", [make_hit("w", bill)]).abstained
    paid = bill + " Quintas will earn 40,000 pounds a week, the club said."
    assert ask("What weekly wage will Quintas earn at Ashcombe?", [make_hit("w", paid)]).short_answer == (
        "40,000 pounds")
    # "a day" answers "each day"
    said = "The chamber estimated that the strike is costing the regional economy about R450 million a day."
    draft = ask("How much is the strike costing the regional economy each day?", [make_hit("e", said)])
    assert draft.short_answer == "R450 million"


def test_someone_the_text_leaves_unnamed_in_the_asked_role_leaves_a_name_question_open(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "Which rival delivery company said it had begun reviewing its rider contracts?"
    article = ("Quickbasket lost its appeal on Tuesday. Another delivery operator, which asked not to be named, said "
               "it had begun reviewing its own rider contracts. FreshDash, a rival of Quickbasket, declined to comment "
               "on the ruling.")
    draft = ask(question, [make_hit("d", article)])
    assert draft.abstained and "operator asked for without naming it" in draft.reason
    # ... named there, it answers
    named = article.replace("FreshDash, a rival", "Zipcart, a rival")
    named = named.replace("which asked not to be named", "FreshDash")
    assert ask(question, [make_hit("d", named)]).short_answer == "FreshDash"
    # ... and one left unnamed doing something else is no doer of the act asked about
    review = ("The minister said engineering firm Corrigan Hale would begin its independent review of the dam next "
              "week. A contractor, which the corporation did not name, had been carrying out repairs on the gates.")
    draft = ask("Which engineering firm will carry out the independent review of the dam?",
                [make_hit("r", review)])
    assert draft.short_answer == "Corrigan Hale"


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("Where will the company build its new plant?", "Texas"),
        # a question that itself denies asks where the clause denies
        ("Where will the company not build its new plant?", "Ohio"),
    ],
)
def test_a_clause_that_denies_the_question_s_own_predicate_says_where_it_is_not(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, short: str
) -> None:
    text = "The company will not build its new plant in Ohio, and chose Texas instead."
    assert ask(question, [make_hit("d0", text)]).short_answer == short


def test_a_mention_without_the_question_s_words_for_the_noun_leaves_the_one_who_did_it_named(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "a senior official in Brasov" is no US official, and the answer did what is asked
    hits = [make_hit("d0", "However, a senior official in Brasov said the Americans were using the guarantees to push "
                           "the president towards concessions."),
            make_hit("d1", "US Army Secretary Dan Marlow presented the written peace plan to the president on "
                           "Thursday.", rank=2)]
    draft = ask("Which US official delivered the written peace plan to the president?", hits)
    assert draft.short_answer == "Dan Marlow"
