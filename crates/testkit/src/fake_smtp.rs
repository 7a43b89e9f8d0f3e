//! A loopback SMTP server (RFC 5321, the commands a mail client sends:
//! EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) that keeps every message
//! it accepts, and can refuse the next ones with a chosen reply
//! (`451` transient, `550` permanent) at the end of DATA, where a real
//! server decides, or drop the connection there without answering.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A message the server accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedMail {
    /// The envelope sender (`MAIL FROM`).
    pub from: String,
    /// The envelope recipients (`RCPT TO`).
    pub to: Vec<String>,
    /// The message as sent: headers, a blank line, the body (dot-unstuffed, CRLF line ends).
    pub data: String,
}

impl ReceivedMail {
    /// A header's value (the first with this name, case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut()
                && (line.starts_with(' ') || line.starts_with('\t'))
            {
                v.push_str(line.trim_start_matches([' ', '\t']));
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((n, v)) = line.split_once(':')
                && n.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_owned());
            }
        }
        value
    }

    /// The body, after the headers.
    pub fn body(&self) -> &str {
        self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b)
    }
}

/// How the server answers the end of the next DATA.
#[derive(Debug, Clone)]
enum Fault {
    Reply(String),
    Hangup,
}

#[derive(Default)]
struct Shared {
    received: Vec<ReceivedMail>,
    faults: Vec<Fault>,
    sessions: usize,
}

/// The running server; it stops when dropped.
pub struct FakeSmtp {
    addr: std::net::SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeSmtp {
    /// Starts on 127.0.0.1 on a free port.
    pub async fn start() -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(session(socket, state.clone()));
            }
        });
        FakeSmtp { addr, shared, task }
    }

    /// `smtp://127.0.0.1:PORT`, plain (no TLS, no login), as for a local relay.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The messages accepted so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.shared.lock().unwrap().received.clone()
    }

    /// How many connections were opened.
    pub fn sessions(&self) -> usize {
        self.shared.lock().unwrap().sessions
    }

    /// The next `n` messages are refused with this reply (e.g. "451 4.3.0 try later").
    pub fn refuse_next(&self, n: usize, reply: &str) {
        let mut s = self.shared.lock().unwrap();
        s.faults
            .extend(std::iter::repeat_n(Fault::Reply(reply.to_owned()), n));
    }

    /// The next message is kept (as a real server that crashed after
    /// queueing it would), but the connection closes before the reply.
    pub fn keep_and_hang_up_next(&self) {
        self.shared.lock().unwrap().faults.push(Fault::Hangup);
    }
}

impl Drop for FakeSmtp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `<a@b>` or `<a@b> SIZE=…` → `a@b`.
fn path_of(arg: &str) -> String {
    let arg = arg.trim();
    match (arg.find('<'), arg.find('>')) {
        (Some(a), Some(b)) if b > a => arg[a + 1..b].to_owned(),
        _ => arg.split_whitespace().next().unwrap_or("").to_owned(),
    }
}

async fn session(socket: TcpStream, shared: Arc<Mutex<Shared>>) {
    shared.lock().unwrap().sessions += 1;
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    macro_rules! say {
        ($($t:tt)*) => {
            if write.write_all(format!($($t)*).as_bytes()).await.is_err() {
                return;
            }
        };
    }
    say!("220 fake-smtp ESMTP ready\r\n");
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end();
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            say!("250-fake-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        } else if upper.starts_with("HELO") {
            say!("250 fake-smtp\r\n");
        } else if upper.starts_with("MAIL FROM:") {
            from = path_of(&command[10..]);
            to.clear();
            say!("250 2.1.0 ok\r\n");
        } else if upper.starts_with("RCPT TO:") {
            to.push(path_of(&command[8..]));
            say!("250 2.1.5 ok\r\n");
        } else if upper == "DATA" {
            if to.is_empty() {
                say!("554 5.5.1 no valid recipients\r\n");
                continue;
            }
            say!("354 end with <CRLF>.<CRLF>\r\n");
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let l = line.strip_prefix('.').unwrap_or(&line);
                data.push_str(l.trim_end_matches(['\r', '\n']));
                data.push_str("\r\n");
            }
            let fault = {
                let mut s = shared.lock().unwrap();
                let fault = (!s.faults.is_empty()).then(|| s.faults.remove(0));
                if !matches!(fault, Some(Fault::Reply(_))) {
                    s.received.push(ReceivedMail {
                        from: from.clone(),
                        to: to.clone(),
                        data,
                    });
                }
                fault
            };
            match fault {
                None => say!("250 2.0.0 queued\r\n"),
                Some(Fault::Reply(reply)) => say!("{reply}\r\n"),
                Some(Fault::Hangup) => return,
            }
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            say!("250 2.0.0 ok\r\n");
        } else if upper == "NOOP" {
            say!("250 2.0.0 ok\r\n");
        } else if upper == "QUIT" {
            say!("221 2.0.0 bye\r\n");
            return;
        } else {
            say!("502 5.5.2 command not recognized\r\n");
        }
    }
}
