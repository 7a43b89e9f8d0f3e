//! An in-memory mirror, readable as of any instant: what `simulate` replays
//! tickets against. Same rule as the store: the state of an object as of `t`
//! is its version with the greatest (`created`, rank, event id) at or before `t`.
//!
//! Built for a million events in a few hundred megabytes: each object keeps
//! its versions in one buffer, each as the JSON array of its field values
//! (decoded when read),
//! ids are numbered once, and a world told the instants it will be read at
//! ([`World::with_horizon`]) keeps only the versions one of them can see.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::event::EventEnvelope;
use crate::history::Snapshot;
use crate::objects::ObjectType;
use crate::version::{ObjectState, states_of_event};

/// Every version of one object: records `[created i64][rank i64][id len u8][json len u32][event id][json]`.
#[derive(Default)]
struct Object {
    kind: Option<ObjectType>,
    sorted: bool,
    /// Where the last record starts.
    last: u32,
    data: Vec<u8>,
}

const HEAD: usize = 21;

/// One record of an object's buffer.
struct Record<'a> {
    created: i64,
    rank: i64,
    event: &'a [u8],
    json: &'a [u8],
}

impl Record<'_> {
    fn key(&self) -> (i64, i64, &[u8]) {
        (self.created, self.rank, self.event)
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.created.to_le_bytes());
        out.extend_from_slice(&self.rank.to_le_bytes());
        out.push(self.event.len() as u8);
        out.extend_from_slice(&(self.json.len() as u32).to_le_bytes());
        out.extend_from_slice(self.event);
        out.extend_from_slice(self.json);
    }
}

fn records(data: &[u8]) -> impl Iterator<Item = Record<'_>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let head = data.get(at..at + HEAD)?;
        let num =
            |r: std::ops::Range<usize>| i64::from_le_bytes(head[r].try_into().unwrap_or_default());
        let event_len = usize::from(head[16]);
        let json_len = u32::from_le_bytes(head[17..21].try_into().unwrap_or_default()) as usize;
        let event = &data[at + HEAD..at + HEAD + event_len];
        let json = &data[at + HEAD + event_len..at + HEAD + event_len + json_len];
        at += HEAD + event_len + json_len;
        Some(Record {
            created: num(0..8),
            rank: num(8..16),
            event,
            json,
        })
    })
}

/// One object state of an event, ready to add: computed without the world, so
/// events can be prepared on several threads and added in file order.
pub struct PreparedState {
    kind: ObjectType,
    id: String,
    created: i64,
    rank: i64,
    customer: Option<String>,
    parent: Option<String>,
    email: Option<String>,
    order: Option<String>,
    json: String,
}

/// The object states one event shows (see [`World::prepare`]).
pub struct PreparedEvent {
    id: String,
    states: Vec<PreparedState>,
}

/// Every state of every mirrored object, indexed for linking.
#[derive(Default)]
pub struct World {
    numbers: HashMap<Box<str>, u32>,
    objects: Vec<Object>,
    by_customer: HashMap<u32, Vec<u32>>,
    by_parent: HashMap<u32, Vec<u32>>,
    by_email: HashMap<Box<str>, Vec<u32>>,
    by_order: HashMap<Box<str>, Vec<u32>>,
    /// The sorted instants reads will ask about, when known.
    horizon: Option<Vec<i64>>,
    mirrored: usize,
    sorted: bool,
}

fn push_unique(ids: &mut Vec<u32>, n: u32) {
    if !ids.contains(&n) {
        ids.push(n);
    }
}

/// An order number as written anywhere: without `#`, lowercased.
pub fn order_key(order: &str) -> String {
    order.trim().trim_start_matches('#').to_lowercase()
}

impl World {
    /// An empty world, readable at any instant.
    pub fn new() -> World {
        World::default()
    }

