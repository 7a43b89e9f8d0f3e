//! The actions paydesk takes (refund, cancel, billing portal, invoice) against
//! the fake Stripe API, which applies idempotency keys as Stripe does.

use std::time::Duration;

use paydesk_stripe::{CancelMode, Client, RefundRequest, RetryPolicy};
use paydesk_testkit::FakeStripe;

const KEY: &str = "sk_test_51PaydeskFakeKey0000";

fn client(fake: &FakeStripe, max_retries: u32) -> Client {
    let retry = RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    Client::new(&fake.base_url(), KEY, retry).expect("a client")
}

fn refund(charge: &str, amount: i64) -> RefundRequest {
    RefundRequest {
        charge: charge.to_owned(),
        amount,
        reason: Some("requested_by_customer".to_owned()),
        metadata: vec![("paydesk_ticket".to_owned(), "t-1".to_owned())],
    }
}

#[tokio::test]
async fn a_refund_is_created_once_per_idempotency_key() {
    // Arrange
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_1", "cus_1", 4900, "eur");
    let stripe = client(&fake, 0);

    // Act
    let first = stripe
        .create_refund(&refund("ch_1", 1000), "pd-k1")
        .await
        .unwrap();
    let again = stripe
        .create_refund(&refund("ch_1", 1000), "pd-k1")
        .await
        .unwrap();

    // Assert
    assert_eq!(first["object"], "refund");
    assert_eq!(first["amount"], 1000);
    assert_eq!(first["currency"], "eur");
    assert_eq!(first["charge"], "ch_1");
    assert_eq!(first["metadata"]["paydesk_ticket"], "t-1");
    assert_eq!(again, first, "a repeat gets the first answer");
    assert_eq!(fake.refunds().len(), 1);
    let sent: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/refunds")
        .collect();
    assert!(
        sent.iter()
            .all(|r| r.idempotency_key.as_deref() == Some("pd-k1"))
    );
}

#[tokio::test]
async fn a_lost_answer_is_retried_without_a_second_refund() {
    // Arrange: Stripe refunds, then the connection breaks before the answer.
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_1", "cus_1", 4900, "eur");
    fake.lose_next_answers(1);
    let stripe = client(&fake, 2);

    // Act
    let refund = stripe
        .create_refund(&refund("ch_1", 4900), "pd-lost")
        .await
        .unwrap();

    // Assert
    assert_eq!(refund["amount"], 4900);
    assert_eq!(fake.refunds().len(), 1, "{:?}", fake.refunds());
    assert_eq!(fake.requests().len(), 2, "one lost answer, one replay");
}

#[tokio::test]
async fn refusals_carry_stripes_code_and_are_not_transient() {
    // Arrange
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_1", "cus_1", 4900, "eur");
    let stripe = client(&fake, 3);

    // Act
    let too_much = stripe
        .create_refund(&refund("ch_1", 5000), "pd-a")
        .await
        .unwrap_err();
    stripe
        .create_refund(&refund("ch_1", 4900), "pd-b")
        .await
        .unwrap();
    let twice = stripe
        .create_refund(&refund("ch_1", 100), "pd-c")
        .await
        .unwrap_err();
    let unknown = stripe
        .create_refund(&refund("ch_nope", 100), "pd-d")
        .await
        .unwrap_err();

    // Assert
    assert_eq!(too_much.code(), Some("amount_too_large"), "{too_much}");
    assert_eq!(twice.code(), Some("charge_already_refunded"), "{twice}");
    assert_eq!(unknown.code(), Some("resource_missing"), "{unknown}");
    for error in [&too_much, &twice, &unknown] {
        assert!(!error.is_transient(), "{error}");
        assert!(error.to_string().contains("POST /v1/refunds"), "{error}");
    }
    assert_eq!(fake.refunds().len(), 1);
}

#[tokio::test]
async fn a_key_reused_with_other_parameters_is_refused() {
    // Arrange
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_1", "cus_1", 4900, "eur");
    let stripe = client(&fake, 0);
    stripe
        .create_refund(&refund("ch_1", 100), "pd-same")
        .await
        .unwrap();

    // Act
    let error = stripe
        .create_refund(&refund("ch_1", 200), "pd-same")
        .await
        .unwrap_err();

    // Assert
    assert!(error.to_string().contains("idempotent requests"), "{error}");
    assert_eq!(fake.refunds().len(), 1);
}

#[tokio::test]
async fn a_server_error_is_retried_with_the_same_key() {
    // Arrange
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_1", "cus_1", 4900, "eur");
    fake.fail_next(2, 500);
    let stripe = client(&fake, 3);

    // Act
    let refund = stripe
        .create_refund(&refund("ch_1", 4900), "pd-5xx")
        .await
        .unwrap();

    // Assert
    assert_eq!(refund["status"], "succeeded");
    assert_eq!(fake.refunds().len(), 1);
    let keys: Vec<_> = fake
        .requests()
        .into_iter()
        .map(|r| r.idempotency_key)
        .collect();
    assert_eq!(keys, vec![Some("pd-5xx".to_owned()); 3]);
}

#[tokio::test]
async fn subscriptions_cancel_now_or_at_period_end() {
    // Arrange
    let fake = FakeStripe::start(KEY).await;
    fake.add_subscription("sub_now", "cus_1", 1_800_000_000);
    fake.add_subscription("sub_end", "cus_1", 1_800_000_000);
    let stripe = client(&fake, 0);

    // Act
    let now = stripe
        .cancel_subscription("sub_now", CancelMode::Immediately, "pd-c1")
        .await
        .unwrap();
    let end = stripe
        .cancel_subscription("sub_end", CancelMode::AtPeriodEnd, "pd-c2")
        .await
        .unwrap();
    let replay = stripe
        .cancel_subscription("sub_now", CancelMode::Immediately, "pd-c1")
        .await
        .unwrap();

    // Assert
    assert_eq!(now["status"], "canceled");
    assert_eq!(now["object"], "subscription");
    assert_eq!(replay, now, "a repeated cancel is answered from the first");
    assert_eq!(end["status"], "active");
    assert_eq!(end["cancel_at_period_end"], true);
    assert_eq!(end["cancel_at"], 1_800_000_000);
    assert_eq!(
        fake.subscription("sub_end").unwrap()["cancel_at_period_end"],
        true
    );
}

#[tokio::test]
async fn a_portal_session_gives_a_link_and_an_invoice_its_hosted_page() {
    // Arrange
    let fake = FakeStripe::start(KEY).await;
    fake.add_customer("cus_1");
    fake.add_invoice(
        "in_1",
        "cus_1",
        "https://invoice.stripe.com/i/acct_x/test_in_1",
    );
    let stripe = client(&fake, 0);

    // Act
    let session = stripe
        .create_portal_session("cus_1", Some("https://shop.example/account"), "pd-p1")
        .await
        .unwrap();
    let invoice = stripe.retrieve_invoice("in_1").await.unwrap();
    let missing = stripe.retrieve_invoice("in_nope").await.unwrap_err();

    // Assert
    assert_eq!(session["object"], "billing_portal.session");
    assert_eq!(session["customer"], "cus_1");
    assert!(
        session["url"]
            .as_str()
            .unwrap()
            .starts_with("https://billing.stripe.com/")
    );
    assert_eq!(
        invoice["hosted_invoice_url"],
        "https://invoice.stripe.com/i/acct_x/test_in_1"
    );
    assert_eq!(missing.status(), Some(404));
}
