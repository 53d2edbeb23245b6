//! Decompression bombs, generated on the fly: a zip whose `tweets.js` inflates to ~4 GiB from
//! ~4 MB, and a ~1 MB gzip holding one 1 GiB line. Each is imported in a child process (this
//! test binary, re-run on one ignored test) whose peak memory is read from the kernel, so that
//! other tests running in parallel do not count.

use std::io::Write;
use std::path::Path;

use flate2::{Compress, Compression, Crc, FlushCompress};

const MIB: usize = 1024 * 1024;

/// Raw deflate of `data` as blocks that end on a byte boundary and refer to nothing before
/// them, so that copies can be concatenated into one stream.
fn independent_blocks(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 100 + 1024);
    loop {
        let consumed = c.total_in() as usize;
        out.reserve(64 * 1024);
        c.compress_vec(&data[consumed..], &mut out, FlushCompress::Full)
            .unwrap();
        if c.total_in() as usize == data.len() && out.capacity() > out.len() {
            return out;
        }
    }
}

/// The final, empty block of a raw deflate stream.
fn final_block() -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(64);
    c.compress_vec(&[], &mut out, FlushCompress::Finish)
        .unwrap();
    out
}

/// Writes `prefix`, `fill` repeated `times`, then `suffix`, deflated, to `out`; returns the
/// CRC-32 and length of the whole, and the compressed size.
fn write_deflated(
    out: &mut impl Write,
    prefix: &[u8],
    fill: &[u8],
    times: usize,
    suffix: &[u8],
) -> (u32, u64, u64) {
    let mut crc = Crc::new();
    let mut written = 0u64;
    let mut put = |bytes: &[u8], out: &mut dyn Write| {
        out.write_all(bytes).unwrap();
        written += bytes.len() as u64;
    };
    put(&independent_blocks(prefix), out);
    crc.update(prefix);
    let block = independent_blocks(fill);
    for _ in 0..times {
        put(&block, out);
        crc.update(fill);
    }
    put(&independent_blocks(suffix), out);
    crc.update(suffix);
    put(&final_block(), out);
    (crc.sum(), crc.amount() as u64, written)
}

fn tweet(id: u64) -> String {
    format!(
        r#"{{"tweet": {{"id_str": "{id}", "created_at": "Mon Nov 02 09:00:00 +0000 2026", "full_text": "the portal is down", "favorite_count": "1", "retweet_count": "0"}}}}"#
    )
}

/// A zip with one entry, `data/tweets.js`, of one good tweet then one of ~4 GiB.
pub fn zip_bomb(path: &Path) {
    let name = b"data/tweets.js";
    let prefix = format!(
        "window.YTD.tweets.part0 = [\n  {},\n  {{\"tweet\": {{\"id_str\": \"2\", \"full_text\": \"",
        tweet(1)
    );
    let suffix = format!("\"}}}},\n  {}\n]\n", tweet(3));
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    // Local header with sizes in the data descriptor that follows (flag bit 3).
    let local = |crc: u32, csize: u32, usize: u32| {
        let mut h = Vec::new();
        h.extend(0x04034b50u32.to_le_bytes());
        h.extend(20u16.to_le_bytes()); // version needed
        h.extend(8u16.to_le_bytes()); // flags: data descriptor
        h.extend(8u16.to_le_bytes()); // deflate
        h.extend([0u8; 4]); // time, date
        h.extend(crc.to_le_bytes());
        h.extend(csize.to_le_bytes());
        h.extend(usize.to_le_bytes());
        h.extend((name.len() as u16).to_le_bytes());
        h.extend(0u16.to_le_bytes());
        h.extend(name);
        h
    };
    let header = local(0, 0, 0);
    file.write_all(&header).unwrap();
    let fill = vec![b'A'; MIB];
    let (crc, len, csize) =
        write_deflated(&mut file, prefix.as_bytes(), &fill, 4095, suffix.as_bytes());
    let len = u32::try_from(len).expect("under 4 GiB, no zip64 needed");
    let csize = u32::try_from(csize).unwrap();
    let mut descriptor = Vec::new();
    descriptor.extend(0x08074b50u32.to_le_bytes());
    descriptor.extend(crc.to_le_bytes());
    descriptor.extend(csize.to_le_bytes());
    descriptor.extend(len.to_le_bytes());
    file.write_all(&descriptor).unwrap();
    let central_at = (header.len() + csize as usize + descriptor.len()) as u32;
    let mut central = Vec::new();
    central.extend(0x02014b50u32.to_le_bytes());
    central.extend(20u16.to_le_bytes()); // made by
    central.extend(&local(crc, csize, len)[4..30]);
    central.extend([0u8; 10]); // comment length, disk, attributes
    central.extend(0u32.to_le_bytes()); // local header offset
    central.extend(name);
    let mut end = Vec::new();
    end.extend(0x06054b50u32.to_le_bytes());
    end.extend([0u8; 4]);
    end.extend(1u16.to_le_bytes());
    end.extend(1u16.to_le_bytes());
    end.extend((central.len() as u32).to_le_bytes());
    end.extend(central_at.to_le_bytes());
    end.extend(0u16.to_le_bytes());
    file.write_all(&central).unwrap();
    file.write_all(&end).unwrap();
    file.flush().unwrap();
}

