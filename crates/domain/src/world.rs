//! An in-memory mirror, readable as of any instant: what `simulate` replays
//! tickets against. Same rule as the store: the state of an object as of `t`
//! is its version with the greatest (`created`, rank, event id) at or before `t`.

use std::collections::HashMap;

use serde_json::Value;

use crate::event::EventEnvelope;
use crate::history::Snapshot;
use crate::objects::ObjectType;
use crate::version::{ObjectState, states_of_event};

struct Version {
    created: i64,
    rank: i64,
    event_id: u32,
    state: ObjectState,
}

/// Every state of every mirrored object, indexed for linking.
#[derive(Default)]
pub struct World {
    objects: HashMap<String, (ObjectType, Vec<Version>)>,
    event_ids: Vec<String>,
    by_customer: HashMap<String, Vec<String>>,
    by_parent: HashMap<String, Vec<String>>,
    by_email: HashMap<String, Vec<String>>,
    by_order: HashMap<String, Vec<String>>,
    sorted: bool,
}

fn push_unique(index: &mut HashMap<String, Vec<String>>, key: String, id: &str) {
    let ids = index.entry(key).or_default();
    if !ids.iter().any(|x| x == id) {
        ids.push(id.to_string());
    }
}

/// An order number as written anywhere: without `#`, lowercased.
pub fn order_key(order: &str) -> String {
    order.trim().trim_start_matches('#').to_lowercase()
}

impl World {
    /// An empty world.
    pub fn new() -> World {
        World::default()
    }

    /// Adds the object states an event shows.
    pub fn add_event(&mut self, envelope: &EventEnvelope, event: &Value) {
        let event_no = self.event_ids.len() as u32;
        self.event_ids.push(envelope.id.clone());
        for s in states_of_event(envelope, event) {
            let id = s.object_id;
            if let Some(c) = s.customer_id {
                push_unique(&mut self.by_customer, c, &id);
            }
            if let Some(p) = s.parent_id {
                push_unique(&mut self.by_parent, p, &id);
            }
            if let Some(e) = s.email {
                push_unique(&mut self.by_email, e, &id);
            }
            let order = match &s.state {
                ObjectState::Charge(c) => c.order_id.clone(),
                ObjectState::PaymentIntent(p) => p.order_id.clone(),
                _ => None,
            };
            if let Some(o) = order {
                push_unique(&mut self.by_order, order_key(&o), &id);
            }
            let entry = self
                .objects
                .entry(id)
                .or_insert_with(|| (s.object_type, Vec::new()));
            entry.1.push(Version {
                created: s.created,
                rank: s.rank,
                event_id: event_no,
                state: s.state,
            });
        }
        self.sorted = false;
    }

    /// Orders every object's versions; call after the last event (reads do it lazily otherwise).
    pub fn seal(&mut self) {
        if self.sorted {
            return;
        }
        let ids = &self.event_ids;
        for (_, versions) in self.objects.values_mut() {
            versions.sort_by(|a, b| {
                (a.created, a.rank, ids[a.event_id as usize].as_str()).cmp(&(
                    b.created,
                    b.rank,
                    ids[b.event_id as usize].as_str(),
                ))
            });
            // A redelivered event adds the same state twice; keep one.
            versions.dedup_by(|a, b| ids[a.event_id as usize] == ids[b.event_id as usize]);
        }
        self.sorted = true;
    }

    /// Number of distinct objects.
    pub fn object_count(&self) -> usize {
        self.objects.len()
    }

    /// The state of an object as of `t`, if it existed then.
    pub fn state_at(&self, id: &str, t: i64) -> Option<&ObjectState> {
        debug_assert!(self.sorted, "seal() the world before reading it");
        let (_, versions) = self.objects.get(id)?;
        let n = versions.partition_point(|v| v.created <= t);
        versions[..n].last().map(|v| &v.state)
    }

