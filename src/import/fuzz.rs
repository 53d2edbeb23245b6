//! Entry points for the fuzz targets in `fuzz/`: detection and every format's reader over
//! bytes in memory, with the same decompression, limits and recovery as a file import, and
//! no posts written.

use super::bundle::Source;
use super::read::Input;
use super::{detect, Format, ReadContext};
use crate::error::Result;

/// Names the format of `bytes` as [`detect`](super::detect) names a file's (zip archives aside).
pub fn detect_bytes(bytes: &[u8]) -> Result<Result<Format, String>> {
    let mut input = Input::from_bytes(bytes.to_vec())?;
    Ok(detect::sniff(input.reader()))
}

/// Reads `bytes` as `format`, returning how many records were read and how many were broken.
/// `conn` is a workspace's connection (CSV imports consult and save column mappings).
pub fn read_bytes(format: Format, bytes: &[u8], conn: &rusqlite::Connection) -> Result<(u64, u64)> {
    let mut source = Source::File(Input::from_bytes(bytes.to_vec())?);
    let cx = ReadContext { conn, csv_map: &[] };
    let (mut records, mut broken) = (0, 0);
    format.read(&mut source, &cx, &mut |_, parsed| {
        match parsed {
            Ok(r) => records += r.len() as u64,
            Err(_) => broken += 1,
        }
        Ok(())
    })?;
    Ok((records, broken))
}
