//! Words as the text measures see them: a post's lower-cased words and #hashtags (URLs, @handles
//! and bare numbers dropped), the stop words of the languages Townhall's users write in most
//! (English, Spanish, French, German), and the generic words — numbers, days and times, common
//! verbs — that any surge of posts uses more, whatever it is about. Shared by the terms that rose
//! ([`super::drivers`]), copies ([`super::copies`]) and themes ([`super::themes`]). Pure.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Lower-cased words and #hashtags; links, addresses, mentions of people and bare numbers are
/// dropped. Punctuation inside a piece separates words ("login/password" is two), except an
/// apostrophe or a hyphen ("don't", "wi-fi").
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in text.split_whitespace() {
        if is_link(piece) || names_someone(piece) {
            continue;
        }
        let hashtag = piece.starts_with('#');
        let words = piece.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'));
        for (i, word) in words.enumerate() {
            let core = word.trim_matches(|c| c == '\'' || c == '-').to_lowercase();
            if core.is_empty() || core.chars().all(|c| c.is_numeric()) {
                continue;
            }
            // The hash marks the piece's first word: "#SchoolMaxDown!" is the hashtag.
            out.push(if hashtag && i == 1 {
                format!("#{core}")
            } else {
                core
            });
        }
    }
    out
}

/// Whether a whitespace-separated piece of a post is a link (also inside brackets or markup).
pub fn is_link(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    w.starts_with("www.") || word.contains("://")
}

/// Whether a whitespace-separated piece of a post mentions or addresses someone: an @handle
/// (also `＠`, or inside brackets), an e-mail address, Reddit's `u/name`, or an address's path
/// (`x.com/name`). Such a piece is never a word: a term or a theme would show the person.
fn names_someone(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '@' | '＠'));
    w.contains(['@', '＠'])
        || w.starts_with("u/")
        || w.split_once('/')
            .is_some_and(|(before, _)| before.contains('.'))
}

/// A stop word ("the", "de", "und"): never a term, nor part of one.
pub fn is_stop(word: &str) -> bool {
    STOP.contains(word)
}

/// A word that says something on its own: not a stop word, not a generic word, longer than two
/// characters (a hashtag always does).
pub fn is_content(word: &str) -> bool {
    word.starts_with('#')
        || (!STOP.contains(word) && !GENERIC.contains(word) && word.chars().count() > 2)
}

static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    const EN: &str = "a about above after again against all am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves just get got im dont cant its also still even like one now rt amp via";
    const ES: &str = "de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi mis tú te ti tu tus ellas";
    const FR: &str = "au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y été être avoir est sont";
    const DE: &str = "aber alle allem als also am an ander auch auf aus bei bin bis bist da damit dann das dass dein dem den der des dich die dir doch dort du durch ein eine einem einen einer eines er es für hat hatte ich ihr im in ist ja jede kann kein mich mir mit muss nach nicht noch nun nur ob oder ohne sehr sein sich sie sind so über um und uns unter vom von vor war was weil wenn wer wie wir wird zu zum zur";
    [EN, ES, FR, DE]
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect()
});

/// Generic words: counted as words, never shown as a term on their own, but kept inside a
/// two-word phrase ("first day", "day two"), where they say something.
static GENERIC: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    const EN: &str = "first second third last next two three four five six seven eight nine ten hundred day days week weeks month months year years today tonight tomorrow yesterday morning afternoon evening night time times hour hours minute minutes ago since already always never ever every everyone anyone someone anything something nothing everything people thing things way lot really much many well yes yeah lol omg okay make makes made going gonna want wants need needs know think see seen look looks trying try tried tries keep keeps said say says tell told use using used give take come came went goes let put";
    const ES: &str = "primer primero primera segundo segunda último última dos tres cuatro cinco día días semana semanas mes meses año años hoy ayer mañana noche tarde hora horas minuto minutos vez veces tiempo ahora siempre nunca cosa cosas gente hacer hace hizo puedo puede pueden tengo tiene tienen ver veo sé saber bien dice dicen voy va van ir";
    [EN, ES].iter().flat_map(|l| l.split_whitespace()).collect()
});

