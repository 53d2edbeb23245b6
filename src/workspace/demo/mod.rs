//! The demo workspace: a deterministic scenario modelled on the story Townhall exists for. A
//! school district's student-information system, SchoolMax, fails on the first day of term;
//! students and parents complain before IT opens a ticket; it peaks, a fix lands, it decays.
//!
//! The scenario is written out in the platforms' real formats and imported through the real
//! importers, so the demo exercises exactly the path a user's files take.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::import::{import_file, ImportOptions, ImportReport};
use crate::store::{settings, Store};
use crate::{incidents, topics};
use wording::Wording;

mod wording;

pub const ORGANISATION: &str = "Riverside Unified School District";
pub const TIMEZONE: &str = "America/Chicago";
pub const MAIN_TOPIC: &str = "SchoolMax";
pub const PUBLIC_ACCOUNTS: &str =
    "RiversideUSD, RiversideGazette, KRVS_News, riversideparents, rhspta";
/// The district's own account: its posts and replies are its official response.
pub const OWN_ACCOUNTS: &str = "RiversideUSD";
pub const TOPICS: &[(&str, &str)] = &[
    (
        MAIN_TOPIC,
        "schoolmax OR \"student portal\" OR \"parent portal\" OR #SchoolMaxDown",
    ),
    ("Wi-Fi", "wifi OR \"wi-fi\" OR eduroam"),
];

/// What the demo wrote and imported.
#[derive(Debug)]
pub struct DemoSummary {
    pub files: Vec<PathBuf>,
    pub reports: Vec<ImportReport>,
}

/// Writes the scenario's files into `dir` and imports them into `store`, with its topics and
/// settings. Running it twice adds nothing the second time.
pub fn create(store: &mut Store, dir: &Path) -> Result<DemoSummary> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (accounts, tweets) = scenario();
    let twitter = dir.join("riverside-x-twarc2.jsonl");
    write_twarc2(&twitter, &(accounts.clone(), tweets))?;
    let others = elsewhere(&accounts);
    let facebook = dir.join("riverside-facebook-crowdtangle.csv");
    write_crowdtangle(&facebook, &others.facebook)?;
    let reddit = dir.join("riverside-reddit-submissions.ndjson");
    write_lines(&reddit, &others.reddit)?;
    let mastodon = dir.join("riverside-mastodon-search.json");
    let search = json!({ "accounts": [], "statuses": others.mastodon, "hashtags": [] });
    std::fs::write(&mastodon, search.to_string()).map_err(|e| Error::io(&mastodon, e))?;
    let mut reports = Vec::new();
    for file in [&twitter, &facebook, &reddit, &mastodon] {
        reports.push(import_file(store, file, &ImportOptions::default())?);
    }
    let now = "2026-10-01T00:00:00Z";
    for (name, query) in TOPICS {
        topics::add(store, name, query, now)?;
    }
    settings::set(store.conn(), settings::TIMEZONE, TIMEZONE)?;
    settings::set(store.conn(), settings::ORGANISATION, ORGANISATION)?;
    settings::set(store.conn(), settings::SAMPLE, "true")?;
    // Organisations and the press are named in briefings; private persons are not.
    settings::set(store.conn(), settings::PUBLIC_ACCOUNTS, PUBLIC_ACCOUNTS)?;
    // Only the district speaks for the district: the press and parents' groups do not.
    settings::set(store.conn(), settings::OWN_ACCOUNTS, OWN_ACCOUNTS)?;

    // IT's own record, as a ServiceNow export: the ticket was opened after students had
    // started complaining.
    let tickets = dir.join("riverside-servicenow-incidents.csv");
    std::fs::write(&tickets, SERVICENOW_EXPORT).map_err(|e| Error::io(&tickets, e))?;
    let tz: Tz = TIMEZONE.parse().expect("demo zone is valid");
    let topic = topics::get(store, MAIN_TOPIC)?;
    incidents::import_csv(store, &tickets, Some(&topic), tz)?;
    Ok(DemoSummary {
        files: vec![twitter, facebook, reddit, mastodon, tickets],
        reports,
    })
}