    /// An empty world that will only be read as of these instants: versions
    /// none of them can see are dropped as events arrive.
    pub fn with_horizon(mut instants: Vec<i64>) -> World {
        instants.sort_unstable();
        instants.dedup();
        World {
            horizon: Some(instants),
            ..World::default()
        }
    }

    /// Reads the states an event shows; needs no world, so it runs on any thread.
    pub fn prepare(envelope: &EventEnvelope, event: &Value) -> PreparedEvent {
        let states = states_of_event(envelope, event)
            .into_iter()
            .map(|s| PreparedState {
                order: match &s.state {
                    ObjectState::Charge(c) => c.order_id.as_deref().map(order_key),
                    ObjectState::PaymentIntent(p) => p.order_id.as_deref().map(order_key),
                    _ => None,
                },
                json: compact(&s.state),
                kind: s.object_type,
                id: s.object_id,
                created: s.created,
                rank: s.rank,
                customer: s.customer_id,
                parent: s.parent_id,
                email: s.email,
            })
            .collect();
        PreparedEvent {
            id: envelope.id.clone(),
            states,
        }
    }

    /// Adds the object states an event shows.
    pub fn add_event(&mut self, envelope: &EventEnvelope, event: &Value) {
        self.add_prepared(World::prepare(envelope, event));
    }

    fn number(&mut self, id: &str) -> u32 {
        if let Some(&n) = self.numbers.get(id) {
            return n;
        }
        let n = self.objects.len() as u32;
        self.objects.push(Object {
            sorted: true,
            ..Object::default()
        });
        self.numbers.insert(id.into(), n);
        n
    }

    /// Adds a prepared event's states.
    pub fn add_prepared(&mut self, event: PreparedEvent) {
        // Event ids are short; a longer one is cut, which only affects same-second ties.
        let event_id = &event.id.as_bytes()[..event.id.len().min(255)];
        for s in event.states {
            let n = self.number(&s.id);
            if let Some(c) = s.customer {
                let c = self.number(&c);
                push_unique(self.by_customer.entry(c).or_default(), n);
            }
            if let Some(p) = s.parent {
                let p = self.number(&p);
                push_unique(self.by_parent.entry(p).or_default(), n);
            }
            if let Some(e) = s.email {
                push_unique(self.by_email.entry(e.into()).or_default(), n);
            }
            if let Some(o) = s.order {
                push_unique(self.by_order.entry(o.into()).or_default(), n);
            }
            let record = Record {
                created: s.created,
                rank: s.rank,
                event: event_id,
                json: s.json.as_bytes(),
            };
            let horizon = self.horizon.as_deref();
            let object = &mut self.objects[n as usize];
            if object.kind.is_none() {
                object.kind = Some(s.kind);
                self.mirrored += 1;
            }
            let last = records(&object.data[object.last as usize..]).next();
            match last.as_ref().map(|l| l.key().cmp(&record.key())) {
                Some(Ordering::Less) if object.sorted => {
                    let last = last.as_ref().map_or(0, |l| l.created);
                    if horizon.is_some() && !seen(horizon, last, Some(record.created)) {
                        // No reader sees the previous version: the new one replaces it.
                        object.data.truncate(object.last as usize);
                    }
                }
                Some(Ordering::Less) => {}
                Some(_) => object.sorted = false,
                None => {}
            }
            object.last = object.data.len() as u32;
            // Exact sizes: a million small buffers with doubling slack would waste a third.
            object
                .data
                .reserve_exact(HEAD + record.event.len() + record.json.len());
            record.write(&mut object.data);
        }
        self.sorted = false;
    }

