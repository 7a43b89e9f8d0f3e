//! The shop's customers and what happened to them, remembered for tickets.

use fastrand::Rng;

use super::locale::Lang;
use super::stripe::{API24, API25, Address, BillingDetails, Card};

/// 2024-01-01T00:00:00Z: the shop's first day.
pub const START: i64 = 1_704_067_200;
/// 2026-03-01T00:00:00Z: the export's end.
pub const END: i64 = 1_772_323_200;
/// 2025-03-31: accounts created since are on the 2025 API shapes.
const API_SWITCH: i64 = 1_743_379_200;
pub const DAY: i64 = 86_400;

const CARDS: [(&str, &str); 8] = [
    ("4242", "visa"),
    ("1881", "visa"),
    ("5556", "mastercard"),
    ("4444", "mastercard"),
    ("0005", "amex"),
    ("6011", "discover"),
    ("3220", "visa"),
    ("8431", "mastercard"),
];

/// A buyer: a Stripe customer, or a guest who paid without an account.
pub struct Person {
    /// `cus_…`; `None` for a guest checkout.
    pub customer: Option<String>,
    pub name: String,
    pub first: String,
    pub email: String,
    pub lang: Lang,
    pub country: &'static str,
    pub locale: &'static str,
    pub currency: &'static str,
    pub api: &'static str,
    pub last4: &'static str,
    pub brand: &'static str,
    pub since: i64,
    pub pays: Vec<Pay>,
    pub subs: Vec<SubFact>,
}

/// One payment, as a ticket may mention it.
pub struct Pay {
    pub charge: String,
    pub order: Option<String>,
    pub amount: i64,
    pub at: i64,
    pub ok: bool,
    /// When a refund was made.
    pub refunded: Option<i64>,
    /// When a dispute was opened.
    pub disputed: Option<i64>,
    /// A second charge for the same order, minutes after the first.
    pub duplicate: bool,
}

/// One subscription, as a ticket may mention it.
pub struct SubFact {
    pub created: i64,
    /// When the customer asked to cancel.
    pub canceled: Option<i64>,
    /// A renewal charged after the customer had cancelled.
    pub charged_after_cancel: Option<i64>,
    /// When it ended.
    pub ended: Option<i64>,
}

impl Person {
    /// Buyer `k` with customer id `id`, or a guest (one in twenty).
    pub fn new(rng: &mut Rng, k: u64, id: String) -> Person {
        let lang = Lang::ALL[[0, 0, 1, 1, 2, 3, 4][rng.usize(0..7)]];
        let (locale, country, domain) = lang.place(rng.u32(..));
        let (name, local) = lang.person(k, rng.u64(..));
        let first = match lang {
            Lang::Zh => name.clone(),
            _ => name.split(' ').next().unwrap_or_default().to_string(),
        };
        let since = START + rng.i64(0..END - START - 7 * DAY);
        let mut api = if since < API_SWITCH { API24 } else { API25 };
        if rng.u32(0..10) == 0 {
            api = if api == API24 { API25 } else { API24 };
        }
        let (last4, brand) = CARDS[rng.usize(0..CARDS.len())];
        let guest = rng.u32(0..20) == 0;
        let customer = (!guest).then_some(id);
        Person {
            customer,
            name,
            first,
            email: format!("{local}@{domain}"),
            lang,
            country,
            locale,
            currency: lang.currency(country, rng.u32(..)),
            api,
            last4,
            brand,
            since,
            pays: Vec::new(),
            subs: Vec::new(),
        }
    }

    /// The card as Stripe shows it.
    pub fn card(&self) -> Card {
        Card {
            brand: self.brand,
            country: self.country,
            exp_month: 8,
            exp_year: 2029,
            funding: "credit",
            last4: self.last4,
        }
    }

    /// Billing details of a checkout.
    pub fn billing(&self) -> BillingDetails {
        BillingDetails {
            address: Address {
                country: self.country,
                postal_code: None,
            },
            email: Some(self.email.clone()),
            name: self.name.clone(),
            phone: None,
        }
    }

    /// A US customer writes dates month first.
    pub fn us(&self) -> bool {
        self.country == "US"
    }
}

/// The catalogue: (title, sku, price in eur, usd, gbp, jpy).
pub const PRODUCTS: [(&str, &str, [i64; 4]); 8] = [
    ("Espresso Forte – 1 kg", "KK-ESP", [2690, 2890, 2290, 4900]),
    (
        "Hausmischung Filter – 500 g",
        "KK-HAUS",
        [1390, 1490, 1190, 2400],
    ),
    ("Kolumbien Huila – 250 g", "KK-COL", [1090, 1190, 990, 1900]),
    ("Äthiopien Guji – 250 g", "KK-ETH", [1190, 1290, 1050, 2100]),
    ("Probierbox 4 × 250 g", "KK-BOX", [3690, 3990, 3190, 6400]),
    ("Entkoffeiniert – 500 g", "KK-DEC", [1590, 1690, 1390, 2700]),
    ("Handmühle Kante K1", "KK-MILL", [8900, 9500, 7900, 15_000]),
    (
        "Siebträger Kante Duo",
        "KK-DUO",
        [64_900, 69_900, 57_900, 99_000],
    ),
];

/// The price column of a currency.
pub fn column(currency: &str) -> usize {
    match currency {
        "usd" => 1,
        "gbp" => 2,
        "jpy" => 3,
        _ => 0,
    }
}

/// A price in a shop's notation: `12.90`, or `4900` for a zero-decimal currency.
pub fn decimal(minor: i64, currency: &str) -> String {
    if currency == "jpy" {
        minor.to_string()
    } else {
        format!("{}.{:02}", minor / 100, minor % 100)
    }
}