const SERVICENOW_EXPORT: &str = "\
number,opened_at,resolved_at,short_description,priority,state,assignment_group
INC0041207,2026-09-01 08:40:00,2026-09-03 14:05:00,SchoolMax SIS unavailable - login and schedules failing district-wide,1 - Critical,Resolved,Student Information Systems
INC0041388,2026-09-15 10:15:00,2026-09-15 11:02:00,SchoolMax gradebook slow for teachers at Riverside High,3 - Moderate,Resolved,Student Information Systems
";

/// A small deterministic random source (SplitMix64), so the demo is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A Poisson-distributed count with the given mean (Knuth's method; means here are small
    /// or split into small parts).
    fn poisson(&mut self, mean: f64) -> u32 {
        let mut total = 0;
        let mut left = mean;
        while left > 0.0 {
            let m = left.min(30.0);
            left -= m;
            let limit = (-m).exp();
            let mut p = 1.0;
            let mut k = 0;
            loop {
                p *= self.unit();
                if p <= limit {
                    break;
                }
                k += 1;
            }
            total += k;
        }
        total
    }
}

#[derive(Debug, Clone)]
struct Account {
    id: String,
    handle: String,
    name: String,
    followers: i64,
    verified: bool,
}

#[derive(Debug, Clone)]
struct Tweet {
    id: u64,
    author: usize,
    at: chrono::DateTime<Utc>,
    text: String,
    lang: &'static str,
    likes: i64,
    retweets: i64,
    replies: i64,
    quotes: i64,
    retweet_of: Option<(u64, usize)>,
    reply_to: Option<(u64, usize)>,
}

const FIRST_DAY: (i32, u32, u32) = (2026, 7, 3);
const DAYS: u32 = 78;

/// Expected SchoolMax posts on a day, by the scenario's story.
fn schoolmax_volume(day: NaiveDate) -> f64 {
    let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).expect("valid date");
    let weekend = matches!(day.format("%a").to_string().as_str(), "Sat" | "Sun");
    let base = if day < d(8, 20) { 2.5 } else { 6.0 };
    let base = if weekend { base * 0.5 } else { base };
    match (day - d(9, 1)).num_days() {
        -1 => 24.0, // the evening before: the first complaints, before any ticket
        0 => 430.0, // first day of term: the system fails at 07:10
        1 => 780.0,
        2 => 470.0, // the fix lands at 14:05
        3 => 140.0,
        4 => 55.0,
        5 => 24.0,
        6 => 14.0,
        _ => base,
    }
}

fn local(day: NaiveDate, minutes: u32) -> chrono::DateTime<Utc> {
    let tz: Tz = TIMEZONE.parse().expect("demo zone is valid");
    let t = day.and_hms_opt(0, 0, 0).expect("midnight") + Duration::minutes(minutes as i64);
    tz.from_local_datetime(&t)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&t))
        .with_timezone(&Utc)
}

/// Minute of the local day a school-community post is written, weighted by when people are up.
fn minute_of_day(rng: &mut Rng, not_before: u32) -> u32 {
    const HOUR_WEIGHTS: [f64; 24] = [
        0.2, 0.1, 0.05, 0.05, 0.1, 0.4, 1.5, 4.0, 3.5, 2.0, 1.6, 1.8, 2.5, 2.0, 1.8, 3.0, 3.2, 2.6,
        2.4, 2.8, 3.2, 2.8, 1.6, 0.6,
    ];
    loop {
        let total: f64 = HOUR_WEIGHTS.iter().sum();
        let mut x = rng.unit() * total;
        let mut hour = 23;
        for (h, w) in HOUR_WEIGHTS.iter().enumerate() {
            if x < *w {
                hour = h;
                break;
            }
            x -= w;
        }
        let minute = hour as u32 * 60 + rng.below(60) as u32;
        if minute >= not_before {
            return minute;
        }
    }
}

