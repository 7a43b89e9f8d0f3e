//! The `ticket.reply` job: posts the agent's reply on the ticket once every
//! action it reports is done. If an action was parked, the reply is held back
//! (it would tell the customer something that did not happen) and the ticket
//! goes to a person. A reply already posted, or one a person's reply made
//! moot, is not posted again.

use std::sync::Arc;

use async_trait::async_trait;
use paydesk_store::{Job, JobStatus};
use serde_json::{Value, json};

use super::{Author, DecisionState, Status, TicketError, Tickets};
use crate::outbox::{Deliver, Failure};

/// Delivers `ticket.reply` jobs into paydesk's own tickets.
pub struct TicketReplies(pub Arc<Tickets>);

fn store_failure(e: TicketError) -> Failure {
    match e {
        TicketError::NotFound(what) => Failure::Permanent(format!("no {what}")),
        other => Failure::Transient(other.to_string()),
    }
}

#[async_trait]
impl Deliver for TicketReplies {
    fn handles(&self, kind: &str) -> bool {
        kind == "ticket.reply"
    }

    async fn deliver(&self, job: &Job) -> Result<Value, Failure> {
        let tickets = &self.0;
        let p = &job.payload;
        let (Some(id), Some(decision), Some(body)) = (
            p["ticket"].as_str(),
            p["decision"].as_str(),
            p["body"].as_str(),
        ) else {
            return Err(Failure::Permanent("malformed ticket.reply job".into()));
        };
        // Every action first; their results may add to the reply (a portal link).
        let mut links = Vec::new();
        for key in p["after"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let Some(action) = tickets
                .store()
                .job_by_key(key)
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?
            else {
                return Err(Failure::Permanent(format!(
                    "the action job {key} is missing"
                )));
            };
            match action.status {
                JobStatus::Done => {
                    if let Some(url) = action.result.as_ref().and_then(|r| r["url"].as_str()) {
                        links.push(url.to_owned());
                    }
                }
                JobStatus::Parked => {
                    let note = format!(
                        "paydesk held its reply back: the action {key} failed ({}). A person must answer.",
                        action.last_error.as_deref().unwrap_or("no error recorded")
                    );
                    let now = crate::ingest::now_ms() / 1000;
                    tickets
                        .modify(id, |t| {
                            if !t.messages.iter().any(|m| m.body == note) {
                                t.push(Author::Note, &note, now, Some("paydesk"));
                            }
                            t.status = Status::Open;
                            t.team = Some("billing".to_owned());
                            Ok(())
                        })
                        .await
                        .map_err(store_failure)?;
                    return Err(Failure::Permanent(format!("held back: {key} is parked")));
                }
                _ => return Err(Failure::NotYet(format!("waiting for {key}"))),
            }
        }
        let now = crate::ingest::now_ms() / 1000;
        let mut outcome = json!({"posted": true});
        let ticket = tickets
            .modify(id, |t| {
                if t.messages
                    .iter()
                    .any(|m| m.decision.as_deref() == Some(decision))
                {
                    outcome = json!({"posted": false, "why": "already posted"});
                    return Ok(());
                }
                let d = t.decisions.iter().find(|d| d.id == decision);
                let approved = d.is_some_and(|d| d.state == DecisionState::Approved);
                let answered = d.map_or(0, |d| d.message);
                // A person answered after this message: the agent keeps quiet,
                // unless a person approved this very reply.
                let person_replied = t.messages.iter().any(|m| {
                    m.seq > answered
                        && m.author == Author::Agent
                        && m.by.as_deref() != Some("paydesk")
                });
                if (t.agent_paused || person_replied) && !approved {
                    outcome = json!({"posted": false, "why": "a person is handling this ticket"});
                    return Ok(());
                }
                let mut text = body.to_owned();
                for link in &links {
                    text.push_str("\n\n");
                    text.push_str(link);
                }
                let seq = t.push(Author::Agent, &text, now, Some("paydesk"));
                if let Some(m) = t.messages.iter_mut().find(|m| m.seq == seq) {
                    m.decision = Some(decision.to_owned());
                }
                match p["outcome"].as_str() {
                    Some("resolved") => t.status = Status::Solved,
                    Some("needs_info") => t.status = Status::Pending,
                    _ => {
                        t.status = Status::Open;
                        t.team = p["team"].as_str().map(str::to_owned).or(t.team.take());
                    }
                }
                Ok(())
            })
            .await
            .map_err(store_failure)?;
        // Posted now or by an earlier attempt: the email goes once, by its key.
        if let Some(posted) = ticket
            .messages
            .iter()
            .find(|m| m.decision.as_deref() == Some(decision))
        {
            let key = format!("{decision}:reply:email");
            if tickets
                .email_reply(&ticket, key, &posted.body, now)
                .await
                .map_err(store_failure)?
            {
                outcome["emailed"] = json!(true);
            }
        }
        Ok(outcome)
    }
}
