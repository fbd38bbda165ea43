//! What an article says a speaker is: the words of office and employer
//! around their name, read for the registry to tell apart two people
//! written with one name.
//!
//! The registry itself reads titles, days and speakers from the index's
//! columns; an article's text is stored whole and costly to read, so it is
//! read only for the few names whose stories fall apart into groups that
//! nothing else links, and for short forms of a given name beside their
//! long forms (see `People::build_with`), and only here.
//!
//! A role is read from the run of capitalised words and role nouns just
//! before the name ("U.S. Treasury Secretary James Baker", or set off by a
//! comma: "The bank's chief economist, Grace Whitfield,") and from an
//! appositive or employer just after it (", U.K. economist at Kleinwort
//! Grieveson Securities,", "of S.G. Warburg"). Its words sort a mention to
//! a side: public office
//! (ministers, legislators, parties, envoys) or private trade (economists,
//! analysts, dealers, firms). The sides are what the registry compares:
//! on development set 4, one person's descriptions differ all the time
//! (a Bundesbank president is "head of West Germany's central bank"; an
//! economist moves from Chase Econometrics to Wharton; a banker heads a
//! bankers' association), but nobody of 1987 was both a party leader and
//! a broker's economist. Words that both sides use ("chairman",
//! "president", "director", "committee", "leader", "spokesman") decide
//! nothing. The other words say where a person works, which only short
//! forms of a given name are compared by (`same_place`): one person holds
//! two posts, but a Chris and a Christopher of one surname at two firms
//! are two people. Two more things a role says decide one name of two
//! people: sport against an office no athlete holds (`sporting`), and,
//! for public offices, the country they are of (`country`, from a short
//! table of countries, their adjectives and the bodies that stand for
//! them alone).
//!
//! Hand-written: a named-entity or role tagger is a model, and the
//! registry must run offline on any archive; two short word lists and a
//! window around the name are enough for what is compared.

/// Words of public office: a mention with one of them, and no word of
/// the private side, is of a public person. Government bodies are here so
/// that a government's economist ("senior economist at the Commerce
/// Department") has words of both sides, and so none.
const PUBLIC: &[&str] = &[
    "minister",
    "ministers",
    "ministry",
    "secretary",
    "undersecretary",
    "under-secretary",
    "senator",
    "senators",
    "sen",
    "congressman",
    "congresswoman",
    "congressmen",
    "legislator",
    "lawmaker",
    "premier",
    "party",
    "parliament",
    "parliamentary",
    "mp",
    "ambassador",
    "envoy",
    "cabinet",
    "chancellor",
    "mayor",
    "governor-general",
    "democrat",
    "republican",
    "socialist",
    "communist",
    "senate",
    "department",
    "commission",
    // An opposition's front bench and a city's council are politics too
    // ("the opposition's Treasury spokesman", "Green councillor").
    "opposition",
    "shadow",
    "councillor",
    "councilman",
    "councilwoman",
];

/// Words of private trade: market commentators and firms. Words that
/// public bodies also use are left out: "securities" (the Securities and
/// Exchange Commission), "treasurer" (a state's).
const PRIVATE: &[&str] = &[
    "economist",
    "economists",
    "analyst",
    "analysts",
    "strategist",
    "dealer",
    "dealers",
    "trader",
    "traders",
    "broker",
    "brokers",
    "stockbroker",
    "stockbrokers",
    "brokerage",
    "lawyer",
    "investor",
    "shareholder",
    "consultant",
    "meteorologist",
    "inc",
    "corp",
    "ltd",
    "plc",
    // The rest of the suffixes firms' names end with.
    "industries",
    "corporation",
    "holdings",
    "bancorp",
    "airlines",
    "llc",
    "gmbh",
];

