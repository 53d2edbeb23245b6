//! A headline figure against the same figure over the previous period of the same length, worded
//! once: the window's tiles, the command line and the brief's tiles all show these words.
//!
//! Nothing is compared with a previous period the data does not hold: when none of that period's
//! parts of the figure were known (no follower count at all, say), the change is unknown, not
//! "new"; when the workspace's posts begin part-way through it, no change is given.

use serde::Serialize;

use super::fmt_int;

/// Which way a figure moved; up is bad news here (more complaints, more reach).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Up,
    Down,
    /// Less than half a percent either way.
    Flat,
    /// Something this period, nothing in the previous one.
    New,
    /// Nothing in either period.
    None,
    /// Not compared: the previous period's figure is unknown, or only partly covered.
    Unknown,
}

/// Whether a change of `pct` percent reads as none: less than half a percent either way, which
/// rounds to 0%.
pub fn flat(pct: f64) -> bool {
    pct.abs() < 0.5
}

/// What is known of the figure over the previous period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Before<T = f64> {
    Known(T),
    /// None of its parts was known (no post's engagement, no author's follower count).
    Unknown,
    /// The workspace's posts begin part-way through it.
    PartlyCovered,
    /// The workspace's posts begin after it.
    NotCovered,
    /// The workspace's posts end before this period does: its later days are unknown, not
    /// quiet.
    Ended,
}

impl<T> Before<T> {
    /// The change of a figure whose value over the previous period named `words` is not known,
    /// saying why.
    fn not_compared(&self, words: &str) -> Change {
        let (said, short) = match self {
            Before::Known(_) => unreachable!("a known value is compared"),
            Before::Unknown => (
                format!("not compared: unknown in {words}"),
                "unknown before",
            ),
            Before::PartlyCovered => (
                format!("not compared: the data begins part-way through {words}"),
                "not compared",
            ),
            Before::NotCovered => (
                format!("not compared: no data from {words}"),
                "not compared",
            ),
            Before::Ended => (
                "not compared: the data ends before this period does".to_string(),
                "not compared",
            ),
        };
        Change {
            trend: Trend::Unknown,
            pct: None,
            said,
            short: short.to_string(),
        }
    }

    /// What is known of a figure over a previous period that the workspace's posts cover as
    /// said; `known` when they cover all of it.
    pub fn covered(covered: super::period::Covered, known: impl FnOnce() -> Before<T>) -> Self {
        match covered {
            super::period::Covered::Whole => known(),
            super::period::Covered::Part => Before::PartlyCovered,
            super::period::Covered::None => Before::NotCovered,
            super::period::Covered::Ended => Before::Ended,
        }
    }
}

/// A figure's change, in words.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Change {
    pub trend: Trend,
    /// Relative change in percent; `None` when there is nothing to compare with.
    pub pct: Option<f64>,
    /// "▲ 40% vs the previous 7 days", "new: none in the previous 7 days", "not compared: unknown
    /// in the previous 7 days".
    pub said: String,
    /// The same in a tile's few words: "+40% vs previous", "new this period", "unknown before".
    pub short: String,
}

impl Change {
    /// `value` this period against `before`; `words` names the previous period as
    /// [`super::Period::before`] does ("the previous 7 days", "the day before").
    pub fn of(value: f64, before: Before, words: &str) -> Change {
        let none_in = none_in(words);
        let previous = match before {
            Before::Known(previous) => previous,
            other => return other.not_compared(words),
        };
        let (trend, pct, said, short) = match previous {
            previous if previous <= 0.0 => match value > 0.0 {
                true => (
                    Trend::New,
                    None,
                    format!("new: {none_in}"),
                    "new this period".to_string(),
                ),
                false => (
                    Trend::None,
                    None,
                    format!("none in this period or {words}"),
                    "none".to_string(),
                ),
            },
            previous => {
                let pct = (value - previous) / previous * 100.0;
                match pct {
                    p if flat(p) => (
                        Trend::Flat,
                        Some(pct),
                        format!("no change vs {words}"),
                        "no change vs previous".to_string(),
                    ),
                    p => {
                        let (trend, arrow, sign) = match p > 0.0 {
                            true => (Trend::Up, '▲', '+'),
                            false => (Trend::Down, '▼', '−'),
                        };
                        let size = super::change_size(p);
                        (
                            trend,
                            Some(pct),
                            format!("{arrow} {size}% vs {words}"),
                            format!("{sign}{size}% vs previous"),
                        )
                    }
                }
            }
        };
        Change {
            trend,
            pct,
            said,
            short,
        }
    }