    /// Orders every object's versions and drops those no reader sees; call after the last event.
    pub fn seal(&mut self) {
        if self.sorted {
            return;
        }
        let horizon = self.horizon.as_deref();
        for object in &mut self.objects {
            if object.sorted && horizon.is_none() {
                // In order and nothing to drop: a live world sealed after a few
                // new events touches only the objects they changed.
                continue;
            }
            let mut list: Vec<Record<'_>> = records(&object.data).collect();
            if !object.sorted {
                list.sort_by(|a, b| a.key().cmp(&b.key()));
                // A redelivered event adds the same state twice; keep one.
                list.dedup_by(|a, b| a.event == b.event);
            }
            let keep: Vec<bool> = (0..list.len())
                .map(|i| seen(horizon, list[i].created, list.get(i + 1).map(|r| r.created)))
                .collect();
            if object.sorted && keep.iter().all(|k| *k) {
                continue;
            }
            let mut data = Vec::new();
            let mut last = 0;
            for (record, _) in list.iter().zip(&keep).filter(|(_, k)| **k) {
                last = data.len() as u32;
                data.reserve_exact(HEAD + record.event.len() + record.json.len());
                record.write(&mut data);
            }
            object.data = data;
            object.last = last;
            object.sorted = true;
        }
        self.sorted = true;
    }

    /// Number of distinct objects.
    pub fn object_count(&self) -> usize {
        self.mirrored
    }

    /// The JSON of an object's version as of `t`, and its kind.
    fn json_at(&self, n: u32, t: i64) -> Option<(ObjectType, &[u8])> {
        debug_assert!(self.sorted, "seal() the world before reading it");
        debug_assert!(
            self.horizon
                .as_ref()
                .is_none_or(|h| h.binary_search(&t).is_ok()),
            "read at {t}, outside the world's horizon"
        );
        let object = self.objects.get(n as usize)?;
        let json = records(&object.data)
            .take_while(|r| r.created <= t)
            .last()?
            .json;
        Some((object.kind?, json))
    }

    fn decode(&self, n: u32, t: i64) -> Option<ObjectState> {
        let (kind, json) = self.json_at(n, t)?;
        expand(kind, json)
    }

    fn kind(&self, n: u32) -> Option<ObjectType> {
        self.objects.get(n as usize)?.kind
    }

    /// The state of an object as of `t`, if it existed then.
    pub fn state_at(&self, id: &str, t: i64) -> Option<ObjectState> {
        self.decode(*self.numbers.get(id)?, t)
    }

    /// The Stripe customer an email belongs to as of `t` (customer objects
    /// first, then payments that carried the email).
    pub fn customer_by_email(&self, email: &str, t: i64) -> Option<String> {
        let email = email.trim().to_lowercase();
        let ids = self.by_email.get(email.as_str())?;
        // Several customers may share an email: the most recently created
        // wins, as in the store's `customer_history`. A customer whose email
        // has since changed no longer matches.
        let mut best: Option<crate::objects::Customer> = None;
        for &n in ids
            .iter()
            .filter(|&&n| self.kind(n) == Some(ObjectType::Customer))
        {
            if let Some(ObjectState::Customer(c)) = self.decode(n, t)
                && !c.deleted
                && c.email.as_deref() == Some(email.as_str())
                && best
                    .as_ref()
                    .is_none_or(|b| (c.created, &c.id) > (b.created, &b.id))
            {
                best = Some(c);
            }
        }
        if let Some(c) = best {
            return Some(c.id);
        }
        ids.iter().find_map(|&n| match self.kind(n)? {
            ObjectType::Charge | ObjectType::PaymentIntent => match self.decode(n, t)? {
                ObjectState::Charge(c) => c.customer,
                ObjectState::PaymentIntent(p) => p.customer,
                _ => None,
            },
            _ => None,
        })
    }

    /// Payments without a Stripe customer that carried this email as of `t` (guest checkouts).
    pub fn guest_payments(&self, email: &str, t: i64) -> Vec<String> {
        let Some(ids) = self.by_email.get(email.trim().to_lowercase().as_str()) else {
            return Vec::new();
        };
        ids.iter()
            .filter_map(|&n| match self.decode(n, t)? {
                ObjectState::Charge(c) if c.customer.is_none() => Some(c.id),
                ObjectState::PaymentIntent(p) if p.customer.is_none() => Some(p.id),
                _ => None,
            })
            .collect()
    }