/// Nouns that stand beside a name as its role, side or not; the first of
/// them a mention has names its person when one name is two people.
const ROLE_NOUNS: &[&str] = &[
    "economist",
    "analyst",
    "strategist",
    "lawyer",
    "treasurer",
    "investor",
    "consultant",
    "meteorologist",
    "dealer",
    "trader",
    "broker",
    "minister",
    "secretary",
    "undersecretary",
    "senator",
    "congressman",
    "premier",
    "ambassador",
    "envoy",
    "chancellor",
    "mayor",
    "leader",
    "chairman",
    "president",
    "director",
    "governor",
    "commissioner",
    "spokesman",
    "official",
    "executive",
    "manager",
    "professor",
    "editor",
    "representative",
    "chief",
    "head",
    "member",
    // The bench, and public services whose officers speak for them
    // ("Judge James Holloway", "Harbour master Luis Ortega", "chief fire
    // officer Patrick Keane", "Head teacher Ewa Kowalski").
    "judge",
    "justice",
    "magistrate",
    "master",
    "officer",
    "teacher",
    "headteacher",
    "superintendent",
    "constable",
    "councillor",
    "scientist",
    "biologist",
    "geologist",
    "surgeon",
    "curator",
    // Sport, so that "Rovers striker Daniel Hargreaves" is read as a role
    // run like "Treasury Secretary James Baker".
    "striker",
    "midfielder",
    "goalkeeper",
    "defender",
    "winger",
    "footballer",
    "batsman",
    "batter",
    "bowler",
    "all-rounder",
    "golfer",
    "cyclist",
    "sprinter",
    "jockey",
    "boxer",
    "swimmer",
    "rower",
    "athlete",
    "captain",
    "coach",
    "medallist",
    "medalist",
    // Letters, music and the stage, so that "Castellow writer Claire
    // Benton" is read as a role run too.
    "novelist",
    "writer",
    "poet",
    "playwright",
    "screenwriter",
    "artist",
    "painter",
    "sculptor",
    "composer",
    "songwriter",
    "musician",
    "singer",
    "actor",
    "actress",
    "pianist",
    "violinist",
    "cellist",
    "conductor",
    "photographer",
    "filmmaker",
    "film-maker",
    "dancer",
    "choreographer",
    "illustrator",
];

/// Words that join a title run without being capitalised ("Secretary of
/// State", "chairman and chief executive").
const JOINERS: &[&str] = &["of", "and", "for", "the", "at"];

/// Words that end an appositive: the reporting verb and what follows it,
/// and the verbs that start a predicate ("its finance chief, Zhang Wei,
/// would become chief executive"): an appositive is a noun phrase.
const CLAUSE_ENDS: &[&str] = &[
    "said", "says", "told", "added", "who", "whose", "which", "that", "would", "will", "is", "was",
    "has", "had", "have", "are", "were", "can", "could",
];

/// How many words before a name are read, and after it.
const BEFORE: usize = 6;
const AFTER: usize = 10;

/// Which side of public life a mention's role words put a person on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Public,
    Private,
}

