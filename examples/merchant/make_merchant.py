#!/usr/bin/env python3
"""Writes the sample merchant "Rösterei Berg" next to itself (our own data).

A coffee roaster selling beans, grinders, a machine and two subscriptions to
customers writing in English, German, Spanish, French and Chinese, paying in
EUR, USD, GBP and (one customer) JPY. Outputs:

  events.jsonl    Stripe Event objects, API versions 2024-06-20 and 2025-03-31.basil
  tickets.jsonl   past support tickets (the simulate input contract)
  orders.jsonl    Shopify Admin API order objects
  expected.jsonl  what paydesk should decide for each ticket (decision contract fields)
  policy.toml     the default policy, every key, with comments
  kb/*.md         the shop's knowledge base

Stdlib only and deterministic: running it twice writes the same bytes. Every
ticket is built together with the payment state it is decided against and the
decision we expect, so each scenario reads top to bottom in one place.
"""
import calendar
import copy
import json
import os
import sys
import time
from collections import defaultdict
from types import SimpleNamespace as NS

HERE = os.path.dirname(os.path.abspath(__file__))
D, H, MIN = 86400, 3600, 60
API24 = "2024-06-20"
API25 = "2025-03-31.basil"
DESCRIPTOR = "ROESTEREI BERG"
ACCOUNT = "acct_1RoesterBerg0"


def utc(y, mo, d, h=0, mi=0):
    return calendar.timegm((y, mo, d, h, mi, 0))


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


# --------------------------------------------------------------------------
# Catalogue: (title, {currency: unit price in minor units})
# --------------------------------------------------------------------------
P = {
    "espresso": ("Espresso Classico – 1 kg", {"eur": 2490, "usd": 2790, "gbp": 2190, "jpy": 4900}),
    "filter": ("Hausröstung Filter – 500 g", {"eur": 1290, "usd": 1450, "gbp": 1150}),
    "yirga": ("Äthiopien Yirgacheffe – 250 g", {"eur": 1150, "usd": 1290, "gbp": 1020}),
    "tasting": ("Probierset 4 × 250 g", {"eur": 3490, "usd": 3890, "gbp": 2990}),
    "decaf": ("Entkoffeiniert Schweizer Wasser – 500 g", {"eur": 1590, "usd": 1790, "gbp": 1390}),
    "grinder": ("Handmühle Berg H1", {"eur": 8900, "usd": 9900, "gbp": 7900}),
    "machine": ("Espressomaschine Berg Duo", {"eur": 64900, "usd": 69900, "gbp": 57900}),
}
PLANS = {
    "abo": ("Röster-Abo monatlich (2 × 250 g)", {"eur": 2900, "usd": 3200, "gbp": 2600}),
    "espabo": ("Espresso-Abo monatlich (1 kg)", {"eur": 1900, "usd": 2100, "gbp": 1700}),
}
CARDS = ["4242", "1881", "5556", "0005", "3220", "8431", "9424", "6011", "2718", "7071", "4444", "1117"]
BRANDS = {"4242": "visa", "1881": "visa", "5556": "mastercard", "0005": "amex", "3220": "visa", "8431": "mastercard",
          "9424": "visa", "6011": "discover", "2718": "visa", "7071": "mastercard", "4444": "mastercard", "1117": "discover"}


# --------------------------------------------------------------------------
# The Stripe world: objects with their state, and every event that showed it
# --------------------------------------------------------------------------
class World:
    def __init__(self, order_map):
        self.events = []          # (created, seq, type, object, api)
        self.counter = defaultdict(int)
        self.order_map = order_map  # placeholder index -> "#10NN" (second pass)
        self.order_log = []       # (placeholder index, created)
        self.orders = {}          # name -> order record
        self.charges = []

    def new_id(self, prefix):
        self.counter[prefix] += 1
        return f"{prefix}_rb{self.counter[prefix]:04d}"

    def emit(self, etype, created, obj, api):
        self.events.append((created, len(self.events), etype, copy.deepcopy(obj), api))

    # -- customers ---------------------------------------------------------
    def customer(self, name, email, created, locale, api, cur, country):
        c = NS(id=self.new_id("cus"), name=name, email=email, created=created, locale=locale, api=api,
               cur=cur, country=country, card=CARDS[self.counter["cus"] % len(CARDS)])
        self.emit("customer.created", created, self.customer_obj(c), api)
        pm = {"id": "pm_" + c.id[4:], "object": "payment_method", "type": "card", "customer": c.id,
              "created": created + 30, "billing_details": {"email": email, "name": name},
              "card": {"brand": BRANDS[c.card], "last4": c.card, "exp_month": 8, "exp_year": 2028, "country": country}}
        self.emit("payment_method.attached", created + 30, pm, api)
        return c

    def customer_obj(self, c):
        return {"id": c.id, "object": "customer", "email": c.email, "name": c.name, "created": c.created,
                "currency": c.cur, "preferred_locales": [c.locale], "address": {"country": c.country},
                "invoice_settings": {"default_payment_method": "pm_" + c.id[4:]},
                "delinquent": False, "livemode": False, "metadata": {}}

    # -- orders ------------------------------------------------------------
    def new_order(self, created):
        idx = len(self.order_log)
        self.order_log.append((idx, created))
        return self.order_map[idx] if self.order_map else f"#P{idx}"

    # -- one-off payments ---------------------------------------------------
    def pay(self, cus, items, at, *, cur=None, api=None, guest=None, order=None, last4=None, status="succeeded",
            receipt_only=False, billing_email=None, shipping=0, fulfilled=True):
        """A checkout payment. items: [(product key, qty)]. order: None = new order, or an existing order name."""
        cur = cur or cus.cur
        api = api or (cus.api if cus else API24)
        lines = [(P[k][0], q, P[k][1][cur]) for k, q in items]
        amount = sum(q * u for _, q, u in lines) + shipping
        if order is None:
            order = self.new_order(at)
            email = guest.email if guest else (billing_email or cus.email)
            self.orders[order] = {"name": order, "email": email, "created": at, "currency": cur, "lines": lines,
                                  "shipping": shipping, "total": amount, "charges": [], "fulfilled": fulfilled}
        n = self.counter["ch"] + 1
        ch = NS(id=f"ch_rb{n:04d}", pi=f"pi_rb{n:04d}", amount=amount, cur=cur, created=at, order=order,
                cus=cus, api=api, guest=guest, last4=last4 or (cus.card if cus else "4444"), status=status,
                refunded=0, refunds=[], disputed=False, invoice=None, description=None,
                email=(guest.email if guest else (billing_email or cus.email)), receipt_only=receipt_only,
                name=(guest.name if guest else cus.name), country=(guest.country if guest else cus.country))
        self.counter["ch"] = n
        self.orders[order]["charges"].append(ch)
        self.charges.append(ch)
        self.emit("payment_intent.created", at - 40, self.intent_obj(ch, "created"), api)
        if status == "succeeded":
            self.emit("charge.succeeded", at, self.charge_obj(ch), api)
            self.emit("payment_intent.succeeded", at, self.intent_obj(ch, "succeeded"), api)
        else:
            self.emit("charge.failed", at, self.charge_obj(ch), api)
            self.emit("payment_intent.payment_failed", at, self.intent_obj(ch, "failed"), api)
        return ch

    def charge_obj(self, ch):
        ok = ch.status == "succeeded"
        failed = ch.status == "failed"
        o = {"id": ch.id, "object": "charge", "amount": ch.amount, "amount_captured": ch.amount if ok else 0,
             "amount_refunded": ch.refunded, "application_fee_amount": None,
             "balance_transaction": ("txn_" + ch.id[3:]) if ok else None,
             "billing_details": {"address": {"country": ch.country, "postal_code": None},
                                 "email": None if ch.receipt_only else ch.email, "name": ch.name, "phone": None},
             "calculated_statement_descriptor": DESCRIPTOR, "captured": ok, "created": ch.created,
             "currency": ch.cur, "customer": ch.cus.id if ch.cus else None, "description": ch.description,
             "disputed": ch.disputed, "failure_code": "card_declined" if failed else None,
             "failure_message": "Your card was declined." if failed else None, "livemode": False,
             "metadata": {"order_id": ch.order} if ch.order else {},
             "outcome": {"network_status": "declined_by_network" if failed else "approved_by_network",
                         "reason": "generic_decline" if failed else None, "risk_level": "normal",
                         "seller_message": "The bank did not return any further details with this decline." if failed
                         else "Payment complete.", "type": "issuer_declined" if failed else "authorized"},
             "paid": ok, "payment_intent": ch.pi, "payment_method": "pm_" + ch.id[3:],
             "payment_method_details": {"type": "card", "card": {
                 "brand": BRANDS.get(ch.last4, "visa"), "country": ch.country, "exp_month": 8, "exp_year": 2028,
                 "funding": "credit", "last4": ch.last4, "network": BRANDS.get(ch.last4, "visa")}},
             "receipt_email": ch.email if ch.receipt_only else None, "receipt_number": None,
             "receipt_url": f"https://pay.stripe.com/receipts/payment/{ACCOUNT}/{ch.id}/rcpt_{ch.id[3:]}",
             "refunded": ch.refunded == ch.amount and ch.amount > 0, "statement_descriptor": None,
             "statement_descriptor_suffix": None, "status": ch.status}
        if ch.api == API24:
            o["invoice"] = ch.invoice
        return o

    def intent_obj(self, ch, phase):
        """phase: created (awaiting the card), succeeded, or failed (declined, back to awaiting a card)."""
        o = {"id": ch.pi, "object": "payment_intent", "amount": ch.amount,
             "amount_received": ch.amount if phase == "succeeded" else 0, "capture_method": "automatic",
             "created": ch.created - 40, "currency": ch.cur, "customer": ch.cus.id if ch.cus else None,
             "description": ch.description, "latest_charge": None if phase == "created" else ch.id,
             "last_payment_error": None, "livemode": False,
             "metadata": {"order_id": ch.order} if ch.order else {}, "payment_method_types": ["card"],
             "receipt_email": ch.email if (ch.guest or ch.receipt_only) else None,
             "status": "succeeded" if phase == "succeeded" else "requires_payment_method"}
        if phase == "failed":
            o["last_payment_error"] = {"code": "card_declined", "decline_code": "generic_decline",
                                       "message": "Your card was declined.", "type": "card_error",
                                       "charge": ch.id}
        if ch.api == API24:
            o["invoice"] = ch.invoice
        return o

    def refund(self, ch, amount, at, *, status="succeeded", settle=None, reason="requested_by_customer",
               reversed_delivery=False):
        r = NS(id=self.new_id("re"), ch=ch, amount=amount, created=at, status=status, reason=reason)
        ch.refunded += amount
        ch.refunds.append(r)
        if reversed_delivery and settle == at:
            # Stripe delivered these two out of order; the same second, pending then succeeded.
            r.status = "succeeded"
            self.emit("refund.updated", at, self.refund_obj(r), ch.api)
            r.status = "pending"
            self.emit("refund.created", at, self.refund_obj(r), ch.api)
            r.status = "succeeded"
            self.emit("charge.refunded", at, self.charge_obj(ch), ch.api)
            return r
        self.emit("refund.created", at, self.refund_obj(r), ch.api)
        self.emit("charge.refunded", at, self.charge_obj(ch), ch.api)
        if settle is not None:
            r.status = "succeeded"
            self.emit("refund.updated", settle, self.refund_obj(r), ch.api)
        return r

    def refund_obj(self, r):
        return {"id": r.id, "object": "refund", "amount": r.amount, "balance_transaction": "txn_" + r.id[3:],
                "charge": r.ch.id, "created": r.created, "currency": r.ch.cur, "metadata": {},
                "payment_intent": r.ch.pi, "reason": r.reason, "receipt_number": None, "status": r.status,
                "destination_details": {"type": "card", "card": {"type": "refund", "reference_status": "pending"}}}

    def dispute(self, ch, at, reason="product_not_received"):
        dp = NS(id=self.new_id("dp"), ch=ch, created=at, status="needs_response", reason=reason)
        ch.disputed = True
        self.emit("charge.dispute.created", at, self.dispute_obj(dp), ch.api)
        self.emit("charge.dispute.funds_withdrawn", at + 2, self.dispute_obj(dp), ch.api)
        return dp

    def dispute_obj(self, dp):
        return {"id": dp.id, "object": "dispute", "amount": dp.ch.amount, "balance_transactions": [],
                "charge": dp.ch.id, "created": dp.created, "currency": dp.ch.cur,
                "evidence": {"customer_email_address": dp.ch.email, "product_description": None},
                "evidence_details": {"due_by": dp.created + 10 * D - dp.created % D + 23 * H + 59 * MIN,
                                     "has_evidence": False, "past_due": False, "submission_count": 0},
                "is_charge_refundable": False, "livemode": False, "metadata": {}, "payment_intent": dp.ch.pi,
                "reason": dp.reason, "status": dp.status}

    # -- subscriptions -------------------------------------------------------
    def subscribe(self, cus, plan, start, *, paid_periods=1):
        title, prices = PLANS[plan]
        s = NS(id=self.new_id("sub"), cus=cus, api=cus.api, plan=plan, title=title, amount=prices[cus.cur],
               cur=cus.cur, created=start, start=start, end=start + 30 * D, status="active",
               cancel_at_period_end=False, cancel_at=None, canceled_at=None, ended_at=None, latest=None,
               si="si_" + self.new_id("x")[2:])
        self.emit("customer.subscription.created", start, self.sub_obj(s, "incomplete"), s.api)
        inv = self.invoice(s, start, "subscription_create")
        self.invoice_paid(s, inv, start + 3)
        self.emit("customer.subscription.updated", start + 4, self.sub_obj(s), s.api)
        for k in range(1, paid_periods):
            self.renew(s, start + k * 30 * D)
        return s

    def sub_obj(self, s, status=None):
        o = {"id": s.id, "object": "subscription", "customer": s.cus.id, "status": status or s.status,
             "cancel_at_period_end": s.cancel_at_period_end, "cancel_at": s.cancel_at, "canceled_at": s.canceled_at,
             "ended_at": s.ended_at, "created": s.created, "start_date": s.created, "collection_method":
             "charge_automatically", "currency": s.cur, "latest_invoice": s.latest, "livemode": False,
             "metadata": {}, "default_payment_method": "pm_" + s.cus.id[4:],
             "cancellation_details": {"comment": None, "feedback": None,
                                      "reason": "cancellation_requested" if s.canceled_at else None}}
        item = {"id": s.si, "object": "subscription_item", "quantity": 1, "subscription": s.id,
                "price": {"id": f"price_rb_{s.plan}_{s.cur}", "object": "price", "currency": s.cur,
                          "unit_amount": s.amount, "product": f"prod_rb_{s.plan}",
                          "recurring": {"interval": "month", "interval_count": 1}, "nickname": s.title}}
        if s.api == API24:
            o["current_period_start"] = s.start
            o["current_period_end"] = s.end
        else:
            item["current_period_start"] = s.start
            item["current_period_end"] = s.end
        o["items"] = {"object": "list", "data": [item], "has_more": False, "total_count": 1}
        return o

    def invoice(self, s, at, reason):
        n = self.counter["in"] + 1
        inv = NS(id=f"in_rb{n:04d}", sub=s, created=at, reason=reason, status="open", attempts=0,
                 next_try=None, amount=s.amount, cur=s.cur, ch=None, start=s.start, end=s.end,
                 number=f"RB-{s.cus.id[-4:]}-{n:04d}")
        self.counter["in"] = n
        s.latest = inv.id
        self.emit("invoice.created", at, self.invoice_obj(inv, "draft"), s.api)
        self.emit("invoice.finalized", at + 1, self.invoice_obj(inv), s.api)
        return inv

    def invoice_obj(self, inv, status=None):
        s = inv.sub
        status = status or inv.status
        paid = status == "paid"
        o = {"id": inv.id, "object": "invoice", "account_country": "DE", "account_name": "Rösterei Berg GmbH",
             "amount_due": inv.amount, "amount_paid": inv.amount if paid else 0,
             "amount_remaining": 0 if paid else inv.amount, "attempt_count": inv.attempts,
             "attempted": inv.attempts > 0, "auto_advance": not paid, "billing_reason": inv.reason,
             "collection_method": "charge_automatically", "created": inv.created, "currency": inv.cur,
             "customer": s.cus.id, "customer_email": s.cus.email, "customer_name": s.cus.name,
             "hosted_invoice_url": None if status == "draft" else f"https://invoice.stripe.com/i/{ACCOUNT}/live_{inv.id[3:]}",
             "invoice_pdf": None if status == "draft" else f"https://pay.stripe.com/invoice/{ACCOUNT}/live_{inv.id[3:]}/pdf",
             "livemode": False, "metadata": {}, "next_payment_attempt": None if paid else inv.next_try,
             "number": None if status == "draft" else inv.number, "period_start": inv.start, "period_end": inv.end,
             "status": status, "subtotal": inv.amount, "total": inv.amount,
             "status_transitions": {"finalized_at": None if status == "draft" else inv.created + 1,
                                    "paid_at": inv.paid_at if paid else None}}
        line = {"id": "il_" + inv.id[3:], "object": "line_item", "amount": inv.amount, "currency": inv.cur,
                "description": f"1 × {s.title}", "period": {"start": inv.start, "end": inv.end}, "quantity": 1}
        if s.api == API24:
            o["subscription"] = s.id
            o["charge"] = inv.ch.id if inv.ch else None
            o["payment_intent"] = inv.ch.pi if inv.ch else None
            o["paid"] = paid
        else:
            o["parent"] = {"type": "subscription_details", "quote_details": None,
                           "subscription_details": {"metadata": {}, "subscription": s.id}}
            line["parent"] = {"type": "subscription_item_details", "subscription_item_details": {
                "subscription": s.id, "subscription_item": s.si, "proration": False}}
        o["lines"] = {"object": "list", "data": [line], "has_more": False, "total_count": 1}
        return o

    def _invoice_charge(self, inv, at, status):
        s = inv.sub
        n = self.counter["ch"] + 1
        ch = NS(id=f"ch_rb{n:04d}", pi="pi_rbin" + inv.id[5:], amount=inv.amount, cur=inv.cur, created=at, order=None,
                cus=s.cus, api=s.api, guest=None, last4=s.cus.card, status=status, refunded=0, refunds=[],
                disputed=False, invoice=inv.id if s.api == API24 else None,
                description="Subscription creation" if inv.reason == "subscription_create" else "Subscription update",
                email=s.cus.email, receipt_only=False, name=s.cus.name, country=s.cus.country)
        self.counter["ch"] = n
        self.charges.append(ch)
        return ch

    def invoice_paid(self, s, inv, at):
        ch = self._invoice_charge(inv, at, "succeeded")
        inv.ch, inv.status, inv.attempts, inv.next_try, inv.paid_at = ch, "paid", inv.attempts + 1, None, at
        self.emit("charge.succeeded", at, self.charge_obj(ch), s.api)
        self.emit("payment_intent.succeeded", at, self.intent_obj(ch, "succeeded"), s.api)
        self.emit("invoice.paid", at, self.invoice_obj(inv), s.api)
        self.emit("invoice.payment_succeeded", at, self.invoice_obj(inv), s.api)
        if s.api == API25:
            self.emit("invoice_payment.paid", at, {
                "id": f"inpay_{inv.id[3:]}p{inv.attempts}", "object": "invoice_payment",
                "amount_paid": inv.amount, "amount_requested": inv.amount, "created": at, "currency": inv.cur,
                "invoice": inv.id, "is_default": True, "livemode": False,
                "payment": {"type": "payment_intent", "payment_intent": ch.pi},
                "status": "paid", "status_transitions": {"canceled_at": None, "paid_at": at}}, s.api)
        return ch

    def invoice_failed(self, s, inv, at, next_try):
        ch = self._invoice_charge(inv, at, "failed")
        inv.ch, inv.attempts, inv.next_try = (ch if s.api == API24 else None), inv.attempts + 1, next_try
        self.emit("charge.failed", at, self.charge_obj(ch), s.api)
        self.emit("payment_intent.payment_failed", at, self.intent_obj(ch, "failed"), s.api)
        self.emit("invoice.payment_failed", at, self.invoice_obj(inv), s.api)
        if s.status == "active":
            s.status = "past_due"
            self.emit("customer.subscription.updated", at + 5, self.sub_obj(s), s.api)
        return ch

    def renew(self, s, at, *, fail_next_try=None):
        s.start, s.end = at, at + 30 * D
        inv = self.invoice(s, at, "subscription_cycle")
        self.emit("customer.subscription.updated", at + 2, self.sub_obj(s), s.api)
        if fail_next_try:
            self.invoice_failed(s, inv, at + 3600, fail_next_try)
        else:
            self.invoice_paid(s, inv, at + 3600)
        return inv

    def retry_paid(self, s, inv, at):
        ch = self.invoice_paid(s, inv, at)
        s.status = "active"
        self.emit("customer.subscription.updated", at + 5, self.sub_obj(s), s.api)
        return ch

    def cancel_at_period_end(self, s, at):
        s.cancel_at_period_end, s.canceled_at, s.cancel_at = True, at, s.end
        self.emit("customer.subscription.updated", at, self.sub_obj(s), s.api)

    def cancel_later(self, s, at, cancel_at):
        """Cancellation requested at `at`, scheduled (by mistake) for `cancel_at`, past the next renewal."""
        s.canceled_at, s.cancel_at = at, cancel_at
        self.emit("customer.subscription.updated", at, self.sub_obj(s), s.api)

    def end(self, s, at, *, canceled_at=None):
        s.status, s.ended_at = "canceled", at
        s.canceled_at = s.canceled_at or canceled_at or at
        self.emit("customer.subscription.deleted", at, self.sub_obj(s), s.api)


