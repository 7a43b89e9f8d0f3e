//! A customer's payment history as of an instant, read through the [`Store`]
//! trait so that both backends answer alike.

use paydesk_domain::history::CustomerSummary;
use paydesk_domain::{CustomerHistory, ObjectState, ObjectType, ObjectVersion, assemble_history};

use crate::{Store, StoreError, VersionFilter};

/// The history of the customer named by an email (case-insensitive; also a
/// charge's billing or receipt email) or a `cus_…` id, as of `as_of` (Unix
/// seconds). `None` when nothing is known about them at that instant.
pub async fn customer_history(
    store: &dyn Store,
    email_or_id: &str,
    as_of: i64,
) -> Result<Option<CustomerHistory>, StoreError> {
    let key = email_or_id.trim();
    let mut fallback = CustomerSummary {
        id: None,
        email: None,
        name: None,
    };
    let mut states = Vec::new();
    if key.contains('@') {
        let email = key.to_lowercase();
        fallback.email = Some(email.clone());
        let carried = decode(
            store
                .latest_versions(&VersionFilter::Email(email.clone()), as_of)
                .await?,
        )?;
        match customer_for_email(&carried, &email) {
            Some(id) => {
                fallback.id = Some(id.clone());
                states = decode(
                    store
                        .latest_versions(&VersionFilter::Customer(id), as_of)
                        .await?,
                )?;
            }
            // A guest checkout: payments with this email and no Stripe customer.
            None => {
                for state in carried {
                    if let ObjectState::Charge(c) = &state {
                        fallback.name = fallback.name.or_else(|| c.billing_name.clone());
                    }
                    if matches!(
                        state,
                        ObjectState::Charge(_) | ObjectState::PaymentIntent(_)
                    ) {
                        states.push(state);
                    }
                }
            }
        }
    } else {
        fallback.id = Some(key.to_string());
        states = decode(
            store
                .latest_versions(&VersionFilter::Customer(key.to_string()), as_of)
                .await?,
        )?;
    }
    if states.is_empty() {
        return Ok(None);
    }
    add_dependents(store, &mut states, as_of).await?;
    Ok(Some(assemble_history(states, fallback)))
}

/// Adds the refunds and disputes of the payments, and the payments of the invoices.
async fn add_dependents(
    store: &dyn Store,
    states: &mut Vec<ObjectState>,
    as_of: i64,
) -> Result<(), StoreError> {
    let mut payments = Vec::new();
    let mut invoices = Vec::new();
    for state in states.iter() {
        match state {
            ObjectState::Charge(c) => payments.push(c.id.clone()),
            ObjectState::PaymentIntent(p) => payments.push(p.id.clone()),
            ObjectState::Invoice(i) => invoices.push(i.id.clone()),
            _ => {}
        }
    }
    if !payments.is_empty() {
        let filter =
            VersionFilter::Parents(vec![ObjectType::Refund, ObjectType::Dispute], payments);
        states.extend(decode(store.latest_versions(&filter, as_of).await?)?);
    }
    if !invoices.is_empty() {
        let filter = VersionFilter::Parents(vec![ObjectType::InvoicePayment], invoices);
        states.extend(decode(store.latest_versions(&filter, as_of).await?)?);
    }
    Ok(())
}

/// The Stripe customer an email belongs to: a customer object with that email
/// (the most recently created, if several), else the customer of a payment
/// that carried it.
fn customer_for_email(states: &[ObjectState], email: &str) -> Option<String> {
    let by_customer = states
        .iter()
        .filter_map(|s| match s {
            ObjectState::Customer(c) if c.email.as_deref() == Some(email) || c.deleted => Some(c),
            _ => None,
        })
        .max_by_key(|c| (!c.deleted, c.created, c.id.clone()))
        .map(|c| c.id.clone());
    by_customer.or_else(|| {
        states.iter().find_map(|s| match s {
            ObjectState::Charge(c) => c.customer.clone(),
            ObjectState::PaymentIntent(p) => p.customer.clone(),
            _ => None,
        })
    })
}

/// The states, as of `as_of`, of the objects a filter selects.
pub async fn states(
    store: &dyn Store,
    filter: &VersionFilter,
    as_of: i64,
) -> Result<Vec<ObjectState>, StoreError> {
    decode(store.latest_versions(filter, as_of).await?)
}

/// The states, as of `as_of`, of the objects with these ids (those the mirror knows).
pub async fn objects(
    store: &dyn Store,
    ids: &[&str],
    as_of: i64,
) -> Result<Vec<ObjectState>, StoreError> {
    let ids = ids.iter().map(|id| id.to_string()).collect();
    decode(
        store
            .latest_versions(&VersionFilter::Ids(ids), as_of)
            .await?,
    )
}

fn decode(versions: Vec<ObjectVersion>) -> Result<Vec<ObjectState>, StoreError> {
    versions
        .into_iter()
        .map(|v| {
            ObjectState::from_fields(v.object_type, &v.fields).map_err(|e| StoreError::Corrupt {
                table: "object_versions",
                detail: format!("{} {} at {}: {e}", v.object_type, v.object_id, v.event_id),
            })
        })
        .collect()
}