    /// A share (of negative posts, say) against the previous period's, in percentage points:
    /// "▲ 16 points on the previous 30 days", "as in the previous 30 days". `Known(None)`
    /// is a previous period without posts to take a share of.
    pub fn of_share(share: f64, before: Before<Option<f64>>, words: &str) -> Change {
        let previous = match before {
            Before::Known(previous) => previous,
            other => return other.not_compared(words),
        };
        let (trend, said, short) = match previous {
            None => (Trend::New, none_in(words), "new this period".to_string()),
            Some(previous) => match ((share - previous) * 100.0).round() {
                0.0 => (
                    Trend::Flat,
                    format!("as in {words}"),
                    "no change vs previous".to_string(),
                ),
                points => {
                    let (trend, arrow, sign) = match points > 0.0 {
                        true => (Trend::Up, '▲', '+'),
                        false => (Trend::Down, '▼', '−'),
                    };
                    let size = fmt_int(points.abs());
                    let unit = if points.abs() == 1.0 {
                        "point"
                    } else {
                        "points"
                    };
                    (
                        trend,
                        format!("{arrow} {size} {unit} on {words}"),
                        format!("{sign}{size} {unit} vs previous"),
                    )
                }
            },
        };
        Change {
            trend,
            pct: None,
            said,
            short,
        }
    }

    /// The fewest words, for a table's column: "+4,750%", "−12%", "no change", "new", "–" when
    /// there is nothing in either period, "not compared" when the periods cannot be compared
    /// (the dashboard's words).
    pub fn narrow(&self) -> String {
        match (self.trend, self.pct) {
            (Trend::Up | Trend::Down, Some(p)) => {
                format!(
                    "{}{}%",
                    if p > 0.0 { "+" } else { "−" },
                    super::change_size(p)
                )
            }
            (Trend::Flat, _) => "no change".into(),
            (Trend::New, _) => "new".into(),
            (Trend::Unknown, _) => "not compared".into(),
            _ => "–".into(),
        }
    }
}

/// "none in the previous 7 days", "none the day before".
fn none_in(words: &str) -> String {
    match words.starts_with("the previous") {
        true => format!("none in {words}"),
        false => format!("none {words}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(value: f64, before: Before) -> (Trend, String, String) {
        let c = Change::of(value, before, "the previous 7 days");
        (c.trend, c.said, c.short)
    }

    #[test]
    fn a_change_is_worded_once_for_every_case() {
        let cases = [
            (
                140.0,
                Before::Known(100.0),
                Trend::Up,
                "▲ 40% vs the previous 7 days",
                "+40% vs previous",
            ),
            (
                60.0,
                Before::Known(100.0),
                Trend::Down,
                "▼ 40% vs the previous 7 days",
                "−40% vs previous",
            ),
            (
                100.2,
                Before::Known(100.0),
                Trend::Flat,
                "no change vs the previous 7 days",
                "no change vs previous",
            ),
            (
                5.0,
                Before::Known(0.0),
                Trend::New,
                "new: none in the previous 7 days",
                "new this period",
            ),
            (
                0.0,
                Before::Known(0.0),
                Trend::None,
                "none in this period or the previous 7 days",
                "none",
            ),
            (
                6.0,
                Before::Unknown,
                Trend::Unknown,
                "not compared: unknown in the previous 7 days",
                "unknown before",
            ),
            (
                6.0,
                Before::PartlyCovered,
                Trend::Unknown,
                "not compared: the data begins part-way through the previous 7 days",
                "not compared",
            ),
            (
                6.0,
                Before::NotCovered,
                Trend::Unknown,
                "not compared: no data from the previous 7 days",
                "not compared",
            ),
        ];
        for (value, before, trend, long, short) in cases {
            assert_eq!(
                said(value, before),
                (trend, long.to_string(), short.to_string())
            );
        }
        assert_eq!(
            Change::of(3.0, Before::Known(0.0), "the day before").said,
            "new: none the day before"
        );
        assert_eq!(Change::of(1.0, Before::Unknown, "x").pct, None);
        let narrow = |value, before| Change::of(value, before, "x").narrow();
        assert_eq!(narrow(4850.2, Before::Known(100.0)), "+4,750%");
        assert_eq!(narrow(88.0, Before::Known(100.0)), "−12%");
        assert_eq!(narrow(100.3, Before::Known(100.0)), "no change");
        assert_eq!(narrow(3.0, Before::Known(0.0)), "new");
        assert_eq!(narrow(0.0, Before::Known(0.0)), "–");
        assert_eq!(narrow(3.0, Before::PartlyCovered), "not compared");
    }

    #[test]
    fn a_share_s_change_is_worded_in_points() {
        let said = |share, before| {
            let c = Change::of_share(share, before, "the previous 30 days");
            (c.trend, c.said)
        };
        let up = said(0.456, Before::Known(Some(0.3)));
        assert_eq!(
            up,
            (Trend::Up, "▲ 16 points on the previous 30 days".into())
        );
        let down = said(0.29, Before::Known(Some(0.3)));
        assert_eq!(
            down,
            (Trend::Down, "▼ 1 point on the previous 30 days".into())
        );
        let flat = said(0.304, Before::Known(Some(0.3)));
        assert_eq!(flat, (Trend::Flat, "as in the previous 30 days".into()));
        let none = said(0.5, Before::Known(None));
        assert_eq!(none, (Trend::New, "none in the previous 30 days".into()));
        assert_eq!(
            said(0.5, Before::PartlyCovered).1,
            "not compared: the data begins part-way through the previous 30 days"
        );
    }
}