# --------------------------------------------------------------------------
# Languages: names, notation for money and dates
# --------------------------------------------------------------------------
DE_M = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
FR_M = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
ES_M = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
EN_M = "January February March April May June July August September October November December".split()

NAMES = {
    "en": ["Emily Clarke", "James Thornton", "Sarah Mitchell", "Michael Reyes", "Olivia Bennett", "Daniel Foster",
           "Hannah Price", "Ryan Cooper", "Chloe Evans", "Matthew Hughes", "Grace Turner", "Ben Carter",
           "Megan Wright", "Tom Harris", "Lucy Walker", "Jack Robinson", "Amy Collins", "Nathan Brooks",
           "Rachel Morgan", "Chris Parker", "Jessica Ward", "Liam Murphy", "Sophie Bell", "Ethan Hayes",
           "Laura Kelly", "David Shaw", "Kate Sullivan", "Josh Russell", "Natalie King", "Adam Fisher",
           "Zoe Campbell", "Sam Howard", "Ella Richardson", "Peter Graham", "Holly Stewart", "Mark Ellis",
           "Jenny Palmer", "Owen Lloyd", "Alice Barker", "Connor Webb", "Fiona Hart", "Gavin Moss"],
    "de": ["Jonas Becker", "Lena Hoffmann", "Markus Schäfer", "Sabine Krüger", "Tobias Wagner", "Julia Schmitt",
           "Stefan Neumann", "Katrin Vogel", "Florian Braun", "Miriam Zimmermann", "Uwe Hartmann", "Petra Lange",
           "Felix Richter", "Nina Schulz", "Dirk Köhler", "Claudia Fuchs", "Matthias Wolf", "Sandra Peters",
           "Benedikt Huber", "Ute Schwarz", "Hannah Keller", "Lukas Brandt", "Ingrid Möller", "Timo Krause",
           "Carina Seidel", "Ralf Jung", "Svenja Busch", "Oliver Frank", "Melanie Haas", "Patrick Roth",
           "Greta Ludwig", "Sebastian Otto", "Heike Sommer", "Jan Böhm", "Elke Winter", "Moritz Arnold",
           "Franziska Berger", "Kai Lorenz", "Bettina Graf", "Niklas Pohl", "Anja Sauer", "Jörg Vogt"],
    "es": ["Lucía García", "Javier Martínez", "Carmen López", "Pablo Sánchez", "Marta Fernández", "Diego Romero",
           "Elena Navarro", "Sergio Torres", "Laura Gil", "Andrés Molina", "Isabel Ortega", "Raúl Delgado",
           "Paula Castro", "Alberto Rubio", "Cristina Marín", "Fernando Iglesias", "Nuria Serrano", "Óscar Medina",
           "Rocío Vidal", "Hugo Cano", "Alba Prieto", "Marcos Herrera", "Silvia Reyes", "Jorge Méndez",
           "Beatriz Cabrera", "Iván Campos", "Teresa Vega", "Daniel Fuentes", "Ana Carrasco", "Rubén Pascual",
           "Irene Lozano", "Álvaro León", "Patricia Santana", "Manuel Blanco", "Sara Domínguez", "Víctor Morales",
           "Noelia Crespo", "Guillermo Soto", "Lorena Pastor", "Adrián Ramos", "Eva Gallego", "Jaime Nieto"],
    "fr": ["Camille Dubois", "Julien Moreau", "Élodie Laurent", "Thomas Girard", "Manon Lefèvre", "Nicolas Mercier",
           "Chloé Fontaine", "Antoine Rousseau", "Sophie Lambert", "Maxime Bonnet", "Claire Faure", "Hugo Chevalier",
           "Inès Garnier", "Romain Perrin", "Aurélie Blanc", "Mathieu Guérin", "Pauline Muller", "Baptiste André",
           "Céline Fournier", "Quentin Roux", "Margaux Henry", "Vincent Colin", "Amélie Gauthier", "Damien Robin",
           "Juliette Masson", "Sébastien Lemoine", "Océane Picard", "Alexandre Renard", "Laetitia Caron",
           "Guillaume Brun", "Émilie Dumont", "François Marchand", "Sarah Meunier", "Benoît Aubert", "Lucie Barbier",
           "Arnaud Leclerc", "Charlotte Noël", "Olivier Rivière", "Mélanie Giraud", "Yann Le Gall", "Agathe Morel",
           "Cédric Vasseur"],
    "zh": ["王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄婷", "周杰", "吴敏", "徐浩", "孙悦", "胡斌", "朱丽", "高翔",
           "林晓", "何佳", "郭强", "马琳", "罗毅", "梁颖", "宋涛", "郑爽", "谢军", "韩雪", "唐亮", "冯晨", "于洁", "董鹏",
           "萧然", "程雨", "曹阳", "袁媛", "邓超", "许诺", "傅蕾", "沈浩", "曾敏", "彭飞", "吕倩", "苏琪", "魏东", "叶青"],
}
PINYIN = ["wang.fang", "li.na", "liu.yang", "chen.jing", "yang.fan", "zhao.lei", "huang.ting", "zhou.jie", "wu.min",
          "xu.hao", "sun.yue", "hu.bin", "zhu.li", "gao.xiang", "lin.xiao", "he.jia", "guo.qiang", "ma.lin", "luo.yi",
          "liang.ying", "song.tao", "zheng.shuang", "xie.jun", "han.xue", "tang.liang", "feng.chen", "yu.jie",
          "dong.peng", "xiao.ran", "cheng.yu", "cao.yang", "yuan.yuan", "deng.chao", "xu.nuo", "fu.lei", "shen.hao",
          "zeng.min", "peng.fei", "lv.qian", "su.qi", "wei.dong", "ye.qing"]
# Senders who are nobody's Stripe customer (unknown addresses, relatives, guests).
OTHERS = {
    "en": [("Karen Doyle", "kdoyle.home@example.net"), ("Steve Marsh", "steve.marsh77@example.net"),
           ("Priya Nair", "priya.nair@example.co.uk"), ("Tina Brooks", "tina@cafe-northside.example"),
           ("Paul Whitaker", "pwhitaker@example.org")],
    "de": [("Karin Becker", "karin.becker@example.net"), ("Horst Lindner", "h.lindner@example.net"),
           ("Maja Kühn", "maja.kuehn@example.de"), ("Till Reuter", "kontakt@kaffeebar-reuter.example"),
           ("Gabi Voss", "gabi.voss@example.org")],
    "es": [("Rosa Martín", "rosa.martin.h@example.net"), ("Pedro Alonso", "pedro.alonso81@example.net"),
           ("Inés Roldán", "ines.roldan@example.es"), ("Canal Café Lento", "hola@cafelento.example"),
           ("Marina Peña", "marina.pena@example.org")],
    "fr": [("Odile Lemaire", "odile.lemaire@example.net"), ("Jacques Perrot", "jperrot@example.net"),
           ("Lina Haddad", "lina.haddad@example.fr"), ("Agence Lumen", "contact@agence-lumen.example"),
           ("Marc Tessier", "marc.tessier@example.org")],
    "zh": [("陈小红", "xiaohong.chen@example.net"), ("刘建国", "jianguo.liu@example.net"),
           ("孟佳", "jia.meng@example.cn"), ("上海豆仓贸易", "biz@doucang.example"), ("黄宇", "yu.huang@example.org")],
}

FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ê": "e", "ë": "e", "á": "a",
                      "à": "a", "â": "a", "í": "i", "ï": "i", "î": "i", "ó": "o", "ô": "o", "ú": "u", "ñ": "n",
                      "ç": "c", "Á": "a", "Ó": "o", "É": "e", "Ö": "oe", "Ä": "ae", "Ü": "ue", "Ò": "o", "Í": "i"})


def email_for(lang, i, name, domain):
    if lang == "zh":
        p = PINYIN[i]
        style = i % 4
        first, last = p.split(".")[1], p.split(".")[0]
        local = [p, f"{first}{last}", f"{last}{first}{88 + i}", f"{first}.{last}"][style]
        return f"{local}@{domain}"
    parts = name.lower().translate(FOLD).replace(" ", ".").split(".")
    first, last = parts[0], parts[-1]
    local = [f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}", f"{first}.{last}{80 + i % 17}"][i % 4]
    return f"{local}@{domain}"


def shout(email):
    """The same address as some mail clients write it: First.Last@Example.com."""
    local, domain = email.split("@")
    return ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + domain[:1].upper() + domain[1:]


def money(minor, cur, style):
    """An amount as a customer of this style writes it."""
    exp = 0 if cur == "jpy" else 2
    whole, frac = divmod(minor, 100) if exp else (minor, 0)
    if style in ("de", "fr", "es", "de_eur", "es_euros", "fr_tight", "de_tight"):
        sep = "." if style.startswith("de") or style.startswith("es") else " "
        w = f"{whole:,}".replace(",", sep)
        num = f"{w},{frac:02d}"
        sym = {"eur": "€", "usd": "$", "gbp": "£"}[cur]
        if style == "de_eur":
            return f"{num} EUR"
        if style == "es_euros":
            return f"{num} euros"
        if style in ("fr_tight", "de_tight"):
            return f"{num}€"
        return f"{num} {sym}"
    if style == "en":
        sym = {"eur": "€", "usd": "$", "gbp": "£", "jpy": "¥"}[cur]
        return f"{sym}{whole:,}" if cur == "jpy" else f"{sym}{whole:,}.{frac:02d}"
    if style == "zh":
        word = {"eur": "欧元", "usd": "美元", "gbp": "英镑"}[cur]
        return f"{whole}.{frac:02d}{word}"
    if style == "zh_sym":
        sym = {"eur": "€", "usd": "$", "gbp": "£"}[cur]
        return f"{sym}{whole}.{frac:02d}"
    raise ValueError(style)


def date(t, lang, region=None):
    tm = time.gmtime(t)
    d, m = tm.tm_mday, tm.tm_mon
    if lang == "de":
        return f"{d}. {DE_M[m - 1]}"
    if lang == "fr":
        return f"{'1er' if d == 1 else d} {FR_M[m - 1]}"
    if lang == "es":
        return f"{d} de {ES_M[m - 1]}"
    if lang == "zh":
        return f"{m}月{d}日"
    return f"{EN_M[m - 1]} {d}" if region == "US" else f"{d} {EN_M[m - 1]}"


# --------------------------------------------------------------------------
# Tickets and the decisions we expect
# --------------------------------------------------------------------------
def a_refund(ch, amount=None):
    return {"type": "refund", "charge": ch.id, "amount": ch.amount if amount is None else amount, "currency": ch.cur}


def a_cancel(s):
    return {"type": "cancel_subscription", "subscription": s.id, "at_period_end": True}


def a_invoice(inv):
    return {"type": "send_invoice", "invoice": inv.id}


def a_receipt(ch):
    return {"type": "send_invoice", "charge": ch.id}


def a_link(cus, inv=None):
    return {"type": "payment_update_link", "customer": cus.id, "invoice": inv.id if inv else None}


def resolved(intent, cus, *actions):
    return dict(intent=intent, outcome="resolved", team=None, customer=cus.id if cus else None, actions=list(actions))


def escalated(intent, cus, team):
    return dict(intent=intent, outcome="escalated", team=team, customer=cus.id if cus else None, actions=[])


def needs_info(intent, cus=None):
    return dict(intent=intent, outcome="needs_info", team=None, customer=cus.id if cus else None, actions=[])


LOCALES = {"en": ("en-US", "US"), "de": ("de-DE", "DE"), "es": ("es-ES", "ES"), "fr": ("fr-FR", "FR"),
           "zh": ("zh-CN", "CN")}
DOMAINS = {"de": "example.de", "es": "example.es", "fr": "example.fr", "zh": "example.cn"}


class Lang:
    """One language's customers and tickets."""

    def __init__(self, world, code, texts, api_default):
        self.w, self.code, self.texts, self.api = world, code, texts, api_default
        self.next_name = 0
        self.next_other = 0
        self.tickets = []

    def cust(self, t0, *, cur=None, region=None, api=None):
        """A new Stripe customer of this language, created at t0."""
        i = self.next_name
        self.next_name += 1
        name = NAMES[self.code][i]
        if self.code == "en" and region == "JP":
            domain, locale, country = "example.jp", "ja-JP", "JP"
        elif self.code == "en":
            region = region or "US"
            domain = "example.com" if region == "US" else "example.co.uk"
            cur = cur or ("usd" if region == "US" else "gbp")
            locale, country = ("en-US", "US") if region == "US" else ("en-GB", "GB")
        else:
            domain = DOMAINS[self.code]
            locale, country = LOCALES[self.code]
            cur = cur or ("usd" if self.code == "zh" else "eur")
            if self.code == "zh" and cur != "usd":
                country = "DE" if cur == "eur" else "GB"
        email = email_for(self.code, i, name, domain)
        # Every third customer of a language was created under the other API version.
        api = api or (self.api if i % 3 != 2 else (API24 if self.api == API25 else API25))
        c = self.w.customer(name, email, t0, locale, api, cur, country)
        c.region = region or country
        c.lang = self.code
        return c

    def other(self):
        name, email = OTHERS[self.code][self.next_other]
        self.next_other += 1
        return NS(name=name, email=email, country=LOCALES[self.code][1], region=None)

    def guest(self, cur=None, region=None):
        i = self.next_name
        self.next_name += 1
        name = NAMES[self.code][i]
        domain = DOMAINS.get(self.code, "example.com" if region != "GB" else "example.co.uk")
        g = NS(name=name, email=email_for(self.code, i, name, domain), country=region or LOCALES[self.code][1],
               region=region, cur=cur or ("usd" if self.code in ("zh",) or region == "US" else
                                          "gbp" if region == "GB" else "eur"))
        return g

    def m(self, minor, cur, who=None, style=None):
        if style is None:
            self.money_calls = getattr(self, "money_calls", 0) + 1
            n = self.money_calls
            style = {"de": ["de", "de", "de_eur", "de_tight"][n % 4], "fr": ["fr", "fr_tight", "fr"][n % 3],
                     "es": ["es", "es_euros", "es"][n % 3], "en": "en",
                     "zh": ["zh", "zh_sym", "zh"][n % 3]}[self.code]
            if cur != "eur" and style in ("de_eur", "es_euros"):
                style = style[:2]
        return money(minor, cur, style)

    def d(self, t, who=None):
        return date(t, self.code, getattr(who, "region", None))

    def say(self, kind, t, who, expect, **x):
        """Writes the ticket of `kind` at time t from `who` (customer, guest or stranger) with the expected decision."""
        first = who.name.split(" ")[0] if self.code != "zh" else who.name
        x.setdefault("first", first)
        subject, msgs = self.texts[kind](NS(**x))
        if isinstance(msgs, str):
            msgs = [("customer", 0, msgs)]
        thread = []
        for author, hours, body in msgs:
            thread.append({"author": {"c": "customer", "a": "agent"}.get(author, author), "at": iso(t + int(hours * H)),
                           "body": body})
        email = x.get("sender_email", who.email)
        ticket = {"id": None, "created_at": iso(t), "channel": x.get("channel", "email"),
                  "customer": {"email": email, "name": x.get("sender_name", who.name)},
                  "subject": subject, "messages": thread}
        self.tickets.append((t, ticket, dict(language=self.code, kind=kind, **expect)))


