//! Fonts compiled into the binary, so charts and briefings look the same on every machine and
//! need no system fonts. Together they cover Latin, Greek, Cyrillic, Arabic, Hebrew, the scripts of
//! South and South-East Asia, Georgian, Armenian, Ethiopic, Tibetan, Mongolian, Cherokee,
//! Canadian syllabics, N'Ko, Chinese, Japanese, Korean and emoji (licences in `README.md` beside
//! them).

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
    include_bytes!("NotoSansArmenian-Regular.ttf"),
    include_bytes!("NotoSansBengali-Regular.ttf"),
    include_bytes!("NotoSansCanadianAboriginal-Regular.ttf"),
    include_bytes!("NotoSansCherokee-Regular.ttf"),
    include_bytes!("NotoSansEthiopic-Regular.ttf"),
    include_bytes!("NotoSansGeorgian-Regular.ttf"),
    include_bytes!("NotoSansGujarati-Regular.ttf"),
    include_bytes!("NotoSansGurmukhi-Regular.ttf"),
    include_bytes!("NotoSansKannada-Regular.ttf"),
    include_bytes!("NotoSansKhmer-Regular.ttf"),
    include_bytes!("NotoSansLao-Regular.ttf"),
    include_bytes!("NotoSansMalayalam-Regular.ttf"),
    include_bytes!("NotoSansMongolian-Regular.ttf"),
    include_bytes!("NotoSansMyanmar-Regular.ttf"),
    include_bytes!("NotoSansNKo-Regular.ttf"),
    include_bytes!("NotoSansOriya-Regular.ttf"),
    include_bytes!("NotoSansSinhala-Regular.ttf"),
    include_bytes!("NotoSansTamil-Regular.ttf"),
    include_bytes!("NotoSansTelugu-Regular.ttf"),
    include_bytes!("NotoSerifTibetan-Regular.ttf"),
    include_bytes!("DroidSansFallbackFull.ttf"),
    include_bytes!("NanumGothic.ttf"),
    include_bytes!("NotoColorEmoji.ttf"),
];

/// The family list briefings ask for, in fallback order.
pub const BRIEF_FAMILIES: &[&str] = &[
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
    "Noto Sans Armenian",
    "Noto Sans Bengali",
    "Noto Sans Canadian Aboriginal",
    "Noto Sans Cherokee",
    "Noto Sans Ethiopic",
    "Noto Sans Georgian",
    "Noto Sans Gujarati",
    "Noto Sans Gurmukhi",
    "Noto Sans Kannada",
    "Noto Sans Khmer",
    "Noto Sans Lao",
    "Noto Sans Malayalam",
    "Noto Sans Mongolian",
    "Noto Sans Myanmar",
    "Noto Sans NKo",
    "Noto Sans Oriya",
    "Noto Sans Sinhala",
    "Noto Sans Tamil",
    "Noto Sans Telugu",
    "Noto Serif Tibetan",
    "Droid Sans Fallback",
    // Hangul, which Droid Sans Fallback lacks.
    "NanumGothic",
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
