//! One state of one object, as one event showed it: the unit of the mirror.

use serde_json::Value;

use crate::event::{EnvelopeError, EventEnvelope};
use crate::json::list_at;
use crate::objects::{Charge, Customer, Dispute, Invoice, InvoicePayment, ObjectType};
use crate::objects::{PaymentIntent, Refund, Subscription};
use crate::progression;
use crate::tree::{Json, Node};

/// A typed state of a mirrored object.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectState {
    Customer(Customer),
    Charge(Charge),
    PaymentIntent(PaymentIntent),
    Refund(Refund),
    Dispute(Dispute),
    Subscription(Subscription),
    Invoice(Invoice),
    InvoicePayment(InvoicePayment),
}

/// One state of one object at one event. The newest state of an object as of
/// an instant is the version with the greatest (`created`, `rank`, `event_id`)
/// among those with `created` at or before the instant.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectVersion {
    pub object_type: ObjectType,
    pub object_id: String,
    /// The event's `created`: when the object was in this state.
    pub created: i64,
    /// Lifecycle rank (see [`crate::progression`]), breaks same-second ties.
    pub rank: i64,
    pub event_id: String,
    /// The Stripe customer it belongs to, when the object names one.
    pub customer_id: Option<String>,
    /// The object it hangs off (a refund's or dispute's charge, an invoice payment's invoice).
    pub parent_id: Option<String>,
    /// A lowercased email on the object (customer, billing or receipt email).
    pub email: Option<String>,
    /// The typed view as JSON, as stored.
    pub fields: String,
}

impl ObjectState {
    /// Reads a Stripe object of a mirrored kind.
    pub fn from_stripe<'v, J: Node<'v>>(kind: ObjectType, v: J) -> ObjectState {
        match kind {
            ObjectType::Customer => ObjectState::Customer(Customer::from_stripe(v)),
            ObjectType::Charge => ObjectState::Charge(Charge::from_stripe(v)),
            ObjectType::PaymentIntent => ObjectState::PaymentIntent(PaymentIntent::from_stripe(v)),
            ObjectType::Refund => ObjectState::Refund(Refund::from_stripe(v)),
            ObjectType::Dispute => ObjectState::Dispute(Dispute::from_stripe(v)),
            ObjectType::Subscription => ObjectState::Subscription(Subscription::from_stripe(v)),
            ObjectType::Invoice => ObjectState::Invoice(Invoice::from_stripe(v)),
            ObjectType::InvoicePayment => {
                ObjectState::InvoicePayment(InvoicePayment::from_stripe(v))
            }
        }
    }

    /// Reads a stored version's fields back.
    pub fn from_fields(kind: ObjectType, fields: &str) -> Result<ObjectState, serde_json::Error> {
        Ok(match kind {
            ObjectType::Customer => ObjectState::Customer(serde_json::from_str(fields)?),
            ObjectType::Charge => ObjectState::Charge(serde_json::from_str(fields)?),
            ObjectType::PaymentIntent => ObjectState::PaymentIntent(serde_json::from_str(fields)?),
            ObjectType::Refund => ObjectState::Refund(serde_json::from_str(fields)?),
            ObjectType::Dispute => ObjectState::Dispute(serde_json::from_str(fields)?),
            ObjectType::Subscription => ObjectState::Subscription(serde_json::from_str(fields)?),
            ObjectType::Invoice => ObjectState::Invoice(serde_json::from_str(fields)?),
            ObjectType::InvoicePayment => {
                ObjectState::InvoicePayment(serde_json::from_str(fields)?)
            }
        })
    }

    /// The state as the JSON the mirror stores.
    pub fn fields_json(&self) -> String {
        match self {
            ObjectState::Customer(v) => json(v),
            ObjectState::Charge(v) => json(v),
            ObjectState::PaymentIntent(v) => json(v),
            ObjectState::Refund(v) => json(v),
            ObjectState::Dispute(v) => json(v),
            ObjectState::Subscription(v) => json(v),
            ObjectState::Invoice(v) => json(v),
            ObjectState::InvoicePayment(v) => json(v),
        }
    }

    /// (id, lifecycle rank, customer, parent, email) of this state.
    fn index(&self) -> (String, i64, Option<String>, Option<String>, Option<String>) {
        match self {
            ObjectState::Customer(c) => (
                c.id.clone(),
                progression::customer(c),
                Some(c.id.clone()),
                None,
                c.email.clone(),
            ),
            ObjectState::Charge(c) => {
                let rank = progression::charge(c);
                (
                    c.id.clone(),
                    rank,
                    c.customer.clone(),
                    c.payment_intent.clone(),
                    c.email.clone(),
                )
            }
            ObjectState::PaymentIntent(p) => (
                p.id.clone(),
                progression::payment_intent(p),
                p.customer.clone(),
                None,
                p.email.clone(),
            ),
            ObjectState::Refund(r) => {
                let parent = r.charge.clone().or_else(|| r.payment_intent.clone());
                (r.id.clone(), progression::refund(r), None, parent, None)
            }
            ObjectState::Dispute(d) => {
                let parent = d.charge.clone().or_else(|| d.payment_intent.clone());
                (d.id.clone(), progression::dispute(d), None, parent, None)
            }
            ObjectState::Subscription(s) => (
                s.id.clone(),
                progression::subscription(s),
                s.customer.clone(),
                None,
                None,
            ),
            ObjectState::Invoice(i) => (
                i.id.clone(),
                progression::invoice(i),
                i.customer.clone(),
                i.subscription.clone(),
                None,
            ),
            ObjectState::InvoicePayment(p) => (
                p.id.clone(),
                progression::invoice_payment(p),
                None,
                p.invoice.clone(),
                None,
            ),
        }
    }
}

