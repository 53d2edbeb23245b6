use chrono::{TimeZone, Utc};
use townhall::analytics::{overview, Period};
use townhall::import::{import_file, ImportOptions};
use townhall::output::brief::{render, BriefOptions};
use townhall::time::{parse_date, parse_tz};
use townhall::topics;

use crate::support::{fixture, pdf_text, workspace};

fn fixture_brief() -> Vec<u8> {
    brief_with(BriefOptions::new(
        Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap(),
    ))
}

fn brief_with(opts: BriefOptions) -> Vec<u8> {
    render(&gathered(), &opts).unwrap()
}

fn gathered() -> townhall::output::brief::Gathered {
    gathered_over("2026-10-31", "2026-11-02")
}

fn gathered_over(from: &str, to: &str) -> townhall::output::brief::Gathered {
    let (_dir, _path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("twarc2/pages.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let topic = topics::add(&store, "Student portal", "portal", "2026-11-01T00:00:00Z").unwrap();
    let period = Period::new(
        parse_date(from).unwrap(),
        parse_date(to).unwrap(),
        parse_tz("UTC").unwrap(),
    )
    .unwrap();
    let o = overview(&store, &topic, &period).unwrap();
    townhall::output::brief::gather(&store, o).unwrap()
}

/// The words of a brief of `o`, each separated by one space, as a reader sees them.
fn brief_words(store: &townhall::store::Store, o: townhall::analytics::Overview) -> String {
    let g = townhall::output::brief::gather(store, o).unwrap();
    let pdf = pdf_text(&render(&g, &BriefOptions::new(Utc::now())).unwrap());
    pdf.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A workspace of one CSV export (`csv`, posts of 10 March 2026), its topic SchoolMax, and that
/// day's overview in UTC.
fn csv_day_overview(
    csv: &str,
) -> (
    tempfile::TempDir,
    townhall::store::Store,
    townhall::analytics::Overview,
) {
    let (dir, _path, mut store) = workspace();
    let file = dir.path().join("export.csv");
    std::fs::write(&file, csv).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let topic = topics::add(&store, "SchoolMax", "schoolmax", "2026-03-11T00:00:00Z").unwrap();
    let day = parse_date("2026-03-10").unwrap();
    let period = Period::new(day, day, parse_tz("UTC").unwrap()).unwrap();
    let o = overview(&store, &topic, &period).unwrap();
    (dir, store, o)
}

/// The demo's main topic from `from` to `to`, in the demo's time zone.
fn demo_overview(
    store: &townhall::store::Store,
    from: &str,
    to: &str,
) -> townhall::analytics::Overview {
    let topic = topics::get(store, townhall::workspace::demo::MAIN_TOPIC).unwrap();
    let tz = parse_tz("America/Chicago").unwrap();
    let period = Period::new(parse_date(from).unwrap(), parse_date(to).unwrap(), tz).unwrap();
    overview(store, &topic, &period).unwrap()
}

/// A period with no post because it lies outside the workspace's data says so.
#[test]
fn a_period_outside_the_data_says_where_the_data_is() {
    let opts = BriefOptions::new(Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap());
    let words = |from, to| {
        let pdf = render(&gathered_over(from, to), &opts).unwrap();
        let text = crate::support::pdf_text(&pdf);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let before = words("2026-06-01", "2026-06-07");
    assert!(
        before.contains("The workspace's posts begin on 31 October 2026, after this period."),
        "{before}"
    );
    let after = words("2027-01-01", "2027-01-02");
    assert!(after.contains(", before this period."), "{after}");
    assert!(!words("2026-10-31", "2026-11-02").contains("this period."));
    // Without a post, no empty chart, drivers or top posts under their headings.
    for heading in ["Exposure over time", "What drove it", "Top posts by"] {
        assert!(!before.contains(heading), "{heading}: {before}");
        assert!(
            words("2026-10-31", "2026-11-02").contains(heading),
            "{heading} where there are posts"
        );
    }
}

#[test]
fn hostile_post_text_prints_literally() {
    let pdf = fixture_brief();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Student portal"), "{text}");
    assert!(text.contains("#panic(\"x\") *bold* <b>hi</b>"), "{text}");
    assert!(
        text.contains("evil") && !text.contains('\u{202e}'),
        "bidi override removed"
    );
    assert!(
        text.contains("4 posts"),
        "the mention count is in the summary: {text}"
    );
}

#[test]
fn the_same_data_and_settings_give_the_same_pdf() {
    assert_eq!(fixture_brief(), fixture_brief());
}

#[test]
fn private_persons_are_pseudonymised_unless_names_are_on() {
    let text = pdf_text(&fixture_brief());
    assert!(
        !text.contains("maya_k"),
        "a private person is not named: {text}"
    );
    assert!(text.contains("Person 1"), "{text}");
    assert!(text.contains("Private persons are shown as"), "{text}");
    assert!(
        text.contains("@RiversideGazette"),
        "verified accounts are named: {text}"
    );

    let mut opts = BriefOptions::new(Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap());
    opts.names = true;
    let text = pdf_text(&brief_with(opts));
    assert!(text.contains("@maya_k"), "{text}");
    // The method says so, instead of dropping its privacy line.
    assert!(text.contains("Everyone is named"), "{text}");
    assert!(!text.contains("Private persons are shown as"), "{text}");
}

#[test]
fn sections_can_be_chosen() {
    let opts = BriefOptions::new(Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap())
        .with_sections("summary,method")
        .unwrap();
    let text = pdf_text(&brief_with(opts));
    assert!(text.contains("Summary") && text.contains("Method and caveats"));
    assert!(!text.contains("Top posts"), "{text}");
    assert!(BriefOptions::new(Utc::now())
        .with_sections("gossip")
        .is_err());
}

#[test]
fn the_preview_shows_the_pages_of_the_pdf() {
    let g = gathered();
    let opts = BriefOptions::new(Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap());
    let pdf_pages = pdf_text(&render(&g, &opts).unwrap())
        .matches('\u{c}')
        .count();
    let pages = townhall::output::brief::preview(&g, &opts, 1.0).unwrap();
    assert_eq!(pages.len(), pdf_pages);
    for png in &pages {
        let page = image::load_from_memory(png).unwrap().to_luma8();
        assert_eq!(page.dimensions(), (595, 842), "A4 at one pixel per point");
        // Above the footer, which every page has: two lines of text ink about 1,500 pixels.
        let (width, height) = page.dimensions();
        let inked = (0..height - 45)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .filter(|&(x, y)| page.get_pixel(x, y).0[0] < 200)
            .count();
        assert!(
            inked > 500,
            "the page has text above its footer ({inked} inked pixels)"
        );
    }
    // The preview follows the choices: fewer sections, fewer pages.
    let short = opts.with_sections("summary").unwrap();
    let fewer = townhall::output::brief::preview(&g, &short, 0.5).unwrap();
    assert!(
        fewer.len() < pages.len(),
        "{} vs {}",
        fewer.len(),
        pages.len()
    );
    let first = image::load_from_memory(&fewer[0]).unwrap();
    assert_eq!((first.width(), first.height()), (298, 421));
}

/// The headings of the briefing: its sections' and the headings inside them.
const HEADINGS: &[&str] = &[
    "Summary",
    "Exposure over time",
    "Most reported problems",
    "Themes",
    "Has the organisation responded?",
    "What drove it",
    "Platforms",
    "Terms that rose",
    "Sentiment over time",
    "Top posts by estimated views",
    "Top voices by reach",
    "Against past incidents",
    "Method and caveats",
];

/// A heading never ends a page alone: on every page but the last, the line above the footer
/// is not a heading. Checked on the demo's briefing with every section, and with each section
/// left out in turn, so that the page breaks fall in many places.
#[test]
fn no_heading_ends_a_page_alone() {
    use townhall::output::brief::SECTIONS;
    use townhall::wire::BriefChoices;
    use townhall::workspace::briefing;

    let (_dir, store, request) = crate::support::demo_workspace();
    let at = Utc.with_ymd_and_hms(2026, 9, 10, 8, 0, 0).unwrap();
    let prepared = briefing::prepare(&store, &request, &BriefChoices::default(), at).unwrap();
    let mut page_ends = 0;
    for left_out in std::iter::once(None).chain(SECTIONS.iter().map(Some)) {
        let sections: Vec<&str> = SECTIONS
            .iter()
            .copied()
            .filter(|s| Some(s) != left_out)
            .collect();
        let opts = prepared
            .options
            .clone()
            .with_sections(&sections.join(","))
            .unwrap();
        let text = pdf_text(&render(&prepared.gathered, &opts).unwrap());
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        for (n, page) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
            let lines: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // The footer: the confidentiality line, then "… · page N of M".
            let footer = lines
                .iter()
                .rposition(|l| l.ends_with(&format!("page {} of {}", n + 1, pages.len())))
                .unwrap_or_else(|| panic!("page {} has its footer: {lines:?}", n + 1));
            let last = lines[..footer.saturating_sub(1)].last().unwrap();
            assert!(
                !HEADINGS.contains(last),
                "without {left_out:?}, page {} ends with the heading {last:?}",
                n + 1
            );
            page_ends += 1;
        }
    }
    assert!(page_ends >= 30, "only {page_ends} page ends checked");
}

/// A spike that began before the period is told by its part inside it: the demo's outage,
/// which peaked at 1,038 on 2 September, is at most 660 from 3 September on, as the chart shows.
#[test]
fn a_spike_that_began_before_the_period_is_told_by_its_part_inside() {
    let (_dir, store, _) = crate::support::demo_workspace();
    let o = demo_overview(&store, "2026-09-03", "2026-09-05");
    let overlays = townhall::output::timeline::overlays(&store, &o, None).unwrap();
    let spike = overlays.spikes.first().expect("the outage's spike");
    assert!(spike.began_before, "{spike:?}");
    let highest = o.series.iter().map(|p| p.totals.mentions).max().unwrap();
    assert_eq!(spike.peak_mentions, highest as f64, "{spike:?}");
    assert_eq!(o.series[spike.peak].totals.mentions, highest);

    let flat = brief_words(&store, o);
    assert!(flat.contains("began before the period"), "{flat}");
    assert!(!flat.contains("1,038"), "{flat}");
}

/// The demo's posts begin on 3 July: a brief of 20 July to 18 August gives no change against
/// the previous 30 days, most of which hold no data, rather than "up 75%".
#[test]
fn no_change_is_given_against_a_period_the_data_only_partly_covers() {
    let (_dir, store, _) = crate::support::demo_workspace();
    let brief_of = |from, to| brief_words(&store, demo_overview(&store, from, to));
    let partly = brief_of("2026-07-20", "2026-08-18");
    assert!(
        partly.contains("part-way through the previous 30 days, so no change is given"),
        "{partly}"
    );
    assert!(!partly.contains("on the previous 30 days ("), "{partly}");
    let covered = brief_of("2026-08-20", "2026-09-18");
    assert!(!covered.contains("part-way through"), "{covered}");
    // A period the data begins in: not "no mentions in the previous 30 days to compare with".
    let none = brief_of("2026-07-03", "2026-08-01");
    assert!(
        none.contains("after the previous 30 days, so no change is given"),
        "{none}"
    );
    assert!(!none.contains("no mentions in the previous"), "{none}");
}

/// The demo's posts end on 18 September: a period that runs on to the 30th, or lies wholly
/// after the data, gives no change against the previous period (its later days are unknown, not
/// quiet) rather than "down 40%" or "down 100%".
#[test]
fn no_change_is_given_for_a_period_that_runs_past_the_data() {
    let (_dir, store, _) = crate::support::demo_workspace();
    for (from, to) in [("2026-09-03", "2026-09-30"), ("2026-09-22", "2026-09-25")] {
        let o = demo_overview(&store, from, to);
        let mentions = o.kpis.iter().find(|k| k.key == "mentions").unwrap();
        assert_eq!(
            mentions.change.said,
            "not compared: the data ends before this period does"
        );
        let words = brief_words(&store, o);
        assert!(
            words.contains("The workspace's posts end on 18 September 2026"),
            "{words}"
        );
        assert!(!words.contains("on the previous"), "{words}");
        assert!(!words.contains("to compare with"), "{words}");
    }
    // Ending the day after the last post (collected up to last night), it is compared.
    let o = demo_overview(&store, "2026-09-04", "2026-09-19");
    let mentions = o.kpis.iter().find(|k| k.key == "mentions").unwrap();
    assert!(mentions.change.pct.is_some(), "{:?}", mentions.change);
}

/// Without any follower count, the top voices say how they are ordered.
#[test]
fn top_voices_without_follower_counts_say_how_they_are_listed() {
    let rows: String = (0..12)
        .map(|i| format!("2026-03-10 09:{i:02}:00,SchoolMax is down {i},p{}\n", i % 4))
        .collect();
    let (_ws, store, o) = csv_day_overview(&format!("Date,Text,Author\n{rows}"));
    let flat = brief_words(&store, o);
    assert!(
        flat.contains("No follower count is known for these people"),
        "{flat}"
    );
}

/// A post that names its own private author ("Hunter Hillis updated his status", as a Facebook
/// archive writes its posts) is quoted with the pseudonym in its text as in its byline.
#[test]
fn a_private_author_s_name_in_their_post_is_their_pseudonym() {
    let (_ws, store, o) = csv_day_overview(
        "Date,Author,Full Name,Text\n\
         2026-03-10 10:00,hhillis,Hunter Hillis,schoolmax: Hunter Hillis updated his status\n",
    );
    let flat = brief_words(&store, o);
    assert!(flat.contains("Person 1 updated his status"), "{flat}");
    assert!(!flat.contains("Hunter"), "{flat}");
}

/// An archive's posts each say who wrote them: that name is no term that rose (it named a
/// private person in "What drove it" and `explain`, where the posts showed "Person 1").
#[test]
fn a_private_author_s_own_name_is_no_term_that_rose() {
    let mut rows = String::from("Date,Author,Full Name,Text\n");
    for i in 0..6 {
        rows += &format!("2026-03-09 1{i}:00,b{i},Someone Else{i},schoolmax is fine today {i}\n");
    }
    for i in 0..5 {
        rows += &format!(
            "2026-03-10 1{i}:00,hhillis,Hunter Hillis,schoolmax: Hunter Hillis recommends the gradebook outage page {i}\n"
        );
    }
    let (_ws, store, o) = csv_day_overview(&rows);
    let start = 1_773_100_800; // 2026-03-10T00:00Z
    let report =
        townhall::workspace::views::explain_window(&store, "SchoolMax", start, start + 86_400)
            .unwrap();
    let terms: Vec<&str> = report.terms.iter().map(|t| t.term.as_str()).collect();
    assert!(terms.iter().any(|t| t.contains("gradebook")), "{terms:?}");
    assert!(
        !terms
            .iter()
            .any(|t| t.contains("hunter") || t.contains("hillis")),
        "{terms:?}"
    );
    // Nor among the brief's terms that rose.
    let g = townhall::output::brief::gather(&store, o).unwrap();
    let terms: Vec<&str> = g.terms.iter().map(|t| t.term.as_str()).collect();
    assert!(terms.iter().any(|t| t.contains("gradebook")), "{terms:?}");
    assert!(
        !terms
            .iter()
            .any(|t| t.contains("hunter") || t.contains("hillis")),
        "{terms:?}"
    );
}

/// A post in each script the brief has a font for is typeset in that font, not as empty boxes.
#[test]
fn every_script_of_the_posts_is_typeset_in_its_font() {
    let scripts = [
        ("한국어", "NanumGothic"),
        ("中文", "DroidSansFallback"),
        ("العربية", "NotoSansArabic"),
        ("हिन्दी", "NotoSansDevanagari"),
        ("বাংলা", "NotoSansBengali"),
        ("தமிழ்", "NotoSansTamil"),
        ("తెలుగు", "NotoSansTelugu"),
        ("ગુજરાતી", "NotoSansGujarati"),
        ("ਪੰਜਾਬੀ", "NotoSansGurmukhi"),
        ("ಕನ್ನಡ", "NotoSansKannada"),
        ("മലയാളം", "NotoSansMalayalam"),
        ("ଓଡ଼ିଆ", "NotoSansOriya"),
        ("සිංහල", "NotoSansSinhala"),
        ("ລາວ", "NotoSansLao"),
        ("ខ្មែរ", "NotoSansKhmer"),
        ("မြန်မာ", "NotoSansMyanmar"),
        ("ქართული", "NotoSansGeorgian"),
        ("Հայերեն", "NotoSansArmenian"),
        ("አማርኛ", "NotoSansEthiopic"),
        ("བོད་", "NotoSerifTibetan"),
        ("ᠮᠣᠩᠭᠣᠯ", "NotoSansMongolian"),
        ("ᏣᎳᎩ", "NotoSansCherokee"),
        ("ᐃᓄᒃᑎᑐᑦ", "NotoSansCanadianAboriginal"),
        ("ߒߞߏ", "NotoSansNKo"),
    ];
    // Four scripts a post, so that all are among the brief's six top posts.
    let rows: String = scripts
        .chunks(4)
        .enumerate()
        .map(|(i, words)| {
            let words: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
            format!(
                "2026-03-10 10:{i:02},a{i},schoolmax {},{}\n",
                words.join(" "),
                100 - i
            )
        })
        .collect();
    let (_ws, store, o) = csv_day_overview(&format!("Date,Author,Text,Likes\n{rows}"));
    let g = townhall::output::brief::gather(&store, o).unwrap();
    let opts = BriefOptions::new(Utc::now())
        .with_sections("posts")
        .unwrap();
    let fonts = crate::support::pdffonts(&render(&g, &opts).unwrap());
    let missing: Vec<&str> = scripts
        .iter()
        .filter(|(_, font)| !fonts.contains(font))
        .map(|(word, _)| *word)
        .collect();
    assert!(
        missing.is_empty(),
        "{missing:?} without their fonts in\n{fonts}"
    );
}

/// Six posts that share nothing but the topic's word: every start of a theme is an outlier, set
/// aside until none is left. The brief is still written, with no themes (this used to panic).
#[test]
fn posts_that_share_no_words_make_no_themes_and_the_brief_is_written() {
    let rows: String = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
        .iter()
        .enumerate()
        .map(|(i, w)| format!("2026-03-10 10:0{i},a{i},schoolmax {w}\n"))
        .collect();
    let (_ws, store, o) = csv_day_overview(&format!("Date,Author,Text\n{rows}"));
    assert_eq!(o.totals.mentions, 6);
    let flat = brief_words(&store, o);
    assert!(flat.contains("SchoolMax"), "{flat}");
}

/// A word longer than a line (a chained hashtag, a pasted token) wraps inside the page's
/// margins, in the quotes and in the tables, and none of it is lost.
#[test]
fn a_word_longer_than_a_line_stays_inside_the_page() {
    let hashtag = format!("#SchoolMaxIsDown{}", "AndAgain".repeat(15));
    let rows: String = (0..30)
        .map(|i| {
            format!(
                "2026-03-10 09:{i:02}:00,SchoolMax {hashtag} broken {i},p{},{}\n",
                i % 4,
                i * 10
            )
        })
        .collect();
    let (_ws, store, o) = csv_day_overview(&format!("Date,Text,Author,Likes\n{rows}"));
    let g = townhall::output::brief::gather(&store, o).unwrap();
    let pdf = render(&g, &BriefOptions::new(Utc::now())).unwrap();

    // A4 is 595.3 points wide; the template's side margins are 16 mm (45.4 points).
    let right_edge = 595.3 - 45.4;
    let past_the_margin: Vec<_> = pdf_word_boxes(&pdf)
        .into_iter()
        .filter(|(_, x_max)| *x_max > right_edge + 1.0)
        .collect();
    assert!(past_the_margin.is_empty(), "{past_the_margin:?}");
    let joined: String = pdf_text(&pdf)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect();
    assert!(joined.contains(&hashtag), "{joined}");
}

/// Each word of a PDF with the right edge of its box, as `pdftotext -bbox` gives them.
fn pdf_word_boxes(pdf: &[u8]) -> Vec<(String, f64)> {
    let html = crate::support::pdftotext(pdf, &["-bbox"]);
    let words: Vec<_> = html
        .lines()
        .filter_map(|line| {
            let x_max = line.split("xMax=\"").nth(1)?.split('"').next()?;
            let word = line.split('>').nth(1)?.split('<').next()?;
            Some((word.to_string(), x_max.parse().unwrap()))
        })
        .collect();
    assert!(!words.is_empty(), "no word boxes in:\n{html}");
    words
}