/// The role words around each place `text` writes `name`: lower-cased,
/// without the name's own words, in order, once each.
pub(crate) fn role_words(text: &str, name: &str) -> Vec<String> {
    if name.is_empty() {
        return Vec::new();
    }
    let own: Vec<String> = name.split_whitespace().map(clean).collect();
    let mut out: Vec<String> = Vec::new();
    let mut add = |word: &str| {
        let word = clean(word);
        // An age ("Park, 27, led") says nothing of a role, and as a
        // "place" it would set apart two mentions of one person.
        if word.chars().any(char::is_alphabetic)
            && !JOINERS.contains(&word.as_str())
            && !own.contains(&word)
            && !out.contains(&word)
        {
            out.push(word);
        }
    };
    let mut from = 0;
    while let Some(found) = text[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        // A name inside a longer word ("Owens") is not this name.
        let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if glued(text[..at].chars().next_back()) || glued(text[from..].chars().next()) {
            continue;
        }
        // A title run never crosses a paragraph: "... in July.\nChief
        // executive Graham Ellary" (a short capitalised word before a dot
        // passes for an abbreviation).
        let paragraph = text[..at].rsplit('\n').next().unwrap_or_default();
        // A few more words than a title run takes, to see where a fronted
        // role opens.
        let before: Vec<&str> = paragraph
            .split_whitespace()
            .rev()
            .take(BEFORE + 4)
            .collect();
        for (i, &word) in before.iter().take(BEFORE).enumerate() {
            // A role set before the name between commas is its
            // appositive too: "The bank's chief economist, Grace
            // Whitfield, said", "The chief executive of Grupo Albaran,
            // Ana Beltrán Cortés, visited".
            let fronted = i == 0
                && word.ends_with(',')
                && (ROLE_NOUNS.contains(&clean(word).as_str()) || fronted_with_employer(&before));
            if !fronted && (ends_sentence(word) || word.ends_with([',', ';', ':', '"', ')'])) {
                break;
            }
            let low = clean(word);
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            if !(capital || ROLE_NOUNS.contains(&low.as_str()) || JOINERS.contains(&low.as_str())) {
                break;
            }
            add(word);
        }
        let rest = text[from..].trim_start();
        // An appositive ("David Owen, U.K. economist at Kleinwort
        // Grieveson,") or an employer ("Joseph Liro of S.G. Warburg
        // said"), read to the clause's end.
        if let Some(apposition) = rest.strip_prefix(',').or_else(|| rest.strip_prefix("of ")) {
            for word in apposition.split_whitespace().take(AFTER) {
                let low = clean(word);
                if CLAUSE_ENDS.contains(&low.as_str()) || word.starts_with('"') {
                    break;
                }
                add(word);
                if word.ends_with([',', ';', ':', ')']) || ends_sentence(word) {
                    break;
                }
            }
        }
    }
    out
}

/// Whether the words before a name (nearest first, the first ending in a
/// comma) are a role with its employer that opens the sentence: "The
/// chief executive of Grupo Albaran, NAME,". The employer's capitalised
/// words, "of", "at" or "for", role nouns, then "the" or nothing: a
/// clause such as "In a letter to the chairman of Greyfold," is no role.
fn fronted_with_employer(before: &[&str]) -> bool {
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut rest = before.iter().copied().peekable();
    let mut employer = 0;
    while rest.peek().is_some_and(|w| capital(w) && employer < 4) {
        rest.next();
        employer += 1;
    }
    if employer == 0
        || !rest
            .next()
            .is_some_and(|w| ["of", "at", "for"].contains(&w))
    {
        return false;
    }
    let mut nouns = 0;
    while rest
        .peek()
        .is_some_and(|w| ROLE_NOUNS.contains(&clean(w).as_str()))
    {
        rest.next();
        nouns += 1;
    }
    let opening = match rest.next() {
        None => true,
        Some(w) if w == "The" || w == "the" => rest.next().is_none_or(ends_sentence),
        Some(w) => ends_sentence(w),
    };
    nouns > 0 && opening
}

/// The side a mention's role words put it on: public office with no word
/// of trade, or trade with no word of office; `None` when they say
/// nothing or both.
pub(crate) fn side(words: &[String]) -> Option<Side> {
    let public = words.iter().any(|w| PUBLIC.contains(&w.as_str()));
    let private = words.iter().any(|w| PRIVATE.contains(&w.as_str()));
    match (public, private) {
        (true, false) => Some(Side::Public),
        (false, true) => Some(Side::Private),
        _ => None,
    }
}

/// The side of several mentions of one person: the side at least two in
/// three of those with a side are on, if any.
pub(crate) fn side_of_many(sides: impl IntoIterator<Item = Option<Side>>) -> Option<Side> {
    let (mut public, mut private) = (0usize, 0usize);
    for side in sides.into_iter().flatten() {
        match side {
            Side::Public => public += 1,
            Side::Private => private += 1,
        }
    }
    if public >= 2 * private && public > 0 {
        Some(Side::Public)
    } else if private >= 2 * public && private > 0 {
        Some(Side::Private)
    } else {
        None
    }
}

