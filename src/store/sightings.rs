//! Which stored posts each import brought again (migration 0020): a post is stored once, as
//! the first import's that brought it, and a later file holding it is counted a duplicate. So
//! that removing the first import does not delete what a later one also brought, the later one
//! records the posts it found already stored, and those stay, as its own.
//!
//! An import's sightings are kept as a few blobs of sorted post ids, each written as the
//! differences between neighbours in LEB128 varints: a re-import of 3,000,000 posts adds about
//! 3 MB and no row per post, so an import that adds nothing stays close to the cost of reading
//! its file.

use rusqlite::{params, Connection, Transaction};

use crate::error::Result;

/// How many post ids one blob holds: what an import keeps in memory before writing them.
pub const CHUNK: usize = 65_536;

/// Records that the import `import` found the posts `ids` already stored. Sorts `ids` and
/// drops repeats.
pub fn record(tx: &Transaction<'_>, import: i64, ids: &mut Vec<i64>) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    ids.sort_unstable();
    ids.dedup();
    tx.prepare_cached("INSERT INTO import_sightings (import, posts) VALUES (?1, ?2)")?
        .execute(params![import, encode(ids)])?;
    Ok(())
}

/// The posts of the import `id` that later imports also brought, each with the earliest of
/// those imports (which takes the post when `id` is removed).
pub fn brought_again(conn: &Connection, id: i64) -> Result<Vec<(i64, i64)>> {
    let later: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM import_sightings WHERE import > ?1)",
        [id],
        |r| r.get(0),
    )?;
    if !later {
        return Ok(Vec::new());
    }
    // A post is only ever seen again by a later import than the one that added it.
    let mine = conn
        .prepare("SELECT id FROM posts WHERE import_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let mut taken_by = vec![0i64; mine.len()];
    let mut rows = conn.prepare(
        "SELECT import, posts FROM import_sightings WHERE import > ?1 ORDER BY import, rowid",
    )?;
    let mut rows = rows.query([id])?;
    while let Some(row) = rows.next()? {
        let import: i64 = row.get(0)?;
        let blob = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
        for post in decode(blob) {
            if let Ok(i) = mine.binary_search(&post) {
                if taken_by[i] == 0 {
                    taken_by[i] = import;
                }
            }
        }
    }
    Ok(mine
        .into_iter()
        .zip(taken_by)
        .filter(|&(_, import)| import != 0)
        .collect())
}

/// Sorted, distinct ids as LEB128 varints of their differences (the first from 0).
fn encode(ids: &[i64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 2);
    let mut previous = 0i64;
    for &id in ids {
        let mut delta = id.wrapping_sub(previous) as u64;
        previous = id;
        loop {
            let byte = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    out
}

/// The ids [`encode`] wrote. A blob cut short ends at its last whole id.
fn decode(blob: &[u8]) -> impl Iterator<Item = i64> + '_ {
    let mut bytes = blob.iter();
    let mut previous = 0i64;
    std::iter::from_fn(move || {
        let mut delta = 0u64;
        let mut shift = 0u32;
        loop {
            let byte = *bytes.next()?;
            delta |= u64::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        previous = previous.wrapping_add(delta as i64);
        Some(previous)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_as_they_were_written() {
        for ids in [
            vec![],
            vec![1],
            vec![1, 2, 3, 127, 128, 129, 16_383, 16_384, 1 << 40],
            vec![5, i64::MAX],
        ] {
            let blob = encode(&ids);
            assert_eq!(decode(&blob).collect::<Vec<_>>(), ids);
        }
        // Neighbouring ids, as a re-import finds them, take a byte each.
        let run: Vec<i64> = (1_000_000..1_065_536).collect();
        assert_eq!(encode(&run).len(), 65_536 + 2);
    }

    #[test]
    fn a_blob_cut_short_ends_at_its_last_whole_id() {
        let blob = encode(&[3, 300, 70_000]);
        let cut = &blob[..blob.len() - 1];
        assert_eq!(decode(cut).collect::<Vec<_>>(), [3, 300]);
    }
}
