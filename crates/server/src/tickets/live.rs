//! The payment state the live agent reads: the same in-memory [`World`] that
//! `simulate` builds, fed from the event log and brought up to date (new
//! events read by sequence number) before each decision, so a decision sees
//! every event committed before it.

use std::sync::Arc;

use paydesk_domain::EventEnvelope;
use paydesk_domain::world::World;
use paydesk_store::{Store, StoreError};
use tokio::sync::Mutex;

/// Events read from the log per query.
const PAGE: u32 = 2_000;

struct State {
    world: World,
    last_seq: i64,
    dirty: bool,
}

/// The live world and how far into the log it has read.
pub struct LiveWorld {
    store: Arc<dyn Store>,
    state: Mutex<State>,
}

impl LiveWorld {
    /// An empty world; the first read loads the whole log.
    pub fn new(store: Arc<dyn Store>) -> LiveWorld {
        LiveWorld {
            store,
            state: Mutex::new(State {
                world: World::new(),
                last_seq: 0,
                dirty: false,
            }),
        }
    }

    /// Catches up with the log, then runs `read` on the world. Reads are
    /// serialised: a decision is quick, and the next one sees its world.
    pub async fn read<R>(&self, read: impl FnOnce(&World) -> R) -> Result<R, StoreError> {
        let mut state = self.state.lock().await;
        loop {
            let page = self.store.events_after(state.last_seq, PAGE).await?;
            for event in &page {
                state.last_seq = event.seq;
                match EventEnvelope::parse(&event.raw) {
                    Ok((envelope, value)) => {
                        state.world.add_event(&envelope, &value);
                        state.dirty = true;
                    }
                    // Stored events passed this parse on the way in; a row
                    // that no longer does is skipped, not fatal.
                    Err(e) => {
                        tracing::warn!(event = %event.id, error = %e, "unreadable stored event")
                    }
                }
            }
            if page.len() < PAGE as usize {
                break;
            }
        }
        if state.dirty {
            state.world.seal();
            state.dirty = false;
        }
        Ok(read(&state.world))
    }
}