# --------------------------------------------------------------------------
# The scenarios: world state, the ticket, and the decision we expect
# --------------------------------------------------------------------------
def scenarios(L, t0, alt):
    """Adds this language's tickets. t0: the language's first ticket time. alt: per-language variants."""
    w = L.w
    slot = [0]

    def T():
        """The next ticket time: 1.25 days apart, at varied daytime hours."""
        k = slot[0]
        slot[0] += 1
        li = "endeesfrzh".index(L.code) // 2
        return t0 + int(k * 1.25 * D) + (8 + (k * 5 + li * 3) % 13) * H + ((k * 17 + li * 11) % 60) * MIN

    US = {"region": "US"}
    GB = {"region": "GB"}
    r = (lambda k: US if k % 2 == 0 else GB) if L.code == "en" else (lambda k: {})
    zc = (lambda cur: {"cur": cur}) if L.code == "zh" else (lambda cur: {})

    # K01/K02 — refund within policy, then a second one for the same customer within 90 days.
    t = T()
    c = L.cust(t - 60 * D, **r(0))
    ch = w.pay(c, [("espresso", 1)], t - 5 * D + 2 * H)
    if L.code == "en":
        L.say("refund_ok", t, c, resolved("refund_request", c, a_refund(ch)), o=ch.order, on=ch.order[1:],
              a=L.m(ch.amount, ch.cur), d=L.d(ch.created, c), sender_email=shout(c.email))
    else:
        L.say("refund_ok", t, c, resolved("refund_request", c, a_refund(ch)), o=ch.order, on=ch.order[1:],
              a=L.m(ch.amount, ch.cur), d=L.d(ch.created, c))
    w.refund(ch, ch.amount, t + 26 * H)  # the shop's agent did it by hand the next day
    t2 = t + 20 * D + 3 * H
    ch2 = w.pay(c, [("filter", 1)], t2 - 4 * D)
    L.say("refund_second", t2, c, escalated("refund_request", c, "billing"), o2=ch2.order, on2=ch2.order[1:],
          a2=L.m(ch2.amount, ch2.cur))

    # K03 — over refunds.max_amount.
    t = T()
    c = L.cust(t - 30 * D, **r(1))
    ch = w.pay(c, [("grinder", 1)], t - 4 * D)
    L.say("refund_over_max", t, c, escalated("refund_request", c, "billing"), o=ch.order, on=ch.order[1:],
          a=L.m(ch.amount, ch.cur))

    # K04 — older than max_age_days (45 days).
    t = T()
    c = L.cust(t - 80 * D, **r(2))
    ch = w.pay(c, [("tasting", 1)], t - 45 * D)
    L.say("refund_old", t, c, escalated("refund_request", c, "billing"), o=ch.order, on=ch.order[1:],
          d=L.d(ch.created, c))

    # K05 — the charge is disputed (the customer also went to the bank).
    t = T()
    c = L.cust(t - 40 * D, **r(3))
    ch = w.pay(c, [("espresso", 1)], t - 12 * D)
    w.dispute(ch, t - 4 * D, reason="product_unacceptable")
    L.say("refund_disputed", t, c, escalated("refund_request", c, "billing"), o=ch.order, on=ch.order[1:],
          a=L.m(ch.amount, ch.cur))

    # K06 — already fully refunded: resolved, nothing to do.
    t = T()
    c = L.cust(t - 50 * D, **r(4))
    ch = w.pay(c, [("filter", 1)], t - 15 * D)
    w.refund(ch, ch.amount, t - 8 * D)
    L.say("refund_already_full", t, c, resolved("refund_request", c), o=ch.order, on=ch.order[1:])

    # K07 — partly refunded: refund the remainder.
    t = T()
    c = L.cust(t - 20 * D, **r(5), **zc("gbp"))
    ch = w.pay(c, [("yirga", 2)], t - 9 * D)
    half = ch.amount // 2
    w.refund(ch, half, t - 6 * D, status="pending", settle=t - 5 * D)
    L.say("refund_partial", t, c, resolved("refund_request", c, a_refund(ch, ch.amount - half)), o=ch.order,
          on=ch.order[1:], a=L.m(half, ch.cur))

    # K08 — the message names the older of two orders.
    t = T()
    c = L.cust(t - 70 * D, **r(6))
    ch1 = w.pay(c, [("filter", 1), ("yirga", 1)], t - 14 * D)
    w.pay(c, [("espresso", 1)], t - 3 * D)
    L.say("refund_by_order", t, c, resolved("refund_request", c, a_refund(ch1)), o=ch1.order, on=ch1.order[1:])

    # K09 — the message names the amount of the older charge.
    t = T()
    c = L.cust(t - 33 * D, **r(7), **zc("eur"))
    ch1 = w.pay(c, [("espresso", 1)], t - 10 * D)
    w.pay(c, [("filter", 1)], t - 2 * D)
    L.say("refund_by_amount", t, c, resolved("refund_request", c, a_refund(ch1)), a=L.m(ch1.amount, ch1.cur))

    # K10 — the message names the date of the older charge.
    t = T()
    c = L.cust(t - 90 * D, **r(8))
    ch1 = w.pay(c, [("filter", 1)], t - 16 * D)
    w.pay(c, [("espresso", 1)], t - 4 * D)
    L.say("refund_by_date", t, c, resolved("refund_request", c, a_refund(ch1)), d=L.d(ch1.created, c))

    # K11 — time travel: the shop refunded by hand a day AFTER the ticket; at ticket time nothing was refunded.
    t = T()
    c = L.cust(t - 25 * D, **r(9))
    ch = w.pay(c, [("espresso", 1)], t - 6 * D)
    w.refund(ch, ch.amount, t + 1 * D)
    L.say("refund_tt_refunded_later", t, c, resolved("refund_request", c, a_refund(ch)), o=ch.order, on=ch.order[1:])

    # K12 — per language: a dispute opened after the ticket; card digits; a cancellation recorded after the ticket.
    t = T()
    if alt["k12"] == "dispute_later":
        c = L.cust(t - 30 * D, **r(10))
        ch = w.pay(c, [("tasting", 1)], t - 7 * D)
        w.dispute(ch, t + 2 * D, reason="product_unacceptable")
        L.say("refund_tt_disputed_later", t, c, resolved("refund_request", c, a_refund(ch)), o=ch.order,
              on=ch.order[1:])
    elif alt["k12"] == "last4":
        c = L.cust(t - 30 * D, **r(10))
        l4 = "0005" if c.card != "0005" else "6011"
        ch1 = w.pay(c, [("tasting", 1)], t - 6 * D, last4=l4)
        w.pay(c, [("espresso", 1)], t - 2 * D, last4=c.card)
        brand = lambda d: {"amex": "Amex", "visa": "Visa", "mastercard": "Mastercard", "discover": "Discover"}[BRANDS[d]]
        L.say("refund_by_last4", t, c, resolved("refund_request", c, a_refund(ch1)), l4=l4, brand=brand(l4),
              other4=c.card, other_brand=brand(c.card))
    else:  # cac_cancel_later
        c = L.cust(t - 80 * D)
        s = w.subscribe(c, "abo", t - 63 * D, paid_periods=3)
        inv_charge = w.charges[-1]
        w.cancel_at_period_end(s, t + 1 * D)
        L.say("cac_cancelled_later", t, c, escalated("charged_after_cancel", c, "billing"),
              a=L.m(inv_charge.amount, inv_charge.cur), d=L.d(inv_charge.created, c))

    # K13 — refund status with a refund on record.
    t = T()
    c = L.cust(t - 45 * D, **r(11), **zc("gbp"))
    ch = w.pay(c, [("espresso", 1)], t - 12 * D)
    w.refund(ch, ch.amount, t - 4 * D, status="pending", settle=t - 4 * D, reversed_delivery=L.code in ("de", "zh"))
    L.say("status_with", t, c, resolved("refund_status", c), o=ch.order, on=ch.order[1:])

    # K14 — refund status, no refund on record at ticket time (issued the day after).
    t = T()
    c = L.cust(t - 45 * D, **r(12))
    ch = w.pay(c, [("filter", 1)], t - 15 * D)
    w.refund(ch, ch.amount, t + 1 * D)
    L.say("status_without", t, c, escalated("refund_status", c, "billing"), o=ch.order, on=ch.order[1:])

    # K15 — refund status as a thread: "any update?" after an earlier message.
    t = T()
    c = L.cust(t - 50 * D, **r(13))
    ch = w.pay(c, [("tasting", 1)], t - 20 * D)
    rf = w.refund(ch, ch.amount, t - 9 * D)
    L.say("status_thread", t, c, resolved("refund_status", c), o=ch.order, on=ch.order[1:], rd=L.d(rf.created, c))

    # K16 — duplicate within 60 minutes: refund the later charge.
    t = T()
    c = L.cust(t - 22 * D, **r(14), **zc("eur"))
    ch1 = w.pay(c, [("espresso", 1)], t - 3 * D)
    ch2 = w.pay(c, [("espresso", 1)], t - 3 * D + 4 * MIN, order=ch1.order)
    L.say("dup_within", t, c, resolved("duplicate_charge", c, a_refund(ch2)), o=ch1.order, on=ch1.order[1:],
          a=L.m(ch1.amount, ch1.cur))

    # K17 — same amount twice, three hours apart: not a duplicate by the window.
    t = T()
    c = L.cust(t - 40 * D, **r(15))
    ch1 = w.pay(c, [("filter", 1)], t - 5 * D)
    w.pay(c, [("filter", 1)], t - 5 * D + 3 * H)
    L.say("dup_outside", t, c, escalated("duplicate_charge", c, "billing"), a=L.m(ch1.amount, ch1.cur),
          d=L.d(ch1.created, c))

    # K18 — duplicate within the window but over duplicates.max_amount.
    t = T()
    c = L.cust(t - 15 * D, **r(16))
    ch1 = w.pay(c, [("machine", 1)], t - 1 * D)
    w.pay(c, [("machine", 1)], t - 1 * D + 6 * MIN, order=ch1.order)
    L.say("dup_over_max", t, c, escalated("duplicate_charge", c, "billing"), a=L.m(ch1.amount, ch1.cur),
          o=ch1.order, on=ch1.order[1:])

    # K19 — unrecognised charge that is this customer's order: explained, no action.
    t = T()
    c = L.cust(t - 100 * D, **r(17))
    w.pay(c, [("filter", 1)], t - 70 * D)
    ch = w.pay(c, [("tasting", 1)], t - 6 * D)
    L.say("unrec_match", t, c, resolved("unrecognized_charge", c), a=L.m(ch.amount, ch.cur))

    # K20 — unrecognised charge, the customer has no charges at all: risk.
    t = T()
    c = L.cust(t - 30 * D, **r(18))
    L.say("unrec_none", t, c, escalated("unrecognized_charge", c, "risk"), a=L.m(3990 if c.cur != "jpy" else 3990,
                                                                               c.cur))

    # K21 — charged after cancelling: cancellation requested, scheduled past the next renewal, renewal paid.
    t = T()
    c = L.cust(t - 80 * D, **r(19), **zc("eur"))
    s = w.subscribe(c, "abo", t - 75 * D, paid_periods=2)
    w.cancel_later(s, t - 30 * D, cancel_at=t + 15 * D)
    inv = w.renew(s, t - 15 * D)
    w.end(s, t + 15 * D)
    L.say("cac_refund", t, c, resolved("charged_after_cancel", c, a_refund(inv.ch)), a=L.m(inv.amount, inv.cur),
          d=L.d(inv.ch.created, c), cd=L.d(s.canceled_at, c))

    # K22 — "still charged" without any cancellation on record.
    t = T()
    c = L.cust(t - 60 * D, **r(20))
    w.subscribe(c, "espabo", t - 50 * D, paid_periods=2)
    L.say("cac_nocancel", t, c, escalated("charged_after_cancel", c, "billing"))

    # K23 — cancel: one active subscription -> cancel at period end.
    t = T()
    c = L.cust(t - 45 * D, **r(21))
    s = w.subscribe(c, "abo", t - 40 * D, paid_periods=2)
    if L.code == "de":
        L.say("cancel_one", t, c, resolved("cancel_subscription", c, a_cancel(s)),
              sender_email=shout(c.email))
    else:
        L.say("cancel_one", t, c, resolved("cancel_subscription", c, a_cancel(s)))

    # K24 — cancel with two active subscriptions -> which one?
    t = T()
    c = L.cust(t - 100 * D, **r(22))
    w.subscribe(c, "abo", t - 95 * D, paid_periods=4)
    w.subscribe(c, "espabo", t - 20 * D, paid_periods=1)
    L.say("cancel_several", t, c, needs_info("cancel_subscription", c))

    # K25 — cancel, nothing active any more.
    t = T()
    c = L.cust(t - 110 * D, **r(23))
    s = w.subscribe(c, "espabo", t - 100 * D, paid_periods=2)
    w.cancel_at_period_end(s, t - 50 * D)
    w.end(s, t - 40 * D)
    L.say("cancel_none", t, c, resolved("cancel_subscription", c))

    # K26 — time travel: the shop cancelled by hand the day after the ticket; at ticket time it was active.
    t = T()
    c = L.cust(t - 40 * D, **r(24))
    s = w.subscribe(c, "abo", t - 35 * D, paid_periods=2)
    w.end(s, t + 1 * D)
    L.say("cancel_tt", t, c, resolved("cancel_subscription", c, a_cancel(s)))

    # K27 — payment failed with an open invoice (in some languages the retry succeeded after the ticket).
    t = T()
    c = L.cust(t - 70 * D, **r(25))
    s = w.subscribe(c, "abo", t - 62 * D, paid_periods=2)
    inv = w.renew(s, t - 2 * D, fail_next_try=t + 1 * D)
    if alt["k27_paid_later"]:
        w.retry_paid(s, inv, t + 1 * D)
    L.say("pf_open", t, c, resolved("payment_failed", c, a_link(c, inv)))

    # K28 — card declined at checkout: no invoice involved.
    t = T()
    c = L.cust(t - 60 * D, **r(26))
    w.pay(c, [("filter", 1)], t - 40 * D)
    w.pay(c, [("tasting", 1)], t - 1 * H, status="failed")
    L.say("pf_noopen", t, c, resolved("payment_failed", c, a_link(c)))

    # K29 — new card, with an open invoice after two failed attempts.
    t = T()
    c = L.cust(t - 50 * D, **r(27))
    s = w.subscribe(c, "espabo", t - 34 * D, paid_periods=1)
    inv = w.renew(s, t - 4 * D, fail_next_try=t - 1 * D)
    w.invoice_failed(s, inv, t - 1 * D, t + 2 * D)
    L.say("upm_open", t, c, resolved("update_payment_method", c, a_link(c, inv)))

    # K30 — update card, nothing open.
    t = T()
    c = L.cust(t - 70 * D, **r(28))
    w.subscribe(c, "abo", t - 65 * D, paid_periods=3)
    L.say("upm_noopen", t, c, resolved("update_payment_method", c, a_link(c)))

    # K31 — invoice for a subscription payment -> the invoice.
    t = T()
    c = L.cust(t - 60 * D, **r(29))
    s = w.subscribe(c, "abo", t - 50 * D, paid_periods=2)
    L.say("inv_sub", t, c, resolved("invoice_request", c, a_invoice(NS(id=s.latest))))

    # K32 — invoice for a one-off order -> the charge's receipt.
    t = T()
    c = L.cust(t - 20 * D, **r(30))
    ch = w.pay(c, [("tasting", 1)], t - 8 * D)
    L.say("inv_oneoff", t, c, resolved("invoice_request", c, a_receipt(ch)), o=ch.order, on=ch.order[1:])

    # K33 — dispute notice: always the disputes team.
    t = T()
    c = L.cust(t - 50 * D, **r(31))
    ch = w.pay(c, [("espresso", 1)], t - 25 * D)
    w.dispute(ch, t - 2 * D if not alt["k33_later"] else t + 1 * D, reason="product_not_received")
    L.say("dispute", t, c, escalated("dispute_notice", c, "disputes"), o=ch.order, on=ch.order[1:])

    # K34 — a stranger's address, no order number: ask for it.
    t = T()
    x = L.other()
    L.say("unknown", t, x, needs_info(alt["k34_intent"]))

    # K35 — a stranger quoting a real order number: linked only through the message -> billing.
    t = T()
    c = L.cust(t - 30 * D, **r(32))
    ch = w.pay(c, [("espresso", 1)], t - 6 * D)
    x = L.other()
    L.say("unknown_order", t, x, escalated("refund_request", c, "billing"), o=ch.order, on=ch.order[1:])

    # K36 — a guest checkout (no Stripe customer): linked by the payment's email, customer null.
    t = T()
    variant = alt["k36"]
    g = L.guest(region="US" if L.code == "en" else None)
    if variant == "refund":
        ch = w.pay(None, [("espresso", 1)], t - 5 * D, cur=g.cur, guest=g, api=L.api)
        L.say("guest_refund", t, g, resolved("refund_request", None, a_refund(ch)), o=ch.order, on=ch.order[1:])
    elif variant == "refund_receipt_email":
        ch = w.pay(None, [("filter", 2)], t - 7 * D, cur=g.cur, guest=g, api=L.api, receipt_only=True)
        L.say("guest_refund", t, g, resolved("refund_request", None, a_refund(ch)), o=ch.order, on=ch.order[1:])
    elif variant == "invoice":
        ch = w.pay(None, [("tasting", 1)], t - 9 * D, cur=g.cur, guest=g, api=L.api)
        L.say("guest_invoice", t, g, resolved("invoice_request", None, a_receipt(ch)), o=ch.order, on=ch.order[1:])
    else:  # payment failed for a guest: nobody to send a card link to
        w.pay(None, [("espresso", 1)], t - 2 * H, cur=g.cur, guest=g, api=L.api, status="failed")
        L.say("guest_pf", t, g, escalated("payment_failed", None, "billing"))

    # K37 — where is my order.
    t = T()
    c = L.cust(t - 10 * D, **r(33))
    ch = w.pay(c, [("espresso", 1), ("yirga", 1)], t - 6 * D, fulfilled=False)
    L.say("order_status", t, c, escalated("order_status", c, "support"), o=ch.order, on=ch.order[1:],
          d=L.d(ch.created, c))

    # K38 — where is my order, as a thread.
    t = T()
    c = L.cust(t - 12 * D, **r(34))
    ch = w.pay(c, [("tasting", 1)], t - 5 * D)
    L.say("order_thread", t, c, escalated("order_status", c, "support"), o=ch.order, on=ch.order[1:])

    # K39 — a product question from a customer.
    t = T()
    c = L.cust(t - 30 * D, **r(35))
    w.pay(c, [("yirga", 2)], t - 9 * D)
    L.say("other", t, c, escalated("other", c, "support"))

    # K40 — a business enquiry from a stranger.
    t = T()
    x = L.other()
    L.say("other_unknown", t, x, escalated("other", None, "support"))

    # K41 — payment failed, as a thread ("still waiting for the link").
    t = T()
    c = L.cust(t - 70 * D, **r(36))
    s = w.subscribe(c, "espabo", t - 63 * D, paid_periods=2)
    inv = w.renew(s, t - 3 * D - 2 * H, fail_next_try=t + 2 * D)
    L.say("pf_thread", t, c, resolved("payment_failed", c, a_link(c, inv)))

    # K42 — per language.
    t = T()
    k42 = alt["k42"]
    if k42 == "billing_email":
        # The ticket comes from the address used at checkout (a company card), not the account's.
        c = L.cust(t - 40 * D)
        work = "einkauf@" + c.email.split("@")[0].replace(".", "-") + "-design.example"
        ch = w.pay(c, [("machine", 1)], t - 10 * D, billing_email=work)
        L.say("k42_billing_email", t, c, resolved("invoice_request", c, a_receipt(ch)), o=ch.order, on=ch.order[1:],
              sender_email=work)
    elif k42 == "account_in_message":
        c = L.cust(t - 50 * D, **r(37))
        w.subscribe(c, "abo", t - 45 * D, paid_periods=2)
        work = c.email.split("@")[0] + "@work-mail.example"
        L.say("k42_account_in_message", t, c, escalated("cancel_subscription", c, "billing"), acct=c.email,
              sender_email=work)
    elif k42 == "pending_auth":
        c = L.cust(t - 25 * D)
        ch1 = w.pay(c, [("espresso", 1)], t - 2 * D, status="failed", last4="4000")
        ch2 = w.pay(c, [("espresso", 1)], t - 2 * D + 2 * MIN, order=ch1.order)
        L.say("k42_pending_auth", t, c, escalated("duplicate_charge", c, "billing"), a=L.m(ch2.amount, ch2.cur),
              o=ch2.order, on=ch2.order[1:])
    elif k42 == "partial_over_max":
        c = L.cust(t - 30 * D)
        ch = w.pay(c, [("grinder", 1)], t - 12 * D)
        w.refund(ch, 4500, t - 3 * D)
        L.say("k42_partial_over_max", t, c, resolved("refund_request", c, a_refund(ch, ch.amount - 4500)),
              o=ch.order, on=ch.order[1:], a=L.m(4500, ch.cur))
    elif k42 == "already_set":
        c = L.cust(t - 50 * D)
        s = w.subscribe(c, "abo", t - 45 * D, paid_periods=2)
        w.cancel_at_period_end(s, t - 5 * D)
        L.say("k42_already_set", t, c, resolved("cancel_subscription", c))

    # The one JPY customer (English): a refund and a duplicate, both outside any configured limit.
    if L.code == "en":
        t = T()
        k = L.cust(t - 20 * D, cur="jpy", region="JP")
        k.region = "JP"
        ch = w.pay(k, [("espresso", 1)], t - 5 * D)
        L.say("jpy_refund", t, k, escalated("refund_request", k, "billing"), o=ch.order, a=L.m(ch.amount, "jpy"))
        t = T()
        c1 = w.pay(k, [("espresso", 1)], t - 1 * D)
        w.pay(k, [("espresso", 1)], t - 1 * D + 5 * MIN, order=c1.order)
        L.say("jpy_dup", t, k, escalated("duplicate_charge", k, "billing"), a=L.m(c1.amount, "jpy"))


