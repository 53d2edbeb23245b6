//! How well each category's query agrees with a person's labels: precision and recall per
//! category over a labelled set of posts.

use serde::Serialize;

use super::Problem;

/// One category's agreement with the labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub problem: Problem,
    /// Posts labelled with the category, posts its query finds, and posts both.
    pub labelled: u64,
    pub found: u64,
    pub both: u64,
    /// `both ÷ found`; `None` when the query found nothing.
    pub precision: Option<f64>,
    /// `both ÷ labelled`; `None` when no post is labelled so.
    pub recall: Option<f64>,
}

impl Score {
    /// The harmonic mean of precision and recall, when both are known and not both zero.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision?, self.recall?);
        (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
    }
}

/// Each category's score, in [`Problem::ALL`]'s order, from each post's labels and the
/// categories found for it (the two lists in the same order).
pub fn score(labels: &[Vec<Problem>], found: &[Vec<Problem>]) -> Vec<Score> {
    assert_eq!(labels.len(), found.len(), "one list of categories per post");
    Problem::ALL
        .into_iter()
        .map(|problem| {
            let (mut labelled, mut hits, mut both) = (0, 0, 0);
            for (l, f) in labels.iter().zip(found) {
                let (l, f) = (l.contains(&problem), f.contains(&problem));
                labelled += u64::from(l);
                hits += u64::from(f);
                both += u64::from(l && f);
            }
            let ratio = |n: u64, d: u64| (d > 0).then(|| n as f64 / d as f64);
            Score {
                problem,
                labelled,
                found: hits,
                both,
                precision: ratio(both, hits),
                recall: ratio(both, labelled),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_and_recall_count_each_post_once_per_category() {
        use Problem::*;
        let labels = vec![vec![Login], vec![Login, Mobile], vec![], vec![Outage]];
        let found = vec![vec![Login], vec![Mobile], vec![Login], vec![]];
        let s = score(&labels, &found);
        let login = &s[Login as usize];
        assert_eq!((login.labelled, login.found, login.both), (2, 2, 1));
        assert_eq!((login.precision, login.recall), (Some(0.5), Some(0.5)));
        assert_eq!(login.f1(), Some(0.5));
        let outage = &s[Outage as usize];
        assert_eq!((outage.precision, outage.recall), (None, Some(0.0)));
        assert_eq!(s[Mobile as usize].precision, Some(1.0));
        assert_eq!(s[Security as usize].recall, None);
    }
}
