//! A sandboxed typst world: the template, its JSON data and the chart, all in memory. It reads
//! no file from disk, loads no package and knows no fonts but the embedded ones.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Fonts are parsed once per process and shared by every render.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = crate::output::fonts::ALL
        .iter()
        .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The fixed virtual path of a file. Paths are interned forever by typst, so the set is fixed.
pub fn file_id(path: &str) -> FileId {
    FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("virtual paths are absolute and valid"),
    ))
}

pub struct BriefWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl BriefWorld {
    pub fn new(template: &str, files: Vec<(&str, Vec<u8>)>, today: Datetime) -> BriefWorld {
        BriefWorld {
            main: Source::new(file_id("/main.typ"), template.to_string()),
            files: files
                .into_iter()
                .map(|(path, bytes)| (file_id(path), Bytes::new(bytes)))
                .collect(),
            today,
        }
    }
}

impl World for BriefWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
