//! The binary against a small loopback webhook receiver that checks every signature.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::Value;

const SECRET: &str = "whsec_test_secret";

/// Event ids received with a valid signature, and how many were rejected.
#[derive(Default)]
struct Received {
    ids: HashSet<String>,
    rejected: usize,
}

/// Starts a keep-alive HTTP/1.1 receiver on port 0; answers 200 to valid events, 400 otherwise.
fn spawn_receiver() -> (String, Arc<Mutex<Received>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/webhooks/stripe", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Received::default()));
    let shared = Arc::clone(&received);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || serve(stream.unwrap(), &shared));
        }
    });
    (url, received)
}

fn serve(stream: TcpStream, received: &Mutex<Received>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    while let Some((signature, body)) = read_request(&mut reader) {
        let t: i64 = signature[2..signature.find(',').unwrap()].parse().unwrap();
        let valid = paydesk_testkit::stripe_signature_header(&body, SECRET, t) == signature;
        let event: Value = serde_json::from_slice(&body).unwrap();
        let mut received = received.lock().unwrap();
        let status = if valid {
            received
                .ids
                .insert(event["id"].as_str().unwrap().to_owned());
            "200 OK"
        } else {
            received.rejected += 1;
            "400 Bad Request"
        };
        let answer = format!("HTTP/1.1 {status}\r\ncontent-length: 2\r\n\r\nok");
        writer.write_all(answer.as_bytes()).unwrap();
    }
}

/// Reads one request: its Stripe-Signature header and body; None at end of stream.
fn read_request(reader: &mut impl BufRead) -> Option<(String, Vec<u8>)> {
    let (mut length, mut signature) = (0, String::new());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap(),
            "stripe-signature" => signature = value.trim().to_owned(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((signature, body))
}

fn bench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_paydesk-bench"))
}

#[test]
fn load_sends_every_event_once_signed() {
    let (url, received) = spawn_receiver();

    let output = bench()
        .args([
            "load", "--url", &url, "--secret", SECRET, "-n", "300", "-c", "4",
        ])
        .args(["--warmup", "20", "--json"])
        .output()
        .unwrap();

    assert!(output.status.success(), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["events"], 300);
    assert_eq!(report["ok_2xx"], 300);
    assert_eq!(report["non_2xx"], 0);
    assert!(report["events_per_s"].as_f64().unwrap() > 0.0);
    let received = received.lock().unwrap();
    assert_eq!(received.rejected, 0);
    assert_eq!(
        received.ids.len(),
        320,
        "warmup and timed events are all distinct"
    );
}

#[test]
fn load_counts_rejections_by_status() {
    let (url, _) = spawn_receiver();

    let output = bench()
        .args([
            "load",
            "--url",
            &url,
            "--secret",
            "whsec_wrong",
            "-n",
            "50",
            "-c",
            "2",
        ])
        .arg("--json")
        .output()
        .unwrap();

    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["by_status"]["400"], 50);
    assert_eq!(report["ok_2xx"], 0);
    assert!(String::from_utf8_lossy(&output.stderr).contains("first non-2xx answer: 400"));
}

#[test]
fn gen_events_writes_distinct_json_lines() {
    let dir = std::env::temp_dir().join(format!("paydesk-bench-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("events.jsonl");

    let status = bench()
        .args(["gen-events", "-n", "500", "--out"])
        .arg(&out)
        .status()
        .unwrap();

    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let events: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: HashSet<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!((events.len(), ids.len()), (500, 500));
    std::fs::remove_dir_all(dir).unwrap();
}
