//! The customer's language.

use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

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

/// Frequent, distinctive words of support messages per language. Statistical
/// detectors are unsure on three-word messages ("refund pls"); these settle it.
const CUES: &[(Lang, &[&str])] = &[
    (
        Lang::En,
        &[
            "please",
            "pls",
            "plz",
            "my",
            "the",
            "refund",
            "charged",
            "twice",
            "money",
            "card",
            "order",
            "where",
            "cancel",
            "subscription",
            "invoice",
            "receipt",
            "help",
            "why",
            "did",
            "you",
            "want",
            "still",
            "payment",
            "declined",
            "back",
            "hi",
            "hello",
            "thanks",
            "thank",
            "asap",
            "wtf",
            "got",
            "was",
            "is",
            "not",
        ],
    ),
    (
        Lang::De,
        &[
            "bitte",
            "mein",
            "meine",
            "meinen",
            "ich",
            "nicht",
            "und",
            "ist",
            "wurde",
            "geld",
            "karte",
            "zurück",
            "zuruck",
            "abgelehnt",
            "rechnung",
            "bestellung",
            "kündigen",
            "kundigen",
            "abo",
            "doppelt",
            "abgebucht",
            "erstattung",
            "rückerstattung",
            "ruckerstattung",
            "warum",
            "hallo",
            "danke",
            "habe",
            "noch",
            "keine",
            "zahlung",
            "wo",
            "bleibt",
            "storno",
            "kündigung",
            "kundigung",
        ],
    ),
    (
        Lang::Es,
        &[
            "por",
            "favor",
            "mi",
            "quiero",
            "dinero",
            "tarjeta",
            "reembolso",
            "pedido",
            "cobrado",
            "cobro",
            "veces",
            "cancelar",
            "suscripción",
            "suscripcion",
            "factura",
            "hola",
            "gracias",
            "donde",
            "dónde",
            "pago",
            "rechazada",
            "devolución",
            "devolucion",
            "no",
            "el",
            "que",
            "me",
            "han",
            "cobraron",
            "recibo",
        ],
    ),
    (
        Lang::Fr,
        &[
            "je",
            "mon",
            "ma",
            "les",
            "pas",
            "est",
            "remboursement",
            "rembourser",
            "carte",
            "commande",
            "annuler",
            "abonnement",
            "facture",
            "bonjour",
            "merci",
            "où",
            "fois",
            "débité",
            "debite",
            "paiement",
            "refusé",
            "refuse",
            "svp",
            "vous",
            "argent",
            "reçu",
            "recu",
            "mes",
            "été",
            "ete",
        ],
    ),
];

fn cue_winner(text: &str) -> Option<(Lang, usize)> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut scores: Vec<(Lang, usize)> = CUES
        .iter()
        .map(|(lang, cues)| (*lang, words.iter().filter(|w| cues.contains(w)).count()))
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    (scores[0].1 > scores[1].1).then_some(scores[0])
}

/// How many more cue words the leading language has than the runner-up.
fn cue_margin(text: &str) -> usize {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut scores: Vec<usize> = CUES
        .iter()
        .map(|(_, cues)| words.iter().filter(|w| cues.contains(w)).count())
        .collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    scores[0] - scores[1]
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

/// Detects the language of a customer's own words (quote them out first).
pub fn detect(text: &str) -> Lang {
    if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return Lang::Zh;
    }
    let words = text.split_whitespace().count();
    let cue = cue_winner(text);
    if words <= 4
        && let Some((lang, _)) = cue
    {
        return lang;
    }
    // Clear cues and no rival: the statistical detector would only agree, slowly.
    if let Some((lang, hits)) = cue
        && hits >= 3
        && cue_margin(text) >= 3
    {
        return lang;
    }
    let ranked = detector().compute_language_confidence_values(text);
    match (ranked.first(), cue) {
        (Some((_, confidence)), Some((lang, hits))) if *confidence < 0.5 && hits >= 2 => lang,
        (Some((language, _)), _) => from_lingua(*language),
        (None, Some((lang, _))) => lang,
        (None, None) => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
