//! What an import reads: one file (see [`read`](super::read)), or a bundle of files — a zip
//! archive read in place, or an unpacked folder — imported together as one.
//!
//! Zip entries are streamed (never unpacked to disk); progress counts the archive's compressed
//! bytes. A bundle's SHA-256 is the zip file's, or for a folder the hash of its members' paths
//! and hashes, in reading order.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::guard::{Damage, DiskFailed, Guarded};
use super::read::Input;
use crate::error::{Error, Result};

/// The input of one import.
pub enum Source {
    File(Input),
    Bundle(Bundle),
}

impl Source {
    pub fn open(path: &Path) -> Result<Source> {
        let io = |e| Error::io(path, e);
        if path.metadata().map_err(io)?.is_dir() {
            return Ok(Source::Bundle(Bundle::folder(path)?));
        }
        Source::from_file(File::open(path).map_err(io)?, path)
    }

    /// The input in `file`, read from its first byte, named `path` in messages: a plain file or
    /// a zip archive (a temporary copy of a pipe, which has no name of its own to open again).
    pub fn from_file(mut file: File, path: &Path) -> Result<Source> {
        let io = |e| Error::io(path, e);
        let mut magic = [0u8; 4];
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let n = file.read(&mut magic).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        if magic[..n] == [0x50, 0x4b, 0x03, 0x04] {
            return Ok(Source::Bundle(Bundle::zip(file, path)?));
        }
        Ok(Source::File(Input::from_file(file, path)?))
    }

    /// The single stream of a plain file; a bundle is refused with a reason.
    pub fn stream(&mut self) -> Result<&mut dyn BufRead> {
        match self {
            Source::File(input) => Ok(input.reader()),
            Source::Bundle(bundle) => Err(Error::UnsupportedFile(format!(
                "{}: a {} that is neither a Twitter archive nor a Facebook \"Download Your \
                 Information\" export; import the files inside it instead",
                bundle.path.display(),
                bundle.kind_name()
            ))),
        }
    }

    /// The size in bytes that progress counts against.
    pub fn len(&self) -> u64 {
        match self {
            Source::File(input) => input.len(),
            Source::Bundle(bundle) => bundle.len,
        }
    }

    /// A handle that reads how many of those bytes have been consumed so far.
    pub fn counter(&self) -> Rc<Cell<u64>> {
        match self {
            Source::File(input) => input.counter(),
            Source::Bundle(bundle) => bundle.count.clone(),
        }
    }

    /// Damage found while decompressing (a cut-short gzip, a corrupt zip entry, a bomb).
    pub fn damage(&self) -> &Damage {
        match self {
            Source::File(input) => input.damage(),
            Source::Bundle(bundle) => &bundle.damage,
        }
    }

    /// The SHA-256 of what was imported, as lowercase hex.
    pub fn finish_hash(&mut self) -> Result<String> {
        match self {
            Source::File(input) => input.finish_hash(),
            Source::Bundle(bundle) => bundle.finish_hash(),
        }
    }
}

/// Reads a file, counting the bytes read (seeks included: the zip reader jumps to its index).
struct Counted {
    file: File,
    count: Rc<Cell<u64>>,
    failed: DiskFailed,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf).inspect_err(|_| self.failed.set(true))?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

