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
    let cx = ReadContext {
        conn,
        csv_map: &[],
        tz: chrono_tz::UTC,
    };
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

/// Reads the file at `path` as `format` (detected when `None`) without writing anything:
/// decompression, hashing, line splitting, JSON parsing and normalisation, as an import does
/// them, but no sentiment and no store. Returns the posts read and the broken records; the
/// import benchmark times it as Townhall's own parse floor.
pub fn parse_file(path: &std::path::Path, format: Option<Format>) -> Result<(u64, u64)> {
    let format = match format {
        Some(f) => f,
        None => detect(path)?,
    };
    let conn = rusqlite::Connection::open_in_memory()?;
    let mut source = Source::open(path)?;
    let cx = ReadContext {
        conn: &conn,
        csv_map: &[],
        tz: chrono_tz::UTC,
    };
    let (mut posts, mut broken) = (0, 0);
    format.read(&mut source, &cx, &mut |_, parsed| {
        match parsed {
            Ok(r) => {
                posts += r
                    .iter()
                    .filter(|r| matches!(r, crate::model::Record::Post(_)))
                    .count() as u64
            }
            Err(_) => broken += 1,
        }
        Ok(())
    })?;
    source.finish_hash()?;
    Ok((posts, broken))
}