# --------------------------------------------------------------------------
# What customers wrote. One function per scenario: x -> (subject, body or thread)
# A thread is [(author "c"/"a", hours relative to the ticket, body)], the last "c" is answered.
# --------------------------------------------------------------------------
EN = {
    "refund_ok": lambda x: ("Refund please",
                            f"Hi, the Espresso Classico from order {x.o} tastes burnt, honestly not drinkable. "
                            f"Can I get my {x.a} back?\n\nThanks, {x.first}"),
    "refund_second": lambda x: ("Another one, sorry",
                                f"Hey again, sorry to bother you twice in a month. The filter coffee from {x.o2} "
                                "arrived with the bag split open and beans all over the box. Could you refund it please?"),
    "refund_over_max": lambda x: ("Grinder broken after 2 uses",
                                  f"The H1 hand grinder I bought ({x.o}, {x.a}) - the crank snapped off the second time "
                                  "I used it. I want a full refund, not a replacement."),
    "refund_old": lambda x: ("return",
                             f"hi i ordered the tasting set back on {x.d} and never really liked any of them. can i still "
                             f"send it back and get a refund? order {x.o}"),
    "refund_disputed": lambda x: ("Still no answer - refund",
                                  f"I STILL haven't heard back about {x.o}. The coffee was stale and tasted like cardboard. "
                                  f"Refund my {x.a} please."),
    "refund_already_full": lambda x: (f"Refund {x.o}",
                                      f"Please refund order {x.o}, I sent the parcel back last week."),
    "refund_partial": lambda x: ("Only half refunded?",
                                 f"You refunded {x.a} for one bag from {x.o} but BOTH bags of Yirgacheffe were mouldy, I "
                                 "sent photos of both. Please refund the rest."),
    "refund_by_order": lambda x: (f"Refund for {x.o}",
                                  "Hello, I've got two orders with you. The one I need refunded is "
                                  f"{x.o} - wrong grind, I asked for whole beans. The newer one is fine. Thank you!"),
    "refund_by_amount": lambda x: ("wrong item",
                                   f"hi got decaf instead of the espresso i paid {x.a} for. just refund it pls, dont "
                                   "bother sending a new one"),
    "refund_by_date": lambda x: ("Refund request",
                                 f"Could you refund my order from {x.d}? The beans were well past their roast date "
                                 "when they arrived."),
    "refund_tt_refunded_later": lambda x: ("Parcel crushed",
                                           f"The box with {x.o} arrived completely crushed, half the beans were loose. "
                                           "I'd like a refund please."),
    "refund_by_last4": lambda x: (f"Refund - the {x.brand} order",
                                  "Hi, I put two orders through this week. Please refund the one I paid with my "
                                  f"{x.brand} ending in {x.l4}, I picked the wrong beans with it. The other one is fine."),
    "status_with": lambda x: ("Refund status",
                              f"Hi! Just checking whether the refund for {x.o} has gone through? Can't see it yet."),
    "status_without": lambda x: ("where is my refund",
                                 f"I sent back order {x.o} two weeks ago. Where is my refund??"),
    "status_thread": lambda x: ("Refund not received", [
        ("c", -96, f"I was told I'd get a refund for {x.o} but nothing has shown up on my card."),
        ("a", -70, f"Hi {x.first}, the refund was sent on {x.rd}. Banks usually take 5-10 business days to show it."),
        ("c", 0, "Any update? Still nothing on my statement.")]),
    "dup_within": lambda x: ("Charged twice!",
                             f"I only clicked pay once but my card shows two charges of {x.a} for {x.o}. Please fix this."),
    "dup_outside": lambda x: ("double charge?",
                              f"hi, i see {x.a} twice on my card from you on {x.d}. pretty sure i only ordered once?"),
    "dup_over_max": lambda x: ("DOUBLE CHARGE espresso machine",
                               f"Your checkout charged me {x.a} TWICE for the Berg Duo ({x.o}). That's well over a "
                               "grand sitting on my credit card. Reverse one of them immediately."),
    "unrec_match": lambda x: ("What is this charge?",
                              f"There's a charge on my card from ROESTEREI BERG for {x.a}. I don't remember buying "
                              "anything, what is it for?"),
    "unrec_none": lambda x: ("Charge I don't recognise",
                             f"I made an account on your site ages ago but never bought anything. Why is there a {x.a} "
                             "charge from Roesterei Berg on my credit card?"),
    "cac_refund": lambda x: ("Charged after cancelling",
                             f"I cancelled my coffee subscription on {x.cd} and you still took {x.a} on {x.d}. "
                             "I want that refunded."),
    "cac_nocancel": lambda x: ("Still being charged",
                               "Why am I still paying for the subscription?? I cancelled it weeks ago!"),
    "cancel_one": lambda x: ("Cancel subscription",
                             "Hi, please cancel my monthly coffee subscription, I'm moving abroad. Thanks for everything!"),
    "cancel_several": lambda x: ("cancel",
                                 "Please cancel my subscription, way too much coffee piling up at home."),
    "cancel_none": lambda x: ("Stop my subscription",
                              "Please stop the subscription, I don't want any more deliveries."),
    "cancel_tt": lambda x: ("Cancel my plan",
                            "Can you cancel my coffee plan please? Money's tight this year."),
    "pf_open": lambda x: ("Payment failed??",
                          "Got an email saying my subscription payment failed. The card is fine, what's going on?"),
    "pf_noopen": lambda x: ("card declined",
                            "tried to check out 3 times and my card keeps getting declined. works everywhere else"),
    "upm_open": lambda x: ("New card",
                           "My bank sent me a new card after the old one got compromised. How do I update it for my "
                           "subscription?"),
    "upm_noopen": lambda x: ("Update card details",
                             "Hi, I'd like to change the card my subscription gets charged to. Could you send me a link?"),
    "inv_sub": lambda x: ("Invoice please",
                          "Could you send me an invoice for my last subscription payment? Need it for expenses."),
    "inv_oneoff": lambda x: ("VAT invoice",
                             f"Hello, I need a proper invoice for order {x.o} for my accountant. Thanks."),
    "dispute": lambda x: ("Chargeback",
                          f"Just so you know, I've opened a dispute with my credit card company for order {x.o}. It "
                          "never arrived and nobody answered my emails."),
    "unknown": lambda x: ("refund",
                          "I want a refund for the coffee that came yesterday, it's the wrong one."),
    "unknown_order": lambda x: (f"Order {x.o}",
                                f"Hi, I'm writing for my husband - he ordered {x.o} as a present for me but it's the "
                                "wrong roast. Can you refund it to his card?"),
    "guest_refund": lambda x: ("Refund for my order",
                               f"Ordered as a guest ({x.o}), the beans arrived stale. Refund please?"),
    "order_status": lambda x: ("Where is my order?",
                               f"Order {x.o} was placed on {x.d} and still hasn't shipped. When will it arrive?"),
    "order_thread": lambda x: ("Tracking", [
        ("c", -72, f"Hi, is there a tracking number for {x.o} yet?"),
        ("a", -50, f"Hi {x.first}, it went out yesterday with DHL, you should get the tracking link by email."),
        ("c", 0, "Tracking hasn't moved in two days. Any news?")]),
    "other": lambda x: ("Grind size",
                        "What grind setting would you recommend for the Yirgacheffe in an AeroPress? Bought a couple "
                        "of bags last week."),
    "other_unknown": lambda x: ("Wholesale",
                                "Do you sell wholesale to cafés? We're opening a small place in Leeds in May and "
                                "would love to talk."),
    "pf_thread": lambda x: ("Subscription payment", [
        ("c", -48, "My subscription payment didn't go through, can you help?"),
        ("a", -26, f"Hi {x.first}, sorry about that - we'll send you a secure link to update your card."),
        ("c", 0, "Still waiting on that link...")]),
    "k42_account_in_message": lambda x: ("Cancel subscription",
                                         f"Please cancel the subscription on my account, it's under {x.acct}. I'm "
                                         "writing from my work address."),
    "jpy_refund": lambda x: ("Refund request",
                             f"Hello, the espresso beans from {x.o} arrived with a broken valve and smell flat. Could "
                             f"you refund the {x.a}? I'm in Osaka so sending them back costs more than they're worth."),
    "jpy_dup": lambda x: ("Charged twice",
                          f"Hi again, I reordered yesterday and my card shows {x.a} two times a few minutes apart. "
                          "Please check."),
}

