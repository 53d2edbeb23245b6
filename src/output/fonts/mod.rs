//! Fonts compiled into the binary, so charts and briefings look the same on every machine and
//! need no system fonts. Together they cover Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari,
//! Thai, Chinese, Japanese, Korean and emoji (see `src/fonts/README.md` for licences).

use std::sync::Once;

use plotters::style::FontStyle;

/// The family name charts use; briefings load the same font, so chart text in the PDF is vector
/// text in the same face.
pub const CHART_FAMILY: &str = "Noto Sans";

pub const SANS_REGULAR: &[u8] = include_bytes!("NotoSans-Regular.ttf");
pub const SANS_BOLD: &[u8] = include_bytes!("NotoSans-Bold.ttf");
pub const SANS_ITALIC: &[u8] = include_bytes!("NotoSans-Italic.ttf");

/// Every embedded font, for the briefing typesetter (which falls back across them glyph by glyph).
pub const ALL: &[&[u8]] = &[
    SANS_REGULAR,
    SANS_BOLD,
    SANS_ITALIC,
    include_bytes!("NotoSansArabic-Regular.ttf"),
    include_bytes!("NotoSansHebrew-Regular.ttf"),
    include_bytes!("NotoSansDevanagari-Regular.ttf"),
    include_bytes!("NotoSansThai-Regular.ttf"),
    include_bytes!("DroidSansFallbackFull.ttf"),
    include_bytes!("NotoColorEmoji.ttf"),
];

/// The family list briefings ask for, in fallback order.
pub const BRIEF_FAMILIES: &[&str] = &[
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
    "Droid Sans Fallback",
    "Noto Color Emoji",
];

/// Registers the chart fonts with plotters (once per process).
pub fn register_chart_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (style, bytes) in [
            (FontStyle::Normal, SANS_REGULAR),
            (FontStyle::Bold, SANS_BOLD),
            (FontStyle::Italic, SANS_ITALIC),
        ] {
            plotters::style::register_font(CHART_FAMILY, style, bytes)
                .unwrap_or_else(|_| panic!("embedded font {CHART_FAMILY} is valid"));
        }
    });
}