    /// Ids of the payments (charges, payment intents) for an order number, as of `t`.
    pub fn payments_for_order(&self, order: &str, t: i64) -> Vec<String> {
        let ids = self
            .by_order
            .get(order_key(order).as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        ids.iter()
            .filter_map(|&n| match self.decode(n, t)? {
                ObjectState::Charge(c) => Some(c.id),
                ObjectState::PaymentIntent(p) => Some(p.id),
                _ => None,
            })
            .collect()
    }

    /// The customer an object belongs to, as of `t` (a refund or dispute through its charge).
    pub fn owner_of(&self, id: &str, t: i64) -> Option<String> {
        match self.state_at(id, t)? {
            ObjectState::Customer(c) => Some(c.id),
            ObjectState::Charge(c) => c.customer,
            ObjectState::PaymentIntent(p) => p.customer,
            ObjectState::Subscription(s) => s.customer,
            ObjectState::Invoice(i) => i.customer,
            ObjectState::Refund(r) => {
                self.owner_of(r.charge.as_deref().or(r.payment_intent.as_deref())?, t)
            }
            ObjectState::Dispute(d) => {
                self.owner_of(d.charge.as_deref().or(d.payment_intent.as_deref())?, t)
            }
            ObjectState::InvoicePayment(p) => self.owner_of(p.invoice.as_deref()?, t),
        }
    }

    /// Everything known about a customer as of `t`.
    pub fn snapshot(&self, customer: &str, t: i64) -> Snapshot {
        let ids = self
            .numbers
            .get(customer)
            .and_then(|n| self.by_customer.get(n))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        self.snapshot_of_numbers(ids, t)
    }

    /// A snapshot of the given top-level objects (and their refunds, disputes and invoice payments) as of `t`.
    pub fn snapshot_of(&self, ids: &[String], t: i64) -> Snapshot {
        let numbers: Vec<u32> = ids
            .iter()
            .map(|id| self.numbers.get(id.as_str()).copied().unwrap_or(u32::MAX))
            .collect();
        self.snapshot_of_numbers(&numbers, t)
    }

    fn snapshot_of_numbers(&self, ids: &[u32], t: i64) -> Snapshot {
        let mut states = Vec::new();
        for &n in ids {
            if let Some(state) = self.decode(n, t) {
                states.push(state);
                for &child in self.by_parent.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
                    let dependent = matches!(
                        self.kind(child),
                        Some(ObjectType::Refund | ObjectType::Dispute | ObjectType::InvoicePayment)
                    );
                    if dependent && let Some(s) = self.decode(child, t) {
                        states.push(s);
                    }
                }
            }
        }
        let mut snapshot = Snapshot::from_states(states);
        dedup_refunds(&mut snapshot);
        snapshot
    }
}

/// A state's JSON as the array of its field values, in the order of
/// [`field_names`]: the names are most of a small object's bytes.
fn compact(state: &ObjectState) -> String {
    let value = match state {
        ObjectState::Customer(v) => serde_json::to_value(v),
        ObjectState::Charge(v) => serde_json::to_value(v),
        ObjectState::PaymentIntent(v) => serde_json::to_value(v),
        ObjectState::Refund(v) => serde_json::to_value(v),
        ObjectState::Dispute(v) => serde_json::to_value(v),
        ObjectState::Subscription(v) => serde_json::to_value(v),
        ObjectState::Invoice(v) => serde_json::to_value(v),
        ObjectState::InvoicePayment(v) => serde_json::to_value(v),
    };
    let Ok(Value::Object(fields)) = value else {
        return "[]".to_string();
    };
    let kind = kind_of(state);
    let values: Vec<&Value> = field_names(kind)
        .iter()
        .map(|name| fields.get(name).unwrap_or(&Value::Null))
        .collect();
    serde_json::to_string(&values).unwrap_or_else(|_| "[]".to_string())
}

