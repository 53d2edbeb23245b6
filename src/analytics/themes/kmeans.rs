//! Grouping texts by what they say: spherical k-means over unit vectors, started
//! deterministically. The first centre is the most posted text; each next one is the text least
//! similar to every centre chosen so far (farthest first), so the starts are spread over the
//! different stories. Then, until nothing moves (at most [`ROUNDS`] times), every text joins
//! the centre it is most similar to (cosine; the earlier centre on a tie), and each centre
//! becomes the mean of its texts. A text that shares no word with any centre joins none.

use super::vectors::{dot, Sparse};

/// The most assignment rounds.
pub const ROUNDS: usize = 25;

/// Each text's group (`None`: no shared word with any centre) and each group's centre (dense,
/// length 1). `order` ranks the texts for choosing starts: the first is the most posted.
pub fn cluster(
    vectors: &[Sparse],
    dims: usize,
    k: usize,
    order: &[usize],
) -> (Vec<Option<usize>>, Vec<Vec<f32>>) {
    let dense = |v: &Sparse| {
        let mut d = vec![0.0f32; dims];
        for &(id, w) in v {
            d[id as usize] = w;
        }
        d
    };
    let usable: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| !vectors[i].is_empty())
        .collect();
    let mut centres: Vec<Vec<f32>> = Vec::new();
    if let Some(&first) = usable.first() {
        centres.push(dense(&vectors[first]));
    }
    // Farthest first: the text whose best similarity to the centres so far is lowest.
    let mut best = vec![f32::NEG_INFINITY; vectors.len()];
    while centres.len() < k {
        // No text left to start from (every one was set aside as an outlier): no groups.
        let Some(last) = centres.last() else { break };
        let mut pick: Option<(usize, f32)> = None;
        for &i in &usable {
            best[i] = best[i].max(dot(&vectors[i], last));
            if pick.is_none_or(|(_, s)| best[i] < s) {
                pick = Some((i, best[i]));
            }
        }
        match pick {
            // Every text is already as close to a centre as it can be: fewer groups.
            Some((i, s)) if s < 0.999 => centres.push(dense(&vectors[i])),
            _ => break,
        }
    }

    let mut assigned: Vec<Option<usize>> = vec![None; vectors.len()];
    for _ in 0..ROUNDS {
        let mut moved = false;
        for &i in &usable {
            let mut choice: Option<(usize, f32)> = None;
            for (c, centre) in centres.iter().enumerate() {
                let s = dot(&vectors[i], centre);
                if s > 0.0 && choice.is_none_or(|(_, b)| s > b) {
                    choice = Some((c, s));
                }
            }
            let group = choice.map(|(c, _)| c);
            moved |= assigned[i] != group;
            assigned[i] = group;
        }
        for (c, centre) in centres.iter_mut().enumerate() {
            let mut sum = vec![0.0f32; dims];
            for &i in usable.iter().filter(|&&i| assigned[i] == Some(c)) {
                for &(id, w) in &vectors[i] {
                    sum[id as usize] += w;
                }
            }
            let norm = sum.iter().map(|w| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                *centre = sum.into_iter().map(|w| w / norm).collect();
            }
        }
        if !moved {
            break;
        }
    }
    (assigned, centres)
}

#[cfg(test)]
mod tests {
    use super::super::vectors::Vectors;
    use super::*;

    #[test]
    fn two_stories_make_two_groups_whatever_the_order() {
        let texts = [
            "portal password rejected",
            "bus routes missing",
            "password rejected again by the portal login",
            "bus routes gone from the page",
            "login password wrong",
            "which bus route today",
        ];
        let v = Vectors::new(&texts);
        let (groups, centres) = cluster(&v.of_text, v.words.len(), 2, &[0, 1, 2, 3, 4, 5]);
        assert_eq!(centres.len(), 2);
        assert_eq!(groups[0], groups[2]);
        assert_eq!(groups[0], groups[4]);
        assert_eq!(groups[1], groups[3]);
        assert_eq!(groups[1], groups[5]);
        assert_ne!(groups[0], groups[1]);
        // The same texts started from another one end in the same two groups.
        let (again, _) = cluster(&v.of_text, v.words.len(), 2, &[3, 0, 1, 2, 4, 5]);
        assert_eq!(again[0] == again[2], groups[0] == groups[2]);
        assert_ne!(again[0], again[1]);
    }
}
