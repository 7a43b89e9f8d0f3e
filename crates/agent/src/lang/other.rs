//! Languages paydesk does not write. They are recognised, not guessed at:
//! an Italian message must not get a French reply, nor a Russian or Japanese
//! one a Chinese reply. The decision names the real language, the reply
//! falls back to English and a person takes the ticket.

use std::sync::OnceLock;

use lingua::{IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder};

/// Latin-script languages shop customers often write in, besides the supported ones.
const LATIN_OTHERS: [Language; 7] = [
    Language::Italian,
    Language::Portuguese,
    Language::Dutch,
    Language::Polish,
    Language::Turkish,
    Language::Swedish,
    Language::Danish,
];

/// Supported and other Latin-script languages together, so that each is
/// weighed against the others; trigrams only from `long` texts on (as for
/// the supported languages alone).
fn wide_detector(long: bool) -> &'static LanguageDetector {
    static SHORT: OnceLock<LanguageDetector> = OnceLock::new();
    static LONG: OnceLock<LanguageDetector> = OnceLock::new();
    let build = |low_accuracy: bool| {
        let mut all = LATIN_OTHERS.to_vec();
        all.extend([
            Language::English,
            Language::German,
            Language::Spanish,
            Language::French,
        ]);
        let mut builder = LanguageDetectorBuilder::from_languages(&all);
        if low_accuracy {
            builder.with_low_accuracy_mode();
        }
        builder.build()
    };
    if long {
        LONG.get_or_init(|| build(true))
    } else {
        SHORT.get_or_init(|| build(false))
    }
}

/// The least confidence lingua must give another language before paydesk
/// believes it; below, the text is read as a supported language.
const MIN_CONFIDENCE: f64 = 0.6;

/// A Latin-script text clearly in a language paydesk does not write: its ISO 639-1 code.
pub(super) fn latin(text: &str, long: bool) -> Option<&'static str> {
    let ranked = wide_detector(long).compute_language_confidence_values(text);
    let (top, confidence) = *ranked.first()?;
    if !LATIN_OTHERS.contains(&top) || confidence < MIN_CONFIDENCE {
        return None;
    }
    Some(iso_code(top))
}

fn iso_code(language: Language) -> &'static str {
    match language.iso_code_639_1() {
        IsoCode639_1::IT => "it",
        IsoCode639_1::PT => "pt",
        IsoCode639_1::NL => "nl",
        IsoCode639_1::PL => "pl",
        IsoCode639_1::TR => "tr",
        IsoCode639_1::SV => "sv",
        IsoCode639_1::DA => "da",
        _ => "en",
    }
}

/// Writing systems told apart by their characters alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Han,
    Kana,
    Hangul,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Thai,
    Devanagari,
}

/// Every script, in declaration order (`script as usize` indexes it).
const SCRIPTS: [Script; 10] = [
    Script::Latin,
    Script::Han,
    Script::Kana,
    Script::Hangul,
    Script::Cyrillic,
    Script::Greek,
    Script::Arabic,
    Script::Hebrew,
    Script::Thai,
    Script::Devanagari,
];

fn script_of(c: char) -> Option<Script> {
    let script = match c {
        'a'..='z' | 'A'..='Z' | '\u{c0}'..='\u{24f}' => Script::Latin,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' => Script::Han,
        '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9d}' => Script::Kana,
        '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{ac00}'..='\u{d7af}' => {
            Script::Hangul
        }
        '\u{400}'..='\u{4ff}' => Script::Cyrillic,
        '\u{370}'..='\u{3ff}' => Script::Greek,
        '\u{600}'..='\u{6ff}' | '\u{750}'..='\u{77f}' => Script::Arabic,
        '\u{590}'..='\u{5ff}' => Script::Hebrew,
        '\u{e00}'..='\u{e7f}' => Script::Thai,
        '\u{900}'..='\u{97f}' => Script::Devanagari,
        _ => return None,
    };
    Some(script)
}

/// What the characters of a text say about its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ByScript {
    /// Mostly Latin letters (or none): words must decide.
    Latin,
    /// Chinese characters without kana.
    Chinese,
    /// Another language, by its script: its ISO 639-1 code.
    Other(&'static str),
}

/// The language a text's letters point to. A script counts when it has at
/// least as many letters as the Latin ones (order numbers, product names,
/// emails and quoted English do not outvote the customer's own script); a
/// Chinese character or a kana or hangul syllable weighs as much as a short
/// Latin word's letters.
pub(super) fn by_script(text: &str) -> ByScript {
    let mut counts = [0usize; SCRIPTS.len()];
    let mut ukrainian = false;
    for c in text.chars() {
        if let Some(script) = script_of(c) {
            counts[script as usize] += 1;
        }
        ukrainian |= matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ');
    }
    let weighed = |s: Script| {
        let weight = match s {
            Script::Han => 3,
            Script::Kana | Script::Hangul => 2,
            _ => 1,
        };
        counts[s as usize] * weight
    };
    let latin = weighed(Script::Latin);
    // Japanese mixes kana with kanji; Chinese has no kana.
    if counts[Script::Kana as usize] > 0 && weighed(Script::Kana) + weighed(Script::Han) >= latin {
        return ByScript::Other("ja");
    }
    let (script, n) = SCRIPTS[1..]
        .iter()
        .map(|s| (*s, weighed(*s)))
        .max_by_key(|(_, n)| *n)
        .unwrap_or((Script::Latin, 0));
    if n == 0 || n < latin {
        return ByScript::Latin;
    }
    ByScript::Other(match script {
        Script::Han => return ByScript::Chinese,
        Script::Hangul => "ko",
        Script::Cyrillic if ukrainian => "uk",
        Script::Cyrillic => "ru",
        Script::Greek => "el",
        Script::Arabic => "ar",
        Script::Hebrew => "he",
        Script::Thai => "th",
        Script::Devanagari => "hi",
        Script::Latin | Script::Kana => return ByScript::Latin,
    })
}
