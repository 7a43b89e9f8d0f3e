#!/usr/bin/env python3
"""Writes events.jsonl: the sample merchant's Stripe event stream (our own data).

A small coffee-roaster shop with customers in five languages, in both the 2024
and the 2025+ API shapes, with out-of-order and same-second cases. Run it
again after editing; `paydesk demo` embeds the result.
"""
import json

T = 1772438400  # 2026-03-02T08:00:00Z
events = []


def ev(eid, etype, created, obj, api="2024-06-20"):
    events.append({"id": eid, "object": "event", "api_version": api, "created": created,
                   "type": etype, "livemode": False, "pending_webhooks": 1,
                   "request": {"id": None, "idempotency_key": None}, "data": {"object": obj}})


def customer(cid, email, name, created, locale):
    return {"id": cid, "object": "customer", "email": email, "name": name, "created": created,
            "preferred_locales": [locale], "metadata": {}}


def charge(cid, cus, amount, cur, created, order, last4, email, status="succeeded", refunded=0,
           disputed=False, invoice=None, pi=None, failure=None):
    return {"id": cid, "object": "charge", "amount": amount, "amount_captured": amount if status == "succeeded" else 0,
            "amount_refunded": refunded, "currency": cur, "customer": cus, "created": created,
            "status": status, "paid": status == "succeeded", "captured": status == "succeeded",
            "refunded": refunded == amount, "disputed": disputed, "invoice": invoice,
            "payment_intent": pi or "pi_" + cid[3:], "calculated_statement_descriptor": "ROESTEREI BERG",
            "billing_details": {"email": email, "name": None},
            "failure_code": failure, "failure_message": "Your card was declined." if failure else None,
            "outcome": {"reason": "insufficient_funds" if failure else None, "type": "issuer_declined" if failure else "authorized"},
            "metadata": {"order_id": order} if order else {},
            "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": last4}},
            "receipt_url": f"https://pay.stripe.com/receipts/acct_demo/{cid}/rcpt_demo",
            "refunds": {"object": "list", "data": [], "has_more": False, "total_count": 0}}


def refund(rid, ch, amount, cur, created, status):
    return {"id": rid, "object": "refund", "amount": amount, "charge": ch, "currency": cur,
            "created": created, "payment_intent": "pi_" + ch[3:], "reason": "requested_by_customer",
            "status": status, "metadata": {}}


def dispute(did, ch, amount, cur, created, status, reason="fraudulent"):
    return {"id": did, "object": "dispute", "amount": amount, "charge": ch, "currency": cur,
            "created": created, "payment_intent": "pi_" + ch[3:], "reason": reason, "status": status,
            "evidence_details": {"due_by": created + 9 * 86400, "has_evidence": False, "past_due": False,
                                 "submission_count": 0}, "is_charge_refundable": False, "metadata": {}}


# Anna (de): an order, refunded; the refund's pending and succeeded states share a second
# and arrive succeeded-first.
ev("evt_demo_001", "customer.created", T, customer("cus_demo_anna", "anna.weber@example.de", "Anna Weber", T, "de"))
ev("evt_demo_002", "charge.succeeded", T + 60, charge("ch_demo_anna1", "cus_demo_anna", 4990, "eur", T + 60, "#1001", "4242", "anna.weber@example.de"))
ev("evt_demo_004", "refund.updated", T + 86400, refund("re_demo_anna1", "ch_demo_anna1", 4990, "eur", T + 86400, "succeeded"))
ev("evt_demo_003", "refund.created", T + 86400, refund("re_demo_anna1", "ch_demo_anna1", 4990, "eur", T + 86400, "pending"))
ev("evt_demo_005", "charge.refunded", T + 86400, charge("ch_demo_anna1", "cus_demo_anna", 4990, "eur", T + 60, "#1001", "4242", "anna.weber@example.de", refunded=4990))

# Carlos (es): charged twice for one order within minutes.
ev("evt_demo_010", "customer.created", T + 100, customer("cus_demo_carlos", "carlos.ruiz@example.es", "Carlos Ruiz", T + 100, "es"))
ev("evt_demo_011", "charge.succeeded", T + 200, charge("ch_demo_carlos1", "cus_demo_carlos", 3590, "eur", T + 200, "#1002", "5556", "carlos.ruiz@example.es"))
ev("evt_demo_012", "charge.succeeded", T + 320, charge("ch_demo_carlos2", "cus_demo_carlos", 3590, "eur", T + 320, "#1002", "5556", "carlos.ruiz@example.es"))

# Wei (zh): a dispute, needs_response -> under_review -> won, the last two in one second, delivered reversed.
ev("evt_demo_020", "customer.created", T + 300, customer("cus_demo_wei", "wei.zhang@example.cn", "张伟", T + 300, "zh"))
ev("evt_demo_021", "charge.succeeded", T + 400, charge("ch_demo_wei1", "cus_demo_wei", 12900, "usd", T + 400, "#1003", "0005", "wei.zhang@example.cn"))
ev("evt_demo_022", "charge.dispute.created", T + 5 * 86400, dispute("dp_demo_wei1", "ch_demo_wei1", 12900, "usd", T + 5 * 86400, "needs_response"))
ev("evt_demo_024", "charge.dispute.closed", T + 9 * 86400, dispute("dp_demo_wei1", "ch_demo_wei1", 12900, "usd", T + 5 * 86400, "won"))
ev("evt_demo_023", "charge.dispute.updated", T + 9 * 86400, dispute("dp_demo_wei1", "ch_demo_wei1", 12900, "usd", T + 5 * 86400, "under_review"))

