//! The payment state the live agent reads: the same in-memory [`World`] that
//! `simulate` builds, fed from the event log and brought up to date (new
//! events read by sequence number) before each decision, so a decision sees
//! every event committed before it; and the live decision itself, with the
//! same pipeline and help (language model, knowledge base) as `simulate`.

use std::sync::Arc;

use paydesk_agent::decision::Decision;
use paydesk_agent::pipeline::{Agent, NoOrders, StageTimes, read as read_ticket};
use paydesk_agent::policy::Policy;
use paydesk_agent::ticket::{Ticket as AgentTicket, TicketError as AgentError};
use paydesk_domain::EventEnvelope;
use paydesk_domain::world::World;
use paydesk_store::{Store, StoreError};
use tokio::sync::Mutex;

pub use crate::agent_help::AgentHelp;

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
    help: AgentHelp,
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
            help: AgentHelp::default(),
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

/// Runs a blocking part of a decision off the async runtime.
async fn off_runtime<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> R {
    match tokio::task::spawn_blocking(work).await {
        Ok(r) => r,
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("a decision was cancelled: {e}"),
        },
    }
}

impl LiveWorld {
    /// Gives the agent this help (language model, knowledge base).
    pub fn with_help(mut self, help: AgentHelp) -> LiveWorld {
        self.help = help;
        self
    }

    /// Decides a ticket against the live state, as `simulate` does. The
    /// model's answers (understanding, phrasing) are awaited on the blocking
    /// pool, outside the world's lock, so a slow model holds up neither the
    /// runtime nor other tickets; only linking and deciding hold the lock.
    pub async fn decide(
        &self,
        ticket: AgentTicket,
        policy: Arc<Policy>,
        auto_refunds_90d: impl Fn(&str, i64) -> usize + Send,
    ) -> Result<Result<Decision, AgentError>, StoreError> {
        let (assistant, kb) = (self.help.assistant.clone(), self.help.kb.clone());
        let (for_read, policy_read, ticket_read) =
            (assistant.clone(), policy.clone(), ticket.clone());
        let read = off_runtime(move || {
            let mut times = StageTimes::default();
            read_ticket(&ticket_read, &policy_read, for_read.as_deref(), &mut times)
        })
        .await;
        let read = match read {
            Ok(read) => read,
            Err(e) => return Ok(Err(e)),
        };
        let draft = self
            .read(|world| {
                let agent = Agent {
                    world,
                    policy: &policy,
                    orders: &NoOrders,
                };
                let mut times = StageTimes::default();
                agent.draft(&ticket, read, auto_refunds_90d, &mut times, kb.as_deref())
            })
            .await?;
        if !draft.wants_phrasing(assistant.as_deref()) {
            return Ok(Ok(draft.finish(None, &mut StageTimes::default())));
        }
        Ok(Ok(off_runtime(move || {
            draft.finish(assistant.as_deref(), &mut StageTimes::default())
        })
        .await))
    }
}

impl super::Tickets {
    /// Gives the live agent this help (language model, knowledge base).
    pub fn with_help(mut self, help: AgentHelp) -> super::Tickets {
        self.live = self.live.with_help(help);
        self
    }
}
