//! The customer's language.

use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

/// A language paydesk understands and replies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (also the fallback for languages paydesk does not write).
    En,
    /// German
    De,
    /// Spanish
    Es,
    /// French
    Fr,
    /// Chinese
    Zh,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::De, Lang::Es, Lang::Fr, Lang::Zh];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::Zh => "zh",
        }
    }

    /// The language of an ISO 639-1 code, if supported.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        LanguageDetectorBuilder::from_languages(&[
            Language::English,
            Language::German,
            Language::Spanish,
            Language::French,
            Language::Chinese,
        ])
        .build()
    })
}

/// Detects the language of a customer's own words (quote them out first).
pub fn detect(text: &str) -> Lang {
    if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return Lang::Zh;
    }
    match detector().detect_language_of(text) {
        Some(Language::German) => Lang::De,
        Some(Language::Spanish) => Lang::Es,
        Some(Language::French) => Lang::Fr,
        Some(Language::Chinese) => Lang::Zh,
        _ => Lang::En,
    }
}
