//! Subscriptions: monthly renewals, failed renewals and retries,
//! cancellations (and the occasional renewal charged after one).

use super::billing::{Inv, InvoicePayment, PaymentRef, Sub};
use super::people::{DAY, END, Pay, Person, SubFact, column};
use super::shop::Gen;
use super::stripe::API24;

const PLANS: [(&str, &str, [i64; 4]); 2] = [
    (
        "abo",
        "Röster-Abo monatlich (2 × 250 g)",
        [2900, 3200, 2600, 4800],
    ),
    (
        "espabo",
        "Espresso-Abo monatlich (1 kg)",
        [1900, 2100, 1700, 3200],
    ),
];
const MONTH: i64 = 30 * DAY;

impl Gen {
    /// A subscription from `start`, renewed up to `cycles` times.
    pub fn subscribe(&mut self, p: &mut Person, start: i64, cycles: u32) {
        let Some(customer) = p.customer.clone() else {
            return;
        };
        let (plan, title, prices) = PLANS[self.rng.usize(0..PLANS.len())];
        let mut s = Sub {
            id: self.id("sub"),
            item: self.id("si"),
            customer,
            api: p.api,
            plan,
            title,
            amount: prices[column(p.currency)],
            currency: p.currency,
            created: start,
            start,
            end: start + MONTH,
            status: "active",
            cancel_at_period_end: false,
            cancel_at: None,
            canceled_at: None,
            ended_at: None,
            latest_invoice: None,
        };
        self.sink.emit(
            "customer.subscription.created",
            start,
            p.api,
            &s.json(Some("incomplete")),
        );
        let mut inv = self.invoice(p, &mut s, start, "subscription_create");
        self.invoice_paid(p, &s, &mut inv, start + 3);
        self.sink.emit(
            "customer.subscription.updated",
            start + 4,
            p.api,
            &s.json(None),
        );
        let mut fact = SubFact {
            created: start,
            canceled: None,
            charged_after_cancel: None,
            ended: None,
        };
        let cancel_in = (self.rng.u32(0..4) == 0).then(|| self.rng.u32(0..cycles.max(1)));
        let mistake = self.rng.u32(0..6) == 0;
        for k in 1..=cycles {
            let renew_at = start + i64::from(k) * MONTH;
            if renew_at >= END {
                break;
            }
            if cancel_in == Some(k - 1) {
                let asked = s.start + DAY * i64::from(self.rng.u32(1..25));
                s.canceled_at = Some(asked);
                fact.canceled = Some(asked);
                if mistake {
                    // Scheduled one period too late: the next renewal still charges.
                    s.cancel_at = Some(s.end + MONTH);
                    self.sink
                        .emit("customer.subscription.updated", asked, p.api, &s.json(None));
                    self.renew(p, &mut s, renew_at, false);
                    fact.charged_after_cancel = Some(renew_at + 3600);
                } else {
                    s.cancel_at_period_end = true;
                    s.cancel_at = Some(s.end);
                    self.sink
                        .emit("customer.subscription.updated", asked, p.api, &s.json(None));
                }
                self.end(p, &mut s, &mut fact);
                break;
            }
            let fails = self.rng.u32(0..100) < 7;
            if !self.renew(p, &mut s, renew_at, fails) {
                self.end(p, &mut s, &mut fact);
                break;
            }
        }
        p.subs.push(fact);
    }

    /// One renewal; a failed one is retried three days later. False when it stays unpaid.
    fn renew(&mut self, p: &mut Person, s: &mut Sub, at: i64, fails: bool) -> bool {
        s.start = at;
        s.end = at + MONTH;
        let mut inv = self.invoice(p, s, at, "subscription_cycle");
        self.sink.emit(
            "customer.subscription.updated",
            at + 2,
            p.api,
            &s.json(None),
        );
        if !fails {
            self.invoice_paid(p, s, &mut inv, at + 3600);
            return true;
        }
        let retry = at + 3600 + 3 * DAY;
        self.invoice_failed(p, s, &mut inv, at + 3600, retry);
        s.status = "past_due";
        self.sink.emit(
            "customer.subscription.updated",
            at + 3605,
            p.api,
            &s.json(None),
        );
        if retry >= END || self.rng.u32(0..10) < 3 {
            return retry >= END;
        }
        self.invoice_paid(p, s, &mut inv, retry);
        s.status = "active";
        self.sink.emit(
            "customer.subscription.updated",
            retry + 5,
            p.api,
            &s.json(None),
        );
        true
    }