/// Reads a [`compact`] record back into the state: serde reads a struct
/// from an array of its fields in declaration order.
fn expand(kind: ObjectType, json: &[u8]) -> Option<ObjectState> {
    use serde_json::from_slice;
    Some(match kind {
        ObjectType::Customer => ObjectState::Customer(from_slice(json).ok()?),
        ObjectType::Charge => ObjectState::Charge(from_slice(json).ok()?),
        ObjectType::PaymentIntent => ObjectState::PaymentIntent(from_slice(json).ok()?),
        ObjectType::Refund => ObjectState::Refund(from_slice(json).ok()?),
        ObjectType::Dispute => ObjectState::Dispute(from_slice(json).ok()?),
        ObjectType::Subscription => ObjectState::Subscription(from_slice(json).ok()?),
        ObjectType::Invoice => ObjectState::Invoice(from_slice(json).ok()?),
        ObjectType::InvoicePayment => ObjectState::InvoicePayment(from_slice(json).ok()?),
    })
}

fn kind_of(state: &ObjectState) -> ObjectType {
    match state {
        ObjectState::Customer(_) => ObjectType::Customer,
        ObjectState::Charge(_) => ObjectType::Charge,
        ObjectState::PaymentIntent(_) => ObjectType::PaymentIntent,
        ObjectState::Refund(_) => ObjectType::Refund,
        ObjectState::Dispute(_) => ObjectType::Dispute,
        ObjectState::Subscription(_) => ObjectType::Subscription,
        ObjectState::Invoice(_) => ObjectType::Invoice,
        ObjectState::InvoicePayment(_) => ObjectType::InvoicePayment,
    }
}

/// The field names of each kind in declaration order, read once from its
/// default value's JSON (serde writes a struct's fields in that order).
fn field_names(kind: ObjectType) -> &'static [String] {
    use crate::objects::{
        Charge, Customer, Dispute, Invoice, InvoicePayment, PaymentIntent, Refund, Subscription,
    };
    static NAMES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        ObjectType::ALL
            .iter()
            .map(|kind| {
                let text = match kind {
                    ObjectType::Customer => serde_json::to_string(&Customer::default()),
                    ObjectType::Charge => serde_json::to_string(&Charge::default()),
                    ObjectType::PaymentIntent => serde_json::to_string(&PaymentIntent::default()),
                    ObjectType::Refund => serde_json::to_string(&Refund::default()),
                    ObjectType::Dispute => serde_json::to_string(&Dispute::default()),
                    ObjectType::Subscription => serde_json::to_string(&Subscription::default()),
                    ObjectType::Invoice => serde_json::to_string(&Invoice::default()),
                    ObjectType::InvoicePayment => serde_json::to_string(&InvoicePayment::default()),
                };
                top_level_keys(&text.unwrap_or_default())
            })
            .collect()
    });
    let index = ObjectType::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &names[index]
}

/// The keys of a JSON object's text, in order (strings followed by `:` at depth one).
fn top_level_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let (mut depth, mut chars) = (0, text.char_indices().peekable());
    while let Some((at, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            '"' => {
                let mut end = at + 1;
                while let Some((i, c)) = chars.next() {
                    end = i;
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        break;
                    }
                }
                if depth == 1 && chars.peek().is_some_and(|(_, c)| *c == ':') {
                    keys.push(text[at + 1..end].to_string());
                }
            }
            _ => {}
        }
    }
    keys
}

/// Whether a reader at one of the horizon's instants sees a version valid
/// from `from` until `until` (the next version's time); always without a horizon.
fn seen(horizon: Option<&[i64]>, from: i64, until: Option<i64>) -> bool {
    let Some(instants) = horizon else {
        return true;
    };
    let first = instants.partition_point(|&t| t < from);
    instants
        .get(first)
        .is_some_and(|&t| until.is_none_or(|u| t < u))
}