# Léa (fr): a subscription in the 2025+ shapes (invoice.parent, invoice_payment.paid), then canceled.
A = "2025-03-31.basil"
ev("evt_demo_030", "customer.created", T + 500, customer("cus_demo_lea", "lea.martin@example.fr", "Léa Martin", T + 500, "fr"), A)
sub = {"id": "sub_demo_lea", "object": "subscription", "customer": "cus_demo_lea", "status": "active",
       "cancel_at_period_end": False, "cancel_at": None, "canceled_at": None, "created": T + 600,
       "items": {"object": "list", "data": [{"id": "si_demo_lea", "object": "subscription_item",
                 "current_period_start": T + 600, "current_period_end": T + 600 + 30 * 86400}]},
       "latest_invoice": "in_demo_lea1"}
ev("evt_demo_031", "customer.subscription.created", T + 600, sub, A)
inv = {"id": "in_demo_lea1", "object": "invoice", "customer": "cus_demo_lea", "status": "paid",
       "amount_due": 1900, "amount_paid": 1900, "currency": "eur", "attempt_count": 1, "created": T + 600,
       "next_payment_attempt": None, "number": "DEMO-0001", "billing_reason": "subscription_create",
       "hosted_invoice_url": "https://invoice.stripe.com/i/acct_demo/in_demo_lea1",
       "parent": {"type": "subscription_details", "subscription_details": {"subscription": "sub_demo_lea"}}}
ev("evt_demo_032", "invoice.paid", T + 600, inv, A)
ev("evt_demo_033", "charge.succeeded", T + 600, charge("ch_demo_lea1", "cus_demo_lea", 1900, "eur", T + 600, None, "1881", "lea.martin@example.fr", pi="pi_demo_lea1"), A)
ev("evt_demo_034", "invoice_payment.paid", T + 600, {"id": "inpay_demo_lea1", "object": "invoice_payment",
   "invoice": "in_demo_lea1", "amount_paid": 1900, "currency": "eur", "status": "paid", "created": T + 600,
   "payment": {"type": "payment_intent", "payment_intent": "pi_demo_lea1"}}, A)
ev("evt_demo_035", "customer.subscription.updated", T + 10 * 86400, dict(sub, cancel_at_period_end=True, canceled_at=T + 10 * 86400), A)
ev("evt_demo_036", "customer.subscription.deleted", T + 30 * 86400 + 600, dict(sub, status="canceled", cancel_at_period_end=True, canceled_at=T + 10 * 86400), A)

# John (en): a subscription in the 2024 shapes whose renewal fails.
ev("evt_demo_040", "customer.created", T + 700, customer("cus_demo_john", "john.miller@example.com", "John Miller", T + 700, "en"))
ev("evt_demo_041", "customer.subscription.created", T + 800, {"id": "sub_demo_john", "object": "subscription",
   "customer": "cus_demo_john", "status": "active", "cancel_at_period_end": False, "canceled_at": None,
   "created": T + 800, "current_period_end": T + 800 + 30 * 86400})
for n, (status, attempt, next_try) in enumerate([("open", 1, T + 34 * 86400), ("open", 2, T + 37 * 86400)]):
    created = T + 31 * 86400 + n * 3 * 86400
    ev(f"evt_demo_04{2 + n}", "charge.failed", created, charge(f"ch_demo_john{n + 1}", "cus_demo_john", 2900, "usd", created, None, "0341", "john.miller@example.com", status="failed", invoice="in_demo_john2", failure="card_declined"))
    ev(f"evt_demo_04{5 + n}", "invoice.payment_failed", created, {"id": "in_demo_john2", "object": "invoice",
       "customer": "cus_demo_john", "subscription": "sub_demo_john", "status": status, "amount_due": 2900,
       "amount_paid": 0, "currency": "usd", "attempt_count": attempt, "next_payment_attempt": next_try,
       "charge": f"ch_demo_john{n + 1}", "created": T + 31 * 86400, "billing_reason": "subscription_cycle",
       "hosted_invoice_url": "https://invoice.stripe.com/i/acct_demo/in_demo_john2"})

# A guest checkout: no Stripe customer, only a billing email.
ev("evt_demo_050", "charge.succeeded", T + 900, charge("ch_demo_guest1", None, 2450, "gbp", T + 900, "#1004", "4444", "Sam.Taylor@example.co.uk"))

# Something paydesk does not mirror: stored in the log all the same.
ev("evt_demo_060", "product.created", T + 50, {"id": "prod_demo_beans", "object": "product", "name": "Espresso beans 1 kg"})

with open(__file__.replace("make_events.py", "events.jsonl"), "w", encoding="utf-8") as f:
    for e in events:
        f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"{len(events)} events")