/// `text` with every occurrence of `word` (a name, a handle written without its `@`) as whole
/// words, in any case and with or without its accents (`jane q private`, `JANE Q PRIVATE`,
/// `Jose Perez` for `José Pérez`, `ILKER` for `İlker`), replaced by `with`: not the
/// `andreruffert` of `andreruffert2`, nor the `Grades` of `Upgrades`. A word of a script written
/// without spaces may touch the letters around it (`田中太郎さん`).
pub fn replace_word_ignoring_case(text: &str, word: &str, with: &str) -> String {
    let name: Vec<char> = word.chars().filter(|c| !is_mark(*c)).map(fold).collect();
    if name.is_empty() {
        return text.to_string();
    }
    // A modifier letter (`ʼ`, an apostrophe) does not carry a word on.
    let modifier = |c: char| ('\u{02B0}'..='\u{02FF}').contains(&c);
    let joins = |c: char| (c.is_alphanumeric() && !unspaced(c) && !modifier(c)) || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(first) = rest.chars().next() {
        // The accents written as marks after a letter belong to it.
        let mut ours = rest.char_indices().filter(|(_, c)| !is_mark(*c));
        // A whole word starts after a space or a mark that is no part of a word.
        let may_start = !prev.is_some_and(joins);
        let matched = !is_mark(first)
            && may_start
            && name
                .iter()
                .all(|&n| ours.next().is_some_and(|(_, c)| fold(c) == n));
        let next = ours.next();
        if matched && !next.is_some_and(|(_, c)| joins(c)) {
            let len = next.map_or(rest.len(), |(at, _)| at);
            out.push_str(with);
            rest = &rest[len..];
            prev = with.chars().last();
        } else {
            out.push(first);
            rest = &rest[first.len_utf8()..];
            prev = Some(first);
        }
    }
    out
}

/// A letter as names are compared: lower case, without its accents (`É` → `e`, `İ` and `ı` →
/// `i`).
fn fold(c: char) -> char {
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        base.get_or_insert(d);
    });
    match base.unwrap_or(c) {
        'ı' => 'i',
        b => b.to_lowercase().next().unwrap_or(b),
    }
}

/// Whether `c` is a letter of a script written without spaces between words (Chinese,
/// Japanese, Thai, …), after which a new word may start with no space.
pub fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width Katakana
        | '\u{20000}'..='\u{2FA1F}' // CJK extensions B–F and supplement
    )
}

/// Whether `c` is a combining mark (an accent written after its letter).
fn is_mark(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0
}

/// What a display name names, without its decorations: "Jane Roe" of "Jane Roe 🌸",
/// "Kai Private (he/him)", "Jane Roe | Parent", "Jane Roe - Parent", "Jane Roe, PhD",
/// "Dr. Jane Roe", "Jane Roe 🇺🇸 #Resist", "Jane 🌸 Roe", "Jane Roe :blobcat:" (a Mastodon
/// server's emoji) or "JANE ROE 2024"; `None` when that is shorter than four letters, too short
/// to find in a text without finding other words.
///
/// The name is its words up to the first separator (a bracket, a bar, a dash, a comma, a
/// hashtag) or the first run of symbols or numbers after two words; a lone word takes the next
/// word after symbols too ("Jane 🌸 Roe"), or a number ("User 777"). A title before it (Dr.,
/// Mrs., Prof.) is left out.
pub fn name_core(name: &str) -> Option<String> {
    let head = name
        .split(['(', '[', '|', '•', '·', ',', '#', '–', '—'])
        .next()
        .unwrap_or_default();
    let head = head.split(" - ").next().unwrap_or_default();
    let mut words: Vec<&str> = Vec::new();
    let mut broken = false;
    for token in head.split_whitespace() {
        // A Mastodon server's own emoji, written `:name:`.
        let custom_emoji = token.len() > 2 && token.starts_with(':') && token.ends_with(':');
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        // A number is part of a name of one word ("User 777"), a year after a name of two.
        let number = !word.is_empty() && !word.chars().any(char::is_alphabetic);
        if custom_emoji || word.is_empty() || (number && words.len() >= 2) {
            // Symbols, a flag or a number: the name ends here once it has two words.
            broken = true;
            if words.len() >= 2 {
                break;
            }
            continue;
        }
        if words.is_empty() && TITLES.iter().any(|t| t.eq_ignore_ascii_case(word)) {
            continue;
        }
        if broken && words.len() >= 2 {
            break;
        }
        words.push(word);
        if broken && words.len() == 2 {
            break;
        }
    }
    let core = words.join(" ");
    (core.chars().count() >= 4).then_some(core)
}

/// The name an author is known by, without decorations ([`name_core`]): their display name,
/// or, without one, their handle when it is a name rather than a handle (a hand-made sheet's
/// "Author" column holding "Jane Roe 🌸").
pub fn own_name(name: Option<&str>, handle: Option<&str>) -> Option<String> {
    match name {
        Some(name) => name_core(name),
        None => handle
            .filter(|h| h.trim().contains(char::is_whitespace))
            .and_then(name_core),
    }
}