/// A refund hangs off both its charge and payment intent; list it once.
fn dedup_refunds(s: &mut Snapshot) {
    s.refunds.sort_by(|a, b| a.id.cmp(&b.id));
    s.refunds.dedup_by(|a, b| a.id == b.id);
    s.disputes.sort_by(|a, b| a.id.cmp(&b.id));
    s.disputes.dedup_by(|a, b| a.id == b.id);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn add(world: &mut World, id: &str, created: i64, object: serde_json::Value) {
        let event = json!({"id": id, "object": "event", "type": "customer.updated", "created": created, "data": {"object": object}});
        let envelope = EventEnvelope::from_value(&event).unwrap();
        world.add_event(&envelope, &event);
    }

    fn customers(world: &mut World) {
        add(
            world,
            "evt_1",
            10,
            json!({"id": "cus_old", "object": "customer", "email": "a@x.io", "created": 1}),
        );
        add(
            world,
            "evt_3",
            30,
            json!({"id": "cus_new", "object": "customer", "email": "b@x.io", "created": 5}),
        );
        // Out of order: the older state arrives last.
        add(
            world,
            "evt_2",
            20,
            json!({"id": "cus_new", "object": "customer", "email": "A@x.io", "created": 5}),
        );
        add(
            world,
            "evt_2",
            20,
            json!({"id": "cus_new", "object": "customer", "email": "A@x.io", "created": 5}),
        );
        world.seal();
    }

    #[test]
    fn an_email_links_the_newest_customer_that_still_has_it() {
        let mut world = World::new();
        customers(&mut world);

        assert_eq!(
            world.customer_by_email("a@x.io", 25).as_deref(),
            Some("cus_new")
        );
        assert_eq!(
            world.customer_by_email("a@x.io", 15).as_deref(),
            Some("cus_old"),
            "as of then"
        );
        assert_eq!(
            world.customer_by_email("a@x.io", 35).as_deref(),
            Some("cus_old"),
            "cus_new changed its email"
        );
        assert_eq!(
            world.customer_by_email("b@x.io", 35).as_deref(),
            Some("cus_new")
        );
        assert_eq!(world.object_count(), 2);
    }

    #[test]
    fn a_state_reads_back_as_it_was_stored() {
        let charge = json!({"id": "ch_1", "object": "charge", "amount": 4900, "currency": "EUR",
            "customer": {"id": "cus_1", "object": "customer"}, "status": "succeeded", "created": 7,
            "metadata": {"order_id": 1042}, "billing_details": {"email": "A@x.io", "name": "Ana"},
            "payment_method_details": {"card": {"last4": "4242"}}, "refunded": false, "disputed": true});
        let customer = json!({"id": "cus_1", "object": "customer", "preferred_locales": ["de-DE"], "created": 1});
        for (kind, value) in [
            (ObjectType::Charge, charge),
            (ObjectType::Customer, customer),
        ] {
            let state = ObjectState::from_stripe(kind, &value);

            let back = expand(kind, compact(&state).as_bytes());

            assert_eq!(back, Some(state));
        }
    }

    #[test]
    fn a_world_with_a_horizon_reads_the_same_at_its_instants() {
        let instants = vec![5, 15, 25, 35];
        let mut full = World::new();
        let mut lean = World::with_horizon(instants.clone());
        customers(&mut full);
        customers(&mut lean);
        for id in ["cus_old", "cus_new"] {
            for &t in &instants {
                assert_eq!(full.state_at(id, t), lean.state_at(id, t), "{id} at {t}");
            }
        }
        let mut one = World::with_horizon(vec![35]);
        customers(&mut one);
        assert_eq!(
            records(&one.objects[1].data).count(),
            1,
            "only the version seen at 35"
        );
    }
}
