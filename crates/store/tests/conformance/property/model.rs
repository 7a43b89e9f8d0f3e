//! A small simulated merchant: turns generated actions into the Stripe events
//! they would produce (full object snapshots, many in the same second) and
//! remembers what each object looked like from when, to say what a history
//! as of any instant must show.

mod render;

use serde_json::{Value, json};

use super::{Action, Case};
use crate::conformance::build::{self, API_2025, with};

/// The first second of every generated stream.
pub const T0: i64 = 1_767_225_600;
/// The guest who buys without a Stripe customer.
pub const GUEST_EMAIL: &str = "guest@example.com";

/// Whose an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Customer(usize),
    Guest,
}

impl Owner {
    /// The Stripe customer id, `None` for the guest.
    pub fn id(self) -> Option<String> {
        match self {
            Owner::Customer(i) => Some(format!("cus_p{i}")),
            Owner::Guest => None,
        }
    }

    /// The email Stripe holds (mixed case, as customers type it).
    pub fn email(self) -> String {
        match self {
            Owner::Customer(i) => format!("P{i}@Example.com"),
            Owner::Guest => "Guest@Example.com".to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Charge,
    Refund,
    Dispute,
    Subscription,
    Invoice,
}

/// One simulated object: where it is in its lifecycle and what the history
/// must show for it from each instant on.
#[derive(Debug)]
struct Object {
    kind: Kind,
    id: String,
    owner: Owner,
    /// The charge a refund or dispute hangs off (index into `objects`).
    parent: Option<usize>,
    stage: usize,
    last_stage: usize,
    /// A refund that fails, a dispute that is lost.
    bad_ending: bool,
    created: i64,
    amount: i64,
    /// Charges: refunded so far; refunds booked against it (pending ones included).
    refunded: i64,
    booked: i64,
    /// Charges paying an invoice; invoices' subscription.
    invoice: Option<String>,
    subscription: Option<String>,
    api_2025: bool,
    /// (from when, the projection the history must show).
    seen: Vec<(i64, Value)>,
}

/// The simulated merchant and the events it produced, in true order.
pub struct World {
    now: i64,
    customers: usize,
    rng: fastrand::Rng,
    objects: Vec<Object>,
    /// Every event, in the order Stripe created them.
    pub events: Vec<Value>,
}

impl World {
    /// Plays a case: customers sign up at `T0`, then each step happens `dt` seconds after the previous one.
    pub fn play(case: &Case) -> World {
        let mut world = World {
            now: T0,
            customers: case.customers,
            rng: fastrand::Rng::with_seed(case.seed),
            objects: Vec::new(),
            events: Vec::new(),
        };
        for i in 0..case.customers {
            let who = Owner::Customer(i);
            let id = who.id().unwrap();
            world.emit(
                "customer.created",
                build::customer(&id, &who.email(), &format!("Person {i}"), T0),
                false,
            );
        }
        for (action, dt) in &case.steps {
            world.now += dt;
            world.step(action);
        }
        world
    }

    fn step(&mut self, action: &Action) {
        match *action {
            Action::Buy {
                who,
                pending_first,
                units,
            } => self.buy(who, pending_first, units),
            Action::Advance(pick) => {
                let open: Vec<usize> = (0..self.objects.len())
                    .filter(|&i| self.objects[i].stage < self.objects[i].last_stage)
                    .collect();
                if let Some(&i) = open.get(usize::from(pick) % open.len().max(1)) {
                    self.advance(i);
                }
            }
            Action::Refund { pick, fail } => self.refund(pick, fail),
            Action::Dispute { pick, win } => self.dispute(pick, win),
            Action::Subscribe(who) => {
                let owner = Owner::Customer(who % self.customers);
                let sub = self.add(Kind::Subscription, "sub", owner, None, 2, 0);
                self.show(sub);
            }
            Action::Bill { who, api_2025 } => self.bill(who, api_2025),
        }
    }

    fn buy(&mut self, who: usize, pending_first: bool, units: i64) {
        let owner = if who < self.customers {
            Owner::Customer(who)
        } else {
            Owner::Guest
        };
        let ch = self.add(Kind::Charge, "ch", owner, None, 1, units * 1000 + 900);
        if pending_first {
            self.show(ch);
        } else {
            self.advance(ch);
        }
    }

    /// Refunds 10.00 of a paid charge that has that much left.
    fn refund(&mut self, pick: u8, fail: bool) {
        let paid = self.paid_charges(|c| c.amount - c.booked >= 1000);
        if let Some(&ch) = paid.get(usize::from(pick) % paid.len().max(1)) {
            self.objects[ch].booked += 1000;
            let re = self.add(
                Kind::Refund,
                "re",
                self.objects[ch].owner,
                Some(ch),
                1,
                1000,
            );
            self.objects[re].bad_ending = fail;
            self.show(re);
        }
    }

    /// Disputes a paid charge not disputed yet.
    fn dispute(&mut self, pick: u8, win: bool) {
        let disputed: Vec<usize> = self
            .objects
            .iter()
            .filter(|o| o.kind == Kind::Dispute)
            .filter_map(|o| o.parent)
            .collect();
        let open = self.paid_charges(|_| true);
        let open: Vec<usize> = open
            .into_iter()
            .filter(|ch| !disputed.contains(ch))
            .collect();
        if let Some(&ch) = open.get(usize::from(pick) % open.len().max(1)) {
            let (owner, amount) = (self.objects[ch].owner, self.objects[ch].amount);
            let dp = self.add(Kind::Dispute, "dp", owner, Some(ch), 2, amount);
            self.objects[dp].bad_ending = !win;
            self.show(dp);
        }
    }

    /// Opens an invoice for the customer's first subscription, if any.
    fn bill(&mut self, who: usize, api_2025: bool) {
        let owner = Owner::Customer(who % self.customers);
        let sub = self
            .objects
            .iter()
            .find(|o| o.kind == Kind::Subscription && o.owner == owner)
            .map(|o| o.id.clone());
        let inv = self.add(Kind::Invoice, "in", owner, None, 3, 1500);
        self.objects[inv].subscription = sub;
        self.objects[inv].api_2025 = api_2025;
        self.show(inv);
    }

    fn paid_charges(&self, also: impl Fn(&Object) -> bool) -> Vec<usize> {
        (0..self.objects.len())
            .filter(|&i| {
                self.objects[i].kind == Kind::Charge
                    && self.objects[i].stage >= 1
                    && also(&self.objects[i])
            })
            .collect()
    }

    fn add(
        &mut self,
        kind: Kind,
        prefix: &str,
        owner: Owner,
        parent: Option<usize>,
        last_stage: usize,
        amount: i64,
    ) -> usize {
        let id = format!("{prefix}_{}", self.objects.len() + 1);
        self.objects.push(Object {
            kind,
            id,
            owner,
            parent,
            stage: 0,
            last_stage,
            bad_ending: false,
            created: self.now,
            amount,
            refunded: 0,
            booked: 0,
            invoice: None,
            subscription: None,
            api_2025: false,
            seen: Vec::new(),
        });
        self.objects.len() - 1
    }

    fn advance(&mut self, i: usize) {
        self.objects[i].stage += 1;
        let o = &self.objects[i];
        let (kind, stage, bad_ending, parent, amount) =
            (o.kind, o.stage, o.bad_ending, o.parent, o.amount);
        match (kind, stage) {
            (Kind::Refund, 1) => {
                let ch = parent.expect("a refund has a charge");
                self.show(i);
                if bad_ending {
                    self.objects[ch].booked -= amount;
                } else {
                    // Stripe follows a refund with `charge.refunded`.
                    self.objects[ch].refunded += amount;
                    self.show(ch);
                }
                return;
            }
            (Kind::Invoice, 3) => {
                // Paid: a charge first, then (2025+) the invoice payment, then the invoice.
                let (owner, api_2025, invoice) = (o.owner, o.api_2025, o.id.clone());
                let ch = self.add(Kind::Charge, "ch", owner, None, 1, 1500);
                self.objects[ch].stage = 1;
                self.objects[ch].api_2025 = api_2025;
                self.objects[ch].invoice = Some(invoice.clone());
                self.show(ch);
                if api_2025 {
                    let payment = build::invoice_payment(
                        &format!("inpay_{invoice}"),
                        &invoice,
                        &format!("pi_{invoice}"),
                        self.now,
                    );
                    self.emit("invoice_payment.paid", payment, true);
                }
            }
            _ => {}
        }
        self.show(i);
    }

    /// Emits the event showing object `i` in its current stage and records what the history must show.
    fn show(&mut self, i: usize) {
        let (event_type, object, row) = self.render(i);
        let api_2025 = self.objects[i].api_2025;
        let now = self.now;
        self.objects[i].seen.push((now, row));
        self.emit(event_type, object, api_2025);
    }

    fn emit(&mut self, event_type: &str, object: Value, api_2025: bool) {
        let id = format!("evt_{:016x}", self.rng.u64(..));
        let event = build::event(&id, event_type, self.now, object);
        self.events.push(if api_2025 {
            with(event, json!({"api_version": API_2025}))
        } else {
            event
        });
    }

    /// What the history of `owner` as of `t` must show, in the projection of
    /// [`super::project`]; `None` when nothing about them is known yet.
    pub fn expected(&self, owner: Owner, t: i64) -> Option<Value> {
        let at = |o: &Object| {
            o.seen
                .iter()
                .rev()
                .find(|(from, _)| *from <= t)
                .map(|(_, row)| row.clone())
        };
        let mine = |o: &&Object| match o.parent {
            Some(p) => self.objects[p].owner == owner,
            None => o.owner == owner,
        };
        let mut sections = json!({"charges": [], "refunds": [], "disputes": [], "subscriptions": [], "invoices": []});
        for o in self.objects.iter().filter(mine) {
            let Some(mut row) = at(o) else { continue };
            row["id"] = json!(o.id);
            let section = match o.kind {
                Kind::Charge => {
                    let disputed = self.objects.iter().any(|d| {
                        d.kind == Kind::Dispute
                            && d.parent.map(|p| &self.objects[p].id) == Some(&o.id)
                            && at(d).is_some()
                    });
                    row["disputed"] = json!(disputed);
                    "charges"
                }
                Kind::Refund => "refunds",
                Kind::Dispute => "disputes",
                Kind::Subscription => "subscriptions",
                Kind::Invoice => "invoices",
            };
            sections[section].as_array_mut().unwrap().push(row);
        }
        let known = match owner {
            Owner::Customer(_) => t >= T0,
            Owner::Guest => !sections["charges"].as_array().unwrap().is_empty(),
        };
        known.then(|| super::sorted(sections))
    }
}
