//! Sends the prepared events over C keep-alive HTTP/1.1 connections and
//! times each request.
//!
//! Each connection is one task that takes the next event index from a shared
//! counter, so a slow connection never holds back the others and every event
//! is sent exactly once.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, HOST, HeaderName, HeaderValue};
use hyper::{Method, Request, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::prepare::SignedEvent;
use crate::stats::{Report, Tally};

type Sender = SendRequest<Full<Bytes>>;

const STRIPE_SIGNATURE: HeaderName = HeaderName::from_static("stripe-signature");

/// Where requests go: the socket to dial, the Host header and the request path.
#[derive(Debug)]
pub struct Target {
    url: String,
    addr: String,
    host: HeaderValue,
    path: Uri,
}

impl Target {
    /// Parses an `http://host:port/path` URL.
    pub fn parse(url: &str) -> Result<Self> {
        let uri: Uri = url.parse().with_context(|| format!("bad --url {url:?}"))?;
        if uri.scheme_str() != Some("http") {
            bail!("--url {url:?}: only plain http:// is supported");
        }
        let authority = uri.authority().context("--url has no host")?;
        let port = authority.port_u16().unwrap_or(80);
        let path = uri.path_and_query().map_or("/", |p| p.as_str());
        Ok(Self {
            url: url.to_owned(),
            addr: format!("{}:{port}", authority.host()),
            host: HeaderValue::from_str(authority.as_str())?,
            path: path.parse()?,
        })
    }
}

/// Everything the connection tasks share.
struct Shared {
    target: Target,
    events: Vec<SignedEvent>,
    next: AtomicUsize,
}

/// Sends `events[..warmup]` untimed, then times `events[warmup..]`.
pub async fn run(
    target: Target,
    events: Vec<SignedEvent>,
    warmup: usize,
    concurrency: usize,
) -> Result<Report> {
    let total = events.len();
    let body_bytes = events.iter().map(|e| e.body.len()).sum::<usize>() / total.max(1);
    let shared = Arc::new(Shared {
        target,
        events,
        next: AtomicUsize::new(0),
    });
    let mut senders = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let sender = connect(&shared.target).await;
        senders.push(sender.with_context(|| format!("connecting to {}", shared.target.addr))?);
    }
    let (senders, warm) = phase(&shared, senders, warmup).await;
    if let Some(error) = warm.first_error {
        bail!("warmup failed: {error}");
    }
    shared.next.store(warmup, Ordering::SeqCst);
    let started = Instant::now();
    let (_, tally) = phase(&shared, senders, total).await;
    let wall = started.elapsed();
    let report = Report {
        url: shared.target.url.clone(),
        events: total - warmup,
        concurrency,
        warmup,
        body_bytes,
        wall,
        tally,
    };
    Ok(report.finish())
}

/// Runs one task per connection until the shared counter reaches `end`.
async fn phase(shared: &Arc<Shared>, senders: Vec<Sender>, end: usize) -> (Vec<Sender>, Tally) {
    let tasks: Vec<_> = senders
        .into_iter()
        .map(|sender| tokio::spawn(drive(Arc::clone(shared), sender, end)))
        .collect();
    let mut kept = Vec::with_capacity(tasks.len());
    let mut tally = Tally::default();
    for task in tasks {
        let (sender, own) = task.await.expect("connection task panicked");
        kept.extend(sender);
        tally.merge(own);
    }
    (kept, tally)
}

/// One connection's loop; gives its connection back unless it lost it for good.
async fn drive(shared: Arc<Shared>, mut sender: Sender, end: usize) -> (Option<Sender>, Tally) {
    let mut tally = Tally::default();
    loop {
        let i = shared.next.fetch_add(1, Ordering::Relaxed);
        if i >= end {
            return (Some(sender), tally);
        }
        let event = &shared.events[i];
        let started = Instant::now();
        if sender.ready().await.is_err() {
            // The server closed an idle connection; nothing was sent yet.
            match connect(&shared.target).await {
                Ok(fresh) => sender = fresh,
                Err(error) => {
                    tally.failed(&error);
                    return (None, tally);
                }
            }
        }
        match send(&mut sender, &shared.target, event).await {
            Ok((status, body)) => tally.answered(status, started.elapsed(), &body),
            Err(error) => {
                tally.failed(&error);
                match connect(&shared.target).await {
                    Ok(fresh) => sender = fresh,
                    Err(_) => return (None, tally),
                }
            }
        }
    }
}

/// Opens one keep-alive HTTP/1.1 connection and drives it in the background.
async fn connect(target: &Target) -> Result<Sender> {
    let stream = TcpStream::connect(&target.addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        // Its errors reach the sender's next request, which counts them.
        let _ = connection.await;
    });
    Ok(sender)
}

/// Posts one event and reads the whole response.
async fn send(
    sender: &mut Sender,
    target: &Target,
    event: &SignedEvent,
) -> Result<(u16, Bytes), hyper::Error> {
    let mut request = Request::new(Full::new(event.body.clone()));
    *request.method_mut() = Method::POST;
    *request.uri_mut() = target.path.clone();
    let headers = request.headers_mut();
    headers.insert(HOST, target.host.clone());
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(STRIPE_SIGNATURE, event.signature.clone());
    let response = sender.send_request(request).await?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}
