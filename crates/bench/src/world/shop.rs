//! One-off checkouts: payment intents, charges, refunds, disputes, and the
//! Shopify order behind each.

use fastrand::Rng;
use serde::Serialize;

use super::locale::rfc3339;
use super::people::{DAY, END, PRODUCTS, Pay, Person, column, decimal};
use super::stripe::{
    self, API24, Charge, Dispute, Empty, EvidenceDetails, MethodDetails, OrderMeta, Outcome,
    PaymentError, PaymentIntent, Refund, Sink,
};

/// The generator's state: the random source, the events and orders so far.
pub struct Gen {
    pub rng: Rng,
    pub sink: Sink,
    /// (created, JSON line) of every Shopify order.
    pub orders: Vec<(i64, String)>,
    next_id: u64,
    next_order: u64,
}

impl Gen {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::with_seed(seed),
            sink: Sink::new(END),
            orders: Vec::new(),
            next_id: 0,
            next_order: 0,
        }
    }

    /// A fresh Stripe id with this prefix.
    pub fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        stripe::id(prefix, self.next_id)
    }

    /// A new charge of `amount` for this person (not yet emitted).
    pub fn charge(&mut self, p: &Person, amount: i64, at: i64, ok: bool, pi: &str) -> Charge {
        let id = self.id("ch");
        Charge {
            balance_transaction: ok.then(|| format!("txn_{}", &id[3..])),
            receipt_url: stripe::receipt_url(&id),
            id,
            object: "charge",
            amount,
            amount_captured: if ok { amount } else { 0 },
            amount_refunded: 0,
            billing_details: p.billing(),
            calculated_statement_descriptor: stripe::DESCRIPTOR,
            captured: ok,
            created: at,
            currency: p.currency,
            customer: p.customer.clone(),
            description: None,
            disputed: false,
            failure_code: (!ok).then_some("card_declined"),
            failure_message: (!ok).then_some("Your card was declined."),
            invoice: (p.api == API24).then_some(None),
            livemode: false,
            metadata: OrderMeta::default(),
            outcome: Outcome::new(ok),
            paid: ok,
            payment_intent: pi.to_string(),
            payment_method_details: MethodDetails {
                kind: "card",
                card: p.card(),
            },
            receipt_email: p.customer.is_none().then(|| p.email.clone()),
            refunded: false,
            status: if ok { "succeeded" } else { "failed" },
        }
    }

    /// Emits a payment intent event for `charge` in `status`.
    pub fn intent(&mut self, kind: &str, at: i64, p: &Person, c: &Charge, status: &'static str) {
        let failed = status == "requires_payment_method" && kind.ends_with("failed");
        let created = status == "requires_payment_method" && !failed;
        let pi = PaymentIntent {
            id: &c.payment_intent,
            object: "payment_intent",
            amount: c.amount,
            amount_received: if status == "succeeded" { c.amount } else { 0 },
            capture_method: "automatic",
            created: c.created - 40,
            currency: c.currency,
            customer: p.customer.as_deref(),
            description: c.description,
            invoice: (p.api == API24).then(|| c.invoice.as_ref().and_then(|i| i.as_deref())),
            latest_charge: (!created).then_some(c.id.as_str()),
            last_payment_error: failed.then(|| PaymentError {
                code: "card_declined",
                decline_code: "generic_decline",
                message: "Your card was declined.",
                kind: "card_error",
                charge: &c.id,
            }),
            livemode: false,
            metadata: &c.metadata,
            payment_method_types: ["card"],
            receipt_email: c.receipt_email.as_deref(),
            status,
        };
        self.sink.emit(kind, at, p.api, &pi);
    }

    /// A checkout at `at`: order, payment, and what followed (refund, dispute, a duplicate).
    pub fn checkout(&mut self, p: &mut Person, at: i64) {
        let items = self.items(p.currency);
        let amount: i64 = items.iter().map(|i| i.2 * i64::from(i.1)).sum();
        self.next_order += 1;
        let order = format!("#{}", 100_000 + self.next_order);
        let draw = self.rng.u32(0..1000);
        if draw < 60 {
            // Declined; most customers try again ten minutes later.
            self.pay(p, amount, &order, at, false);
            if draw < 35 {
                return;
            }
        }
        let at = if draw < 60 { at + 600 } else { at };
        let mut charge = self.pay(p, amount, &order, at, true);
        let mut refunded = None;
        let mut disputed = None;
        if (60..85).contains(&draw) {
            let later = at + i64::from(self.rng.u32(60..900));
            self.pay(p, amount, &order, later, true);
            if let Some(x) = p.pays.last_mut() {
                x.duplicate = true;
            }
        } else if (100..180).contains(&draw) {
            let when = at + DAY * i64::from(self.rng.u32(1..20));
            let part = if draw < 160 { amount } else { amount / 2 };
            self.refund(p, &mut charge, part, when);
            refunded = Some(when);
        } else if (180..195).contains(&draw) {
            let when = at + DAY * i64::from(self.rng.u32(5..40)) + 3600;
            self.dispute(p, &mut charge, when);
            disputed = Some(when);
        }
        if let Some(pay) = p.pays.iter_mut().rev().find(|x| x.charge == charge.id) {
            pay.refunded = refunded;
            pay.disputed = disputed;
        }
        let status = match refunded {
            Some(_) if charge.refunded => "refunded",
            Some(_) => "partially_refunded",
            None => "paid",
        };
        self.order(p, &order, at, &items, amount, status);
    }

    fn items(&mut self, currency: &str) -> Vec<(&'static str, u32, i64, &'static str)> {
        let col = column(currency);
        let n = 1 + usize::from(self.rng.u32(0..4) == 0) + usize::from(self.rng.u32(0..8) == 0);
        (0..n)
            .map(|_| {
                // Machines and grinders are rare.
                let k = if self.rng.u32(0..25) == 0 {
                    6 + self.rng.usize(0..2)
                } else {
                    self.rng.usize(0..6)
                };
                let (title, sku, prices) = PRODUCTS[k];
                (
                    title,
                    1 + u32::from(self.rng.u32(0..5) == 0),
                    prices[col],
                    sku,
                )
            })
            .collect()
    }

    /// One payment attempt for an order: intent created, charge, intent outcome.
    fn pay(&mut self, p: &mut Person, amount: i64, order: &str, at: i64, ok: bool) -> Charge {
        let pi = self.id("pi");
        let mut c = self.charge(p, amount, at, ok, &pi);
        c.metadata.order_id = Some(order.to_string());
        self.intent(
            "payment_intent.created",
            at - 40,
            p,
            &c,
            "requires_payment_method",
        );
        if ok {
            self.sink.emit("charge.succeeded", at, p.api, &c);
            self.intent("payment_intent.succeeded", at, p, &c, "succeeded");
        } else {
            self.sink.emit("charge.failed", at, p.api, &c);
            self.intent(
                "payment_intent.payment_failed",
                at,
                p,
                &c,
                "requires_payment_method",
            );
        }
        p.pays.push(Pay {
            charge: c.id.clone(),
            order: Some(order.to_string()),
            amount,
            at,
            ok,
            refunded: None,
            disputed: None,
            duplicate: false,
        });
        c
    }

    fn refund(&mut self, p: &Person, c: &mut Charge, amount: i64, at: i64) {
        let id = self.id("re");
        let pending = self.rng.u32(0..3) == 0;
        let mut refund = Refund {
            id: &id,
            object: "refund",
            amount,
            balance_transaction: format!("txn_{}", &id[3..]),
            charge: &c.id,
            created: at,
            currency: c.currency,
            metadata: Empty {},
            payment_intent: &c.payment_intent,
            reason: "requested_by_customer",
            status: if pending { "pending" } else { "succeeded" },
        };
        self.sink.emit("refund.created", at, p.api, &refund);
        if pending {
            refund.status = "succeeded";
            let settled = at + DAY * i64::from(self.rng.u32(2..6));
            self.sink.emit("refund.updated", settled, p.api, &refund);
        }
        c.amount_refunded += amount;
        c.refunded = c.amount_refunded >= c.amount;
        self.sink.emit("charge.refunded", at, p.api, c);
    }

    fn dispute(&mut self, p: &Person, c: &mut Charge, at: i64) {
        let id = self.id("dp");
        let reasons = [
            "product_not_received",
            "fraudulent",
            "product_unacceptable",
            "duplicate",
        ];
        let mut d = Dispute {
            id: &id,
            object: "dispute",
            amount: c.amount,
            charge: &c.id,
            created: at,
            currency: c.currency,
            evidence_details: EvidenceDetails {
                due_by: at - at % DAY + 10 * DAY + DAY - 60,
                has_evidence: false,
                past_due: false,
                submission_count: 0,
            },
            is_charge_refundable: false,
            livemode: false,
            metadata: Empty {},
            payment_intent: &c.payment_intent,
            reason: reasons[self.rng.usize(0..reasons.len())],
            status: "needs_response",
        };
        c.disputed = true;
        self.sink.emit("charge.dispute.created", at, p.api, &d);
        self.sink
            .emit("charge.dispute.funds_withdrawn", at + 2, p.api, &d);
        let closed = at + 40 * DAY;
        if closed < END && self.rng.bool() {
            d.status = if self.rng.bool() { "won" } else { "lost" };
            self.sink.emit("charge.dispute.closed", closed, p.api, &d);
        }
    }

    fn order(
        &mut self,
        p: &Person,
        name: &str,
        at: i64,
        items: &[(&'static str, u32, i64, &'static str)],
        total: i64,
        status: &'static str,
    ) {
        let number: u64 = name[1..].parse().unwrap_or_default();
        let (first, last) = p.name.split_once(' ').unwrap_or((&p.name, ""));
        let order = ShopOrder {
            id: 5_600_000_000 + number,
            name,
            order_number: number,
            email: &p.email,
            created_at: rfc3339(at - 60),
            processed_at: rfc3339(at),
            currency: p.currency.to_uppercase(),
            total_price: decimal(total, p.currency),
            subtotal_price: decimal(total, p.currency),
            financial_status: status,
            fulfillment_status: (at + 3 * DAY < END).then_some("fulfilled"),
            gateway: "stripe",
            customer: ShopCustomer {
                email: &p.email,
                first_name: first,
                last_name: last,
            },
            line_items: items
                .iter()
                .map(|&(title, quantity, price, sku)| LineItem {
                    title,
                    quantity,
                    price: decimal(price, p.currency),
                    sku,
                })
                .collect(),
        };
        let line = serde_json::to_string(&order).unwrap_or_default();
        self.orders.push((at, line));
    }
}

#[derive(Serialize)]
struct ShopOrder<'a> {
    id: u64,
    name: &'a str,
    order_number: u64,
    email: &'a str,
    created_at: String,
    processed_at: String,
    currency: String,
    total_price: String,
    subtotal_price: String,
    financial_status: &'static str,
    fulfillment_status: Option<&'static str>,
    gateway: &'static str,
    customer: ShopCustomer<'a>,
    line_items: Vec<LineItem>,
}

#[derive(Serialize)]
struct ShopCustomer<'a> {
    email: &'a str,
    first_name: &'a str,
    last_name: &'a str,
}

#[derive(Serialize)]
struct LineItem {
    title: &'static str,
    quantity: u32,
    price: String,
    sku: &'static str,
}
