//! What people are saying, as the briefing shows it: the period's themes, each with its label,
//! figures and two example posts (private persons pseudonymised as everywhere in the brief), and
//! the copies — a note under the themes, and a warning under "What drove it" when copies make
//! more than [`COPIES_WORTH_SAYING`] of the spike's posts. Text only; the numbers are the engine's.

use serde::Serialize;

use super::data::{clean, fmt_int};
use super::{BriefOptions, Gathered, Pseudonyms};

/// The share of a window's posts that are copies from which the briefing warns of them.
pub const COPIES_WORTH_SAYING: f64 = 0.2;

/// One theme on the page.
#[derive(Debug, Serialize)]
pub(super) struct ThemeRow {
    label: String,
    /// "1,202 posts · 782 people · 47% negative"
    figures: String,
    terms: String,
    /// "Person 3 · X/Twitter: the text"
    examples: Vec<String>,
}

/// The period's themes, most posts first.
pub(super) fn theme_rows(g: &Gathered, people: &mut Pseudonyms) -> Vec<ThemeRow> {
    g.themes
        .themes
        .iter()
        .map(|t| {
            let (label, terms) = people.theme(t, &g.theme_posts);
            ThemeRow {
                label: clean(&label, 140),
                figures: format!(
                    "{} posts · {} {} · {} negative",
                    fmt_int(t.posts as f64),
                    fmt_int(t.people as f64),
                    if t.people == 1 { "person" } else { "people" },
                    crate::analytics::share_percent(t.negative_share)
                ),
                terms: terms
                    .iter()
                    .map(|term| clean(term, 40))
                    .collect::<Vec<_>>()
                    .join(", "),
                examples: t
                    .examples
                    .iter()
                    .filter_map(|id| g.theme_posts.iter().find(|p| p.id == *id))
                    .map(|p| {
                        let author = people.byline(p);
                        format!(
                            "{} · {}: {}",
                            clean(&author, 60),
                            p.platform.label(),
                            clean(&people.post(p).text, 220)
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The longest theme label the summary quotes, in characters.
const SUMMARY_LABEL: usize = 70;

/// The themes as the summary names them, from (label, share of the posts) most posts first:
/// "Three stories: “A” (46% of original posts), “B” (20%) and “C” (12%)." With more than three, the
/// three largest: "Five stories, the largest “A” (46% of original posts), “B” (20%) and “C” (12%)."
/// `None` without themes.
pub fn themes_sentence(themes: &[(String, f64)]) -> Option<String> {
    let quoted: Vec<String> = themes
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, (label, share))| {
            let label = clean(label.trim_end_matches(['.', '!', '?', ' ']), SUMMARY_LABEL);
            let of = if i == 0 { " of original posts" } else { "" };
            format!(
                "“{label}” ({}{of})",
                crate::analytics::share_percent(*share)
            )
        })
        .collect();
    let listed = match quoted.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let n = themes.len();
    let number = ["One", "Two", "Three", "Four", "Five", "Six", "Seven"]
        .get(n - 1)
        .map_or_else(|| fmt_int(n as f64), |w| w.to_string());
    Some(match n {
        1 => format!("One story: {listed}."),
        2 | 3 => format!("{number} stories: {listed}."),
        _ => format!("{number} stories, the largest {listed}."),
    })
}

/// The note under the themes: what they are made of, and the period's copies.
pub(super) fn themes_note(g: &Gathered) -> String {
    let t = &g.themes;
    let read = t.copies.read;
    let newest = if read < g.overview.totals.mentions {
        format!("the newest {} ", fmt_int(read as f64))
    } else {
        String::new()
    };
    format!(
        "Themes group {newest}posts of the period by the words they share (reposts aside, each copied text once); {} in none. {}",
        match t.unthemed {
            1 => "1 post is".to_string(),
            n => format!("{} posts are", fmt_int(n as f64)),
        },
        t.copies.said_of("the period"),
    )
}

/// The warning under "What drove it" when copies make much of the window the terms are counted
/// in.
pub(super) fn copies_warning(g: &Gathered) -> Option<String> {
    let c = &g.window_copies;
    let share = c.share();
    (share > COPIES_WORTH_SAYING).then(|| {
        format!(
            "Copies: {} The mentions overstate how many people wrote in their own words.",
            c.said_of(&g.window_name)
        )
    })
}

/// The method section's definitions of copies and themes, when the briefing shows some.
pub(super) fn method(g: &Gathered, opts: &BriefOptions) -> Vec<String> {
    let mut out = Vec::new();
    let themes = opts.has("themes") && !g.themes.themes.is_empty();
    let warned = opts.has("drivers") && copies_warning(g).is_some();
    if themes || warned {
        out.push("Copies = posts repeating an earlier post's text in the same window, exactly or nearly (80% of three-word sequences shared), case, links, @mentions and punctuation aside; reposts are not copies.".into());
    }
    if themes {
        out.push("Themes = groups of distinct texts sharing their rarer words (TF-IDF, k-means, 3 to 7 groups), each labelled with its most central sentence; posts in another language may form their own theme.".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::themes_sentence;

    fn themes(shares: &[f64]) -> Vec<(String, f64)> {
        let labels = [
            "Can't see my schedule!",
            "bus routes are missing",
            "back up, but grades are gone.",
            "el portal no funciona",
            "wifi at the library",
        ];
        labels
            .iter()
            .zip(shares)
            .map(|(l, s)| (l.to_string(), *s))
            .collect()
    }

    #[test]
    fn up_to_three_stories_are_all_named_with_their_shares() {
        assert_eq!(
            themes_sentence(&themes(&[0.46, 0.2, 0.124])).unwrap(),
            "Three stories: “Can't see my schedule” (46% of original posts), “bus routes are missing” (20%) \
             and “back up, but grades are gone” (12%)."
        );
        assert_eq!(
            themes_sentence(&themes(&[0.7, 0.3])).unwrap(),
            "Two stories: “Can't see my schedule” (70% of original posts) and “bus routes are missing” (30%)."
        );
        assert_eq!(themes_sentence(&[]), None);
    }

    #[test]
    fn more_stories_name_the_three_largest() {
        let s = themes_sentence(&themes(&[0.4, 0.2, 0.15, 0.1, 0.05])).unwrap();
        assert!(
            s.starts_with(
                "Five stories, the largest “Can't see my schedule” (40% of original posts), "
            ),
            "{s}"
        );
        assert!(
            s.ends_with("and “back up, but grades are gone” (15%)."),
            "{s}"
        );
        assert!(!s.contains("portal"));
    }

    #[test]
    fn a_long_label_is_cut() {
        let long = vec![("word ".repeat(40), 1.0)];
        let s = themes_sentence(&long).unwrap();
        assert!(s.contains("word…”"), "{s}");
        assert!(s.chars().count() < 110, "{s}");
    }
}