// The scenario's texts, as templates whose slots each writer fills differently (`wording`).
const COMPLAINTS: &[&str] = &[
    "SchoolMax is down on the FIRST day of school. It's {now} and I can't even see my schedule 😩 #SchoolMaxDown",
    "anyone else getting \"session expired\" on the student portal since {since}?? been trying for an hour",
    "It's {now}. Trying to log into the SchoolMax parent portal for the third time since {since}. Still an error page. How am I supposed to find my kid's bus route?",
    "Teachers are reading class lists off paper since {since} because SchoolMax won't load. Great start to the year #SchoolMaxDown",
    "lol the student portal just shows a spinning wheel since {since}. first period and nobody knows where to go",
    "My daughter is standing in the gym with {150-400} other kids because SchoolMax lost the schedules. Unacceptable.",
    "schoolmax down again 🙄 same thing happened last spring",
    "Can someone from @RiversideUSD explain why the parent portal has been broken since {since}? No email, no text, nothing.",
    "El portal de SchoolMax no funciona desde las {since} 😡 no puedo ver el horario de mi hijo #SchoolMaxDown",
    "Whoever runs SchoolMax: it says 'maintenance' but it's {now} on the first day of term",
    "I refreshed the student portal {12-99} times. {=} times #SchoolMaxDown",
    "Parents: SchoolMax isn't working since {since}, the office says bring your kid to the front desk for a paper schedule",
    "how is the schoolmax app still broken it's day two 💀",
    "Still can't get into the parent portal since {since}. Lunch account, bus, schedule, all in SchoolMax. All gone.",
    "Day 2 of #SchoolMaxDown. It's {now} and my son went to the wrong classroom twice.",
    "SchoolMax outage means no attendance records since {since} either?? who is tracking the kids",
    "the student portal error page has a typo in it. we have been staring at it since {since}, long enough to notice",
    "SchoolMax übernimmt den ersten Schultag… und fällt aus. Typisch.",
    "Je n'arrive pas à me connecter au portail SchoolMax depuis {since} ce matin #SchoolMaxDown",
];

const PRE_COMPLAINTS: &[&str] = &[
    "trying to check my schedule for tomorrow at {now} and SchoolMax won't let me log in?",
    "is the student portal down or is it just me",
    "SchoolMax keeps saying 'invalid session' since {since} tonight. first day is TOMORROW 😬",
    "Parent portal won't load since {since}, wanted to print the supply list. Anyone else?",
];

const RECOVERY: &[&str] = &[
    "SchoolMax is back up for us since {since}, finally 🙏",
    "student portal works again since {since} but my schedule still has me in two places at once lol",
    "Parent portal loads now, as of {now}. Three days late #SchoolMaxDown",
    "ok schoolmax works as of {now}. can we talk about why it took 3 days though",
    "SchoolMax back since {since}, but grades from last term are missing?",
];

const ROUTINE: &[&str] = &[
    "Checking grades on SchoolMax at {now} before the weekend",
    "Reminder at {now}: update your emergency contacts in the SchoolMax parent portal",
    "at {now} why does SchoolMax log me out every five minutes",
    "finally figured out at {now} how to see assignments in the student portal",
    "SchoolMax app notification at {now} to tell me about picture day. thanks I guess",
    "Registered my kids for fall through the parent portal, took {15-50} minutes but done",
    "schoolmax says I have a missing assignment from May 💀",
];

const WIFI: &[&str] = &[
    "library wifi is so slow since {since} today",
    "can't connect to eduroam in room {100-240} of the science building again",
    "the wi-fi in portable {1-12} drops every ten minutes",
    "wifi at the stadium is actually good this year?",
];

const OTHER: &[&str] = &[
    "first day of school tomorrow!!",
    "bus 14 was late again",
    "new cafeteria menu looks decent",
    "Good luck to all our students this year! 🍎",
    "homecoming dates are out",
];

