//! The web UI in a real browser: `paydesk demo` serves it, headless Chromium
//! renders it (scripts run, the JSON API answers), and the page must show
//! the simulation's figures, the decisions and a customer's payments.
//!
//! `scripts/test.sh` installs Chromium and sets `PAYDESK_REQUIRE_BROWSER=1`,
//! so in CI a missing browser fails this test; a bare `cargo test` without
//! one says that it skipped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn browser() -> Option<PathBuf> {
    let path = PathBuf::from(
        std::env::var("PAYDESK_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
    );
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("PAYDESK_REQUIRE_BROWSER").is_none(),
        "no browser at {} (scripts/test.sh installs Debian's chromium)",
        path.display()
    );
    eprintln!(
        "skipped: no browser at {} (set PAYDESK_CHROMIUM)",
        path.display()
    );
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills the demo when the test ends, however it ends.
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `paydesk demo` in `dir` and waits until it serves.
fn start_demo(dir: &Path, port: u16) -> Demo {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paydesk"))
        .current_dir(dir)
        .env_remove("PAYDESK_API_TOKENS")
        .args(["demo", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--database-url")
        .arg(format!("sqlite://{}/demo.db", dir.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let demo = Demo(child);
    let serving = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("Serving on"));
    assert!(serving, "paydesk demo stopped before serving");
    demo
}

/// The page's DOM after its scripts ran (Chromium's virtual time lets the
/// fetches finish), once it holds `marker`. A browser that crashed prints
/// no DOM at all (seen once in CI: exit 0, empty output), so a render without
/// the marker is tried again, twice; the failure shows the last DOM and what
/// Chromium said.
fn rendered(browser: &Path, url: &str, marker: &str) -> String {
    let mut last = (String::new(), String::new());
    for _ in 0..3 {
        let profile = tempfile::tempdir().unwrap();
        let out = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--virtual-time-budget=15000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .output()
            .unwrap();
        let dom = String::from_utf8(out.stdout).unwrap();
        if out.status.success() && dom.contains(marker) {
            return dom;
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        last = (
            dom,
            format!(
                "{}\n{}",
                out.status,
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ),
        );
    }
    panic!(
        "{url} never showed {marker:?}\n--- DOM ---\n{}\n--- chromium ---\n{}",
        last.0, last.1
    );
}

#[test]
fn the_demo_page_shows_the_report_every_decision_and_a_customers_payments() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _demo = start_demo(dir.path(), port);
    let base = format!("http://127.0.0.1:{port}");

    let simulation = rendered(&browser, &format!("{base}/"), "212 of 212 tickets");
    let customer = rendered(
        &browser,
        &format!("{base}/#customer/jonas.becker@example.de"),
        "Jonas Becker",
    );

    // The report's figures, as `paydesk demo` printed them.
    assert!(
        simulation.contains("<b>56.6%</b>automation rate"),
        "{simulation}"
    );
    assert!(simulation.contains("212 of 212 tickets"), "{simulation}");
    // Every decision is a row, with its action in the currency's notation.
    assert_eq!(
        simulation
            .matches(r#"<tr class="row" data-ticket="#)
            .count(),
        212
    );
    assert!(
        simulation.contains("refund €24.90 of ch_rb0072"),
        "{simulation}"
    );
    // A reply is text, in the customer's language, never markup.
    assert!(simulation.contains("wir haben 24,90 € für die Bestellung #1037"));
    // The customer's payments, from the customer API.
    assert!(customer.contains("Jonas Becker"), "{customer}");
    assert!(customer.contains("ch_rb0072"), "{customer}");
    assert!(customer.contains("as of now"), "{customer}");
}
