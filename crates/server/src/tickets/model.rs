//! A ticket as paydesk holds it: the thread, the agent's decisions on it,
//! and the links to Stripe objects. Stored as one document per ticket.

use paydesk_agent::policy::Mode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Where a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A person (or team) has to act.
    Open,
    /// Waiting for the customer.
    Pending,
    /// Answered; reopens when the customer writes.
    Solved,
    /// Done for good.
    Closed,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Solved => "solved",
            Status::Closed => "closed",
        }
    }
}

/// How the customer reaches paydesk on a ticket, and so how replies reach them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Replies stay in the thread; whatever posted the ticket delivers them.
    #[default]
    Api,
    /// Replies are also emailed to the ticket's address (with `[email]` configured).
    Email,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The customer.
    Customer,
    /// paydesk or a person, to the customer.
    Agent,
    /// Internal: never shown to the customer.
    Note,
}

/// One message of the thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketMessage {
    /// 1, 2, …
    pub seq: u32,
    /// Who wrote it.
    pub author: Author,
    /// The text.
    pub body: String,
    /// Unix seconds.
    pub at: i64,
    /// The person who wrote it; `paydesk` for the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The decision this message carries out, for the agent's replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// What became of one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionState {
    /// Waiting for a person's approval (mode `approve`).
    Proposed,
    /// Carried out by the agent (mode `autopilot`).
    Executed,
    /// Approved by a person, then carried out.
    Approved,
    /// Refused by a person: nothing was done.
    Rejected,
    /// Reply drafted for a person (mode `draft`): nothing was done.
    Drafted,
    /// The customer wrote again before anyone approved it.
    Superseded,
}

/// A decision of the agent on one customer message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDecision {
    /// `{ticket}:m{seq}`: also the root of every idempotency key it makes.
    pub id: String,
    /// The customer message it answers.
    pub message: u32,
    /// The intent's mode when it was made.
    pub mode: Mode,
    /// What became of it.
    pub state: DecisionState,
    /// The decision (the `simulate` contract).
    pub decision: Value,
    /// Outbox jobs it made.
    #[serde(default)]
    pub jobs: Vec<String>,
    /// Who approved or rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

/// A ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// Its id.
    pub id: String,
    /// Where it is.
    pub status: Status,
    /// The team it is with.
    pub team: Option<String>,
    /// The linked Stripe customer.
    pub customer: Option<String>,
    /// The customer's email, lowercase.
    pub email: Option<String>,
    /// The customer's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The subject line.
    pub subject: Option<String>,
    /// How replies reach the customer.
    #[serde(default)]
    pub channel: Channel,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// Free tags (the intent, `agent_paused`, …).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Linked Stripe ids.
    #[serde(default)]
    pub links: Vec<String>,
    /// The thread.
    pub messages: Vec<TicketMessage>,
    /// The agent's decisions, oldest first.
    #[serde(default)]
    pub decisions: Vec<StoredDecision>,
    /// A person replied: the agent stays out until asked back.
    #[serde(default)]
    pub agent_paused: bool,
}

impl Ticket {
    /// An open ticket with no messages yet.
    pub fn new(id: &str, now: i64) -> Ticket {
        Ticket {
            id: id.to_owned(),
            status: Status::Open,
            team: None,
            customer: None,
            email: None,
            name: None,
            subject: None,
            channel: Channel::Api,
            created_at: now,
            updated_at: now,
            tags: Vec::new(),
            links: Vec::new(),
            messages: Vec::new(),
            decisions: Vec::new(),
            agent_paused: false,
        }
    }

    /// Adds a message; returns its seq.
    pub fn push(&mut self, author: Author, body: &str, at: i64, by: Option<&str>) -> u32 {
        let seq = self.messages.last().map_or(1, |m| m.seq + 1);
        self.messages.push(TicketMessage {
            seq,
            author,
            body: body.to_owned(),
            at,
            by: by.map(str::to_owned),
            decision: None,
        });
        self.updated_at = self.updated_at.max(at);
        seq
    }

    /// Adds a Stripe id to the links, once.
    pub fn link(&mut self, id: &str) {
        if !id.is_empty() && !self.links.iter().any(|l| l == id) {
            self.links.push(id.to_owned());
        }
    }

    /// Adds a tag, once.
    pub fn tag(&mut self, tag: &str) {
        if !self.tags.iter().any(|t| t == tag) {
            self.tags.push(tag.to_owned());
        }
    }

    /// The `paydesk tickets --json` line (DESIGN.md contract).
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id,
            "status": self.status.as_str(),
            "team": self.team,
            "customer": self.customer,
            "subject": self.subject,
            "created_at": self.created_at,
            "tags": self.tags,
            "links": self.links,
        })
    }

    /// The store's row for this ticket at `version`.
    pub fn to_row(&self, version: i64) -> paydesk_store::TicketRow {
        paydesk_store::TicketRow {
            id: self.id.clone(),
            status: self.status.as_str().to_owned(),
            team: self.team.clone(),
            customer: self.customer.clone(),
            email: self.email.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version,
            doc: serde_json::to_value(self).expect("a ticket serialises"),
        }
    }
}