fn accounts(rng: &mut Rng) -> Vec<Account> {
    let mut out = vec![
        Account {
            id: "900001".into(),
            handle: "RiversideGazette".into(),
            name: "Riverside Gazette".into(),
            followers: 48_200,
            verified: true,
        },
        Account {
            id: "900002".into(),
            handle: "RiversideUSD".into(),
            name: "Riverside Unified".into(),
            followers: 12_700,
            verified: true,
        },
        Account {
            id: "900003".into(),
            handle: "KRVS_News".into(),
            name: "KRVS 7 News".into(),
            followers: 96_400,
            verified: true,
        },
    ];
    const FIRST: &[&str] = &[
        "maya", "jordan", "alex", "sam", "priya", "diego", "lena", "tyler", "aisha", "noah",
        "chloe", "mateo", "grace", "owen", "zoe", "eli", "nina", "marcus", "ruby", "kai",
    ];
    const KIND: &[&str] = &["", "_mom", "_dad", "parent", "_rhs", "2029", "_k", "x"];
    let mut taken = std::collections::HashSet::new();
    for i in 0..1_400 {
        let first = rng.pick(FIRST);
        let kind = rng.pick(KIND);
        // One handle, one account: a handle met twice gets the account's own number.
        let mut handle = format!("{first}{kind}{}", i % 97);
        if !taken.insert(handle.to_lowercase()) {
            handle = format!("{first}{kind}{i}");
            let fresh = taken.insert(handle.to_lowercase());
            debug_assert!(fresh, "{handle}");
        }
        // Follower counts are heavy-tailed: most people have a few hundred, a few have many.
        let followers = (40.0 * (1.0 / (1.0 - rng.unit() * 0.995)).powf(1.3)) as i64;
        out.push(Account {
            id: format!("{}", 1_000_000 + i),
            name: format!("{}{}", first[..1].to_uppercase(), &first[1..]),
            handle,
            followers,
            verified: false,
        });
    }
    out
}

/// The scenario's tweets, in time order.
fn scenario() -> (Vec<Account>, Vec<Tweet>) {
    let mut rng = Rng(20260901);
    let accounts = accounts(&mut rng);
    let mut wording = Wording::new();
    let tz: Tz = TIMEZONE.parse().expect("demo zone is valid");
    let people = 3..accounts.len();
    let start = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).expect("valid");
    let term = NaiveDate::from_ymd_opt(2026, 9, 1).expect("valid");
    let mut tweets = Vec::new();
    let next_id = std::cell::Cell::new(1_830_000_000_000_000_000u64);
    let push =
        |tweets: &mut Vec<Tweet>, author, at, text: String, lang, rng: &mut Rng, reach: f64| {
            next_id.set(next_id.get() + 1 + rng.below(1000) as u64);
            let likes = (rng.unit().powi(3) * reach) as i64;
            tweets.push(Tweet {
                id: next_id.get(),
                author,
                at,
                text,
                lang,
                likes,
                retweets: likes / 4,
                replies: likes / 6 + rng.below(3) as i64,
                quotes: likes / 20,
                retweet_of: None,
                reply_to: None,
            });
        };

    for offset in 0..DAYS {
        let day = start + Duration::days(offset as i64);
        let rel = (day - term).num_days();
        let n = rng.poisson(schoolmax_volume(day));
        for _ in 0..n {
            let (text, not_before) = match rel {
                -1 => (*rng.pick(PRE_COMPLAINTS), 17 * 60),
                0 => (*rng.pick(COMPLAINTS), 7 * 60 + 10),
                1 => (*rng.pick(COMPLAINTS), 0),
                2 if rng.unit() < 0.55 => (*rng.pick(COMPLAINTS), 0),
                2 => (*rng.pick(RECOVERY), 14 * 60 + 5),
                3..=6 if rng.unit() < 0.6 => (*rng.pick(RECOVERY), 0),
                _ => (*rng.pick(ROUTINE), 0),
            };
            let lang = match text {
                t if t.starts_with("El ") => "es",
                t if t.starts_with("Je ") => "fr",
                t if t.contains("übernimmt") => "de",
                _ => "en",
            };
            let author = people.start + rng.below(people.len());
            let at = local(day, minute_of_day(&mut rng, not_before));
            push(
                &mut tweets,
                author,
                at,
                wording.say(text, at, tz),
                lang,
                &mut rng,
                60.0,
            );
        }
        for _ in 0..rng.poisson(if (20..=30).contains(&rel) { 9.0 } else { 2.0 }) {
            let author = people.start + rng.below(people.len());
            let at = local(day, minute_of_day(&mut rng, 0));
            let template = WIFI[rng.below(WIFI.len())];
            let text = wording.say(template, at, tz);
            push(&mut tweets, author, at, text, "en", &mut rng, 15.0);
        }
        for _ in 0..rng.poisson(3.0) {
            let author = people.start + rng.below(people.len());
            let at = local(day, minute_of_day(&mut rng, 0));
            push(
                &mut tweets,
                author,
                at,
                rng.pick(OTHER).to_string(),
                "en",
                &mut rng,
                20.0,
            );
        }
    }

    // The organisations speak, and are retweeted.
    let statements: &[(i64, u32, usize, &str, f64)] = &[
        (0, 11 * 60 + 20, 1, "We are aware that SchoolMax, our student information system, is unavailable. Schools have paper schedules; we are working with the vendor and will update families by 3pm.", 900.0),
        (0, 13 * 60 + 5, 0, "Riverside Unified's student information system SchoolMax has been down since 7am on the first day of term, leaving families without schedules or bus routes.", 1400.0),
        (1, 8 * 60 + 30, 2, "Day two: the SchoolMax outage at Riverside Unified continues. Parents tell us they still cannot reach the parent portal.", 2100.0),
        (2, 14 * 60 + 40, 1, "SchoolMax is available again. Thank you for your patience. If your child's schedule looks wrong, contact the school office.", 700.0),
    ];
    for &(rel, minute, author, text, reach) in statements {
        let at = local(term + Duration::days(rel), minute);
        push(
            &mut tweets,
            author,
            at,
            text.to_string(),
            "en",
            &mut rng,
            reach,
        );
        let original = tweets.len() - 1;
        let retweets = tweets[original].retweets.min(60);
        for k in 0..retweets {
            let who = people.start + rng.below(people.len());
            let original_tweet = tweets[original].clone();
            let at = original_tweet.at + Duration::minutes(3 + 7 * k);
            next_id.set(next_id.get() + 1);
            tweets.push(Tweet {
                id: next_id.get(),
                author: who,
                at,
                text: format!("RT @{}: {}", accounts[author].handle, &original_tweet.text),
                lang: "en",
                likes: 0,
                retweets: 0,
                replies: 0,
                quotes: 0,
                retweet_of: Some((original_tweet.id, author)),
                reply_to: None,
            });
        }
    }
    replies(&mut tweets, &accounts, &next_id);
    tweets.sort_by_key(|t| (t.at, t.id));
    (accounts, tweets)
}

