//! `GET /api/customers/{email_or_id}`: the sidebar's data, as of any instant.

use serde_json::{Value, json};

use crate::helpers::{charge, event, spawn_app, spawn_app_with};

const T0: i64 = 1_767_000_000;

async fn seed(app: &crate::helpers::TestApp) {
    let customer = json!({"id": "cus_anna", "object": "customer", "email": "Anna@Example.de", "name": "Anna Weber", "created": T0});
    let refund = json!({"id": "re_1", "object": "refund", "amount": 4900, "currency": "eur", "charge": "ch_1",
                        "payment_intent": "pi_ch_1", "status": "succeeded", "created": T0 + 100});
    for body in [
        event("evt_1", "customer.created", T0, customer),
        event(
            "evt_2",
            "charge.succeeded",
            T0 + 10,
            charge("ch_1", "cus_anna", 4900, T0 + 10),
        ),
        event("evt_3", "refund.created", T0 + 100, refund),
    ] {
        let header = paydesk_testkit::stripe_signature_header(
            &body,
            crate::helpers::SECRET,
            crate::helpers::now(),
        );
        assert_eq!(
            app.post_with_header(&body, Some(&header)).await.status(),
            200
        );
    }
}

#[tokio::test]
async fn history_by_email_has_the_contract_fields() {
    let app = spawn_app().await;
    seed(&app).await;

    let res = app
        .http
        .get(format!("{}/api/customers/anna@example.de", app.base))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 200);
    let h: Value = res.json().await.unwrap();
    assert_eq!(
        h["customer"],
        json!({"id": "cus_anna", "email": "anna@example.de", "name": "Anna Weber"})
    );
    let c = &h["charges"][0];
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "id",
        "amount",
        "currency",
        "status",
        "created",
        "amount_refunded",
        "disputed",
        "order_id",
        "invoice",
        "receipt_url",
        "last4",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    assert_eq!(c["amount_refunded"], 4900);
    assert_eq!(c["order_id"], "#1042");
    assert_eq!(h["refunds"][0]["id"], "re_1");
    app.stop().await;
}

#[tokio::test]
async fn as_of_hides_what_happened_later() {
    let app = spawn_app().await;
    seed(&app).await;

    let url = format!("{}/api/customers/cus_anna?as_of={}", app.base, T0 + 50);
    let h: Value = app
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(h["refunds"], json!([]));
    assert_eq!(h["charges"][0]["amount_refunded"], 0);
    let bad = app
        .http
        .get(format!(
            "{}/api/customers/cus_anna?as_of=yesterday",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    app.stop().await;
}

#[tokio::test]
async fn unknown_customers_are_404() {
    let app = spawn_app().await;
    let res = app
        .http
        .get(format!("{}/api/customers/nobody@example.com", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "customer_not_found"
    );
    app.stop().await;
}

#[tokio::test]
async fn configured_tokens_guard_the_api_but_not_webhooks() {
    let app = spawn_app_with(&[("PAYDESK_API_TOKENS", "tok_a,tok_b")]).await;
    seed(&app).await;
    let url = format!("{}/api/customers/cus_anna", app.base);

    assert_eq!(app.http.get(&url).send().await.unwrap().status(), 401);
    assert_eq!(
        app.http
            .get(&url)
            .bearer_auth("tok_x")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        app.http
            .get(&url)
            .bearer_auth("tok_b")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.stop().await;
}
