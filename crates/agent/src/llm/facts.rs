//! The fact check of a phrased reply against the template reply it rewrites.
//!
//! The template reply holds only facts from the payment state (see
//! [`crate::reply`]). A phrasing may change words, never facts: every
//! amount, date, order number, card digits, Stripe id, email, link, status
//! word and number it states must be in the template, and the template's
//! amounts and links must still be there. The check reads both texts the
//! same way, so a fact written in another notation is still recognised; one
//! it cannot read is refused, which keeps the template.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::entities::{Amount, extract};
use crate::lang::{Lang, detect};

/// Words that state where a payment, refund or subscription stands.
const STATUS_WORDS: &[&str] = &[
    // en
    "refunded",
    "pending",
    "succeeded",
    "successful",
    "failed",
    "canceled",
    "cancelled",
    "declined",
    "processed",
    "completed",
    "approved",
    "issued",
    "paid",
    "disputed",
    "active",
    // de
    "erstattet",
    "zurückerstattet",
    "rückerstattet",
    "ausstehend",
    "erfolgreich",
    "fehlgeschlagen",
    "storniert",
    "gekündigt",
    "abgelehnt",
    "bearbeitet",
    "abgeschlossen",
    "bezahlt",
    "genehmigt",
    "aktiv",
    // es
    "reembolsado",
    "reembolsada",
    "pendiente",
    "completado",
    "completada",
    "fallido",
    "fallida",
    "cancelado",
    "cancelada",
    "rechazado",
    "rechazada",
    "procesado",
    "procesada",
    "pagado",
    "pagada",
    "aprobado",
    "aprobada",
    "activo",
    "activa",
    // fr
    "remboursé",
    "remboursée",
    "remboursés",
    "en attente",
    "réussi",
    "réussie",
    "échoué",
    "échouée",
    "annulé",
    "annulée",
    "refusé",
    "refusée",
    "traité",
    "traitée",
    "payé",
    "payée",
    "approuvé",
    "approuvée",
    "actif",
    // zh (no spaces between words: matched as substrings)
    "已退款",
    "退款成功",
    "处理中",
    "已取消",
    "失败",
    "成功",
    "待处理",
    "已拒绝",
    "已支付",
    "已付款",
    "已完成",
    "有效",
];

fn link_pattern() -> &'static Regex {
    static LINK: OnceLock<Regex> = OnceLock::new();
    LINK.get_or_init(|| {
        // A URL, or a bare domain with an optional path (`pay.example.com/x`).
        Regex::new(
            r"(?i)(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b(?:/[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*)?",
        )
        .expect("the link pattern compiles")
    })
}

/// Links in a text, lowercased, without trailing sentence punctuation.
fn links(text: &str) -> Vec<String> {
    link_pattern()
        .find_iter(text)
        .map(|m| {
            m.as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?'])
                .to_lowercase()
        })
        .collect()
}

/// Runs of digits (full-width ones read as ASCII), leading zeros dropped.
fn numbers(text: &str) -> BTreeSet<String> {
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect();
    ascii
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(|run| {
            let trimmed = run.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }.to_string()
        })
        .collect()
}

/// The status words a text uses.
fn status_words(text: &str) -> BTreeSet<&'static str> {
    let lower = text.to_lowercase();
    let words: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let padded = format!(
        " {} ",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    STATUS_WORDS
        .iter()
        .copied()
        .filter(|w| {
            if is_cjk(w) {
                lower.contains(w)
            } else {
                padded.contains(&format!(" {w} "))
            }
        })
        .collect()
}

fn is_cjk(word: &str) -> bool {
    word.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Whether `wanted` is among `amounts`; an amount written without a currency matches on its number.
fn has_amount(amounts: &[Amount], wanted: &Amount) -> bool {
    amounts.iter().any(|a| {
        a.minor == wanted.minor
            && (a.currency == wanted.currency || a.currency.is_none() || wanted.currency.is_none())
    })
}

fn extra<'a, T: PartialEq>(phrased: &'a [T], template: &[T]) -> Option<&'a T> {
    phrased.iter().find(|x| !template.contains(x))
}

/// Checks a phrasing of `template` written for a customer of `lang`; the reason when it must not be sent.
pub fn check(template: &str, phrased: &str, lang: Lang, today: NaiveDate) -> Result<(), String> {
    if phrased.trim().is_empty() {
        return Err("the phrasing is empty".into());
    }
    if phrased.chars().count() > 2 * template.chars().count() + 200 {
        return Err("the phrasing is much longer than the reply".into());
    }
    let written_in = detect(phrased);
    if written_in != lang {
        return Err(format!(
            "the phrasing is in {}, the customer writes {}",
            written_in.code(),
            lang.code()
        ));
    }
    let (t, p) = (
        extract(template, lang, today),
        extract(phrased, lang, today),
    );
    if let Some(a) = p.amounts.iter().find(|a| !has_amount(&t.amounts, a)) {
        return Err(format!(
            "the phrasing states an amount the reply does not ({} {})",
            a.minor,
            a.currency.as_deref().unwrap_or("?")
        ));
    }
    if t.amounts.iter().any(|a| !has_amount(&p.amounts, a)) {
        return Err("the phrasing leaves out an amount of the reply".into());
    }
    if let Some(d) = extra(&p.dates, &t.dates) {
        return Err(format!(
            "the phrasing states a date the reply does not ({d})"
        ));
    }
    let ids = [
        ("order number", &p.order_numbers, &t.order_numbers),
        ("card number", &p.last4, &t.last4),
        ("Stripe id", &p.stripe_ids, &t.stripe_ids),
        ("email address", &p.emails, &t.emails),
    ];
    for (what, phrased_ids, template_ids) in ids {
        if let Some(x) = extra(phrased_ids, template_ids) {
            return Err(format!(
                "the phrasing states an {what} the reply does not ({x})"
            ));
        }
    }
    let template_lower = template.to_lowercase();
    if let Some(link) = links(phrased)
        .into_iter()
        .find(|l| !template_lower.contains(l))
    {
        return Err(format!(
            "the phrasing has a link the reply does not ({link})"
        ));
    }
    let phrased_lower = phrased.to_lowercase();
    if links(template)
        .iter()
        .any(|l| l.contains("://") && !phrased_lower.contains(l))
    {
        return Err("the phrasing leaves out the reply's link".into());
    }
    let template_numbers = numbers(template);
    if let Some(n) = numbers(phrased).difference(&template_numbers).next() {
        return Err(format!(
            "the phrasing has a number the reply does not ({n})"
        ));
    }
    let template_status = status_words(template);
    if let Some(w) = status_words(phrased).difference(&template_status).next() {
        return Err(format!("the phrasing says `{w}`, the reply does not"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