    /// The Stripe customer an email belongs to as of `t` (customer objects
    /// first, then payments that carried the email).
    pub fn customer_by_email(&self, email: &str, t: i64) -> Option<String> {
        let email = email.trim().to_lowercase();
        let ids = self.by_email.get(&email)?;
        let mut from_payments = None;
        // Several customers may share an email: the most recently created
        // wins, as in the store's `customer_history`. A customer whose email
        // has since changed no longer matches.
        let mut best: Option<&crate::objects::Customer> = None;
        for id in ids {
            match self.state_at(id, t) {
                Some(ObjectState::Customer(c))
                    if !c.deleted
                        && c.email.as_deref() == Some(email.as_str())
                        && best.is_none_or(|b| (c.created, &c.id) > (b.created, &b.id)) =>
                {
                    best = Some(c);
                }
                Some(ObjectState::Charge(c)) => {
                    from_payments = from_payments.or(c.customer.clone())
                }
                Some(ObjectState::PaymentIntent(p)) => {
                    from_payments = from_payments.or(p.customer.clone())
                }
                _ => {}
            }
        }
        best.map(|c| c.id.clone()).or(from_payments)
    }

    /// Payments without a Stripe customer that carried this email as of `t` (guest checkouts).
    pub fn guest_payments(&self, email: &str, t: i64) -> Vec<String> {
        let Some(ids) = self.by_email.get(&email.trim().to_lowercase()) else {
            return Vec::new();
        };
        ids.iter()
            .filter(|id| match self.state_at(id, t) {
                Some(ObjectState::Charge(c)) => c.customer.is_none(),
                Some(ObjectState::PaymentIntent(p)) => p.customer.is_none(),
                _ => false,
            })
            .cloned()
            .collect()
    }

    /// Ids of the payments (charges, payment intents) for an order number, as of `t`.
    pub fn payments_for_order(&self, order: &str, t: i64) -> Vec<String> {
        let ids = self
            .by_order
            .get(&order_key(order))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        ids.iter()
            .filter(|id| self.state_at(id, t).is_some())
            .cloned()
            .collect()
    }

    /// The customer an object belongs to, as of `t` (a refund or dispute through its charge).
    pub fn owner_of(&self, id: &str, t: i64) -> Option<String> {
        match self.state_at(id, t)? {
            ObjectState::Customer(c) => Some(c.id.clone()),
            ObjectState::Charge(c) => c.customer.clone(),
            ObjectState::PaymentIntent(p) => p.customer.clone(),
            ObjectState::Subscription(s) => s.customer.clone(),
            ObjectState::Invoice(i) => i.customer.clone(),
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
            .by_customer
            .get(customer)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        self.snapshot_of(ids, t)
    }

    /// A snapshot of the given top-level objects (and their refunds, disputes and invoice payments) as of `t`.
    pub fn snapshot_of(&self, ids: &[String], t: i64) -> Snapshot {
        let mut states = Vec::new();
        for id in ids {
            if let Some(state) = self.state_at(id, t) {
                states.push(state.clone());
                for child in self.by_parent.get(id).map(Vec::as_slice).unwrap_or(&[]) {
                    let dependent = matches!(
                        self.objects.get(child).map(|o| o.0),
                        Some(ObjectType::Refund | ObjectType::Dispute | ObjectType::InvoicePayment)
                    );
                    if dependent && let Some(s) = self.state_at(child, t) {
                        states.push(s.clone());
                    }
                }
            }
        }
        let mut snapshot = Snapshot::from_states(states);
        dedup_refunds(&mut snapshot);
        snapshot
    }
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

    #[test]
    fn an_email_links_the_newest_customer_that_still_has_it() {
        let mut world = World::new();
        add(
            &mut world,
            "evt_1",
            10,
            json!({"id": "cus_old", "object": "customer", "email": "a@x.io", "created": 1}),
        );
        add(
            &mut world,
            "evt_2",
            20,
            json!({"id": "cus_new", "object": "customer", "email": "A@x.io", "created": 5}),
        );
        add(
            &mut world,
            "evt_3",
            30,
            json!({"id": "cus_new", "object": "customer", "email": "b@x.io", "created": 5}),
        );
        world.seal();

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
    }
}
