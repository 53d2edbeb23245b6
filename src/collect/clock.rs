//! Time for a watch (`workspace::live::watch`): the real clock, or a fake one that tests and the benchmark
//! advance instantly, so nothing waits for real.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

/// Tells the time and waits.
pub trait Clock: Send + Sync {
    /// Now, in unix seconds.
    fn now(&self) -> i64;
    /// Waits until `until` (unix seconds) or until `cancel` is set, whichever comes first.
    fn sleep_until(&self, until: i64, cancel: &AtomicBool);
}

/// The system clock; sleeps in short slices so that cancelling is noticed within a second.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        chrono::Utc::now().timestamp()
    }

    fn sleep_until(&self, until: i64, cancel: &AtomicBool) {
        while !cancel.load(Ordering::Relaxed) && self.now() < until {
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

/// A clock that only moves when told to, or when slept on (it jumps to the wake-up time).
pub struct FakeClock(AtomicI64);

impl FakeClock {
    pub fn new(now: i64) -> FakeClock {
        FakeClock(AtomicI64::new(now))
    }

    /// Moves the clock forward by `secs`.
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }

    /// Sets the clock to `now`.
    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }

    fn sleep_until(&self, until: i64, cancel: &AtomicBool) {
        if !cancel.load(Ordering::Relaxed) {
            self.0.fetch_max(until, Ordering::SeqCst);
        }
    }
}