/// Titles written before a name.
const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "rev",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_in_any_case_with_or_without_its_accents() {
        let replaced = |text: &str, name: &str| replace_word_ignoring_case(text, name, "P");
        assert_eq!(replaced("Jose Perez here", "José Pérez"), "P here");
        assert_eq!(replaced("JOSÉ PÉREZ here", "José Pérez"), "P here");
        // The accent written as a mark after its letter.
        assert_eq!(replaced("Jose\u{301} Pe\u{301}rez!", "José Pérez"), "P!");
        assert_eq!(replaced("İLKER YILMAZ burada", "İlker Yılmaz"), "P burada");
        assert_eq!(replaced("ilker yılmaz", "İlker Yılmaz"), "P");
        assert_eq!(replaced("Jane Roe and jane roe", "Jane Roe"), "P and P");
        assert_eq!(replaced("Janet Rowe", "Jane Roe"), "Janet Rowe");
        // Whole words only, in a script written with spaces.
        assert_eq!(
            replaced("Upgrades: grades, Grades_x", "Grades"),
            "Upgrades: P, Grades_x"
        );
        assert_eq!(
            replaced("田中太郎さん, Jane Roeさん", "田中太郎"),
            "Pさん, Jane Roeさん"
        );
        assert_eq!(replaced("Jane Roeさん", "Jane Roe"), "Pさん");
        let word = |text: &str, w: &str| replace_word_ignoring_case(text, w, "P");
        assert_eq!(
            word(
                "eightbit.me/AndreRuffert and andreruffert2 andreruffert_x andreruffert.",
                "andreruffert"
            ),
            "eightbit.me/P and andreruffert2 andreruffert_x P."
        );
        for decorated in [
            "Jane Roe 🌸",
            " Jane Roe | Parent",
            "Jane Roe - Parent",
            "Jane Roe, PhD",
            "Dr. Jane Roe",
            "Jane Roe 🇺🇸 #Resist",
            "Jane 🌸 Roe",
            "Jane Roe ✨ teacher ✨",
            "Jane Roe :blobcat:",
            "Jane Roe – Parent",
        ] {
            assert_eq!(
                name_core(decorated).as_deref(),
                Some("Jane Roe"),
                "{decorated}"
            );
        }
        assert_eq!(name_core("JANE ROE 2024").as_deref(), Some("JANE ROE"));
        assert_eq!(
            name_core("Kai Private (he/him)").as_deref(),
            Some("Kai Private")
        );
        assert_eq!(
            name_core("Mary-Jane O'Neil").as_deref(),
            Some("Mary-Jane O'Neil")
        );
        assert_eq!(name_core("Madonna").as_deref(), Some("Madonna"));
        assert_eq!(name_core("User 777 🌸").as_deref(), Some("User 777"));
        assert_eq!(name_core("Jo 🌸"), None);
        assert_eq!(
            own_name(None, Some("Jane Roe 🌸")).as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(own_name(None, Some("kai79")), None);
        assert_eq!(
            own_name(Some("Kai R"), Some("Jane Roe")).as_deref(),
            Some("Kai R")
        );
    }

    #[test]
    fn tokens_drop_links_handles_and_numbers() {
        assert_eq!(
            tokens("@RiversideUSD SchoolMax DOWN (again) https://t.co/x 40 times #SchoolMaxDown!"),
            ["schoolmax", "down", "again", "times", "#schoolmaxdown"]
        );
    }

    #[test]
    fn no_token_names_a_person() {
        assert_eq!(
            tokens("(@kai79) ＠zoë u/rick /u/rob ask me@example.org x.com/kai79 wifi/internet"),
            ["ask", "wifi", "internet"]
        );
    }

    #[test]
    fn punctuation_inside_a_piece_separates_words() {
        assert_eq!(
            tokens("login/password reset, don't page.fill wi-fi [link](http://evil.example)"),
            ["login", "password", "reset", "don't", "page", "fill", "wi-fi"]
        );
    }

    #[test]
    fn generic_words_are_words_but_not_content() {
        assert!(is_content("schedule") && is_content("horario") && is_content("#down"));
        for w in ["first", "two", "days", "trying", "the", "de", "ok", "hoy"] {
            assert!(!is_content(w), "{w}");
        }
        assert!(is_stop("the") && !is_stop("first"));
    }
}
