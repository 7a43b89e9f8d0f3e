//! A ticket's query against the (English) knowledge base: the message's own
//! words, plus English terms for its intent, for its entities and for
//! keywords in German, Spanish, French and Chinese, so that "Wo ist mein
//! Paket?" meets the shipping passage.

use super::search::words;
use crate::entities::Entities;
use crate::intent::Intent;
use crate::understand::text::fold;

/// English terms of what an intent is about.
fn intent_terms(intent: Intent) -> &'static str {
    match intent {
        Intent::RefundRequest => "refund return",
        Intent::RefundStatus => "refund bank business days",
        Intent::DuplicateCharge => "charged twice pending payment",
        Intent::UnrecognizedCharge => "statement shows card",
        Intent::ChargedAfterCancel => "payment taken after cancelled",
        Intent::CancelSubscription => "cancelling subscription period",
        Intent::PaymentFailed => "declined card bank renewal fails",
        Intent::UpdatePaymentMethod => "update card link",
        Intent::InvoiceRequest => "invoice receipt",
        Intent::DisputeNotice => "dispute chargeback",
        Intent::OrderStatus => "shipping tracking parcel delivery",
        Intent::Other => "",
    }
}

/// Keywords (folded; Chinese as written) and the English terms they stand
/// for. A keyword of four or more letters matches inside a word (German
/// compounds: "Sendungsverfolgung"); a shorter one only a whole word.
const KEYWORDS: &[(&str, &str)] = &[
    // Shipping and delivery.
    ("versand", "shipping"),
    ("versend", "shipping"),
    ("verschick", "shipping"),
    ("liefer", "delivery"),
    ("geliefert", "delivery"),
    ("paket", "parcel"),
    ("sendung", "parcel tracking"),
    ("verfolg", "tracking"),
    ("zustell", "delivery"),
    ("angekommen", "arrives delivery"),
    ("zoll", "import duties"),
    ("envio", "shipping"),
    ("enviad", "shipping"),
    ("paquete", "parcel"),
    ("entrega", "delivery"),
    ("seguimiento", "tracking"),
    ("rastreo", "tracking"),
    ("llegado", "arrives delivery"),
    ("aduana", "import duties"),
    ("livraison", "delivery"),
    ("livre", "delivery"),
    ("colis", "parcel"),
    ("suivi", "tracking"),
    ("expedi", "shipping"),
    ("envoye", "shipping"),
    ("douane", "import duties"),
    ("tracking", "tracking"),
    ("dhl", "shipping"),
    ("快递", "parcel shipping"),
    ("物流", "shipping tracking"),
    ("发货", "shipping"),
    ("包裹", "parcel"),
    ("配送", "delivery"),
    ("运单", "tracking"),
    ("单号", "tracking"),
    ("追踪", "tracking"),
    ("跟踪", "tracking"),
    ("查询", "tracking"),
    ("到货", "arrives delivery"),
    ("没收到", "arrives delivery"),
    ("海关", "import duties"),
    ("关税", "import duties"),
    // Damaged goods.
    ("beschadigt", "damaged"),
    ("kaputt", "damaged"),
    ("danado", "damaged"),
    ("endommage", "damaged"),
    ("abime", "damaged"),
    ("损坏", "damaged"),
    ("破损", "damaged"),
    // Refunds and returns.
    ("erstatt", "refund"),
    ("geld zuruck", "refund"),
    ("retoure", "return sent back"),
    ("zurucksend", "return sent back"),
    ("reembols", "refund"),
    ("devoluci", "refund return"),
    ("devolver", "refund return"),
    ("rembours", "refund"),
    ("retour", "return"),
    ("退款", "refund"),
    ("退货", "return sent back"),
    // Invoices and receipts.
    ("rechnung", "invoice"),
    ("quittung", "receipt"),
    ("beleg", "receipt"),
    ("factura", "invoice"),
    ("recibo", "receipt"),
    ("facture", "invoice"),
    ("发票", "invoice"),
    ("收据", "receipt"),
    // Subscriptions.
    ("abo", "subscription"),
    ("abonnement", "subscription"),
    ("kundig", "cancelling"),
    ("suscripci", "subscription"),
    ("resili", "cancelling"),
    ("订阅", "subscription"),
    ("续订", "subscription renewal"),
    ("续费", "subscription renewal"),
    // Cards and payments.
    ("karte", "card"),
    ("abgelehnt", "declined"),
    ("doppelt", "twice"),
    ("tarjeta", "card"),
    ("rechaz", "declined"),
    ("duplicad", "twice"),
    ("carte", "card"),
    ("refus", "declined"),
    ("deux fois", "twice"),
    ("信用卡", "card"),
    ("银行卡", "card"),
    ("被拒", "declined"),
    ("拒绝", "declined"),
    ("两次", "twice"),
    ("重复", "twice"),
    // Disputes.
    ("ruckbuchung", "dispute chargeback"),
    ("disputa", "dispute chargeback"),
    ("contracargo", "dispute chargeback"),
    ("litige", "dispute chargeback"),
    ("争议", "dispute chargeback"),
    ("拒付", "dispute chargeback"),
];

/// Whether `keyword` occurs in the folded `text` (see [`KEYWORDS`]).
fn occurs(keyword: &str, text: &str) -> bool {
    let cjk = !keyword.is_ascii();
    if cjk || keyword.chars().count() >= 4 {
        return text.contains(keyword);
    }
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == keyword)
}

/// Weight of the terms a ticket's intent stands for: the customer's own
/// words (and their keywords' translations) say more about the topic.
const INTENT_WEIGHT: f32 = 0.5;

/// The weighted query terms of a ticket: its words, its keywords' and its
/// entities' English terms, and (weighing less) its intent's; stemmed like
/// the passages.
pub fn query(intent: Intent, entities: &Entities, text: &str) -> Vec<(String, f32)> {
    let folded = fold(text);
    let mut terms = words(text);
    for (keyword, english) in KEYWORDS {
        if occurs(keyword, &folded) {
            terms.extend(words(english));
        }
    }
    if !entities.last4.is_empty() {
        terms.extend(words("card"));
    }
    for id in &entities.stripe_ids {
        let about = match id.split('_').next() {
            Some("in") => "invoice",
            Some("sub") => "subscription",
            Some("dp" | "du") => "dispute",
            Some("re") => "refund",
            _ => continue,
        };
        terms.extend(words(about));
    }
    let mut weighted: Vec<(String, f32)> = terms.into_iter().map(|t| (t, 1.0)).collect();
    weighted.extend(
        words(intent_terms(intent))
            .into_iter()
            .map(|t| (t, INTENT_WEIGHT)),
    );
    weighted
}