/// Whether two people's role words name one workplace: `Some(true)` when
/// they share a word that says where (an employer, a chamber, a party,
/// not a rank or a country), `Some(false)` when both have such words and
/// share none, `None` when either has none.
pub(crate) fn same_place(a: &[String], b: &[String]) -> Option<bool> {
    let (x, y) = (places(a), places(b));
    if x.is_empty() || y.is_empty() {
        return None;
    }
    Some(x.iter().any(|w| y.contains(w)))
}

/// The role words that say where a person works: an employer, a chamber,
/// a party; not a rank, a country or a role noun.
pub(crate) fn places(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| {
            w.chars().count() > 1
                && !GENERIC.contains(&w.as_str())
                && !ROLE_NOUNS.contains(&w.as_str())
        })
        .cloned()
        .collect()
}

/// The capitalised words of `text`, lower-cased as role words are: what
/// an article names, for seeing whether it names a speaker's employer
/// where the words around the name do not ("Velora Energy has won
/// approval ... weeks after Mark Ashdown took over as chief executive").
pub(crate) fn capitalised(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split_whitespace()
        .filter(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .map(clean)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Words around names that say nothing of where a person works: ranks,
/// countries and nationalities, the kinds of body many share, and the
/// parts of a firm posts are in.
const GENERIC: &[&str] = &[
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "u.s",
    "u.k",
    "us",
    "uk",
    "west",
    "east",
    "german",
    "japanese",
    "british",
    "american",
    "french",
    "canadian",
    "new",
    "york",
    "senior",
    "vice",
    "deputy",
    "former",
    "assistant",
    "general",
    "acting",
    "co",
    "inc",
    "corp",
    "ltd",
    "plc",
    "ag",
    "and",
    "group",
    "international",
    "national",
    "bank",
    "company",
    "firm",
    "association",
    "university",
    "department",
    "commission",
    "committee",
    "party",
    "securities",
    "brothers",
    "economic",
    "affairs",
    "finance",
    "financial",
    "market",
    "markets",
    "trade",
    "state",
    "federal",
    "board",
    "institute",
    "office",
    // The part of a firm a post is in says nothing of which firm: an
    // "export director" and a "commercial director" of one oil company.
    "export",
    "exports",
    "import",
    "imports",
    "commercial",
    "marketing",
    "sales",
    "operations",
    "research",
    "investment",
    "credit",
    "risk",
    "planning",
    "communications",
    "legal",
    "technical",
];

/// Roles in sport: a mention with one is of an athlete.
const SPORT: &[&str] = &[
    "striker",
    "midfielder",
    "goalkeeper",
    "defender",
    "winger",
    "footballer",
    "batsman",
    "batter",
    "bowler",
    "all-rounder",
    "golfer",
    "cyclist",
    "sprinter",
    "jockey",
    "boxer",
    "swimmer",
    "rower",
    "athlete",
    // A team's captain and coach are its sport's ("Harriers captain Grace
    // Whitfield", "Comets coach Luis Ortega"), and so is a medallist.
    "captain",
    "coach",
    "medallist",
    "medalist",
];

/// Roles in letters, music and the stage: a mention with one is of an
/// artist.
const ARTS: &[&str] = &[
    "novelist",
    "writer",
    "poet",
    "playwright",
    "screenwriter",
    "artist",
    "painter",
    "sculptor",
    "composer",
    "songwriter",
    "musician",
    "singer",
    "actor",
    "actress",
    "pianist",
    "violinist",
    "cellist",
    "conductor",
    "photographer",
    "filmmaker",
    "film-maker",
    "dancer",
    "choreographer",
    "illustrator",
];

/// Role nouns no athlete holds as such: sport clubs have chairmen,
/// directors, managers and presidents, so those are left out.
const OFFICE: &[&str] = &[
    "economist",
    "analyst",
    "strategist",
    "lawyer",
    "treasurer",
    "investor",
    "consultant",
    "meteorologist",
    "dealer",
    "trader",
    "broker",
    "minister",
    "secretary",
    "undersecretary",
    "senator",
    "congressman",
    "premier",
    "ambassador",
    "envoy",
    "chancellor",
    "mayor",
    "governor",
    "commissioner",
    "executive",
    "professor",
    "lawmaker",
    "legislator",
    "mp",
    "judge",
    "justice",
    "magistrate",
    "master",
    "officer",
    "teacher",
    "headteacher",
    "superintendent",
    "constable",
    "councillor",
    "scientist",
    "biologist",
    "geologist",
    "surgeon",
];

/// Words of the bench: a judge holds no other office, public or private,
/// while on it.
const COURT: &[&str] = &["judge", "justice", "magistrate"];

/// Whether a mention's role is on the bench (`Some(true)`: "Judge James
/// Holloway", "Mr Justice Holloway"), another office, trade or sport
/// (`Some(false)`: "the opposition's Treasury spokesman"), or neither or
/// both (`None`: "Justice Minister"). A member of parliament and a High
/// Court judge of one name are two people, though both are public.
pub(crate) fn bench(words: &[String]) -> Option<bool> {
    let court = words.iter().any(|w| COURT.contains(&w.as_str()));
    let other = words.iter().any(|w| {
        let w = w.as_str();
        !COURT.contains(&w)
            && (OFFICE.contains(&w)
                || PUBLIC.contains(&w)
                || PRIVATE.contains(&w)
                || SPORT.contains(&w))
    });
    match (court, other) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Whether a mention's role is in sport (`Some(true)`), an office no
/// athlete holds (`Some(false)`), or neither or both (`None`).
pub(crate) fn sporting(words: &[String]) -> Option<bool> {
    let sport = words.iter().any(|w| SPORT.contains(&w.as_str()));
    let office = words.iter().any(|w| OFFICE.contains(&w.as_str()));
    match (sport, office) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Whether a mention's role is in letters, music or the stage
/// (`Some(true)`: a novelist, a composer), an office no artist holds as
/// such (`Some(false)`: a hospital's chief executive), or neither or both
/// (`None`). A prize-winning novelist and a hospital's chief executive of
/// one name are two people, as a striker and a banker are.
pub(crate) fn artistic(words: &[String]) -> Option<bool> {
    let arts = words.iter().any(|w| ARTS.contains(&w.as_str()));
    let office = words.iter().any(|w| OFFICE.contains(&w.as_str()));
    match (arts, office) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Whether a mention's role runs a firm or its money: a chief executive,
/// a finance or managing director. One person holds such a post at one
/// employer at a time; a chairman or a board member may sit at several.
pub(crate) fn executive_post(words: &[String]) -> bool {
    let has = |word: &str| words.iter().any(|w| w == word);
    has("executive")
        || has("ceo")
        || has("cfo")
        || (has("director") && (has("finance") || has("financial") || has("managing")))
}

/// Countries as role words name them: the country, its people's
/// adjective, and bodies of its state that stand for it alone ("Bundestag
/// member", "a Knesset member"). The first word of each line is the
/// country's key.
const COUNTRIES: &[&[&str]] = &[
    &["norway", "norwegian", "storting"],
    &["germany", "german", "bundestag", "bundesrat", "bundesbank"],
    &["france", "french", "elysee"],
    &[
        "britain",
        "british",
        "uk",
        "u.k",
        "england",
        "english",
        "scotland",
        "scottish",
        "wales",
        "welsh",
        "westminster",
    ],
    &["ireland", "irish", "dail"],
    &["us", "u.s", "american", "congress", "congressional"],
    &["canada", "canadian"],
    &["mexico", "mexican"],
    &["brazil", "brazilian"],
    &["argentina", "argentine", "argentinian"],
    &["chile", "chilean"],
    &["spain", "spanish", "cortes"],
    &["portugal", "portuguese"],
    &["italy", "italian"],
    &["netherlands", "dutch", "holland"],
    &["belgium", "belgian"],
    &["switzerland", "swiss"],
    &["austria", "austrian"],
    &["sweden", "swedish", "riksdag"],
    &["denmark", "danish", "folketing"],
    &["finland", "finnish"],
    &["iceland", "icelandic"],
    &["poland", "polish", "sejm"],
    &["hungary", "hungarian"],
    &["greece", "greek"],
    &["turkey", "turkish"],
    &["russia", "russian", "duma", "kremlin", "soviet"],
    &["ukraine", "ukrainian"],
    &["israel", "israeli", "knesset"],
    &["egypt", "egyptian"],
    &["iran", "iranian"],
    &["iraq", "iraqi"],
    &["saudi", "arabia"],
    &["india", "indian"],
    &["pakistan", "pakistani"],
    &["china", "chinese"],
    &["japan", "japanese", "diet"],
    &["korea", "korean"],
    &["vietnam", "vietnamese"],
    &["indonesia", "indonesian"],
    &["australia", "australian"],
    &["zealand"],
    &["nigeria", "nigerian"],
    &["kenya", "kenyan"],
];

/// The one country a mention's role words name, by [`COUNTRIES`]' key;
/// `None` when they name none or several ("U.S. ambassador to Japan").
pub(crate) fn country(words: &[String]) -> Option<&'static str> {
    let mut found = None;
    for word in words {
        if let Some(line) = COUNTRIES.iter().find(|line| line.contains(&word.as_str())) {
            match found {
                None => found = Some(line[0]),
                Some(key) if key == line[0] => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// The role noun that best says who a mention is, for telling apart two
/// people of one name: "economist", "lawyer".
pub(crate) fn role_noun(words: &[String]) -> Option<&'static str> {
    ROLE_NOUNS
        .iter()
        .find(|noun| words.iter().any(|w| w.as_str() == **noun))
        .copied()
}

/// A word lower-cased, without the punctuation around it or a possessive.
fn clean(word: &str) -> String {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    word.to_lowercase()
}

/// Whether a word ends a sentence: a full stop, question or exclamation
/// mark, but not the dot of an initial or an abbreviation ("U.S.",
/// "Mr.", "Corp.").
fn ends_sentence(word: &str) -> bool {
    let word = word.trim_end_matches(['"', '\'', ')']);
    if word.ends_with(['!', '?']) {
        return true;
    }
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    let abbreviation = stem.contains('.')
        || (stem.chars().count() <= 4 && stem.chars().next().is_some_and(char::is_uppercase));
    !abbreviation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, name: &str) -> Vec<String> {
        role_words(text, name)
    }

    #[test]
    fn a_title_run_before_the_name_is_read_back_to_the_sentence_start() {
        assert_eq!(
            words(
                "He left. U.S. Treasury Secretary James Baker said the pact held.",
                "James Baker"
            ),
            ["secretary", "treasury", "u.s"]
        );
        assert_eq!(
            words("Yesterday, Chairman James Baker said so.", "James Baker"),
            ["chairman"]
        );
    }

    #[test]
    fn an_appositive_after_the_name_is_read_to_its_end() {
        let text = "However, David Owen, U.K. Economist at Kleinwort Grieveson Securities, \
                    said any fresh sterling strength would matter.";
        let roles = words(text, "David Owen");
        assert_eq!(
            roles,
            ["u.k", "economist", "kleinwort", "grieveson", "securities"]
        );
        assert_eq!(side(&roles), Some(Side::Private));
        let text = "David Owen, the leader of the Social Democratic Party (SDP), said no.";
        let roles = words(text, "David Owen");
        assert_eq!(side(&roles), Some(Side::Public));
        assert_eq!(role_noun(&roles), Some("leader"));
    }

    #[test]
    fn a_reporting_verb_or_a_lower_case_word_ends_the_role() {
        assert!(words("the dollar fell, said David Owen.", "David Owen").is_empty());
        assert!(words("David Owen said so, and left.", "David Owen").is_empty());
        assert!(words("Fellow Owensboro man David Owensby spoke.", "David Owen").is_empty());
    }

    #[test]
    fn words_of_both_sides_or_of_neither_decide_nothing() {
        let both = vec!["secretary".to_string(), "economist".to_string()];
        assert_eq!(side(&both), None);
        let neither = vec!["chairman".to_string(), "president".to_string()];
        assert_eq!(side(&neither), None);
        assert_eq!(
            side_of_many([Some(Side::Public), Some(Side::Public), Some(Side::Private)]),
            Some(Side::Public)
        );
        assert_eq!(
            side_of_many([Some(Side::Public), Some(Side::Private), None]),
            None
        );
        assert_eq!(side_of_many([None, None]), None);
    }

    #[test]
    fn an_employer_after_of_is_read_and_compared_by_where_not_by_rank() {
        let liro = words(
            "\"No,\" said Joseph Liro of S.G. Warburg and Co.",
            "Joseph Liro",
        );
        let joe = words(
            "Joe Liro, senior economist at S.G. Warburg, said so.",
            "Joe Liro",
        );
        assert_eq!(same_place(&liro, &joe), Some(true));
        let montagu = words(
            "it was sold, Christopher Clark of the group's bankers Samuel Montagu said.",
            "Christopher Clark",
        );
        let matthey = words(
            "Chris Clark, platinum marketing director for Johnson Matthey Plc said.",
            "Chris Clark",
        );
        assert_eq!(same_place(&montagu, &matthey), Some(false));
        // Ranks and countries say nothing of where.
        let rank = words(
            "U.S. senior vice president Bill Carver said.",
            "Bill Carver",
        );
        assert_eq!(same_place(&rank, &matthey), None);
    }

    #[test]
    fn a_title_run_stops_at_the_paragraph_start() {
        assert_eq!(
            words(
                "It gave the range in July.\nChief executive Graham Ellary said so.",
                "Graham Ellary"
            ),
            ["executive", "chief"]
        );
    }

    #[test]
    fn an_appositive_ends_at_a_verb() {
        assert_eq!(
            words(
                "Its finance chief, Zhang Wei, would become chief executive.",
                "Zhang Wei"
            ),
            // The role set before the name is his; what he would become
            // is not read.
            ["chief"]
        );
    }

    #[test]
    fn a_firms_name_puts_its_chairman_on_the_private_side() {
        let chairman = words(
            "James Baker, chairman of Arvin Industries, said so.",
            "James Baker",
        );
        assert_eq!(side(&chairman), Some(Side::Private));
    }

    #[test]
    fn sport_and_offices_no_athlete_holds_are_told_apart() {
        let striker = words("Former Rovers striker Dan Hale scored.", "Dan Hale");
        assert_eq!(sporting(&striker), Some(true));
        let chief = words("Bank chief executive Dan Hale said so.", "Dan Hale");
        assert_eq!(sporting(&chief), Some(false));
        // A club's chairman could be either.
        let chairman = words("Club chairman Dan Hale said so.", "Dan Hale");
        assert_eq!(sporting(&chairman), None);
    }

    #[test]
    fn a_role_set_before_the_name_between_commas_is_read() {
        assert_eq!(
            words(
                "Shares rose. Vellmoor Bank's chief economist, Grace Whitfield, said so.",
                "Grace Whitfield"
            ),
            ["economist", "chief", "bank", "vellmoor"]
        );
        // A clause before the name is not its role.
        assert!(words("As he left, Grace Whitfield said so.", "Grace Whitfield").is_empty());
    }

    #[test]
    fn the_part_of_a_firm_a_post_is_in_names_no_workplace() {
        let export = words("Export director Ana Costa said so.", "Ana Costa");
        let commercial = words("Oleo Commercial Director Ana Costa said so.", "Ana Costa");
        assert_eq!(same_place(&export, &commercial), None);
        let other = words(
            "Ana Costa, sales director of Vetro Glass, said so.",
            "Ana Costa",
        );
        assert_eq!(same_place(&commercial, &other), Some(false));
    }

    #[test]
    fn a_team_captain_coach_or_medallist_is_in_sport() {
        let captain = words("Tarnhaven Harriers captain Ann Lowe was hurt.", "Ann Lowe");
        assert_eq!(sporting(&captain), Some(true));
        let coach = words("Comets coach Ann Lowe said so.", "Ann Lowe");
        assert_eq!(sporting(&coach), Some(true));
        let medallist = words("The bronze medallist Ann Lowe said so.", "Ann Lowe");
        assert_eq!(sporting(&medallist), Some(true));
    }

    #[test]
    fn the_bench_is_told_apart_from_every_other_role() {
        let judge = words("Judge Ann Lowe said the council erred.", "Ann Lowe");
        assert_eq!(bench(&judge), Some(true));
        let justice = words("Mr Justice Lowe said so.", "Lowe");
        assert_eq!(bench(&justice), Some(true));
        let spokesman = words(
            "Ann Lowe, the opposition's Treasury spokesman, said so.",
            "Ann Lowe",
        );
        assert_eq!(bench(&spokesman), Some(false));
        assert_eq!(side(&spokesman), Some(Side::Public));
        // A minister of justice is no judge.
        let minister = words("Justice Minister Ann Lowe said so.", "Ann Lowe");
        assert_eq!(bench(&minister), None);
    }

    #[test]
    fn a_role_names_one_country_or_none() {
        let norway = words("Norway's Fisheries Minister Tor Berg said.", "Tor Berg");
        assert_eq!(country(&norway), Some("norway"));
        let bundestag = words("Bundestag member Tor Berg said.", "Tor Berg");
        assert_eq!(country(&bundestag), Some("germany"));
        // An envoy's role names two: it says nothing.
        let envoy = [
            "u.s".to_string(),
            "ambassador".to_string(),
            "japan".to_string(),
        ];
        assert_eq!(country(&envoy), None);
    }

    #[test]
    fn a_fronted_role_with_its_employer_is_read_and_an_age_is_not() {
        assert_eq!(
            words(
                "The chief executive of Grupo Lince, Ana Ruiz Soto, said so.",
                "Ana Ruiz Soto"
            ),
            ["lince", "grupo", "executive", "chief"]
        );
        // A clause that does not open the sentence is no role.
        assert!(words(
            "In a letter to the chairman of Harlow, Ana Ruiz said so.",
            "Ana Ruiz"
        )
        .is_empty());
        assert!(words("Park, 27, led the team.", "Park").is_empty());
        assert!(words("Lowe, whose novel won, read.", "Lowe").is_empty());
    }

    #[test]
    fn the_arts_are_told_apart_from_offices() {
        let writer = words("Castellow writer Ann Lowe won.", "Ann Lowe");
        assert_eq!(artistic(&writer), Some(true));
        let chief = words(
            "Ann Lowe, the infirmary's chief executive, said.",
            "Ann Lowe",
        );
        assert_eq!(artistic(&chief), Some(false));
        assert!(executive_post(&chief));
        assert!(!executive_post(&writer));
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert!(!ends_sentence("U.S."));
        assert!(!ends_sentence("Corp."));
        assert!(!ends_sentence("Mr."));
        assert!(ends_sentence("year."));
        assert!(ends_sentence("rates?\""));
    }
}
