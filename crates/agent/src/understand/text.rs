//! Getting at the customer's own words: quoted replies cut off, text
//! normalised for matching.

/// Lines that start the quoted part of a reply, in the supported languages.
const QUOTE_MARKERS: &[&str] = &[
    "-----original message-----",
    "-----ursprüngliche nachricht-----",
    "-----mensaje original-----",
    "-----message d'origine-----",
    "________________________________",
];

/// The customer's own text: quoted lines (`> …`) and everything after a
/// reply header ("On … wrote:", "Am … schrieb …:", "El … escribió:",
/// "Le … a écrit :", "在…写道：") or an original-message marker are dropped.
pub fn own_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        if is_reply_header(&lower) || QUOTE_MARKERS.iter().any(|m| lower.starts_with(m)) {
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        out.push_str(trimmed);
        out.push('\n');
    }
    let own = out.trim();
    if own.is_empty() {
        text.trim().to_string()
    } else {
        own.to_string()
    }
}

fn is_reply_header(lower: &str) -> bool {
    let ends = |s: &str| lower.ends_with(s);
    (lower.starts_with("on ") && ends("wrote:"))
        || (lower.starts_with("am ")
            && (ends("schrieb:") || lower.contains(" schrieb "))
            && ends(":"))
        || (lower.starts_with("el ") && ends("escribió:"))
        || (lower.starts_with("le ") && (ends("a écrit :") || ends("a écrit:")))
        || (lower.starts_with('在') && (ends("写道：") || ends("写道:")))
}

/// Lowercases and folds Latin diacritics (ä→a, é→e, ñ→n, ß→ss), so that
/// "Rückerstattung" and "Ruckerstattung" look alike to the classifier.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// [`fold`] for one character: hands each folded character to `emit`.
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        });
        return;
    }
    for c in c.to_lowercase() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => emit('a'),
            'ç' => emit('c'),
            'è' | 'é' | 'ê' | 'ë' => emit('e'),
            'ì' | 'í' | 'î' | 'ï' => emit('i'),
            'ñ' => emit('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => emit('o'),
            'ù' | 'ú' | 'û' | 'ü' => emit('u'),
            'ý' | 'ÿ' => emit('y'),
            'ß' => {
                emit('s');
                emit('s');
            }
            'œ' => {
                emit('o');
                emit('e');
            }
            'æ' => {
                emit('a');
                emit('e');
            }
            '’' | '‘' => emit('\''),
            // Full-width forms (Chinese keyboards) fold to ASCII: ｒｅｆｕｎｄ, ？, １２.
            '\u{ff01}'..='\u{ff5e}' => emit(
                char::from_u32(c as u32 - 0xfee0)
                    .unwrap_or(c)
                    .to_ascii_lowercase(),
            ),
            c => emit(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_replies_are_cut_off() {
        let mail = "Wo bleibt mein Geld?\n\nAm 3. März 2026 um 10:00 schrieb Support <s@shop.de>:\n> Your refund of €49.90 was issued.";
        assert_eq!(own_words(mail), "Wo bleibt mein Geld?");
        assert_eq!(own_words("> quoted only"), "> quoted only");
        assert_eq!(own_words("hola\n> Hi, we refunded you"), "hola");
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(
            fold("Rückerstattung FÜR Straße"),
            "ruckerstattung fur strasse"
        );
        assert_eq!(fold("Remboursé, ÉLÈVE, niño"), "rembourse, eleve, nino");
    }
}
