"""Danish stop words for topic discovery and lexicon suggestions.

:data:`STOP_WORDS` starts from spaCy's Danish list (``spacy.lang.da.stop_words``,
MIT licence) and changes it for content analysis of health-policy texts:

* **kept out** are words of spaCy's list that carry meaning here: "ny"/"nyt"
  (a new hospital, a new plan), "god", "lav" (low income), "lille", "alene"
  (older people living alone), "nær" (det nære sundhedsvæsen), "længere"
  (patients wait longer) and "tidligere" (early detection);
* **added** are the lemmas of spaCy's words that the list lacks ("komme",
  "måtte", "se", "hele"), auxiliaries and light verbs of news prose ("sige",
  "mene", "tage", "give", "gå", "bruge", "fortælle"), generic adjectives and
  adverbs ("vigtig", "særlig", "markant"), function words and abbreviations that are
  frequent in the sample corpus ("ifølge", "samtidig", "både", "fx", "pct",
  "kr", "mio"), generic words of time and quantity ("år", "dag", "gang",
  "del", "antal"), number words and ordinals, months and weekdays.

Every word is lowercase; compare lemmas (see :func:`sundtext.lemmatize`) and
lowercased word forms with it.
"""

from __future__ import annotations

__all__ = ["STOP_WORDS"]

_SPACY = """
af aldrig alle allerede alligevel alt altid anden andet andre at bag begge blandt blev blive
bliver burde bør da de dem den denne dens der derefter deres derfor derfra deri dermed derpå
derved det dette dig din dine disse dog du efter egen eller ellers en end endnu ene eneste
enhver ens enten er et flere flest fleste for foran fordi forrige fra få før først gennem
gjorde gjort gør gøre gørende ham han hans har havde have hel heller hen hende hendes
henover her herefter heri hermed herpå hun hvad hvem hver hvilke hvilken hvilkes hvis hvor
hvordan hvorefter hvorfor hvorfra hvorhen hvori hvorimod hvornår hvorved i igen igennem ikke
imellem imens imod ind indtil ingen intet jeg jer jeres jo kan kom kommer kun kunne lad
langs lave lavet lidt lige ligesom man mange med meget mellem men mens mere mest mig min
mindre mindst mine mit må måske ned nemlig nogen nogensinde noget nogle nok nu næste næsten
og også om omkring op os over overalt på samme sammen selv selvom senere ses siden sig sige
skal skulle som stadig synes syntes så sådan således temmelig til tilbage tit ud uden udover
under undtagen var ved vi via vil ville vore vores vær være været øvrigt
"""

_LEMMAS_AND_FUNCTION_WORDS = """
altså bl blot både ca cirka dels derudover desuden dvs eks el endda endelig etc
evt f faktisk fx fremover frem heraf hinanden hos hele helt ifølge inden især ja jf mod
mv nej når nr o ofte osv samt samtidig sen sin sine sit stk tidlig vor øvrig
a b c d e g h k m n p s t v
pct procent kr kroner mio mia million millioner milliard milliarder tusind tusinde
hundrede hundreder
"""

_VERBS = """
komme kommet måtte mått se set sagt siger sagde mene mener mente tage tog taget give giver
gav givet gå går gik gået stå står stod stået ligge ligger lå sætte satte sat holde holdt
finde fandt fundet vise viser viste vist følge fulgte fulgt betyde betyder betød pege peger
pegede lade lod ladet bede bad bedt blevet hedde hedder hed virke virker
bruge bruger brugte brugt tyde tyder sende tale fortælle forklare beskrive skrive læse tænke
sidde vælge svare stille deltage beslutte foreslå indeholde modtage afslutte bestå passe
løbe ændre udvikle køre opleve regne håbe ønske nå fungere handle gælde kræve forvente
understrege påpege oplyse fat forvej forvejen
"""

_ADJECTIVES_AND_ADVERBS = """
lange rigtig rigtigt vigtig vigtigt særlig særligt direkte markant positiv klar klart mulig
muligt forskellig forskellige enkelt enkelte samlet visse
"""

_TIME_AND_QUANTITY = """
år års dag dage uge uger måned måneder time timer minut minutter sekund gang gange tid
stor større størst største lang længe første sidste antal tal halv halvdel dobbelt del
række fald løb slut start sted
"""

_NUMBERS = """
nul én ét to tre fire fem seks syv otte ni ti elleve tolv tretten fjorten femten seksten
sytten atten nitten tyve tredive fyrre halvtreds tres halvfjerds firs halvfems
tredje fjerde femte sjette syvende ottende niende tiende
"""

_CALENDAR = """
januar februar marts april maj juni juli august september oktober november december
jan feb mar apr jun jul aug sep sept okt nov dec
mandag tirsdag onsdag torsdag fredag lørdag søndag
"""

#: Lowercase Danish stop words (see the module docstring for what is in and out).
STOP_WORDS: frozenset[str] = frozenset(
    (
        _SPACY
        + _LEMMAS_AND_FUNCTION_WORDS
        + _VERBS
        + _ADJECTIVES_AND_ADVERBS
        + _TIME_AND_QUANTITY
        + _NUMBERS
        + _CALENDAR
    ).split()
)