impl Seek for Counted {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

enum Kind {
    Zip(Box<zip::ZipArchive<Counted>>),
    Folder { members: Vec<(String, String)> },
}

/// A zip archive or a folder of files.
pub struct Bundle {
    path: PathBuf,
    kind: Kind,
    names: Vec<String>,
    len: u64,
    count: Rc<Cell<u64>>,
    damage: Damage,
    failed: DiskFailed,
}

impl Bundle {
    fn zip(file: File, path: &Path) -> Result<Bundle> {
        let io = |e| Error::io(path, e);
        let len = file.metadata().map_err(io)?.len();
        let count = Rc::new(Cell::new(0));
        let failed = DiskFailed::default();
        let counted = Counted {
            file,
            count: count.clone(),
            failed: failed.clone(),
        };
        let archive = zip::ZipArchive::new(counted).map_err(|e| match e {
            zip::result::ZipError::Io(e) if failed.get() => Error::io(path, e),
            e => Error::corrupt(format!(
                "{}: a zip archive whose index cannot be read ({e}; cut short?)",
                path.display()
            )),
        })?;
        let mut names: Vec<String> = archive
            .file_names()
            .filter(|n| !n.ends_with('/'))
            .map(str::to_string)
            .collect();
        names.sort();
        Ok(Bundle {
            path: path.to_path_buf(),
            kind: Kind::Zip(Box::new(archive)),
            names,
            len,
            count,
            damage: Damage::default(),
            failed,
        })
    }

    fn folder(path: &Path) -> Result<Bundle> {
        let mut names = Vec::new();
        let mut len = 0;
        let mut pending = vec![PathBuf::new()];
        while let Some(rel) = pending.pop() {
            let dir = path.join(&rel);
            for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
                let entry = entry.map_err(|e| Error::io(&dir, e))?;
                let meta = entry.metadata().map_err(|e| Error::io(entry.path(), e))?;
                let name = rel.join(entry.file_name());
                if meta.is_dir() {
                    pending.push(name);
                } else {
                    len += meta.len();
                    names.push(name.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        names.sort();
        Ok(Bundle {
            path: path.to_path_buf(),
            kind: Kind::Folder {
                members: Vec::new(),
            },
            names,
            len,
            count: Rc::new(Cell::new(0)),
            damage: Damage::default(),
            failed: DiskFailed::default(),
        })
    }

    fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Zip(_) => "zip archive",
            Kind::Folder { .. } => "folder",
        }
    }

    /// Every member's path inside the bundle, `/`-separated, sorted.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Streams one member to `read` (a folder's members may themselves be gzip or zstd). A
    /// zip entry is guarded like a compressed file: damage or a bomb ends it, noted in
    /// [`Source::damage`].
    pub fn read_member(
        &mut self,
        name: &str,
        read: &mut dyn FnMut(&mut dyn BufRead) -> Result<()>,
    ) -> Result<()> {
        match &mut self.kind {
            Kind::Zip(archive) => {
                let entry = archive.by_name(name).map_err(|e| match e {
                    zip::result::ZipError::Io(e) if self.failed.get() => Error::io(&self.path, e),
                    zip::result::ZipError::UnsupportedArchive(why) => {
                        Error::UnsupportedFile(format!("{}: {name}: {why}", self.path.display()))
                    }
                    e => Error::corrupt(format!("{}: {name}: {e}", self.path.display())),
                })?;
                let compressed = entry.compressed_size();
                let guarded = Guarded::new(
                    entry,
                    compressed,
                    name,
                    self.damage.clone(),
                    self.failed.clone(),
                );
                read(&mut BufReader::with_capacity(256 * 1024, guarded))
            }
            Kind::Folder { members } => {
                let mut input = Input::open_counted(
                    &self.path.join(name),
                    self.count.clone(),
                    self.damage.clone(),
                    name,
                )?;
                read(input.reader())?;
                members.push((name.to_string(), input.finish_hash()?));
                Ok(())
            }
        }
    }

    fn finish_hash(&mut self) -> Result<String> {
        let mut hasher = Sha256::new();
        match &self.kind {
            Kind::Zip(_) => {
                let mut file = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
                std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(&self.path, e))?;
            }
            Kind::Folder { members } => {
                for (name, hash) in members {
                    hasher.update(format!("{name}\0{hash}\n"));
                }
            }
        }
        Ok(hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }
}

/// The file name of a member path (`data/tweets.js` → `tweets.js`).
pub fn file_name(member: &str) -> &str {
    member.rsplit('/').next().unwrap_or(member)
}
