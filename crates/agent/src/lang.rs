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

/// Frequent, distinctive words of support messages per language: function
/// words and payment vocabulary. Statistical detectors are unsure on
/// three-word messages ("refund pls"), and slow; these settle most texts.
/// A word listed for two languages counts for neither.
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
            "refunded",
            "charged",
            "twice",
            "money",
            "card",
            "order",
            "where",
            "cancel",
            "cancelled",
            "canceled",
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
            "i",
            "im",
            "it",
            "to",
            "and",
            "of",
            "for",
            "this",
            "that",
            "with",
            "have",
            "has",
            "can",
            "how",
            "what",
            "when",
            "do",
            "does",
            "dont",
            "didnt",
            "would",
            "like",
            "your",
            "me",
            "be",
            "been",
            "from",
            "just",
            "yet",
            "there",
            "account",
            "charge",
            "bank",
            "statement",
            "need",
            "get",
            "which",
            "should",
            "will",
            "could",
            "am",
            "are",
            "were",
            "they",
            "we",
            "our",
            "after",
            "again",
            "anything",
            "know",
            "make",
            "made",
            "never",
            "recognize",
            "recognise",
            "see",
            "showing",
            "shows",
            "up",
            "out",
            "any",
            "about",
            "some",
        ],
    ),
    (
        Lang::De,
        &[
            "bitte",
            "mein",
            "meine",
            "meinen",
            "meiner",
            "meinem",
            "ich",
            "nicht",
            "und",
            "ist",
            "wurde",
            "wurden",
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
            "kein",
            "zahlung",
            "wo",
            "bleibt",
            "storno",
            "kündigung",
            "kundigung",
            "der",
            "das",
            "ein",
            "eine",
            "einen",
            "mit",
            "von",
            "auf",
            "für",
            "fur",
            "mir",
            "mich",
            "wir",
            "ihr",
            "euch",
            "sie",
            "es",
            "zu",
            "bei",
            "wie",
            "was",
            "wann",
            "schon",
            "aber",
            "oder",
            "auch",
            "nur",
            "kann",
            "könnt",
            "konnt",
            "können",
            "konnen",
            "hat",
            "haben",
            "bin",
            "sind",
            "wird",
            "gekündigt",
            "gekundigt",
            "euer",
            "eure",
            "eurem",
            "ihre",
            "ihrer",
            "ihren",
            "dem",
            "den",
            "des",
            "im",
            "vom",
            "zum",
            "zur",
            "immer",
            "heute",
            "gestern",
            "sehr",
            "geehrte",
            "grüßen",
            "grussen",
            "gruß",
        ],
    ),
    (
        Lang::Es,
        &[
            "por",
            "favor",
            "mi",
            "mis",
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
            "el",
            "los",
            "las",
            "y",
            "del",
            "al",
            "han",
            "cobraron",
            "recibo",
            "una",
            "un",
            "con",
            "para",
            "pero",
            "todavía",
            "todavia",
            "ya",
            "mí",
            "yo",
            "lo",
            "le",
            "les",
            "se",
            "su",
            "sus",
            "es",
            "está",
            "esta",
            "este",
            "esto",
            "eso",
            "fue",
            "hay",
            "cuenta",
            "cargo",
            "compra",
            "cuándo",
            "cuando",
            "cómo",
            "como",
            "qué",
            "porque",
            "también",
            "tambien",
            "nada",
            "sin",
            "hace",
            "ayer",
            "hoy",
            "puedo",
            "pueden",
            "tengo",
            "nunca",
            "pedí",
            "pedi",
            "aún",
            "aun",
            "muy",
            "cobran",
            "cobró",
            "cobro",
        ],
    ),
    (
        Lang::Fr,
        &[
            "je",
            "j",
            "mon",
            "ma",
            "mes",
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
            "été",
            "ete",
            "des",
            "du",
            "et",
            "une",
            "avec",
            "pour",
            "sur",
            "dans",
            "ne",
            "il",
            "elle",
            "nous",
            "votre",
            "vos",
            "au",
            "aux",
            "ce",
            "cette",
            "c",
            "qu",
            "l",
            "n",
            "ai",
            "avez",
            "suis",
            "toujours",
            "rien",
            "mais",
            "ou",
            "quand",
            "comment",
            "pourquoi",
            "depuis",
            "jamais",
            "encore",
            "déjà",
            "deja",
            "aujourd",
            "hier",
            "compte",
            "prélèvement",
            "prelevement",
            "résilier",
            "resilier",
            "colis",
            "moi",
            "très",
            "tres",
            "sont",
            "peux",
            "pouvez",
            "veux",
            "cordialement",
        ],
    ),
];

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

/// Detects the language of a customer's own words (quote them out first).
pub fn detect(text: &str) -> Lang {
    if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return Lang::Zh;
    }
    let words = text.split_whitespace().count();
    let cue = cue_leader(text);
    if let Some((lang, hits, margin)) = cue {
        // A short message with any cue, or clear cues and no close rival:
        // the statistical detector would only agree, slowly.
        if words <= 4 || (hits >= 3 && margin >= 3 && margin * 2 >= hits) {
            return lang;
        }
    }
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