DE = {
    "refund_ok": lambda x: ("Erstattung",
                            f"Hallo, der Espresso Classico aus Bestellung {x.o} schmeckt total verbrannt, so kann ich den "
                            f"nicht trinken. Ich hätte gern die {x.a} zurück.\n\nGrüße\n{x.first}"),
    "refund_second": lambda x: ("Schon wieder ein Problem",
                                f"Hallo nochmal, tut mir leid dass ich mich schon wieder melde. Die Filterröstung aus "
                                f"{x.o2} kam mit aufgerissener Tüte an, die Bohnen lagen lose im Karton. Bitte erstatten "
                                "Sie mir den Betrag."),
    "refund_over_max": lambda x: ("Handmühle kaputt",
                                  f"Sehr geehrte Damen und Herren,\nan der Handmühle H1 (Bestellung {x.o}, {x.a}) ist "
                                  "nach dem zweiten Benutzen die Kurbel abgebrochen. Ich möchte den vollen Kaufpreis "
                                  "zurück, keinen Ersatz.\nMit freundlichen Grüßen"),
    "refund_old": lambda x: ("Rückgabe",
                             f"hallo, ich hab am {x.d} das Probierset bestellt und ehrlich gesagt schmeckt mir keine "
                             f"der Sorten. kann ich das noch zurückgeben und mein geld wiederbekommen? bestellnr {x.o}"),
    "refund_disputed": lambda x: ("Geld zurück",
                                  f"Ich warte immer noch auf eine Antwort wegen {x.o}. Der Kaffee war alt und muffig. "
                                  f"Ich will meine {x.a} zurück."),
    "refund_already_full": lambda x: (f"Erstattung {x.o}",
                                      f"Bitte erstatten Sie Bestellung {x.o}, das Paket habe ich letzte Woche "
                                      "zurückgeschickt."),
    "refund_partial": lambda x: ("Nur die Hälfte erstattet??",
                                 f"Sie haben mir für {x.o} nur {x.a} erstattet, also eine Tüte, aber beide Packungen "
                                 "Yirgacheffe waren verschimmelt (Fotos hatte ich geschickt). Bitte auch den Rest."),
    "refund_by_order": lambda x: (f"Erstattung Bestellung {x.o}",
                                  "Guten Tag,\nich habe zwei Bestellungen bei Ihnen. Erstattet werden soll bitte "
                                  f"{x.o} – falscher Mahlgrad, ich hatte ganze Bohnen bestellt. Die neuere Bestellung "
                                  "ist in Ordnung.\nDanke!"),
    "refund_by_amount": lambda x: ("falscher artikel",
                                   f"hab entkoffeinierten bekommen statt dem espresso für {x.a}. bitte einfach erstatten, "
                                   "kein ersatz nötig"),
    "refund_by_date": lambda x: ("Rückerstattung",
                                 f"Könnten Sie mir bitte die Bestellung vom {x.d} erstatten? Die Bohnen waren weit über "
                                 "dem Röstdatum."),
    "refund_tt_refunded_later": lambda x: ("Paket beschädigt",
                                           f"Das Paket mit {x.o} kam völlig zerdrückt an, die Hälfte der Bohnen lag lose "
                                           "im Karton. Ich möchte bitte eine Erstattung."),
    "refund_tt_disputed_later": lambda x: ("Geld zurück bitte",
                                           f"Moin, der Kaffee aus {x.o} ist leider nix für uns, viel zu sauer. Kann ich "
                                           "den Betrag zurückbekommen?"),
    "status_with": lambda x: ("Stand meiner Erstattung",
                              f"Hallo, ist die Erstattung für {x.o} schon raus? Ich sehe noch nichts auf dem Konto."),
    "status_without": lambda x: ("Wo bleibt mein Geld",
                                 f"Ich habe {x.o} vor zwei Wochen zurückgeschickt. Wann bekomme ich endlich mein Geld???"),
    "status_thread": lambda x: ("Erstattung nicht angekommen", [
        ("c", -96, f"Mir wurde eine Erstattung für {x.o} zugesagt, aber auf meiner Karte ist nichts angekommen."),
        ("a", -70, f"Hallo {x.first}, die Erstattung wurde am {x.rd} veranlasst. Je nach Bank dauert es 5–10 "
                   "Werktage, bis sie sichtbar ist."),
        ("c", 0, "Gibt's was Neues? Immer noch nichts auf der Abrechnung.")]),
    "dup_within": lambda x: ("Doppelt abgebucht!",
                             f"Ich habe nur einmal auf Bezahlen geklickt, aber auf meiner Kreditkarte sind zweimal {x.a} "
                             f"für {x.o} abgebucht. Bitte korrigieren!"),
    "dup_outside": lambda x: ("doppelte Abbuchung?",
                              f"hallo, auf meinem konto sehe ich am {x.d} zweimal {x.a} von euch. ich dachte ich hätte "
                              "nur einmal bestellt?"),
    "dup_over_max": lambda x: ("Espressomaschine doppelt belastet",
                               f"Ihr Checkout hat mir die Berg Duo ({x.o}) ZWEIMAL berechnet, jeweils {x.a}. Das ist "
                               "fast ein ganzes Monatsgehalt auf meiner Karte! Ich erwarte die sofortige Rückbuchung "
                               "einer der beiden Zahlungen."),
    "unrec_match": lambda x: ("Unbekannte Abbuchung",
                              f"Auf meiner Kreditkartenabrechnung steht ROESTEREI BERG über {x.a}. Ich kann mich nicht "
                              "erinnern, etwas gekauft zu haben. Was ist das?"),
    "unrec_none": lambda x: ("Abbuchung, die ich nicht kenne",
                             "Ich habe zwar ein Kundenkonto bei Ihnen, aber nie etwas bestellt. Warum wurden mir "
                             f"{x.a} von Roesterei Berg abgebucht?"),
    "cac_refund": lambda x: ("Trotz Kündigung abgebucht",
                             f"Ich habe mein Kaffee-Abo am {x.cd} gekündigt und trotzdem haben Sie am {x.d} {x.a} "
                             "abgebucht. Das will ich zurück."),
    "cac_nocancel": lambda x: ("Abo läuft immer noch",
                               "Warum wird mir das Abo immer noch berechnet?! Ich habe vor Wochen gekündigt!!"),
    "cancel_one": lambda x: ("Abo kündigen",
                             "Hallo, bitte kündigt mein monatliches Kaffee-Abo. Ich ziehe ins Ausland. Danke!"),
    "cancel_several": lambda x: ("Kündigung",
                                 "Bitte kündigen Sie mein Abo, ich habe viel zu viel Kaffee zu Hause."),
    "cancel_none": lambda x: ("Abo beenden",
                              "Bitte das Abo beenden, ich möchte keine Lieferungen mehr."),
    "cancel_tt": lambda x: ("Kündigung Abonnement",
                            "Sehr geehrtes Team,\nhiermit kündige ich mein Kaffee-Abonnement zum nächstmöglichen "
                            "Zeitpunkt.\nMit freundlichen Grüßen"),
    "pf_open": lambda x: ("Zahlung fehlgeschlagen",
                          "Ich habe eine Mail bekommen, dass die Zahlung für mein Abo fehlgeschlagen ist. Die Karte ist "
                          "in Ordnung, was ist da los?"),
    "pf_noopen": lambda x: ("Karte abgelehnt",
                            "hab jetzt 3 mal versucht zu bezahlen, karte wird immer abgelehnt. überall sonst geht sie"),
    "upm_open": lambda x: ("Neue Kreditkarte",
                           "Meine Bank hat mir eine neue Karte geschickt, die alte wurde gesperrt. Wie hinterlege ich "
                           "die neue für mein Abo?"),
    "upm_noopen": lambda x: ("Zahlungsdaten ändern",
                             "Hallo, ich möchte die Karte ändern, über die mein Abo abgerechnet wird. Können Sie mir "
                             "einen Link schicken?"),
    "inv_sub": lambda x: ("Rechnung",
                          "Könnten Sie mir bitte eine Rechnung für die letzte Abo-Zahlung schicken? Brauche ich für "
                          "die Steuer."),
    "inv_oneoff": lambda x: (f"Rechnung zu {x.o}",
                             f"Guten Tag,\nfür meine Buchhaltung benötige ich eine ordentliche Rechnung zu Bestellung "
                             f"{x.o}. Vielen Dank."),
    "dispute": lambda x: ("Rückbuchung",
                          f"Zur Info: ich habe bei meiner Kreditkartenfirma eine Rückbuchung für {x.o} veranlasst. Die "
                          "Ware kam nie an und auf meine Mails hat niemand reagiert."),
    "unknown": lambda x: ("Geld zurück",
                          "Ich will mein Geld zurück, der Kaffee der gestern kam ist der falsche."),
    "unknown_order": lambda x: (f"Bestellung {x.o}",
                                f"Hallo, ich schreibe für meinen Mann – er hat {x.o} für mich bestellt, aber es ist die "
                                "falsche Röstung. Können Sie ihm das auf seine Karte zurückerstatten?"),
    "guest_refund": lambda x: (f"Gastbestellung {x.o}",
                               f"Ich habe ohne Konto bestellt ({x.o}), die Bohnen waren leider alt und ohne Aroma. "
                               "Bitte erstatten."),
    "order_status": lambda x: ("Wo ist meine Bestellung?",
                               f"Bestellung {x.o} vom {x.d} ist immer noch nicht verschickt. Wann kommt die?"),
    "order_thread": lambda x: ("Sendungsnummer", [
        ("c", -72, f"Hallo, gibt es für {x.o} schon eine Sendungsnummer?"),
        ("a", -50, f"Hallo {x.first}, das Paket ist gestern mit DHL rausgegangen, der Link kommt per Mail."),
        ("c", 0, "Die Sendungsverfolgung bewegt sich seit zwei Tagen nicht. Wisst ihr was?")]),
    "other": lambda x: ("Frage zum Mahlgrad",
                        "Welchen Mahlgrad empfehlen Sie für den Yirgacheffe in der French Press? Hab letzte Woche zwei "
                        "Tüten bestellt."),
    "other_unknown": lambda x: ("Großhandel",
                                "Beliefern Sie auch Cafés? Wir eröffnen im Mai eine kleine Kaffeebar in Leipzig."),
    "pf_thread": lambda x: ("Abo-Zahlung", [
        ("c", -48, "Die Zahlung für mein Abo ging nicht durch, können Sie helfen?"),
        ("a", -26, f"Hallo {x.first}, wir schicken Ihnen einen sicheren Link, um die Karte zu aktualisieren."),
        ("c", 0, "Warte immer noch auf den Link…")]),
    "k42_billing_email": lambda x: ("Rechnung auf Firma",
                                    f"Hallo, ich habe {x.o} mit der Firmenkarte bezahlt. Können Sie mir bitte die "
                                    "Rechnung schicken, mit Firmenanschrift?"),
}

ES = {
    "refund_ok": lambda x: ("Reembolso",
                            f"Hola, el espresso del pedido {x.o} sabe a quemado, no hay quien se lo beba. Me gustaría que "
                            f"me devolvierais los {x.a}.\nGracias, {x.first}"),
    "refund_second": lambda x: ("Otra vez yo",
                                f"Hola de nuevo, perdón por escribir otra vez este mes. El café de filtro del pedido "
                                f"{x.o2} llegó con la bolsa rota y los granos sueltos por la caja. ¿Me podéis devolver "
                                "el dinero?"),
    "refund_over_max": lambda x: ("Molinillo roto",
                                  f"Buenas tardes. Al molinillo manual H1 (pedido {x.o}, {x.a}) se le rompió la manivela "
                                  "al segundo uso. Quiero el reembolso completo, no un cambio."),
    "refund_old": lambda x: ("Devolución",
                             f"hola, compré el set de degustación el {x.d} y la verdad es que no me ha gustado ninguno. "
                             f"¿todavía puedo devolverlo y que me reembolséis? pedido {x.o}"),
    "refund_disputed": lambda x: ("Quiero mi dinero",
                                  f"Sigo sin respuesta sobre el pedido {x.o}. El café estaba rancio. Quiero que me "
                                  f"devolváis los {x.a} ya."),
    "refund_already_full": lambda x: (f"Reembolso pedido {x.o}",
                                      f"Por favor, reembolsadme el pedido {x.o}, os devolví el paquete la semana pasada."),
    "refund_partial": lambda x: ("Solo me devolvisteis la mitad",
                                 f"Del pedido {x.o} me habéis reembolsado solo {x.a}, una bolsa, pero las dos de "
                                 "Yirgacheffe tenían moho (os mandé fotos). Devolvedme el resto, por favor."),
    "refund_by_order": lambda x: (f"Reembolso del pedido {x.o}",
                                  "Buenos días, tengo dos pedidos con vosotros. El que quiero que me reembolséis es el "
                                  f"{x.o}: molienda equivocada, pedí grano entero. El otro está bien."),
    "refund_by_amount": lambda x: ("producto equivocado",
                                   f"me llego descafeinado en vez del espresso q pagué, {x.a}. devolvedme el dinero y ya, "
                                   "no hace falta q me mandeis otro"),
    "refund_by_date": lambda x: ("Reembolso",
                                 f"¿Podríais devolverme el importe del pedido del {x.d}? Los granos estaban muy pasados "
                                 "de fecha de tueste."),
    "refund_tt_refunded_later": lambda x: ("Paquete aplastado",
                                           f"El paquete del pedido {x.o} llegó aplastado y media bolsa de café estaba "
                                           "suelta por la caja. Quisiera un reembolso, por favor."),
    "refund_tt_disputed_later": lambda x: ("devolución",
                                           f"Buenas, el café del pedido {x.o} no nos ha convencido nada, demasiado "
                                           "ácido. ¿Me podéis devolver el importe?"),
    "status_with": lambda x: ("Estado del reembolso",
                              f"Hola, ¿ya está hecho el reembolso del pedido {x.o}? Todavía no lo veo en la cuenta."),
    "status_without": lambda x: ("¿Y mi reembolso?",
                                 f"Devolví el pedido {x.o} hace dos semanas. ¿¿Cuándo me vais a devolver el dinero??"),
    "status_thread": lambda x: ("Reembolso no recibido", [
        ("c", -96, f"Me dijisteis que me reembolsaríais el pedido {x.o} pero en la tarjeta no me ha llegado nada."),
        ("a", -70, f"Hola {x.first}, el reembolso se emitió el {x.rd}. Según el banco puede tardar de 5 a 10 días "
                   "hábiles en aparecer."),
        ("c", 0, "¿Alguna novedad? Sigo sin verlo en el extracto.")]),
    "dup_within": lambda x: ("¡Cobro duplicado!",
                             f"Solo le di una vez a pagar pero en la tarjeta me aparecen dos cargos de {x.a} del pedido "
                             f"{x.o}. Solucionadlo, por favor."),
    "dup_outside": lambda x: ("¿cargo doble?",
                              f"hola, veo dos cargos vuestros de {x.a} el {x.d}. creo que solo hice un pedido, no?"),
    "dup_over_max": lambda x: ("Cobro doble de la cafetera",
                               f"Me habéis cobrado DOS VECES la Berg Duo del pedido {x.o}, {x.a} cada una. ¡Casi mil "
                               "trescientos euros en la tarjeta! Anulad uno de los cargos inmediatamente."),
    "unrec_match": lambda x: ("¿Qué es este cargo?",
                              f"En el extracto de la tarjeta me aparece ROESTEREI BERG por {x.a}. No recuerdo haber "
                              "comprado nada, ¿qué es?"),
    "unrec_none": lambda x: ("Cargo que no reconozco",
                             f"Tengo cuenta en vuestra tienda pero nunca he comprado nada. ¿Por qué me habéis cobrado "
                             f"{x.a}?"),
    "cac_refund": lambda x: ("Me cobrasteis después de cancelar",
                             f"Cancelé mi suscripción de café el {x.cd} y aun así el {x.d} me cobrasteis {x.a}. Quiero "
                             "que me lo devolváis."),
    "cac_nocancel": lambda x: ("Me seguís cobrando",
                               "¿Por qué me seguís cobrando la suscripción? ¡La cancelé hace semanas!"),
    "cancel_one": lambda x: ("Cancelar suscripción",
                             "Hola, por favor cancelad mi suscripción mensual de café. Me mudo fuera. ¡Gracias por todo!"),
    "cancel_several": lambda x: ("Baja",
                                 "Quiero darme de baja de la suscripción, tengo demasiado café en casa."),
    "cancel_none": lambda x: ("Cancelar",
                              "Por favor, cancelad la suscripción, no quiero recibir más envíos."),
    "cancel_tt": lambda x: ("Baja de la suscripción",
                            "Buenas, ¿me podéis dar de baja de la suscripción de café? Este año toca apretarse el "
                            "cinturón."),
    "pf_open": lambda x: ("Pago fallido",
                          "Me ha llegado un correo diciendo que el pago de mi suscripción ha fallado. La tarjeta "
                          "funciona bien, ¿qué pasa?"),
    "pf_noopen": lambda x: ("tarjeta rechazada",
                            "he intentado pagar 3 veces y me rechaza la tarjeta. en otros sitios funciona perfectamente"),
    "upm_open": lambda x: ("Tarjeta nueva",
                           "El banco me ha mandado una tarjeta nueva porque bloquearon la anterior. ¿Cómo la pongo para "
                           "la suscripción?"),
    "upm_noopen": lambda x: ("Cambiar tarjeta",
                             "Hola, quiero cambiar la tarjeta con la que se paga mi suscripción. ¿Me mandáis un enlace?"),
    "inv_sub": lambda x: ("Factura",
                          "¿Me podéis enviar la factura del último pago de la suscripción? La necesito para la "
                          "declaración."),
    "inv_oneoff": lambda x: (f"Factura pedido {x.o}",
                             f"Buenos días, necesito una factura completa del pedido {x.o} para mi gestoría. Gracias."),
    "dispute": lambda x: ("Reclamación al banco",
                          f"Os aviso de que he abierto una reclamación con mi banco por el pedido {x.o}. Nunca llegó y "
                          "no me habéis contestado."),
    "unknown": lambda x: ("cobro doble",
                          "me habeis cobrado dos veces!!! devolvedme uno ya"),
    "unknown_order": lambda x: (f"Pedido {x.o}",
                                f"Hola, escribo de parte de mi madre, que hizo el pedido {x.o} y no se maneja con el "
                                "correo. El café llegó con la bolsa rota. ¿Se lo podéis reembolsar?"),
    "guest_invoice": lambda x: ("Factura compra sin cuenta",
                                f"Compré sin registrarme (pedido {x.o}). ¿Me podéis enviar la factura o el recibo?"),
    "order_status": lambda x: ("¿Dónde está mi pedido?",
                               f"El pedido {x.o} es del {x.d} y todavía no se ha enviado. ¿Cuándo llega?"),
    "order_thread": lambda x: ("Seguimiento", [
        ("c", -72, f"Hola, ¿tenéis número de seguimiento del pedido {x.o}?"),
        ("a", -50, f"Hola {x.first}, salió ayer con SEUR, te llega el enlace por correo."),
        ("c", 0, "El seguimiento lleva dos días sin moverse. ¿Sabéis algo?")]),
    "other": lambda x: ("Pregunta",
                        "¿Qué molienda me recomendáis para el Yirgacheffe en cafetera italiana?"),
    "other_unknown": lambda x: ("Colaboración",
                                "Hola, tenemos un canal de YouTube sobre café de especialidad. ¿Os interesaría hacer "
                                "una colaboración?"),
    "pf_thread": lambda x: ("Pago de la suscripción", [
        ("c", -48, "El pago de mi suscripción no se ha podido hacer, ¿me ayudáis?"),
        ("a", -26, f"Hola {x.first}, te enviamos un enlace seguro para actualizar la tarjeta."),
        ("c", 0, "Sigo esperando el enlace...")]),
    "k42_pending_auth": lambda x: ("Me sale el cargo dos veces",
                                   f"En la app del banco me salen dos cargos de {x.a} del pedido {x.o}, uno como "
                                   "pendiente. ¿Me habéis cobrado dos veces?"),
}

