//! The Stripe objects of the generated world, shaped as Stripe sends them
//! (2024-06-20 and 2025-03-31.basil), and the sink that renders events.
//!
//! Each object is kept as the struct that serialises to its Stripe JSON, so a
//! state change is a field assignment and an event is one `serde` write.

use std::io::Write;

use serde::Serialize;

/// The API version of customers created before 2025-03-31.
pub const API24: &str = "2024-06-20";
/// The API version of customers created since.
pub const API25: &str = "2025-03-31.basil";
/// What the shop's statement descriptor says.
pub const DESCRIPTOR: &str = "KAFFEEKANTE";
const ACCOUNT: &str = "acct_1GenKaffeeKante";

/// Collects rendered events; they are written in `created` order at the end.
pub struct Sink {
    /// Events after this instant are past the export's end and left out.
    cutoff: i64,
    /// Events at or before the cutoff.
    kept: usize,
    bytes: Vec<u8>,
    /// (created, sequence, start, end) of each event in `bytes`.
    index: Vec<(i64, u32, usize, usize)>,
}

impl Sink {
    /// A sink for an export that ends at `cutoff`.
    pub fn new(cutoff: i64) -> Sink {
        Sink {
            cutoff,
            kept: 0,
            bytes: Vec::new(),
            index: Vec::new(),
        }
    }