fn page(id: u64) -> String {
    format!(
        r#"{{"data": [{{"id": "{id}", "author_id": "7", "created_at": "2026-11-02T09:00:00.000Z", "text": "the portal is down"}}]}}"#
    )
}

/// A gzip of twarc2 pages: a good line, a line of 1 GiB, a good line.
pub fn gzip_bomb(path: &Path) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    file.write_all(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
        .unwrap();
    let prefix = format!("{}\n{{\"data\": [{{\"id\": \"2\", \"text\": \"", page(1));
    let suffix = format!("\"}}]}}\n{}\n", page(3));
    let fill = vec![b'A'; MIB];
    let (crc, len, _) =
        write_deflated(&mut file, prefix.as_bytes(), &fill, 1024, suffix.as_bytes());
    file.write_all(&crc.to_le_bytes()).unwrap();
    file.write_all(&(len as u32).to_le_bytes()).unwrap();
    file.flush().unwrap();
}

/// The process's peak resident memory, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}

/// Run by [`bombs_are_skipped_with_flat_memory`] in a child process.
#[test]
#[ignore = "run by bombs_are_skipped_with_flat_memory in its own process"]
fn import_one_bomb() {
    let Some(path) = std::env::var_os("TOWNHALL_BOMB") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = townhall::store::Store::open(&dir.path().join("ws.sqlite")).unwrap();
    let options = townhall::import::ImportOptions::default();
    let report = townhall::import::import_file(&mut store, Path::new(&path), &options).unwrap();
    let summary = serde_json::json!({
        "imported": report.imported,
        "errors": report.errors,
        "peak_rss_kib": peak_rss_kib(),
    });
    println!("BOMB {summary}");
}

fn import_in_child(bomb: &Path) -> serde_json::Value {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "bombs::import_one_bomb",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("TOWNHALL_BOMB", bomb)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("BOMB ").map(|(_, json)| json))
        .unwrap_or_else(|| panic!("no summary from the child: {stdout}"));
    serde_json::from_str(line).unwrap()
}

#[test]
fn bombs_are_skipped_with_flat_memory() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("archive.zip");
    zip_bomb(&zip);
    let gz = dir.path().join("pages.jsonl.gz");
    gzip_bomb(&gz);
    for (bomb, size_limit) in [(&zip, 6 * MIB as u64), (&gz, 2 * MIB as u64)] {
        let size = std::fs::metadata(bomb).unwrap().len();
        assert!(size < size_limit, "{} is {size} bytes", bomb.display());
        let summary = import_in_child(bomb);
        let peak_mib = summary["peak_rss_kib"].as_u64().unwrap() / 1024;
        eprintln!(
            "{}: {:.1} MB on disk, peak RSS {peak_mib} MiB",
            bomb.display(),
            size as f64 / 1e6
        );
        assert!(peak_mib < 300, "peak RSS {peak_mib} MiB: {summary}");
        assert_eq!(
            summary["imported"], 1,
            "the good record before the bomb: {summary}"
        );
        let reasons: Vec<&str> = summary["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["reason"].as_str().unwrap())
            .collect();
        assert!(
            reasons.iter().any(|r| r.contains("larger than 16 MB")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("decompression bomb")),
            "{reasons:?}"
        );
    }
}