/// Serialises a view; views are plain data, so this cannot fail.
/// Unknown (null) fields are left out: they read back as `None`, and the
/// mirror writes a third less per version.
fn json<T: serde::Serialize>(view: &T) -> String {
    match serde_json::to_value(view) {
        Ok(Value::Object(mut fields)) => {
            fields.retain(|_, v| !v.is_null());
            Value::Object(fields).to_string()
        }
        _ => "{}".to_string(),
    }
}

/// One object state an event shows, typed, with its index columns.
#[derive(Debug, Clone, PartialEq)]
pub struct StateAt {
    pub object_type: ObjectType,
    pub object_id: String,
    pub created: i64,
    pub rank: i64,
    pub customer_id: Option<String>,
    pub parent_id: Option<String>,
    pub email: Option<String>,
    pub state: ObjectState,
}

/// Every object state an event shows: its `data.object` and the objects
/// embedded in it (a charge's refunds, an old payment intent's charges, an
/// invoice's payments). Events about other kinds of objects yield nothing.
pub fn states_of_event(envelope: &EventEnvelope, event: &Value) -> Vec<StateAt> {
    states_of(envelope, event)
}

/// The versions the mirror stores for an event (see [`states_of_event`]).
pub fn versions_of_event(envelope: &EventEnvelope, event: &Value) -> Vec<ObjectVersion> {
    versions_of(envelope, event)
}

/// Parses raw event bytes into the envelope and the versions the mirror
/// stores: the same result as [`EventEnvelope::parse`] then
/// [`versions_of_event`], without building a `serde_json::Value` (the
/// ingest path's hot spot).
pub fn parse_event(raw: &[u8]) -> Result<(EventEnvelope, Vec<ObjectVersion>), EnvelopeError> {
    let tree = Json::parse(raw).map_err(|e| EnvelopeError::NotJson(e.to_string()))?;
    let envelope = EventEnvelope::from_node(&tree)?;
    let versions = versions_of(&envelope, &tree);
    Ok((envelope, versions))
}

fn states_of<'v, J: Node<'v>>(envelope: &EventEnvelope, event: J) -> Vec<StateAt> {
    let mut out = Vec::new();
    if let Some(object) = event.get("data").and_then(|d| d.get("object")) {
        collect(envelope, object, &mut out);
    }
    out
}

fn versions_of<'v, J: Node<'v>>(envelope: &EventEnvelope, event: J) -> Vec<ObjectVersion> {
    states_of(envelope, event)
        .into_iter()
        .map(|s| ObjectVersion {
            fields: s.state.fields_json(),
            object_type: s.object_type,
            object_id: s.object_id,
            created: s.created,
            rank: s.rank,
            event_id: envelope.id.clone(),
            customer_id: s.customer_id,
            parent_id: s.parent_id,
            email: s.email,
        })
        .collect()
}

fn collect<'v, J: Node<'v>>(envelope: &EventEnvelope, object: J, out: &mut Vec<StateAt>) {
    let Some(kind) = object
        .get("object")
        .and_then(J::as_str)
        .and_then(ObjectType::from_stripe)
    else {
        return;
    };
    let mut state = ObjectState::from_stripe(kind, object);
    mark_deleted(&mut state, &envelope.event_type);
    let (object_id, rank, customer_id, parent_id, email) = state.index();
    if object_id.is_empty() {
        return;
    }
    let rank = rank * 4 + verb_rank(&envelope.event_type);
    out.push(StateAt {
        object_type: kind,
        object_id,
        created: envelope.created,
        rank,
        customer_id,
        parent_id,
        email,
        state,
    });
    let nested: &[&str] = match kind {
        ObjectType::Charge => &["refunds"],
        ObjectType::PaymentIntent => &["charges"],
        ObjectType::Invoice => &["payments"],
        _ => &[],
    };
    for key in nested {
        for item in list_at(object, &[key]) {
            collect(envelope, item, out);
        }
    }
}

/// Within one lifecycle step and one second, what the event says decides:
/// a `.created` state comes before an update, an update before a deletion.
fn verb_rank(event_type: &str) -> i64 {
    if event_type.ends_with(".created") {
        0
    } else if event_type.ends_with(".deleted") {
        2
    } else {
        1
    }
}

fn mark_deleted(state: &mut ObjectState, event_type: &str) {
    match state {
        ObjectState::Customer(c) if event_type == "customer.deleted" => c.deleted = true,
        ObjectState::Invoice(i) if event_type == "invoice.deleted" => i.deleted = true,
        _ => {}
    }
}
