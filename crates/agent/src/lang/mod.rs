//! The customer's language: one of the five paydesk writes, or another one
//! recognised as such (answered in English, by a person).

mod cues;
mod other;

use std::sync::OnceLock;

use cues::CUES;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use other::ByScript;

/// A language paydesk understands and replies in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
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

const LINGUA_LANGUAGES: [Language; 5] = [
    Language::English,
    Language::German,
    Language::Spanish,
    Language::French,
    Language::Chinese,
];

/// The statistical detector for short texts: all n-gram sizes.
fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| LanguageDetectorBuilder::from_languages(&LINGUA_LANGUAGES).build())
}

/// Trigrams only: several times faster and as accurate once a text is long.
fn fast_detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        LanguageDetectorBuilder::from_languages(&LINGUA_LANGUAGES)
            .with_low_accuracy_mode()
            .build()
    })
}

/// From this many characters on, the trigram-only detector is used.
const LONG_TEXT: usize = 120;

/// Cue counts per language, in [`CUES`] order.
fn cue_scores(text: &str) -> [usize; 4] {
    static INDEX: OnceLock<std::collections::HashMap<&'static str, u8>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index = std::collections::HashMap::new();
        for (i, (_, words)) in CUES.iter().enumerate() {
            for w in *words {
                *index.entry(*w).or_insert(0u8) |= 1 << i;
            }
        }
        index
    });
    let mut scores = [0usize; 4];
    let mut word = String::new();
    let mut count = |word: &str| {
        if let Some(mask) = index.get(word)
            && mask.count_ones() == 1
        {
            scores[mask.trailing_zeros() as usize] += 1;
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            count(&word);
            word.clear();
        }
    }
    if !word.is_empty() {
        count(&word);
    }
    scores
}

/// The leading language by cue words, its count and its margin over the runner-up.
fn cue_leader(text: &str) -> Option<(Lang, usize, usize)> {
    let scores = cue_scores(text);
    let mut order = [0usize, 1, 2, 3];
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
    let (first, second) = (scores[order[0]], scores[order[1]]);
    (first > second).then(|| (CUES[order[0]].0, first, first - second))
}

fn from_lingua(language: Language) -> Lang {
    match language {
        Language::German => Lang::De,
        Language::Spanish => Lang::Es,
        Language::French => Lang::Fr,
        Language::Chinese => Lang::Zh,
        _ => Lang::En,
    }
}

/// The language of a text as paydesk sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// A language paydesk understands and replies in.
    Supported(Lang),
    /// Another language (ISO 639-1 code): not understood, answered in English.
    Other(&'static str),
}

impl Detected {
    /// ISO 639-1 code of the text's language.
    pub fn code(self) -> &'static str {
        match self {
            Detected::Supported(lang) => lang.code(),
            Detected::Other(code) => code,
        }
    }

    /// The language the reply is written in.
    pub fn reply_lang(self) -> Lang {
        match self {
            Detected::Supported(lang) => lang,
            Detected::Other(_) => Lang::En,
        }
    }
}

/// Detects the language of a customer's own words (quote them out first);
/// a language paydesk does not write reads as English.
pub fn detect(text: &str) -> Lang {
    identify(text).reply_lang()
}

/// Identifies the language of a customer's own words (quote them out first).
pub fn identify(text: &str) -> Detected {
    match other::by_script(text) {
        ByScript::Other(code) => return Detected::Other(code),
        ByScript::Chinese => return Detected::Supported(Lang::Zh),
        ByScript::Latin => {}
    }
    let words = text.split_whitespace().count();
    let cue = cue_leader(text);
    if let Some((lang, hits, margin)) = cue {
        // A short message with any cue, or clear cues and no close rival:
        // the statistical detector would only agree, slowly.
        if words <= 4 || (hits >= 3 && margin >= 3 && margin * 2 >= hits) {
            return Detected::Supported(lang);
        }
    }
    // One or two words ("hiya", "naw") are too little to call a language foreign.
    if words >= 3
        && let Some(code) = other::latin(text, text.len() >= LONG_TEXT)
    {
        return Detected::Other(code);
    }
    Detected::Supported(supported(text, cue))
}

/// The supported language a Latin-script text is most likely in.
fn supported(text: &str, cue: Option<(Lang, usize, usize)>) -> Lang {
    let detector = if text.len() >= LONG_TEXT {
        fast_detector()
    } else {
        detector()
    };
    let ranked = detector.compute_language_confidence_values(text);
    match (ranked.first(), cue) {
        (Some((_, confidence)), Some((lang, hits, _))) if *confidence < 0.5 && hits >= 2 => lang,
        (Some((language, _)), _) => from_lingua(*language),
        (None, Some((lang, _, _))) => lang,
        (None, None) => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_languages_are_named_and_answered_in_english() {
        for (text, code) in [
            (
                "Buongiorno, vorrei un rimborso per il mio ordine, il caffè era bruciato.",
                "it",
            ),
            (
                "Olá, fui cobrado duas vezes pelo mesmo pedido. Podem devolver o dinheiro?",
                "pt",
            ),
            (
                "Hallo, ik ben twee keer afgeschreven voor mijn bestelling, kunnen jullie dat terugbetalen?",
                "nl",
            ),
            (
                "Dzień dobry, chciałbym zwrot pieniędzy za zamówienie, kawa była spalona.",
                "pl",
            ),
            ("注文の返金をお願いします。コーヒーが焦げていました。", "ja"),
            (
                "Здравствуйте, с меня списали деньги дважды, верните пожалуйста",
                "ru",
            ),
            ("환불해 주세요", "ko"),
            (
                "Γεια σας, θέλω επιστροφή χρημάτων για την παραγγελία μου",
                "el",
            ),
        ] {
            let found = identify(text);
            assert_eq!(found, Detected::Other(code), "{text}");
            assert_eq!(found.reply_lang(), Lang::En, "{text}");
            assert_eq!(detect(text), Lang::En, "{text}");
        }
    }

    #[test]
    fn a_supported_language_with_a_foreign_name_or_order_stays_supported() {
        for (text, lang) in [
            (
                "Hallo, mein Name ist Иван Петров und ich möchte meine Bestellung #1042 stornieren.",
                Lang::De,
            ),
            (
                "Hi, I ordered the Kyoto blend (京都) and was charged twice.",
                Lang::En,
            ),
            (
                "你好，我的订单 #1042 被扣款两次，邮箱 wang.fang@example.cn",
                Lang::Zh,
            ),
            (
                "Bonjour, je voudrais annuler mon abonnement Espresso, merci.",
                Lang::Fr,
            ),
            (
                "Hola, me cobraron dos veces el pedido 1042, ¿me lo podéis devolver?",
                Lang::Es,
            ),
        ] {
            assert_eq!(identify(text), Detected::Supported(lang), "{text}");
        }
    }

    #[test]
    fn short_support_messages_get_their_language() {
        for (text, lang) in [
            ("refund pls", Lang::En),
            ("Karte abgelehnt", Lang::De),
            ("Geld zurück bitte", Lang::De),
            ("reembolso por favor", Lang::Es),
            ("remboursement svp", Lang::Fr),
            ("退款", Lang::Zh),
            ("charged twice??", Lang::En),
            ("Où est mon colis ?", Lang::Fr),
            ("¿Dónde está mi pedido?", Lang::Es),
        ] {
            assert_eq!(detect(text), lang, "{text}");
        }
    }
}
