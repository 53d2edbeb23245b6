//! Measuring the engine against published benchmarks (`townhall eval`), and spikes in a series
//! read from a `timestamp,value` CSV (`townhall spikes --series`).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use chrono::DateTime;

use townhall::analytics::spikes::{self, nab, Detection, DetectorSettings};
use townhall::sentiment;

/// Spikes found in a series, with each bucket's label as written.
pub struct Spikes {
    pub labels: Vec<String>,
    pub detection: Detection,
}

impl Spikes {
    /// One line per spike: its start, or start, alert, peak, end and severity as JSON.
    pub fn print(&self, out: &mut impl Write, json: bool) -> anyhow::Result<()> {
        let labels = &self.labels;
        for s in &self.detection.spikes {
            if json {
                let line = serde_json::json!({
                    "start": labels[s.start], "alert": labels[s.alert], "peak": labels[s.peak],
                    "end": labels[s.end], "severity": format!("{:?}", s.severity).to_lowercase(),
                    "peak_value": s.peak_value, "baseline_at_peak": s.baseline_at_peak,
                });
                writeln!(out, "{line}")?;
            } else {
                writeln!(out, "{}", labels[s.start])?;
            }
        }
        Ok(())
    }
}

/// Spikes in a regularly spaced `timestamp,value` CSV (NAB's layout).
pub fn spikes_of_csv(path: &Path) -> anyhow::Result<Spikes> {
    let (times, values, labels) = read_series_csv(path)?;
    let bucket = match times.as_slice() {
        [a, b, ..] if b > a => b - a,
        _ => 3600,
    };
    let detection = spikes::detect(&times, &values, bucket, &DetectorSettings::default());
    Ok(Spikes { labels, detection })
}

/// Scores the detector on a Numenta Anomaly Benchmark folder, a row per file and the total.
pub fn nab(out: &mut impl Write, dir: &Path) -> anyhow::Result<()> {
    let corpus = nab::load_corpus(dir)?;
    let settings = DetectorSettings::default();
    writeln!(
        out,
        "{:<40} {:>6} {:>8} {:>8} {:>7}",
        "file", "score", "raw", "windows", "false+"
    )?;
    let mut scores = Vec::new();
    for file in &corpus {
        let s = &file.series;
        let bucket = s
            .bucket_secs()
            .with_context(|| format!("{}: fewer than two points", file.name))?;
        let detection = spikes::detect(&s.times, &s.values, bucket, &settings);
        let alerts: Vec<usize> = detection.spikes.iter().map(|x| x.alert).collect();
        let score = nab::score_file(
            s.values.len(),
            &file.windows,
            &alerts,
            &nab::Profile::default(),
        );
        nab_row(out, &file.name, &score)?;
        scores.push(score);
    }
    nab_row(out, "total", &scores.into_iter().sum())
}

fn nab_row(out: &mut impl Write, name: &str, score: &nab::Score) -> anyhow::Result<()> {
    let windows = format!("{}/{}", score.detected, score.detected + score.missed);
    writeln!(
        out,
        "{:<40} {:>6.1} {:>8.3} {:>8} {:>7}",
        name,
        score.normalised(),
        score.raw,
        windows,
        score.false_positives
    )?;
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