/// The district's social team answers some of the complaints addressed to it, from its
/// first statement on: replies that say nothing of SchoolMax by name, so they are found by
/// their thread, not by the topic's query.
fn replies(tweets: &mut Vec<Tweet>, accounts: &[Account], next_id: &std::cell::Cell<u64>) {
    const DISTRICT: usize = 1;
    const SAID: &[&str] = &[
        "We're sorry for the disruption. Schools have paper schedules and bus routes at the front office today, and we will update families by 3pm.",
        "Thank you for flagging this. We are working with the vendor; until it is fixed, the school office has your child's schedule.",
    ];
    let term = NaiveDate::from_ymd_opt(2026, 9, 1).expect("valid");
    let (from, to) = (local(term, 11 * 60 + 20), local(term, 24 * 60 + 18 * 60));
    let mut addressed: Vec<&Tweet> = tweets
        .iter()
        .filter(|t| t.retweet_of.is_none() && t.text.contains("@RiversideUSD"))
        .filter(|t| t.at >= from && t.at < to)
        .collect();
    addressed.sort_by_key(|t| (t.at, t.id));
    let answers: Vec<Tweet> = addressed
        .into_iter()
        .step_by(3)
        .take(12)
        .enumerate()
        .map(|(k, t)| {
            next_id.set(next_id.get() + 1);
            Tweet {
                id: next_id.get(),
                author: DISTRICT,
                at: t.at + Duration::minutes(18 + (k as i64 * 7) % 25),
                text: format!("@{} {}", accounts[t.author].handle, SAID[k % SAID.len()]),
                lang: "en",
                likes: 2 + k as i64 % 4,
                retweets: 0,
                replies: 0,
                quotes: 0,
                retweet_of: None,
                reply_to: Some((t.id, t.author)),
            }
        })
        .collect();
    tweets.extend(answers);
}

/// The same story on Facebook (public pages and groups, as a CrowdTangle export), Reddit (a
/// Pushshift-style dump of the district's subreddit) and Mastodon (API search results).
struct Elsewhere {
    facebook: Vec<Vec<String>>,
    reddit: Vec<Value>,
    mastodon: Vec<Value>,
}

