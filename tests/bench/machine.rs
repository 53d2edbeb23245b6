//! What a benchmark reports about the machine and the process: the CPU, its cores, and memory
//! from `/proc/self/status` (zero where the system has no such file).

/// The CPU's model name.
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

pub fn num_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A `kB` field of `/proc/self/status`, such as `VmHWM:`.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Resident memory now.
#[allow(dead_code)]
pub fn rss_kb() -> u64 {
    status_kb("VmRSS:")
}

/// Resident memory that is not a mapped file (the workspace is memory-mapped, so its pages count
/// in RSS as it grows without being memory Townhall holds on to).
#[allow(dead_code)]
pub fn anon_kb() -> u64 {
    status_kb("RssAnon:")
}

/// The most resident memory so far.
#[allow(dead_code)]
pub fn peak_rss_kb() -> u64 {
    status_kb("VmHWM:")
}

/// The 1-, 5- and 15-minute load averages, to show how busy the machine was.
#[allow(dead_code)]
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}