FR = {
    "refund_ok": lambda x: ("Remboursement",
                            f"Bonjour, l'espresso de la commande {x.o} a un goût de brûlé, franchement imbuvable. Je "
                            f"souhaiterais être remboursée des {x.a}.\nMerci, {x.first}"),
    "refund_second": lambda x: ("Encore moi",
                                f"Re-bonjour, désolée de vous réécrire ce mois-ci : le café filtre de la commande {x.o2} "
                                "est arrivé avec le sachet déchiré, les grains éparpillés dans le carton. Pouvez-vous "
                                "me rembourser ?"),
    "refund_over_max": lambda x: ("Moulin cassé",
                                  f"Madame, Monsieur,\nla manivelle du moulin manuel H1 (commande {x.o}, {x.a}) a cassé "
                                  "à la deuxième utilisation. Je demande le remboursement intégral, pas un échange."),
    "refund_old": lambda x: ("Retour",
                             f"bonjour, j'ai commandé le coffret dégustation le {x.d} et honnêtement aucun café ne m'a "
                             f"plu. je peux encore le retourner et être remboursé ? commande {x.o}"),
    "refund_disputed": lambda x: ("Je veux être remboursé",
                                  f"Toujours aucune réponse pour la commande {x.o}. Le café était éventé. Remboursez-moi "
                                  f"les {x.a}, merci."),
    "refund_already_full": lambda x: (f"Remboursement commande {x.o}",
                                      f"Merci de rembourser la commande {x.o}, j'ai renvoyé le colis la semaine dernière."),
    "refund_partial": lambda x: ("Remboursement partiel ??",
                                 f"Vous ne m'avez remboursé que {x.a} sur la commande {x.o}, soit un seul sachet, alors "
                                 "que les deux paquets de Yirgacheffe étaient moisis (photos envoyées). Merci de "
                                 "rembourser le reste."),
    "refund_by_order": lambda x: (f"Rembourser la commande {x.o}",
                                  "Bonjour, j'ai deux commandes chez vous. Celle à rembourser est la "
                                  f"{x.o} : mauvaise mouture, j'avais demandé des grains entiers. La plus récente est "
                                  "très bien."),
    "refund_by_amount": lambda x: ("erreur de produit",
                                   f"recu du décaféiné au lieu de l'espresso payé {x.a}. remboursez moi svp, pas besoin "
                                   "de renvoyer"),
    "refund_by_date": lambda x: ("Demande de remboursement",
                                 f"Pourriez-vous me rembourser la commande du {x.d} ? Les grains avaient largement "
                                 "dépassé leur date de torréfaction."),
    "refund_tt_refunded_later": lambda x: ("Colis écrasé",
                                           f"Le colis de la commande {x.o} est arrivé complètement écrasé, la moitié des "
                                           "grains en vrac dans le carton. Je voudrais un remboursement s'il vous plaît."),
    "cac_cancelled_later": lambda x: ("Prélevé après résiliation",
                                      f"J'ai résilié mon abonnement café et vous m'avez quand même prélevé {x.a} le "
                                      f"{x.d} ! Je veux être remboursé."),
    "status_with": lambda x: ("Suivi de remboursement",
                              f"Bonjour, le remboursement de la commande {x.o} a-t-il été effectué ? Je ne vois rien sur "
                              "mon compte."),
    "status_without": lambda x: ("Mon remboursement ?",
                                 f"J'ai renvoyé la commande {x.o} il y a deux semaines. Quand est-ce que je suis "
                                 "remboursée ???"),
    "status_thread": lambda x: ("Remboursement pas reçu", [
        ("c", -96, f"On m'a promis un remboursement pour la commande {x.o} mais je n'ai rien reçu sur ma carte."),
        ("a", -70, f"Bonjour {x.first}, le remboursement a été émis le {x.rd}. Selon les banques, il faut compter 5 à "
                   "10 jours ouvrés."),
        ("c", 0, "Du nouveau ? Toujours rien sur mon relevé.")]),
    "dup_within": lambda x: ("Débité deux fois !",
                             f"Je n'ai cliqué qu'une fois sur payer mais ma carte a été débitée deux fois de {x.a} pour "
                             f"la commande {x.o}. Merci de corriger."),
    "dup_outside": lambda x: ("double prélèvement ?",
                              f"bonjour, je vois deux prélèvements de {x.a} chez vous le {x.d}. je croyais n'avoir "
                              "commandé qu'une fois ?"),
    "dup_over_max": lambda x: ("Machine débitée deux fois",
                               f"Votre site m'a débité DEUX FOIS la Berg Duo (commande {x.o}), {x.a} chacune. Près de "
                               "mille trois cents euros sur ma carte ! Annulez immédiatement l'un des deux paiements."),
    "unrec_match": lambda x: ("C'est quoi ce prélèvement ?",
                              f"Sur mon relevé de carte il y a ROESTEREI BERG pour {x.a}. Je ne me souviens pas d'avoir "
                              "acheté quoi que ce soit. De quoi s'agit-il ?"),
    "unrec_none": lambda x: ("Paiement inconnu",
                             f"J'ai un compte chez vous mais je n'ai jamais rien acheté. Pourquoi ai-je été débité de "
                             f"{x.a} ?"),
    "cac_refund": lambda x: ("Débité après résiliation",
                             f"J'ai résilié mon abonnement le {x.cd} et vous m'avez quand même prélevé {x.a} le {x.d}. "
                             "Je veux être remboursé."),
    "cac_nocancel": lambda x: ("Toujours prélevé",
                               "Pourquoi je suis encore prélevé pour l'abonnement ? Je l'ai résilié il y a des semaines !!"),
    "cancel_one": lambda x: ("Résilier l'abonnement",
                             "Bonjour, merci de résilier mon abonnement café mensuel. Je déménage à l'étranger. Merci !"),
    "cancel_several": lambda x: ("Résiliation",
                                 "Je voudrais arrêter mon abonnement, j'ai beaucoup trop de café à la maison."),
    "cancel_none": lambda x: ("Arrêter l'abonnement",
                              "Merci d'arrêter l'abonnement, je ne veux plus de livraisons."),
    "cancel_tt": lambda x: ("Résiliation abonnement",
                            "Madame, Monsieur,\nje souhaite résilier mon abonnement café dès que possible.\n"
                            "Cordialement"),
    "pf_open": lambda x: ("Paiement échoué",
                          "J'ai reçu un mail disant que le paiement de mon abonnement a échoué. Ma carte marche très "
                          "bien, que se passe-t-il ?"),
    "pf_noopen": lambda x: ("carte refusée",
                            "j'ai essayé de payer 3 fois, ma carte est refusée à chaque fois. elle marche partout ailleurs"),
    "upm_open": lambda x: ("Nouvelle carte",
                           "Ma banque m'a envoyé une nouvelle carte après une fraude. Comment je la mets à jour pour "
                           "mon abonnement ?"),
    "upm_noopen": lambda x: ("Changer de carte",
                             "Bonjour, je voudrais changer la carte utilisée pour mon abonnement. Vous pouvez m'envoyer "
                             "un lien ?"),
    "inv_sub": lambda x: ("Facture",
                          "Pourriez-vous m'envoyer la facture du dernier prélèvement de l'abonnement ? C'est pour ma "
                          "note de frais."),
    "inv_oneoff": lambda x: (f"Facture commande {x.o}",
                             f"Bonjour, j'ai besoin d'une facture en bonne et due forme pour la commande {x.o}, pour "
                             "mon comptable. Merci."),
    "dispute": lambda x: ("Opposition bancaire",
                          f"Je vous informe que j'ai contesté le paiement de la commande {x.o} auprès de ma banque. Je "
                          "n'ai jamais reçu le colis et vous ne répondez pas."),
    "unknown": lambda x: ("Prélèvement",
                          "Pourquoi vous m'avez prélevé ? je n'ai rien commandé chez vous"),
    "unknown_order": lambda x: (f"Commande {x.o}",
                                f"Bonjour, je vous écris pour mon père qui a passé la commande {x.o}. Il a reçu le "
                                "mauvais café. Pouvez-vous le rembourser sur sa carte ?"),
    "guest_pf": lambda x: ("Paiement refusé",
                           "J'ai voulu commander sans créer de compte et le paiement a été refusé. Qu'est-ce que je "
                           "dois faire ?"),
    "order_status": lambda x: ("Où est ma commande ?",
                               f"La commande {x.o} date du {x.d} et n'est toujours pas expédiée. Elle arrive quand ?"),
    "order_thread": lambda x: ("Suivi colis", [
        ("c", -72, f"Bonjour, avez-vous un numéro de suivi pour la commande {x.o} ?"),
        ("a", -50, f"Bonjour {x.first}, le colis est parti hier avec Colissimo, le lien arrive par mail."),
        ("c", 0, "Le suivi ne bouge plus depuis deux jours. Des nouvelles ?")]),
    "other": lambda x: ("Question mouture",
                        "Quelle mouture conseillez-vous pour le Yirgacheffe en cafetière à piston ?"),
    "other_unknown": lambda x: ("Cadeaux d'entreprise",
                                "Bonjour, proposez-vous des coffrets personnalisés pour des cadeaux d'entreprise ? Il "
                                "nous en faudrait une cinquantaine pour décembre."),
    "pf_thread": lambda x: ("Paiement abonnement", [
        ("c", -48, "Le paiement de mon abonnement n'est pas passé, vous pouvez m'aider ?"),
        ("a", -26, f"Bonjour {x.first}, nous vous envoyons un lien sécurisé pour mettre à jour votre carte."),
        ("c", 0, "J'attends toujours le lien…")]),
    "k42_partial_over_max": lambda x: ("Reste du remboursement",
                                       f"Vous m'avez remboursé {x.a} sur le moulin (commande {x.o}) alors que je l'ai "
                                       "renvoyé en entier. Merci de rembourser la différence."),
}

ZH = {
    "refund_ok": lambda x: ("退款",
                            f"你好，订单{x.on}的意式咖啡豆有一股焦糊味，实在喝不下去。麻烦把{x.a}退给我，谢谢。"),
    "refund_second": lambda x: ("又是我",
                                f"不好意思这个月又来麻烦你们了：订单{x.on2}的滤泡咖啡到的时候袋子破了，豆子撒了一箱子。"
                                "能退款吗？"),
    "refund_over_max": lambda x: ("磨豆机坏了",
                                  f"你们好，我买的H1手摇磨豆机（订单{x.on}，{x.a}）才用第二次摇柄就断了。我要全额退款，不要换货。"),
    "refund_old": lambda x: ("退货",
                             f"你好，我{x.d}买的品鉴套装，说实话没有一款喜欢的。现在还能退吗？订单号{x.on}"),
    "refund_disputed": lambda x: ("要求退款",
                                  f"订单{x.on}的事到现在都没人回复。咖啡豆是陈的，有股霉味。请把{x.a}退给我。"),
    "refund_already_full": lambda x: (f"订单{x.on}退款",
                                      f"请给订单{x.on}退款，包裹上周已经寄回去了。"),
    "refund_partial": lambda x: ("只退了一半？",
                                 f"订单{x.on}你们只退了{x.a}，也就是一袋的钱，可是两袋耶加雪菲都发霉了（照片都发过了）。剩下的也请退给我。"),
    "refund_by_order": lambda x: (f"订单{x.on}退款",
                                  f"您好，我在你们这儿有两个订单。需要退款的是{x.o}：研磨度弄错了，我要的是整豆。新的那个订单没问题。"),
    "refund_by_amount": lambda x: ("发错货",
                                   f"收到的是低因的，不是我花{x.a}买的意式豆。直接退款吧，不用补发了"),
    "refund_by_date": lambda x: ("申请退款",
                                 f"麻烦把我{x.d}那笔订单退一下款，豆子早就过了烘焙日期了。"),
    "refund_tt_refunded_later": lambda x: ("包裹压坏了",
                                           f"订单{x.on}的包裹到的时候完全被压扁了，一半的豆子散在箱子里。我想申请退款。"),
    "refund_tt_disputed_later": lambda x: ("退钱",
                                           f"订单{x.on}的咖啡我们家都不喜欢，太酸了。可以退款吗？"),
    "status_with": lambda x: ("退款进度",
                              f"你好，请问订单{x.on}的退款已经处理了吗？我账户里还没看到。"),
    "status_without": lambda x: ("退款呢？",
                                 f"订单{x.on}两周前就寄回去了，钱什么时候退给我？？"),
    "status_thread": lambda x: ("退款没收到", [
        ("c", -96, f"说好给我退订单{x.on}的款，可是卡上什么都没收到。"),
        ("a", -70, f"{x.first}您好，退款已于{x.rd}发出，银行一般需要5到10个工作日到账。"),
        ("c", 0, "有进展吗？账单上还是没有。")]),
    "dup_within": lambda x: ("重复扣款！",
                             f"我只点了一次付款，信用卡却被扣了两次{x.a}，都是订单{x.on}的。请尽快处理！"),
    "dup_outside": lambda x: ("扣了两次？",
                              f"你好，我看到{x.d}你们扣了我两次{x.a}。我记得只下了一单啊？"),
    "dup_over_max": lambda x: ("咖啡机被扣了两次款",
                               f"你们的结账页面把Berg Duo咖啡机（订单{x.on}）扣了我两次，每次{x.a}！卡上一下少了一千多美元，"
                               "请马上撤销其中一笔。"),
    "unrec_match": lambda x: ("这笔扣款是什么？",
                              f"信用卡账单上有一笔ROESTEREI BERG的{x.a}，我不记得买过东西，这是什么？"),
    "unrec_none": lambda x: ("不明扣款",
                             f"我在你们网站注册过账号，但从来没买过东西。为什么扣了我{x.a}？"),
    "cac_refund": lambda x: ("取消后还扣款",
                             f"我{x.cd}就取消了咖啡订阅，你们{x.d}还是扣了我{x.a}，请退给我。"),
    "cac_nocancel": lambda x: ("还在扣费",
                               "为什么订阅还在扣钱？！我几个星期前就取消了！！"),
    "cancel_one": lambda x: ("取消订阅",
                             "你好，请帮我取消每月的咖啡订阅，我要搬去国外了。谢谢！"),
    "cancel_several": lambda x: ("取消",
                                 "请取消我的订阅，家里咖啡太多了喝不完。"),
    "cancel_none": lambda x: ("停止订阅",
                              "请停掉订阅，我不想再收到货了。"),
    "cancel_tt": lambda x: ("退订",
                            "您好，麻烦帮我退订咖啡订阅，今年要省钱了。"),
    "pf_open": lambda x: ("付款失败",
                          "收到邮件说我的订阅付款失败了。卡明明没问题，怎么回事？"),
    "pf_noopen": lambda x: ("卡被拒",
                            "试了三次付款，卡一直被拒。别的地方都能用"),
    "upm_open": lambda x: ("换了新卡",
                           "银行给我换了张新卡，旧卡被盗刷冻结了。订阅怎么换成新卡？"),
    "upm_noopen": lambda x: ("更新付款方式",
                             "你好，我想换一张卡来付订阅的钱，可以发个链接给我吗？"),
    "inv_sub": lambda x: ("发票",
                          "可以把最近一次订阅扣款的发票发给我吗？公司报销要用。"),
    "inv_oneoff": lambda x: (f"订单{x.on}的发票",
                             f"您好，我需要订单{x.on}的正式发票，给会计做账用。谢谢。"),
    "dispute": lambda x: ("拒付",
                          f"告诉你们一声，我已经向信用卡公司申请了订单{x.on}的拒付。货一直没到，你们也不回复。"),
    "unknown": lambda x: ("退款",
                          "咖啡收到了但是寄错了，我要退款。"),
    "unknown_order": lambda x: (f"订单{x.on}",
                                f"你好，我替我老公写的，他下了订单{x.on}送我，但是烘焙度不对。能退到他的卡上吗？"),
    "guest_refund": lambda x: ("游客订单退款",
                               f"我没注册，是用游客身份下单的（订单{x.on}），豆子不新鲜。请退款。"),
    "order_status": lambda x: ("我的订单在哪？",
                               f"订单{x.on}是{x.d}下的，到现在还没发货，什么时候能到？"),
    "order_thread": lambda x: ("物流", [
        ("c", -72, f"你好，订单{x.on}有快递单号了吗？"),
        ("a", -50, f"{x.first}您好，包裹昨天已经通过DHL发出，物流链接会发到您的邮箱。"),
        ("c", 0, "物流信息两天没更新了，有消息吗？")]),
    "other": lambda x: ("研磨度问题",
                        "耶加雪菲用手冲的话，推荐什么研磨度？"),
    "other_unknown": lambda x: ("代理合作",
                                "你们好，我们想在上海代理你们的咖啡豆，请问怎么合作？"),
    "pf_thread": lambda x: ("订阅付款", [
        ("c", -48, "我的订阅付款没成功，能帮忙看一下吗？"),
        ("a", -26, f"{x.first}您好，我们会给您发一个更新银行卡的安全链接。"),
        ("c", 0, "还在等那个链接……")]),
    "k42_already_set": lambda x: ("确认取消订阅",
                                  "我上周在网站上点了取消订阅，能帮我确认一下吗？以后别再扣款了。"),
}

