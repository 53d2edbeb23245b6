//! A surge while it lasts, and the memory of the surges that ended: the size a new one must
//! exceed to become a spike.

use std::collections::VecDeque;

use super::{Band, Direction, Severity, Spike};

/// The surge in progress.
#[derive(Debug, Clone)]
pub(super) struct Surge {
    /// Its figures so far (`alert` is meaningful once `alerted`).
    pub(super) spike: Spike,
    /// Whether it has become a spike.
    pub(super) alerted: bool,
    /// Buckets since its last elevated one.
    pub(super) quiet_buckets: usize,
    /// Its size when it became a spike.
    pub(super) alert_size: f64,
    /// Start time and extra posts of its elevated buckets of the last `size_secs`.
    recent: VecDeque<(i64, f64)>,
}

impl Surge {
    pub(super) fn new(index: usize, direction: Direction) -> Self {
        Self {
            spike: Spike {
                direction,
                start: index,
                alert: index,
                peak: index,
                end: index,
                severity: Severity::Minor,
                peak_value: match direction {
                    Direction::Rise => f64::NEG_INFINITY,
                    Direction::Fall => f64::INFINITY,
                },
                baseline_at_peak: 0.0,
                max_deviations: 0.0,
                extra_posts: 0.0,
                size: 0.0,
            },
            alerted: false,
            quiet_buckets: 0,
            alert_size: 0.0,
            recent: VecDeque::new(),
        }
    }

    /// Adds an elevated bucket starting at `time`; the size counts the last `size_secs`.
    pub(super) fn extend(
        &mut self,
        index: usize,
        time: i64,
        value: f64,
        band: &Band,
        size_secs: i64,
    ) {
        let extra = (value - band.baseline).abs();
        self.recent.push_back((time, extra));
        while self
            .recent
            .front()
            .is_some_and(|&(start, _)| start <= time - size_secs)
        {
            self.recent.pop_front();
        }
        let spike = &mut self.spike;
        spike.size = spike
            .size
            .max(self.recent.iter().map(|&(_, extra)| extra).sum());
        spike.end = index;
        spike.extra_posts += extra;
        spike.max_deviations = spike.max_deviations.max(extra / band.deviation);
        let further = match spike.direction {
            Direction::Rise => value > spike.peak_value,
            Direction::Fall => value < spike.peak_value,
        };
        if further {
            spike.peak = index;
            spike.peak_value = value;
            spike.baseline_at_peak = band.baseline;
        }
        self.quiet_buckets = 0;
    }
}

/// Sizes (extra posts in their busiest `size_secs`) of the surges that ended in the trailing
/// history.
#[derive(Debug, Clone)]
pub(super) struct SurgeMemory {
    keep_secs: i64,
    half_life_secs: i64,
    /// End time and size of each surge, oldest first.
    surges: VecDeque<(i64, f64)>,
}

impl SurgeMemory {
    pub(super) fn new(keep_secs: i64, half_life_secs: i64) -> Self {
        Self {
            keep_secs,
            half_life_secs: half_life_secs.max(1),
            surges: VecDeque::new(),
        }
    }

    pub(super) fn remember(&mut self, time: i64, size: f64) {
        self.surges.push_back((time, size));
    }

    /// Size a surge needs to exceed at `time` to become a spike: the largest past surge,
    /// each halved for every `half_life_secs` of age (0 without past surges).
    pub(super) fn bar(&mut self, time: i64) -> f64 {
        while self
            .surges
            .front()
            .is_some_and(|&(end, _)| end < time - self.keep_secs)
        {
            self.surges.pop_front();
        }
        let half_lives = |end: i64| (time - end) as f64 / self.half_life_secs as f64;
        self.surges
            .iter()
            .map(|&(end, extra)| extra * 0.5_f64.powf(half_lives(end)))
            .fold(0.0, f64::max)
    }
}
