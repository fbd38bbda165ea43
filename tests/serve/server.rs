//! The one server every test of this binary talks to, and a plain HTTP
//! client that can send what a browser would not (a foreign Host, a body,
//! half a request).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{LazyLock, RwLock};
use std::time::Duration;

use crate::tree::copy_dir;

/// The token the server asks for.
pub const TOKEN: &str = "test-token-0123456789abcdef";
/// A name given with `--allow-host`.
pub const ALLOWED_HOST: &str = "news.example";

/// An article whose every field carries markup and script: the page must
/// show it as text and run none of it. Each payload would set
/// `window.__pwned`.
pub const HOSTILE: &str = r#"{"title": "Cocoa <script>window.__pwned='title'</script> <img src=x onerror=\"window.__pwned='img'\"> </textarea><b>bold</b> \u202Eevil\u202C",
 "description": "Lead <svg onload=\"window.__pwned='svg'\"></svg> cocoa",
 "date": "2024-05-02T10:00:00Z",
 "url": "javascript:window.__pwned='url'",
 "author": "<img src=x onerror=\"window.__pwned='author'\">",
 "source": "Herald <script>window.__pwned='outlet'</script>",
 "text": "Cocoa traders met on Tuesday. <a href=\"javascript:window.__pwned='link'\">click</a> </textarea><script>window.__pwned='body'</script>\n\"Cocoa <img src=x onerror=window.__pwned='quote'> prices will rise,\" said Mallory Quill, the cocoa board chair.\nThe \u202Ereversed\u202C text stays text."}
"#;

/// The running server and its workspace.
pub struct Server {
    pub addr: SocketAddr,
    pub root: PathBuf,
    _child: Child,
    _stdin: ChildStdin,
    /// Tests that compare the server with the command line hold it to
    /// read; the live-index test, which changes the index, holds it to
    /// write.
    pub index_lock: RwLock<()>,
}

impl Server {
    pub fn corpus(&self) -> PathBuf {
        self.root.join("corpus")
    }

    /// `newsidx ARGS` in the workspace.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_newsidx"))
            .args(args)
            .current_dir(&self.root)
            .output()
            .unwrap()
    }
}

/// The server, started on first use. It runs under `sh`, which kills it
/// when this test process ends and its stdin pipe closes.
pub fn server() -> &'static Server {
    static SERVER: LazyLock<Server> = LazyLock::new(start);
    &SERVER
}

fn start() -> Server {
    let root = tempfile::Builder::new()
        .prefix("newsidx-serve")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus"),
        &root.join("corpus"),
    );
    std::fs::create_dir_all(root.join("corpus/zz-hostile")).unwrap();
    std::fs::write(root.join("corpus/zz-hostile/hostile.json"), HOSTILE).unwrap();
    std::fs::write(root.join("token"), format!("{TOKEN}\n")).unwrap();
    let indexed = Command::new(env!("CARGO_BIN_EXE_newsidx"))
        .args(["index", "corpus", "--index", "idx", "--quiet"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        indexed.status.success(),
        "{}",
        String::from_utf8_lossy(&indexed.stderr)
    );
    let mut child = Command::new("sh")
        .args([
            "-c",
            r#""$@" & read _; kill $!"#,
            "sh",
            env!("CARGO_BIN_EXE_newsidx"),
            "serve",
            "--index",
            "idx",
            "--addr",
            "127.0.0.1:0",
            "--allow-host",
            ALLOWED_HOST,
            "--token-file",
            "token",
        ])
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("the server printed nothing").unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    // The rest of stdout is drained so the server never blocks writing.
    std::thread::spawn(move || for _ in lines {});
    Server {
        addr,
        root,
        _child: child,
        _stdin: stdin,
        index_lock: RwLock::new(()),
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A JSON error: the status, and `error` holding `needle`.
    pub fn assert_error(&self, status: u16, needle: &str) {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let json = self.json();
        let error = json["error"].as_str().unwrap();
        assert!(error.contains(needle), "{error:?} lacks {needle:?}");
        assert!(json.get("hint").is_some(), "{json}");
        assert!(self
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
    }
}

/// A request as raw text (request line and headers; the blank line is
/// added), its answer read to the end.
pub fn raw(request: &str) -> Reply {
    raw_bytes(format!("{request}\r\n\r\n").as_bytes())
}

pub fn raw_bytes(request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(server().addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    parse(&bytes)
}

fn parse(bytes: &[u8]) -> Reply {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no full answer: {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

/// `GET target` with the right Host and token.
pub fn get(target: &str) -> Reply {
    let addr = server().addr;
    raw(&format!(
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nConnection: close"
    ))
}

/// A query string's value, percent-encoded.
pub fn enc(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
