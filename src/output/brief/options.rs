//! What one briefing is made with: the workspace's branding and privacy settings and the
//! sections the user chose.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};

/// The sections a briefing can hold, in the order they appear.
pub const SECTIONS: &[&str] = &[
    "summary", "kpis", "chart", "problems", "themes", "response", "drivers", "posts", "voices",
    "timeline", "compare", "method",
];

/// The organisation named on a briefing when the workspace names none.
pub const DEFAULT_ORGANISATION: &str = "Townhall";

/// Settings of one briefing: branding, privacy and contents.
#[derive(Debug, Clone)]
pub struct BriefOptions {
    pub organisation: String,
    /// Accent colour, `#rrggbb`.
    pub accent: String,
    pub confidentiality: String,
    /// A PNG, JPEG, GIF or SVG logo shown in the header.
    pub logo: Option<Logo>,
    /// Name private persons instead of pseudonymising them.
    pub names: bool,
    /// Handles always named (organisations, officials, the press), besides verified accounts.
    pub public_accounts: Vec<String>,
    /// Which of [`SECTIONS`] to include.
    pub sections: Vec<String>,
    /// The "generated at" instant; fixing it makes the PDF byte-for-byte reproducible.
    pub generated_at: DateTime<Utc>,
    /// What the brief left out of the settings, for the person who writes it: a logo file
    /// moved or deleted since it was set.
    pub notes: Vec<String>,
}

/// A logo image and its format.
#[derive(Debug, Clone)]
pub struct Logo {
    pub bytes: Vec<u8>,
    /// `png`, `jpg` or `svg`.
    pub extension: String,
}

impl BriefOptions {
    /// The workspace's saved branding and privacy settings (see [`crate::store::settings`]).
    pub fn from_settings(
        conn: &rusqlite::Connection,
        generated_at: DateTime<Utc>,
    ) -> Result<BriefOptions> {
        use crate::store::settings::{self, get};
        let mut opts = BriefOptions::new(generated_at);
        if let Some(v) = get(conn, settings::ORGANISATION)? {
            opts.organisation = v;
        }
        if let Some(v) = get(conn, settings::ACCENT)? {
            opts.accent = v;
        }
        if let Some(v) = get(conn, settings::CONFIDENTIALITY)? {
            opts.confidentiality = v;
        }
        opts.public_accounts = settings::named_accounts(conn)?;
        opts.names = settings::names(conn)?;
        if let Some(path) = get(conn, settings::LOGO)?.filter(|p| !p.is_empty()) {
            // A logo gone since it was set costs the brief its logo, not the brief (a scheduled
            // one is written at seven with no one there to fix it).
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let extension = std::path::Path::new(&path)
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("png")
                        .to_lowercase();
                    opts.logo = Some(Logo { bytes, extension });
                }
                Err(e) => opts.notes.push(format!(
                    "the logo {path} could not be read ({}), so the brief has none; set it \
                     again with `townhall set logo FILE`",
                    Error::io(&path, e)
                )),
            }
        }
        Ok(opts)
    }

    pub fn new(generated_at: DateTime<Utc>) -> BriefOptions {
        BriefOptions {
            organisation: DEFAULT_ORGANISATION.into(),
            accent: "#1f5fa8".into(),
            confidentiality: "Confidential — for internal briefing only".into(),
            logo: None,
            names: false,
            public_accounts: Vec::new(),
            sections: SECTIONS.iter().map(|s| s.to_string()).collect(),
            generated_at,
            notes: Vec::new(),
        }
    }

    /// Only these sections (names from [`SECTIONS`], comma-separated), in the standard order.
    pub fn with_sections(mut self, list: &str) -> Result<BriefOptions> {
        let wanted: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(bad) = wanted.iter().find(|w| !SECTIONS.contains(w)) {
            return Err(Error::InvalidInput(format!(
                "unknown briefing section {bad:?}; sections: {}",
                SECTIONS.join(", ")
            )));
        }
        self.sections = SECTIONS
            .iter()
            .filter(|s| wanted.contains(s))
            .map(|s| s.to_string())
            .collect();
        Ok(self)
    }
}

impl BriefOptions {
    /// Whether the briefing includes `section`.
    pub fn has(&self, section: &str) -> bool {
        self.sections.iter().any(|s| s == section)
    }

    /// The organisation as a sentence names it: its name when the workspace sets one.
    pub fn speaker(&self) -> String {
        if self.organisation.trim().is_empty() || self.organisation == DEFAULT_ORGANISATION {
            "The organisation".into()
        } else {
            self.organisation.clone()
        }
    }
}
