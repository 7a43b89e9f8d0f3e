//! The web UI: its pages, and `GET /api/simulation` over a simulate run's files.

use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn the_page_and_its_script_are_served_with_a_strict_content_policy() {
    let app = spawn_app().await;

    let page = app.http.get(format!("{}/", app.base)).send().await.unwrap();
    let script = app
        .http
        .get(format!("{}/ui/app.js", app.base))
        .send()
        .await
        .unwrap();

    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(
        page.text()
            .await
            .unwrap()
            .contains(r#"<script src="/ui/app.js""#)
    );
    assert_eq!(script.status(), 200);
    assert!(script.text().await.unwrap().contains("/api/simulation"));
    app.stop().await;
}

#[tokio::test]
async fn without_a_configured_simulation_the_api_says_how_to_get_one() {
    let app = spawn_app().await;

    let res = app
        .http
        .get(format!("{}/api/simulation", app.base))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "no_simulation");
    assert!(
        body["error"]["detail"]
            .as_str()
            .unwrap()
            .contains("PAYDESK_UI_SIMULATION_DECISIONS")
    );
    app.stop().await;
}

#[tokio::test]
async fn a_simulation_run_is_served_with_its_report_and_a_bad_line_is_named() {
    // Arrange: the files `paydesk simulate --out --report-json` writes.
    let dir = tempfile::tempdir().unwrap();
    let decisions = dir.path().join("decisions.jsonl");
    let report = dir.path().join("report.json");
    std::fs::write(
        &decisions,
        concat!(
            r#"{"ticket_id":"t-1","language":"de","intent":"refund_request","outcome":"resolved","actions":[]}"#,
            "\n",
            r#"{"ticket_id":"t-2","language":"it","intent":"other","outcome":"escalated","actions":[]}"#,
            "\n"
        ),
    )
    .unwrap();
    std::fs::write(&report, r#"{"automation_rate":0.5,"tickets":{"count":2}}"#).unwrap();
    let (d, r) = (
        decisions.display().to_string(),
        report.display().to_string(),
    );
    let app = spawn_app_with(&[
        ("PAYDESK_UI_SIMULATION_DECISIONS", &d),
        ("PAYDESK_UI_SIMULATION_REPORT", &r),
        ("PAYDESK_API_TOKENS", "s3cret"),
    ])
    .await;
    let url = format!("{}/api/simulation", app.base);

    // Act
    let anonymous = app.http.get(&url).send().await.unwrap();
    let served: Value = app
        .http
        .get(&url)
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    std::fs::write(&decisions, "{\"ticket_id\":\"t-1\"}\nnot json\n").unwrap();
    let broken = app
        .http
        .get(&url)
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();

    // Assert: behind the API tokens; both files as they are on disk now; a bad line named.
    assert_eq!(anonymous.status(), 401);
    assert_eq!(served["report"]["automation_rate"], 0.5);
    let ids: Vec<&str> = served["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["ticket_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["t-1", "t-2"]);
    assert_eq!(broken.status(), 404);
    let body: Value = broken.json().await.unwrap();
    assert!(
        body["error"]["detail"]
            .as_str()
            .unwrap()
            .contains("decisions.jsonl:2"),
        "{body}"
    );
    app.stop().await;
}