fn elsewhere(accounts: &[Account]) -> Elsewhere {
    let mut rng = Rng(20260902);
    let mut wording = Wording::new();
    let start = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).expect("valid");
    let term = NaiveDate::from_ymd_opt(2026, 9, 1).expect("valid");
    let tz: Tz = TIMEZONE.parse().expect("demo zone is valid");
    let mut out = Elsewhere {
        facebook: Vec::new(),
        reddit: Vec::new(),
        mastodon: Vec::new(),
    };
    // Public groups where parents post (CrowdTangle attributes group posts to the group).
    const PAGES: &[(&str, &str, i64)] = &[
        ("Riverside Parents Network", "riversideparents", 8_400),
        ("Riverside Parents Network", "riversideparents", 8_400),
        ("Riverside High PTA", "rhspta", 2_300),
    ];
    for offset in 0..DAYS {
        let day = start + Duration::days(offset as i64);
        let rel = (day - term).num_days();
        // A text of the day's story, as one writer posting at `at` words it.
        let mut say = |rng: &mut Rng, at| -> String {
            let texts: &[&'static str] = match rel {
                -1 => PRE_COMPLAINTS,
                0..=1 => COMPLAINTS,
                2..=6 if rng.unit() < 0.5 => RECOVERY,
                2 => COMPLAINTS,
                _ => ROUTINE,
            };
            wording.say(texts[rng.below(texts.len())], at, tz)
        };
        let volume = schoolmax_volume(day);
        for i in 0..rng.poisson(volume * 0.22) {
            let (page, handle, followers) = *rng.pick(PAGES);
            let at = local(
                day,
                minute_of_day(&mut rng, if rel == 0 { 7 * 60 + 30 } else { 0 }),
            );
            let local_time = at.with_timezone(&tz);
            let (likes, comments) = (rng.below(60), rng.below(25));
            let shares = usize::from(rng.unit() < 0.15);
            let (love, sad, angry) = (
                rng.below(3),
                rng.below(10),
                rng.below(if (0..=2).contains(&rel) { 30 } else { 2 }),
            );
            let total = likes + comments + shares + love + sad + angry;
            let id = format!("{}{:05}", 100_000 + offset, i);
            out.facebook.push(vec![
                page.into(),
                handle.into(),
                "4410".into(),
                followers.to_string(),
                followers.to_string(),
                local_time.format("%Y-%m-%d %H:%M:%S %Z").to_string(),
                local_time.format("%Y-%m-%d").to_string(),
                local_time.format("%H:%M:%S").to_string(),
                "Status".into(),
                total.to_string(),
                likes.to_string(),
                comments.to_string(),
                shares.to_string(),
                love.to_string(),
                "0".into(),
                "0".into(),
                sad.to_string(),
                angry.to_string(),
                "0".into(),
                String::new(),
                format!("https://www.facebook.com/{handle}/posts/{id}"),
                say(&mut rng, at),
                String::new(),
                String::new(),
                "1.00".into(),
            ]);
        }
        for i in 0..rng.poisson(volume * 0.08) {
            let author = rng.pick(&accounts[3..]);
            let at = local(day, minute_of_day(&mut rng, 0));
            let text = say(&mut rng, at);
            let (title, body) = match text.split_once(". ") {
                Some((t, b)) => (t.to_string(), b.to_string()),
                None => (text.to_string(), String::new()),
            };
            let id = format!("1r{offset:03}{i:03}");
            out.reddit.push(json!({
                "id": id, "title": title, "selftext": body, "author": author.handle,
                "subreddit": "RiversideUSD", "created_utc": at.timestamp(),
                "score": 1 + rng.below(40), "num_comments": rng.below(15),
                "permalink": format!("/r/RiversideUSD/comments/{id}/")
            }));
        }
        for i in 0..rng.poisson(volume * 0.04) {
            let author = rng.pick(&accounts[3..]);
            let at = local(day, minute_of_day(&mut rng, 0));
            let id = format!("11{offset:03}{i:04}");
            let acct = format!("{}@edu.social", author.handle);
            out.mastodon.push(json!({
                "id": id,
                "uri": format!("https://edu.social/users/{}/statuses/{id}", author.handle),
                "url": format!("https://edu.social/@{}/{id}", author.handle),
                "created_at": at.format("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
                "content": format!("<p>{}</p>", html_escape(&say(&mut rng, at))),
                "language": "en", "in_reply_to_id": null, "reblog": null,
                "favourites_count": rng.below(20), "reblogs_count": rng.below(6), "replies_count": rng.below(4),
                "account": {
                    "id": author.id, "acct": acct, "username": author.handle,
                    "display_name": author.name, "url": format!("https://edu.social/@{}", author.handle),
                    "followers_count": author.followers / 4
                }
            }));
        }
    }
    out
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CROWDTANGLE_HEADER: &[&str] = &[
    "Page Name", "User Name", "Facebook Id", "Likes at Posting", "Followers at Posting",
    "Post Created", "Post Created Date", "Post Created Time", "Type", "Total Interactions",
    "Likes", "Comments", "Shares", "Love", "Wow", "Haha", "Sad", "Angry", "Care", "Post Views",
    "URL", "Message", "Link", "Description",
    "Overperforming Score (weighted  —  Likes 1x Shares 1x Comments 1x Love 1x Wow 1x Haha 1x Sad 1x Angry 1x Care 1x )",
];

fn write_crowdtangle(path: &Path, rows: &[Vec<String>]) -> Result<()> {
    let io = |e: csv::Error| Error::Internal(format!("writing {}: {e}", path.display()));
    let mut out = csv::Writer::from_path(path).map_err(io)?;
    out.write_record(CROWDTANGLE_HEADER).map_err(io)?;
    for row in rows {
        out.write_record(row).map_err(io)?;
    }
    out.flush().map_err(|e| Error::io(path, e))
}

fn write_lines(path: &Path, lines: &[Value]) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    for line in lines {
        writeln!(out, "{line}").map_err(|e| Error::io(path, e))?;
    }
    out.flush().map_err(|e| Error::io(path, e))
}

