//! Measuring the engine against published benchmarks (`townhall eval`), and spikes in a series
//! read from a `timestamp,value` CSV (`townhall spikes --series`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use chrono::DateTime;

use townhall::analytics::spikes::{
    self, nab, protocol, Detection, DetectorSettings, Direction, SeriesKind,
};
use townhall::sentiment;

/// Spikes found in a series, with each bucket's label as written.
pub struct Spikes {
    pub labels: Vec<String>,
    pub detection: Detection,
}

impl Spikes {
    /// One line per spike: its start, severity, direction, peak against the normal level, and
    /// last elevated bucket ("No spike." when there is none); or start, alert, peak, end,
    /// severity and direction as JSON lines (nothing when there is none).
    pub fn print(&self, out: &mut impl Write, json: bool) -> anyhow::Result<()> {
        let labels = &self.labels;
        if self.detection.spikes.is_empty() && !json {
            writeln!(out, "No spike.")?;
        }
        for s in &self.detection.spikes {
            if json {
                let line = serde_json::json!({
                    "start": labels[s.start], "alert": labels[s.alert], "peak": labels[s.peak],
                    "end": labels[s.end], "severity": format!("{:?}", s.severity).to_lowercase(),
                    "peak_value": s.peak_value, "baseline_at_peak": s.baseline_at_peak,
                    "direction": direction(s.direction),
                });
                writeln!(out, "{line}")?;
            } else {
                writeln!(
                    out,
                    "{}  {} {}, peak {} against a normal {}, last elevated {}",
                    labels[s.start],
                    format!("{:?}", s.severity).to_lowercase(),
                    direction(s.direction),
                    value(s.peak_value),
                    value(s.baseline_at_peak),
                    labels[s.end],
                )?;
            }
        }
        Ok(())
    }
}

/// A value as a reader takes it in: whole numbers with separators, others to three significant
/// decimals at most.
fn value(v: f64) -> String {
    if v.fract() == 0.0 {
        townhall::analytics::fmt_int(v)
    } else {
        let text = format!("{v:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Rise => "rise",
        Direction::Fall => "fall",
    }
}

/// Spikes in a regularly spaced `timestamp,value` CSV (NAB's layout) of `kind`.
pub fn spikes_of_csv(path: &Path, kind: SeriesKind) -> anyhow::Result<Spikes> {
    let (times, values, labels) = read_series_csv(path)?;
    let series = nab::Series { times, values };
    let bucket = series
        .bucket_secs()
        .filter(|&secs| secs > 0)
        .unwrap_or(3600);
    let detection = spikes::detect(
        &series.times,
        &series.values,
        bucket,
        kind,
        &DetectorSettings::default(),
    );
    Ok(Spikes { labels, detection })
}

/// Published detectors whose final scores are printed beside ours, in NAB's names.
const PUBLISHED: [(&str, &str); 5] = [
    ("ARTime", "ARTime"),
    ("numenta", "Numenta HTM"),
    ("contextOSE", "contextOSE"),
    ("earthgeckoSkyline", "Skyline"),
    ("twitterADVec", "Twitter ADVec"),
];

/// Measures the detector on a Numenta Anomaly Benchmark folder (`combined_windows.json`,
/// `realTweets_windows.json`, `data/`, `results/`): the scorer against NAB's published final
/// scores, the fixed defaults on the whole corpus and on the seven `realTweets` files, and, with
/// `loo`, leave one out on the ten `realTweets` files.
pub fn nab(out: &mut impl Write, dir: &Path, loo: bool) -> anyhow::Result<()> {
    let profile = nab::Profile::default();
    let data = dir.join("data");
    let corpus = nab::load_corpus(&dir.join("combined_windows.json"), &data)?;
    let results = nab::published::Results::new(&dir.join("results"));
    let published = results.final_scores()?;

    writeln!(
        out,
        "# Scorer: published alerts re-scored on the whole corpus ({} files), standard profile",
        corpus.len()
    )?;
    writeln!(
        out,
        "{:<56} {:>9} {:>9} {:>14}",
        "detector", "ours", "published", "worst file gap"
    )?;
    for (detector, _) in PUBLISHED.iter().filter(|(d, _)| results.has_rows(d)) {
        let r = results.reproduce(detector, &corpus, &profile)?;
        writeln!(
            out,
            "{:<56} {:>9.4} {:>9.4} {:>14.1e}",
            r.detector,
            r.score.normalised(),
            r.published,
            r.worst_file_gap
        )?;
    }

    let settings = DetectorSettings::default();
    writeln!(
        out,
        "\n# Fixed defaults on the whole corpus ({} files), standard profile",
        corpus.len()
    )?;
    let scores = score_table(out, &corpus, &settings, &profile)?;
    let mut categories: BTreeMap<&str, nab::Score> = BTreeMap::new();
    for (file, score) in corpus.iter().zip(&scores) {
        let category = file.name.split_once('/').map_or("", |(folder, _)| folder);
        let total = categories.entry(category).or_default();
        *total = *total + *score;
    }
    for (category, score) in &categories {
        total_row(out, &format!("category {category}"), score)?;
    }
    total_row(out, "total (whole corpus)", &scores.into_iter().sum())?;
    writeln!(out, "published, threshold tuned on the whole corpus:")?;
    for (detector, name) in PUBLISHED {
        if let Some(score) = published.get(detector) {
            writeln!(out, "  {name:<54} {score:>6.1}")?;
        }
    }

    let seven = nab::load_corpus(&dir.join("realTweets_windows.json"), &data)?;
    writeln!(
        out,
        "\n# Fixed defaults on the seven realTweets files of realTweets_windows.json"
    )?;
    let scores = score_table(out, &seven, &settings, &profile)?;
    total_row(out, "total (seven files)", &scores.into_iter().sum())?;

    if loo {
        let tweets: Vec<nab::LabelledFile> = corpus
            .into_iter()
            .filter(|file| file.name.starts_with("realTweets/"))
            .collect();
        let grid = protocol::grid();
        writeln!(
            out,
            "\n# Leave one out on the {} realTweets files: settings chosen on the others among {} candidates",
            tweets.len(),
            grid.len()
        )?;
        header(out, "  threshold quiet(h) alert memory")?;
        let (folds, on_all) = protocol::tune(&tweets, &grid, &profile);
        let settings = |chosen: &protocol::Candidate| {
            let memory = chosen
                .alert_memory
                .map_or("whole".to_string(), |factor| format!("{factor}x"));
            format!(
                "  {:>9} {:>8} {:>12}",
                chosen.threshold, chosen.quiet_hours, memory
            )
        };
        for fold in &folds {
            nab_row_with(out, short(&fold.file), &fold.score, |out| {
                write!(out, "{}", settings(&fold.chosen))
            })?;
        }
        total_row(
            out,
            "total (leave one out)",
            &folds.iter().map(|f| f.score).sum(),
        )?;
        writeln!(
            out,
            "{:<56} {:>6} {:>8} {:>8} {:>7}{}",
            format!("chosen on all {} files", tweets.len()),
            "",
            "",
            "",
            "",
            settings(&on_all)
        )?;
    }
    Ok(())
}

/// A row per file of the detector's scores with `settings`; the scores, for the total.
fn score_table(
    out: &mut impl Write,
    files: &[nab::LabelledFile],
    settings: &DetectorSettings,
    profile: &nab::Profile,
) -> anyhow::Result<Vec<nab::Score>> {
    header(out, "")?;
    let mut scores = Vec::new();
    for file in files {
        let score = protocol::score(file, settings, profile);
        nab_row(out, &file.name, &score)?;
        scores.push(score);
    }
    Ok(scores)
}

/// A file's name without its category folder.
fn short(name: &str) -> &str {
    name.rsplit_once('/').map_or(name, |(_, file)| file)
}

fn header(out: &mut impl Write, extra: &str) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<56} {:>6} {:>8} {:>8} {:>7}{extra}",
        "file", "score", "raw", "windows", "false+"
    )?;
    Ok(())
}