    fn end(&mut self, p: &Person, s: &mut Sub, fact: &mut SubFact) {
        let at = s.end.min(END - 1);
        s.status = "canceled";
        s.ended_at = Some(at);
        s.canceled_at = s.canceled_at.or(Some(at));
        fact.ended = Some(at);
        self.sink
            .emit("customer.subscription.deleted", at, p.api, &s.json(None));
    }

    fn invoice(&mut self, p: &Person, s: &mut Sub, at: i64, reason: &'static str) -> Inv {
        let id = self.id("in");
        let inv = Inv {
            number: format!("KK-{}", &id[6..12]),
            id,
            reason,
            created: at,
            status: "open",
            attempts: 0,
            next_try: None,
            paid_at: None,
            charge: None,
            start: s.start,
            end: s.end,
        };
        s.latest_invoice = Some(inv.id.clone());
        let email = Some(p.email.as_str());
        self.sink.emit(
            "invoice.created",
            at,
            p.api,
            &inv.json(s, email, Some("draft")),
        );
        self.sink.emit(
            "invoice.finalized",
            at + 1,
            p.api,
            &inv.json(s, email, None),
        );
        inv
    }

    fn invoice_charge(
        &mut self,
        p: &mut Person,
        s: &Sub,
        inv: &Inv,
        at: i64,
        ok: bool,
    ) -> (String, String) {
        let pi = self.id("pi");
        let mut c = self.charge(p, s.amount, at, ok, &pi);
        c.description = Some(if inv.reason == "subscription_create" {
            "Subscription creation"
        } else {
            "Subscription update"
        });
        if s.api == API24 {
            c.invoice = Some(Some(inv.id.clone()));
        }
        let (charge_event, intent_event, intent_status) = if ok {
            ("charge.succeeded", "payment_intent.succeeded", "succeeded")
        } else {
            (
                "charge.failed",
                "payment_intent.payment_failed",
                "requires_payment_method",
            )
        };
        self.sink.emit(charge_event, at, p.api, &c);
        self.intent(intent_event, at, p, &c, intent_status);
        p.pays.push(Pay {
            charge: c.id.clone(),
            order: None,
            amount: s.amount,
            at,
            ok,
            refunded: None,
            disputed: None,
            duplicate: false,
        });
        (c.id, pi)
    }

    fn invoice_paid(&mut self, p: &mut Person, s: &Sub, inv: &mut Inv, at: i64) {
        let (charge, pi) = self.invoice_charge(p, s, inv, at, true);
        inv.status = "paid";
        inv.attempts += 1;
        inv.next_try = None;
        inv.paid_at = Some(at);
        inv.charge = Some((charge, pi));
        let email = Some(p.email.as_str());
        self.sink
            .emit("invoice.paid", at, p.api, &inv.json(s, email, None));
        self.sink.emit(
            "invoice.payment_succeeded",
            at,
            p.api,
            &inv.json(s, email, None),
        );
        if s.api != API24 {
            let pi = inv.charge.as_ref().map_or("", |c| c.1.as_str());
            let payment = InvoicePayment {
                id: format!("inpay_{}{}", &inv.id[3..], inv.attempts),
                object: "invoice_payment",
                amount_paid: s.amount,
                amount_requested: s.amount,
                created: at,
                currency: s.currency,
                invoice: &inv.id,
                is_default: true,
                livemode: false,
                payment: PaymentRef {
                    kind: "payment_intent",
                    payment_intent: pi,
                },
                status: "paid",
            };
            self.sink.emit("invoice_payment.paid", at, p.api, &payment);
        }
    }

    fn invoice_failed(&mut self, p: &mut Person, s: &Sub, inv: &mut Inv, at: i64, retry: i64) {
        let charge = self.invoice_charge(p, s, inv, at, false);
        inv.attempts += 1;
        inv.next_try = Some(retry);
        if s.api == API24 {
            inv.charge = Some(charge);
        }
        let email = Some(p.email.as_str());
        self.sink.emit(
            "invoice.payment_failed",
            at,
            p.api,
            &inv.json(s, email, None),
        );
    }
}