LANGS = [
    # code, texts, default API version, variants
    ("en", EN, API25, {"k12": "last4", "k27_paid_later": False, "k33_later": False, "k34_intent": "refund_request",
                       "k36": "refund", "k42": "account_in_message"}),
    ("de", DE, API24, {"k12": "dispute_later", "k27_paid_later": True, "k33_later": False,
                       "k34_intent": "refund_request", "k36": "refund_receipt_email", "k42": "billing_email"}),
    ("es", ES, API24, {"k12": "dispute_later", "k27_paid_later": True, "k33_later": True,
                       "k34_intent": "duplicate_charge", "k36": "invoice", "k42": "pending_auth"}),
    ("fr", FR, API25, {"k12": "cac_later", "k27_paid_later": False, "k33_later": False,
                       "k34_intent": "unrecognized_charge", "k36": "payment_failed", "k42": "partial_over_max"}),
    ("zh", ZH, API25, {"k12": "dispute_later", "k27_paid_later": True, "k33_later": False,
                       "k34_intent": "refund_request", "k36": "refund", "k42": "already_set"}),
]
T0 = utc(2026, 2, 2)


def build(order_map):
    w = World(order_map)
    # Catalogue events: stored by paydesk, not mirrored.
    for key, (title, prices) in sorted(P.items()):
        w.emit("product.created", T0 - 200 * D, {"id": f"prod_rb_{key}", "object": "product", "name": title,
                                                  "active": True, "created": T0 - 200 * D}, API24)
    for key, (title, prices) in sorted(PLANS.items()):
        w.emit("product.created", T0 - 200 * D, {"id": f"prod_rb_{key}", "object": "product", "name": title,
                                                  "active": True, "created": T0 - 200 * D}, API24)
        for cur, amount in sorted(prices.items()):
            w.emit("price.created", T0 - 200 * D + 60, {"id": f"price_rb_{key}_{cur}", "object": "price",
                                                        "currency": cur, "unit_amount": amount,
                                                        "product": f"prod_rb_{key}", "active": True,
                                                        "recurring": {"interval": "month", "interval_count": 1},
                                                        "created": T0 - 200 * D + 60}, API24)
    langs = []
    for i, (code, texts, api, alt) in enumerate(LANGS):
        # Languages alternate API versions per customer: every other customer uses the other shape.
        L = Lang(w, code, texts, api)
        scenarios(L, T0 + i * 2 * H, alt)
        langs.append(L)
    return w, langs


def main():
    w, _ = build(None)
    order = sorted(w.order_log, key=lambda x: (x[1], x[0]))
    order_map = {idx: f"#{1001 + rank}" for rank, (idx, _) in enumerate(order)}
    w, langs = build(order_map)

    # Events: chronological, ids in that order, then a few delivered out of order.
    evs = sorted(w.events, key=lambda e: (e[0], e[1]))
    lines = []
    for n, (created, _, etype, obj, api) in enumerate(evs, 1):
        lines.append({"id": f"evt_rb{n:05d}", "object": "event", "api_version": api, "created": created,
                      "type": etype, "livemode": False, "pending_webhooks": 1,
                      "request": {"id": None if etype.startswith(("invoice", "customer.subscription.updated"))
                                  else f"req_rb{n:05d}", "idempotency_key": None},
                      "data": {"object": obj}})
    for k in range(40, len(lines) - 1, 97):  # webhooks overtake each other now and then
        lines[k], lines[k + 1] = lines[k + 1], lines[k]
    assert len({e["id"] for e in lines}) == len(lines)
    write_jsonl("events.jsonl", lines)

    # Tickets and expectations: ids per language in time order; the file in time order.
    all_tickets = []
    for L in langs:
        L.tickets.sort(key=lambda x: x[0])
        for n, (t, ticket, exp) in enumerate(L.tickets, 1):
            ticket["id"] = f"t-{L.code}-{n:03d}"
            all_tickets.append((t, ticket, exp))
    all_tickets.sort(key=lambda x: (x[0], x[1]["id"]))
    write_jsonl("tickets.jsonl", [tk for _, tk, _ in all_tickets])
    expected = []
    for _, tk, exp in all_tickets:
        expected.append({"ticket_id": tk["id"], "language": exp["language"], "intent": exp["intent"],
                         "outcome": exp["outcome"], "team": exp["team"], "customer": exp["customer"],
                         "actions": exp["actions"]})
        CASES.append((tk["id"], exp["kind"]))
    write_jsonl("expected.jsonl", expected)

    # Shopify orders, final state.
    orders = []
    for name, o in sorted(w.orders.items(), key=lambda kv: int(kv[0][1:])):
        first = o["charges"][0]
        paid_charge = next((c for c in o["charges"] if c.status == "succeeded"), None)
        if paid_charge is None:
            continue  # a checkout that never got paid is not an order in Shopify
        refunded = paid_charge.refunded
        status = "refunded" if refunded >= paid_charge.amount else "partially_refunded" if refunded else "paid"
        num = int(name[1:])
        dec = lambda m: f"{m // 100}.{m % 100:02d}" if o["currency"] != "jpy" else f"{m}"
        orders.append({"id": 5550000 + num, "name": name, "order_number": num, "email": o["email"],
                       "created_at": iso(paid_charge.created - 60), "processed_at": iso(paid_charge.created),
                       "currency": o["currency"].upper(), "total_price": dec(o["total"]),
                       "subtotal_price": dec(o["total"] - o["shipping"]), "financial_status": status,
                       "fulfillment_status": "fulfilled" if o["fulfilled"] else None,
                       "gateway": "stripe", "note_attributes": [{"name": "stripe_payment_intent",
                                                                 "value": paid_charge.pi}],
                       "customer": {"email": o["email"], **split_name(first.name)},
                       "line_items": [{"title": title, "quantity": q, "price": dec(u), "sku":
                                       "RB-" + title.split(" ")[0][:4].upper()} for title, q, u in o["lines"]]})
    write_jsonl("orders.jsonl", orders)

    write_text("policy.toml", POLICY)
    os.makedirs(os.path.join(HERE, "kb"), exist_ok=True)
    for fname, text in KB.items():
        write_text(os.path.join("kb", fname), text)

    counts = defaultdict(int)
    for e in expected:
        counts[e["language"]] += 1
    print(f"{len(lines)} events, {len(all_tickets)} tickets ({dict(counts)}), {len(orders)} orders")
    if "--cases" in sys.argv:
        for tid, kind in sorted(CASES):
            print(tid, kind)


CASES = []


def split_name(name):
    if " " not in name:  # 王芳: family name first
        return {"first_name": name[1:], "last_name": name[:1]}
    first, last = name.split(" ", 1)
    return {"first_name": first, "last_name": last}


def write_jsonl(name, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_text(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(text)


POLICY = """\
# Rösterei Berg — paydesk policy.
#
# This is paydesk's default policy with every key written out: deleting this
# file (or any key in it) changes nothing. Amounts are in minor units of the
# currency (cents, pence; JPY has none). A currency that is missing from a
# max_amount table is never handled automatically — Rösterei Berg's one
# customer paying in yen is always passed to a person.

[identity]
# Act (refund, cancel, send a link) only when the ticket comes from the email
# address of the Stripe customer, or of the payment (billing or receipt email).
# Someone who only quotes an order number is sent to billing instead.
require_email_match = true

[refunds]
# Refund on request without asking anyone, within the limits below.
auto = true
# Largest automatic refund per currency (50.00 EUR / USD / GBP).
max_amount = { usd = 5000, eur = 5000, gbp = 5000 }
# The charge must be at most this many days old at the ticket's time.
max_age_days = 30
# How many automatic refunds one customer may already have had in the last
# 90 days; at this number the next request goes to billing.
max_per_customer_90d = 1

[duplicates]
# Two succeeded charges of the same customer, amount and currency at most
# this far apart count as a duplicate; the later one is refunded.
window_minutes = 60
# Largest duplicate refunded automatically (500.00 — enough for a grinder,
# not for the Berg Duo espresso machine).
max_amount = { usd = 50000, eur = 50000, gbp = 50000 }

[subscriptions]
# "period_end": the customer keeps what they paid for until the period ends;
# "immediately": stop now.
cancel_mode = "period_end"
# Refund an invoice paid after the customer cancelled.
refund_after_cancel = true
"""

KB = {
    "refunds.md": """\
# Refunds and returns

- Unopened coffee can be sent back within 30 days of delivery. Opened bags are
  refunded when something is wrong with them: stale, mouldy, burnt, the wrong
  roast or grind, or damaged in transit. A photo helps but is not required.
- Refunds go back to the card used for the order. Stripe sends them at once;
  the bank usually shows them within 5–10 business days.
- Refunds of more than 50 € / $50 / £50, of orders older than 30 days, and a
  second refund for the same customer within 90 days are checked by our
  billing team first. So is anything paid in a currency other than EUR, USD or
  GBP.
- If you have opened a dispute (chargeback) with your bank, we cannot refund
  the same payment as well: the bank decides. Our disputes team answers within
  two business days.
- Charged twice for one order? If the two payments are minutes apart we refund
  the second one straight away. A payment shown as "pending" next to a paid one
  is usually a card check that disappears by itself within a few days.
""",
    "shipping.md": """\
# Shipping

- We roast on Mondays and Thursdays and ship within two working days of
  roasting. Orders placed after Wednesday noon go out with the Monday roast.
- Germany: DHL, 1–2 days. EU: DHL / local post, 3–6 days. UK, US, China and
  Japan: DHL Express, 4–8 days; import duties are the customer's.
- Shipping is free from 30 €; below that it costs 4,90 €.
- Tracking links are emailed when the parcel leaves. If tracking has not moved
  for three working days, write to us with your order number (#10xx) and we
  open a claim with the carrier.
- A parcel that arrives damaged: keep the box, send us a photo, we refund or
  re-send, as you prefer.
""",
    "subscriptions.md": """\
# Subscriptions

- Röster-Abo: two 250 g bags of the current roast every month, 29 € / $32 /
  £26. Espresso-Abo: 1 kg Espresso Classico every month, 19 € / $21 / £17.
- Billing is monthly through Stripe on the day you subscribed. Invoices are
  available as a link (with PDF) for every payment.
- Cancelling stops the subscription at the end of the period you have already
  paid for: you still get that month's delivery and are not charged again.
- If a payment was taken after you cancelled, we refund it.
- When a renewal fails, Stripe retries the card a few times over the following
  days. You can update your card and pay the open invoice with the secure link
  we send; nothing is lost in the meantime.
""",
    "payments.md": """\
# Payments and invoices

- We take cards (Visa, Mastercard, Amex, Discover) through Stripe. Your
  statement shows ROESTEREI BERG.
- Every payment has a receipt; subscription payments also have an invoice.
  Business customers can ask for an invoice with their company address.
- A declined card is decided by the card's bank, not by us. Common reasons:
  online payments disabled, a limit reached, or a 3-D Secure check that was not
  completed. Trying another card or contacting the bank usually helps.
- Guest checkout is possible: we then know you only by the email you entered
  at checkout, so please write from that address.
""",
}

if __name__ == "__main__":
    main()