/// Writes tweets as twarc2 does: one API v2 response page of up to 100 tweets per line.
fn write_twarc2(path: &Path, (accounts, tweets): &(Vec<Account>, Vec<Tweet>)) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    for page in tweets.chunks(100) {
        let mut authors: Vec<usize> = page.iter().map(|t| t.author).collect();
        authors.extend(page.iter().filter_map(|t| t.retweet_of.map(|r| r.1)));
        authors.sort_unstable();
        authors.dedup();
        let data: Vec<Value> = page.iter().map(|t| tweet_json(t, accounts)).collect();
        let users: Vec<Value> = authors.iter().map(|&a| user_json(&accounts[a])).collect();
        let line = json!({
            "data": data,
            "includes": { "users": users },
            "meta": { "result_count": page.len() },
            "__twarc": { "url": "https://api.twitter.com/2/tweets/search/all", "version": "2.14.0" }
        });
        writeln!(out, "{line}").map_err(|e| Error::io(path, e))?;
    }
    out.flush().map_err(|e| Error::io(path, e))
}

fn tweet_json(t: &Tweet, accounts: &[Account]) -> Value {
    let mut v = json!({
        "id": t.id.to_string(),
        "text": t.text,
        "author_id": accounts[t.author].id,
        "created_at": t.at.format("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
        "lang": t.lang,
        "conversation_id": t.id.to_string(),
        "public_metrics": {
            "retweet_count": t.retweets,
            "reply_count": t.replies,
            "like_count": t.likes,
            "quote_count": t.quotes
        }
    });
    if let Some((id, _)) = t.retweet_of {
        v["referenced_tweets"] = json!([{ "type": "retweeted", "id": id.to_string() }]);
    }
    if let Some((id, author)) = t.reply_to {
        v["referenced_tweets"] = json!([{ "type": "replied_to", "id": id.to_string() }]);
        v["conversation_id"] = json!(id.to_string());
        v["in_reply_to_user_id"] = json!(accounts[author].id);
    }
    v
}

fn user_json(a: &Account) -> Value {
    json!({
        "id": a.id,
        "username": a.handle,
        "name": a.name,
        "verified": a.verified,
        "public_metrics": { "followers_count": a.followers, "following_count": 180, "tweet_count": 2400, "listed_count": 3 }
    })
}