fn nab_row(out: &mut impl Write, name: &str, score: &nab::Score) -> anyhow::Result<()> {
    nab_row_with(out, name, score, |_| Ok(()))
}

/// A total's row, its score to two decimals so that it is not rounded up to a target.
fn total_row(out: &mut impl Write, name: &str, score: &nab::Score) -> anyhow::Result<()> {
    let windows = format!("{}/{}", score.detected, score.detected + score.missed);
    writeln!(
        out,
        "{:<56} {:>6} {:>8.3} {:>8} {:>7}",
        name,
        normalised(score, 2),
        score.raw,
        windows,
        score.false_positives
    )?;
    Ok(())
}

/// The normalised score to `decimals`, or "-" for files without windows, which have none, only
/// the cost of their false alarms.
fn normalised(score: &nab::Score, decimals: usize) -> String {
    if score.perfect > score.null {
        format!("{:.decimals$}", score.normalised())
    } else {
        "-".to_string()
    }
}

fn nab_row_with<W: Write>(
    out: &mut W,
    name: &str,
    score: &nab::Score,
    extra: impl FnOnce(&mut W) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let windows = format!("{}/{}", score.detected, score.detected + score.missed);
    write!(
        out,
        "{:<56} {:>6} {:>8.3} {:>8} {:>7}",
        name,
        normalised(score, 1),
        score.raw,
        windows,
        score.false_positives
    )?;
    extra(out)?;
    writeln!(out)?;
    Ok(())
}

/// Correlates VADER compound scores with the human ratings of `tweets_GroundTruth.txt`.
pub fn vader(out: &mut impl Write, file: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let mut fields = line.trim_end_matches('\r').splitn(3, '\t');
        let (Some(_id), Some(rating), Some(text)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Ok(rating) = rating.trim().parse::<f64>() else {
            continue;
        };
        xs.push(sentiment::polarity_scores(text).compound);
        ys.push(rating);
    }
    writeln!(
        out,
        "texts: {}\npearson r: {:.4}",
        xs.len(),
        pearson(&xs, &ys)
    )?;
    Ok(())
}

/// A `timestamp,value` CSV: bucket times (seconds), values, and the timestamps as written.
fn read_series_csv(path: &Path) -> anyhow::Result<(Vec<i64>, Vec<f64>, Vec<String>)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("{}: no `{name}` column in the header", path.display()))
    };
    let (tc, vc) = (col("timestamp")?, col("value")?);
    let (mut times, mut values, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let bad = || {
            format!(
                "{}: line {}: expected timestamp,value",
                path.display(),
                i + 2
            )
        };
        let label = fields.get(tc).with_context(bad)?.trim();
        let time = nab::parse_timestamp(label)
            .or_else(|| {
                DateTime::parse_from_rfc3339(label)
                    .ok()
                    .map(|t| t.timestamp())
            })
            .with_context(bad)?;
        values.push(
            fields
                .get(vc)
                .and_then(|v| v.trim().parse().ok())
                .with_context(bad)?,
        );
        times.push(time);
        labels.push(label.to_string());
    }
    Ok((times, values, labels))
}

fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt()
}