    /// Renders one event around `object`.
    pub fn emit<T: Serialize>(&mut self, kind: &str, created: i64, api: &str, object: &T) {
        let seq = self.index.len() as u32;
        let start = self.bytes.len();
        self.bytes.extend_from_slice(b"{\"id\":\"evt_1Gk");
        push_base62(&mut self.bytes, mix(u64::from(seq)));
        self.bytes
            .extend_from_slice(b"\",\"object\":\"event\",\"api_version\":\"");
        self.bytes.extend_from_slice(api.as_bytes());
        self.bytes.extend_from_slice(b"\",\"created\":");
        self.bytes.extend_from_slice(created.to_string().as_bytes());
        self.bytes.extend_from_slice(b",\"data\":{\"object\":");
        // Writing plain structs into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.bytes, object);
        self.bytes.extend_from_slice(b"},\"livemode\":false,\"pending_webhooks\":0,\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"");
        self.bytes.extend_from_slice(kind.as_bytes());
        self.bytes.extend_from_slice(b"\"}\n");
        self.index.push((created, seq, start, self.bytes.len()));
        self.kept += usize::from(created <= self.cutoff);
    }

    /// Events so far (all of them, and those within the export).
    pub fn len(&self) -> (usize, usize) {
        (self.index.len(), self.kept)
    }

    /// Writes the first `limit` events of the export in time order, as JSON
    /// lines; returns how many and the last one's time.
    pub fn write_sorted(
        mut self,
        limit: usize,
        out: &mut impl Write,
    ) -> std::io::Result<(usize, i64)> {
        let cutoff = self.cutoff;
        self.index.retain(|e| e.0 <= cutoff);
        self.index.sort_unstable();
        self.index.truncate(limit);
        for &(_, _, start, end) in &self.index {
            out.write_all(&self.bytes[start..end])?;
        }
        Ok((self.index.len(), self.index.last().map_or(0, |e| e.0)))
    }
}

/// Scrambles a counter so ids look like Stripe's rather than a sequence.
pub fn mix(n: u64) -> u64 {
    let mut x = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn push_base62(out: &mut Vec<u8>, mut n: u64) {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for _ in 0..11 {
        out.push(DIGITS[(n % 62) as usize]);
        n /= 62;
    }
}

/// A Stripe-looking id: `{prefix}_1Gk` and eleven base-62 digits of the scrambled counter.
pub fn id(prefix: &str, n: u64) -> String {
    let mut out = Vec::with_capacity(prefix.len() + 15);
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(b"_1Gk");
    push_base62(&mut out, mix(n ^ 0x5A5A));
    String::from_utf8(out).unwrap_or_default()
}

/// The receipt link of a charge.
pub fn receipt_url(charge: &str) -> String {
    format!(
        "https://pay.stripe.com/receipts/payment/{ACCOUNT}/{charge}/rcpt_{}",
        &charge[3..]
    )
}

/// The hosted page of an invoice.
pub fn invoice_url(invoice: &str) -> String {
    format!(
        "https://invoice.stripe.com/i/{ACCOUNT}/live_{}",
        &invoice[3..]
    )
}

#[derive(Serialize)]
pub struct Customer {
    pub id: String,
    pub object: &'static str,
    pub email: Option<String>,
    pub name: String,
    pub created: i64,
    pub currency: &'static str,
    pub preferred_locales: [&'static str; 1],
    pub address: Address,
    pub delinquent: bool,
    pub livemode: bool,
    pub metadata: Empty,
}

#[derive(Serialize, Default)]
pub struct Empty {}

#[derive(Serialize, Clone)]
pub struct Address {
    pub country: &'static str,
    pub postal_code: Option<&'static str>,
}

#[derive(Serialize)]
pub struct PaymentMethod<'a> {
    pub id: String,
    pub object: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub customer: &'a str,
    pub created: i64,
    pub billing_details: BillingDetails,
    pub card: Card,
}

#[derive(Serialize, Clone)]
pub struct BillingDetails {
    pub address: Address,
    pub email: Option<String>,
    pub name: String,
    pub phone: Option<&'static str>,
}

#[derive(Serialize, Clone)]
pub struct Card {
    pub brand: &'static str,
    pub country: &'static str,
    pub exp_month: u8,
    pub exp_year: u16,
    pub funding: &'static str,
    pub last4: &'static str,
}

#[derive(Serialize, Default, Clone)]
pub struct OrderMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Outcome {
    pub network_status: &'static str,
    pub reason: Option<&'static str>,
    pub risk_level: &'static str,
    pub seller_message: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

impl Outcome {
    /// An approved or declined outcome.
    pub fn new(ok: bool) -> Outcome {
        if ok {
            Outcome {
                network_status: "approved_by_network",
                reason: None,
                risk_level: "normal",
                seller_message: "Payment complete.",
                kind: "authorized",
            }
        } else {
            Outcome {
                network_status: "declined_by_network",
                reason: Some("generic_decline"),
                risk_level: "normal",
                seller_message: "The bank did not return any further details with this decline.",
                kind: "issuer_declined",
            }
        }
    }
}

#[derive(Serialize, Clone)]
pub struct MethodDetails {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub card: Card,
}

#[derive(Serialize, Clone)]
pub struct Charge {
    pub id: String,
    pub object: &'static str,
    pub amount: i64,
    pub amount_captured: i64,
    pub amount_refunded: i64,
    pub balance_transaction: Option<String>,
    pub billing_details: BillingDetails,
    pub calculated_statement_descriptor: &'static str,
    pub captured: bool,
    pub created: i64,
    pub currency: &'static str,
    pub customer: Option<String>,
    pub description: Option<&'static str>,
    pub disputed: bool,
    pub failure_code: Option<&'static str>,
    pub failure_message: Option<&'static str>,
    /// 2024 shape only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice: Option<Option<String>>,
    pub livemode: bool,
    pub metadata: OrderMeta,
    pub outcome: Outcome,
    pub paid: bool,
    pub payment_intent: String,
    pub payment_method_details: MethodDetails,
    pub receipt_email: Option<String>,
    pub receipt_url: String,
    pub refunded: bool,
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct PaymentError<'a> {
    pub code: &'static str,
    pub decline_code: &'static str,
    pub message: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub charge: &'a str,
}

#[derive(Serialize)]
pub struct PaymentIntent<'a> {
    pub id: &'a str,
    pub object: &'static str,
    pub amount: i64,
    pub amount_received: i64,
    pub capture_method: &'static str,
    pub created: i64,
    pub currency: &'static str,
    pub customer: Option<&'a str>,
    pub description: Option<&'static str>,
    /// 2024 shape only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice: Option<Option<&'a str>>,
    pub latest_charge: Option<&'a str>,
    pub last_payment_error: Option<PaymentError<'a>>,
    pub livemode: bool,
    pub metadata: &'a OrderMeta,
    pub payment_method_types: [&'static str; 1],
    pub receipt_email: Option<&'a str>,
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct Refund<'a> {
    pub id: &'a str,
    pub object: &'static str,
    pub amount: i64,
    pub balance_transaction: String,
    pub charge: &'a str,
    pub created: i64,
    pub currency: &'static str,
    pub metadata: Empty,
    pub payment_intent: &'a str,
    pub reason: &'static str,
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct EvidenceDetails {
    pub due_by: i64,
    pub has_evidence: bool,
    pub past_due: bool,
    pub submission_count: u8,
}

#[derive(Serialize)]
pub struct Dispute<'a> {
    pub id: &'a str,
    pub object: &'static str,
    pub amount: i64,
    pub charge: &'a str,
    pub created: i64,
    pub currency: &'static str,
    pub evidence_details: EvidenceDetails,
    pub is_charge_refundable: bool,
    pub livemode: bool,
    pub metadata: Empty,
    pub payment_intent: &'a str,
    pub reason: &'static str,
    pub status: &'static str,
}
