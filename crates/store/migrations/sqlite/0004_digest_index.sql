-- The daily digest reads the events of a few types created in one day. A
-- partial index keeps that a range scan without costing the other events'
-- inserts anything. The list must match `DIGEST_EVENT_TYPES` in lib.rs
-- (the digest query repeats it word for word, so the planner can use it).
CREATE INDEX events_digest ON events (created) WHERE type IN ('charge.dispute.closed', 'charge.dispute.created', 'charge.failed', 'charge.refunded', 'customer.subscription.created', 'customer.subscription.deleted', 'invoice.payment_failed', 'refund.created');
