"""Word lists the speaker rules rely on (all lower case; data, no logic)."""
# fmt: off

from __future__ import annotations

#: Verbs that introduce what someone said, in the forms newswriting uses.
SPEECH_VERBS = (
    "said|says|say|told|tells|wrote|writes|added|adds|captioned|explained|explains|noted|"
    "notes|asked|asks|stated|states|tweeted|posted|continued|insisted|insists|argued|argues|"
    "recalled|replied|responded|respond|responds|warned|warns|declared|claimed|claims|testified|inquired|"
    "admitted|acknowledged|suggested|laughed|laughs|advised|advises|confessed|confesses|"
    "elaborated|elaborates|underscored|answered|quipped|alleged|maintained|branded|"
    "described|accused|announced|urged|vowed|stressed|cautioned|conceded|joked|complained|"
    "predicted|reads|read|concluded|agreed|denied|observed|remarked|points out|pointed out|"
    "called|calls|describes|brands|accuses|urges|says of|remembered|remembers|weighed in|"
    "introduced|"
    "saying|adding|branding|calling|describing|warning|arguing|insisting|accusing|noting|"
    "writing|telling|declaring|claiming|assuring|explaining|puts it|put it"
)

#: Titles and honorifics before a name; a run of capitalised words is cut after the last.
TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "professor", "prof",
    "president", "vice", "governor", "gov", "senator", "sen", "rep", "representative",
    "secretary", "minister", "chancellor", "mayor", "judge", "justice", "sheriff", "officer",
    "ambassador", "general", "gen", "lt", "capt", "sgt", "cmdr", "col", "adm", "commissioner",
    "superintendent", "chairman", "chairwoman", "chair", "director", "chief", "spokesman",
    "spokeswoman", "spokesperson", "attorney", "speaker", "leader", "deputy", "shadow",
    "former", "prime", "home", "foreign", "health", "executive", "ceo", "cfo", "cpo", "coach",
    "captain", "pope", "king", "queen", "prince", "princess", "rev", "reverend", "bishop",
    "councillor", "councilman", "councilwoman", "state", "dl", "insider", "adviser", "advisor",
    "correspondent", "editor", "reporter", "analyst", "economist", "founder", "oscar-winner",
}

#: Words that never belong to a person's name.
NOT_NAME_WORDS = {
    "the", "a", "an", "in", "on", "at", "for", "and", "but", "or", "of", "to", "by", "with",
    "it", "this", "that", "these", "those", "there", "we", "i", "you", "he", "she", "they",
    "his", "her", "their", "its", "our", "my", "what", "when", "where", "who", "why", "how",
    "if", "as", "so", "now", "then", "not", "no", "yes", "related", "press", "photo", "credit",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "north", "south", "east", "west", "new", "san", "los", "las",
    "united", "states", "u.s.", "u.k.", "u.n.", "u.s", "u.k", "u.n", "uk", "us", "un",
    "america", "american", "korea", "korean",
    "china", "chinese", "russia", "russian", "ukraine", "syria", "syrian", "britain", "british",
    "europe", "european", "mexico", "india", "indian", "israel", "gaza", "washington", "london",
    "street", "road", "avenue", "day", "week", "year", "covid-19", "internet",
}

#: Words that make a capitalised run an organisation.
ORG_WORDS = {
    "observatory", "association", "department", "ministry", "office", "party", "council",
    "institute", "university", "college", "school", "productions", "inc", "corp", "company",
    "co", "group", "agency", "commission", "committee", "foundation", "bank", "service",
    "services", "administration", "authority", "board", "court", "police", "army", "navy",
    "games", "studios", "studio", "news", "times", "post", "daily", "network", "center",
    "centre", "trust", "fund", "union", "league", "federation", "project", "alliance",
    "coalition", "campaign", "democrats", "republicans", "government", "nasa", "fbi", "cia",
    "reuters", "bureau", "laboratory", "lab", "clinic", "hospital", "society", "organization",
    "organisation", "corporation", "ltd", "llc", "plc", "media", "press", "magazine",
    "journal", "church", "house", "senate", "congress", "parliament",
    "pentagon", "conference", "team", "club", "airlines", "motors", "industries",
    "nations", "rights", "commissioner's", "assembly",
}

#: The head noun of a description that stands for an organisation ("the studio said").
ORG_NOUNS = {
    "company", "studio", "publisher", "department", "agency", "ministry", "group",
    "association", "firm", "organisation", "organization", "government", "council",
    "committee", "commission", "party", "campaign", "union", "board", "office", "label",
    "network", "league", "club", "team", "conference", "observatory", "institute",
}

#: Nouns that make lowercase words before a name a role ("shadow home secretary").
PERSON_ROLE_NOUNS = TITLE_WORDS | {
    "spokesman", "spokeswoman", "spokesperson", "secretary", "minister", "president",
    "researcher", "scientist", "professor", "teacher", "lawyer", "expert", "nutritionist",
    "psychologist", "surgeon", "doctor", "official", "manager", "owner", "student", "author",
    "mp", "senator", "quarterback", "rusher", "center", "player", "star", "partner",
    "actor", "actress", "model", "producer", "journalist", "chef", "librarian", "personality",
    "daughter", "son", "wife", "husband", "mother", "father", "sister", "brother", "woman",
    "man", "girl", "boy", "mum", "dad", "singer", "writer", "officer", "coach", "analyst",
}

#: Capitalised words that open a sentence but are no part of a name.
SENTENCE_ADVERBS = {
    "yet", "but", "and", "so", "also", "still", "meanwhile", "however", "then", "now",
    "what", "when", "while", "after", "before", "asked", "speaking", "earlier", "later",
    "both", "instead", "although", "though", "if", "as", "since", "because", "here", "there",
    "even", "former", "labour", "tory", "conservative", "republican", "democrat",
}

#: People spoken of as a group ("Prosecutors alleged …", "officials said").
GROUP_NOUNS = {
    "prosecutors", "officials", "authorities", "researchers", "experts", "analysts",
    "critics", "investigators", "police", "officers", "doctors", "scientists", "lawmakers",
    "residents", "witnesses", "organisers", "organizers", "activists", "protesters",
}

#: The head noun of a description that is a document, not a speaker ("their statement").
DOCUMENT_NOUNS = {
    "statement", "complaint", "website", "report", "description", "post", "release",
    "letter", "filing", "lawsuit", "document", "documents", "memo", "paper", "study",
    "claim", "face", "video", "tweet", "page", "site", "survey", "poll", "data",
}
