//! `https://` clusters: newsidx through a TLS endpoint put in front of
//! the plain-HTTP test cluster, nothing mocked on newsidx's side.
//!
//! The test cluster has no security plugin, so the TLS endpoint is a small
//! proxy made here: it terminates TLS with a certificate made at test time
//! (rcgen) and forwards the bytes to node 1. It also checks basic auth on
//! the first request of each connection (every request newsidx sends
//! carries the header, and a connection is only ever reused by the client
//! that opened it), so the credentials travel the whole way: environment
//! or file, header, TLS, proxy.
//!
//! Every run of the binary here is made twice, once with the password in
//! `NEWSIDX_OPENSEARCH_PASSWORD` and once in a file named by
//! `NEWSIDX_OPENSEARCH_PASSWORD_FILE`, and neither stdout nor stderr of
//! either may hold it, failing runs included.
//!
//! The tests that need no cluster (a CA file that cannot be used, the
//! wrong protocol on either side) run everywhere.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use assert_cmd::Command;
use base64::Engine;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

use crate::cluster::{Cluster, URL_VAR};

const USER: &str = "tls-reader";
const PASSWORD: &str = "pw-tls-5e1d0b-never-shown";

/// The credential and CA variables: cleared for every run, so the
/// developer's own never leak in.
const VARS: [&str; 4] = [
    "NEWSIDX_OPENSEARCH_USER",
    "NEWSIDX_OPENSEARCH_PASSWORD",
    "NEWSIDX_OPENSEARCH_PASSWORD_FILE",
    "NEWSIDX_OPENSEARCH_CA_FILE",
];

/// A certificate authority made for one test, and the certificates it
/// signs.
struct Authority {
    issuer: Issuer<'static, KeyPair>,
    pem: String,
}

impl Authority {
    fn new(name: &str) -> Authority {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().unwrap();
        let pem = params.self_signed(&key).unwrap().pem();
        Authority {
            issuer: Issuer::new(params, key),
            pem,
        }
    }

    /// A server certificate for `names` (DNS names or IP addresses) and
    /// its key.
    fn server(&self, names: &[&str]) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params.use_authority_key_identifier_extension = true;
        params
            .extended_key_usages
            .push(rcgen::ExtendedKeyUsagePurpose::ServerAuth);
        let key = KeyPair::generate().unwrap();
        let certificate = params.signed_by(&key, &self.issuer).unwrap();
        (
            vec![certificate.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
    }

    /// Writes the authority's certificate to `dir/NAME` and returns the
    /// path.
    fn write(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, &self.pem).unwrap();
        path
    }
}

/// A TLS endpoint on 127.0.0.1 that forwards to `upstream` (HOST:PORT);
/// stopped when dropped.
struct TlsProxy {
    port: u16,
    runtime: Option<tokio::runtime::Runtime>,
}

impl TlsProxy {
    /// Serves `chain` with `key`; with `auth`, a first request without
    /// exactly that `authorization` header is answered 401 and not
    /// forwarded.
    fn start(
        upstream: &str,
        (chain, key): (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>),
        auth: Option<String>,
    ) -> TlsProxy {
        // ring, as newsidx's client uses; named, since the process has
        // no default provider.
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .build()
            .unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let port = listener.local_addr().unwrap().port();
        let upstream = upstream.to_string();
        runtime.spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (acceptor, upstream, auth) = (acceptor.clone(), upstream.clone(), auth.clone());
                tokio::spawn(async move {
                    // A failed handshake is what some tests are after; the
                    // client reports it.
                    let _ = relay(acceptor, socket, &upstream, auth.as_deref()).await;
                });
            }
        });
        TlsProxy {
            port,
            runtime: Some(runtime),
        }
    }

    fn url(&self, index: &str) -> String {
        format!("https://127.0.0.1:{}/{index}", self.port)
    }
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

async fn relay(
    acceptor: TlsAcceptor,
    socket: TcpStream,
    upstream: &str,
    auth: Option<&str>,
) -> std::io::Result<()> {
    let mut tls = acceptor.accept(socket).await?;
    let mut head = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let end = loop {
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let n = tls.read(&mut buf).await?;
        if n == 0 || head.len() > 1 << 20 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    };
    if let Some(expected) = auth {
        let headers = String::from_utf8_lossy(&head[..end]).into_owned();
        let allowed = headers.lines().any(|line| {
            line.split_once(':').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("authorization") && value.trim() == expected
            })
        });
        if !allowed {
            let body = r#"{"error":"the test proxy wants the right basic auth"}"#;
            let answer = format!(
                "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            tls.write_all(answer.as_bytes()).await?;
            return tls.shutdown().await;
        }
    }
    let mut upstream = TcpStream::connect(upstream).await?;
    upstream.write_all(&head).await?;
    tokio::io::copy_bidirectional(&mut tls, &mut upstream).await?;
    Ok(())
}

fn basic_auth(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// How the password reaches newsidx.
#[derive(Debug, Clone, Copy)]
enum PasswordBy {
    Env,
    File,
}

/// Runs `newsidx ARGS` as [`USER`] with `password`, once per way of giving
/// it, with `env` set too; checks that neither output of either run holds
/// the password and returns both runs.
fn run_both(password: &str, args: &[&str], env: &[(&str, &Path)]) -> [(PasswordBy, Output); 2] {
    let secrets = tempfile::tempdir().unwrap();
    let file = secrets.path().join("password");
    fs::write(&file, format!("{password}\n")).unwrap();
    [PasswordBy::Env, PasswordBy::File].map(|by| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("newsidx"));
        for var in VARS {
            cmd.env_remove(var);
        }
        cmd.env("NEWSIDX_OPENSEARCH_USER", USER);
        match by {
            PasswordBy::Env => cmd.env("NEWSIDX_OPENSEARCH_PASSWORD", password),
            PasswordBy::File => cmd.env("NEWSIDX_OPENSEARCH_PASSWORD_FILE", &file),
        };
        for (name, value) in env {
            cmd.env(name, value);
        }
        let out = cmd.args(args).output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            !stdout.contains(password) && !stderr.contains(password),
            "the password shows ({by:?}, {args:?}):\n{stdout}\n{stderr}"
        );
        (by, out)
    })
}

/// Checks that every run failed with exit 2 and a message holding each
/// of `needles`.
fn assert_failed(runs: &[(PasswordBy, Output)], needles: &[&str]) {
    for (by, out) in runs {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{by:?}: {stderr}");
        for needle in needles {
            assert!(
                stderr.contains(needle),
                "{by:?}: no {needle:?} in: {stderr}"
            );
        }
    }
}

/// The test cluster's node 1 as HOST:PORT, and the cluster.
fn upstream(test: &str) -> Option<(String, Cluster)> {
    let cluster = Cluster::from_env(test)?;
    let url = std::env::var(URL_VAR).unwrap();
    let host = url
        .trim_end_matches('/')
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("{URL_VAR} is not an http:// address: {url}"))
        .to_string();
    Some((host, cluster))
}

/// Deletes every index whose name starts with `base` when dropped.
struct Cleanup<'a> {
    cluster: &'a Cluster,
    base: String,
}

impl Cleanup<'_> {
    fn run(&self) {
        let rows = self.cluster.call(
            "GET",
            &format!("/_cat/indices/{}*?format=json&h=index", self.base),
            None,
        );
        for row in rows.as_array().unwrap() {
            self.cluster
                .delete_if_exists(row["index"].as_str().unwrap());
        }
    }
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.run();
        }
    }
}

/// The total and the paths in order of `query --json --exact-count`.
fn hits(out: &Output) -> (u64, Vec<String>) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.last().expect("a summary line");
    let paths = lines
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| l["path"].as_str().unwrap().to_string())
        .collect();
    (summary["total_hits"].as_u64().unwrap(), paths)
}

fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus")
}

#[test]
fn https_with_the_ca_file_answers_as_plain_http_does() {
    let Some((upstream, cluster)) = upstream("https_with_the_ca_file_answers_as_plain_http_does")
    else {
        return;
    };
    let index = format!("newsidx-test-tls-parity-{}", std::process::id());
    let cleanup = Cleanup {
        cluster: &cluster,
        base: index.clone(),
    };
    cleanup.run();
    let pki = tempfile::tempdir().unwrap();
    let authority = Authority::new("newsidx test CA");
    let ca = authority.write(pki.path(), "ca.pem");
    let proxy = TlsProxy::start(
        &upstream,
        authority.server(&["127.0.0.1", "localhost"]),
        Some(basic_auth(USER, PASSWORD)),
    );
    let https = proxy.url(&index);
    let http = format!("http://{upstream}/{index}");
    let corpus = sample_corpus();
    let corpus = corpus.to_str().unwrap();

    // Indexed through TLS, the CA given by the option.
    let runs = run_both(
        PASSWORD,
        &[
            "index",
            corpus,
            "--quiet",
            "--opensearch",
            &https,
            "--opensearch-ca",
            ca.to_str().unwrap(),
            "--opensearch-shards",
            "1",
            "--opensearch-replicas",
            "0",
        ],
        &[],
    );
    for (by, out) in &runs {
        assert!(
            out.status.success(),
            "{by:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // Queried through TLS, the CA given by the variable, and directly.
    for query in [
        "oil",
        "price OR prices",
        "title:bank",
        "-oil",
        "\"interest rates\"",
    ] {
        let args = ["query", query, "--json", "--exact-count", "--limit", "all"];
        let direct = Command::new(assert_cmd::cargo::cargo_bin!("newsidx"))
            .args(args)
            .args(["--opensearch", &http])
            .output()
            .unwrap();
        assert!(
            direct.status.code().unwrap() <= 1,
            "{}",
            String::from_utf8_lossy(&direct.stderr)
        );
        let expected = hits(&direct);
        assert!(expected.0 > 0, "{query} finds nothing, so compares nothing");
        let mut tls_args = args.to_vec();
        tls_args.extend(["--opensearch", &https]);
        for (by, out) in run_both(PASSWORD, &tls_args, &[("NEWSIDX_OPENSEARCH_CA_FILE", &ca)]) {
            assert_eq!(
                out.status.code(),
                direct.status.code(),
                "{query} ({by:?}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(hits(&out), expected, "{query} ({by:?})");
        }
    }

    // The proxy checks the header: a wrong password is refused there,
    // and the message says what to set without repeating it.
    let runs = run_both(
        "pw-wrong-0c44",
        &[
            "query",
            "oil",
            "--opensearch",
            &https,
            "--opensearch-ca",
            ca.to_str().unwrap(),
        ],
        &[],
    );
    assert_failed(&runs, &["401", "NEWSIDX_OPENSEARCH_PASSWORD"]);
    for (_, out) in &runs {
        assert!(!String::from_utf8_lossy(&out.stderr).contains(PASSWORD));
    }
}

#[test]
fn https_refuses_a_certificate_no_trusted_ca_signed() {
    let Some((upstream, _cluster)) = upstream("https_refuses_a_certificate_no_trusted_ca_signed")
    else {
        return;
    };
    let pki = tempfile::tempdir().unwrap();
    let authority = Authority::new("newsidx test CA");
    let stranger = Authority::new("another CA");
    let other_ca = stranger.write(pki.path(), "other-ca.pem");
    let proxy = TlsProxy::start(
        &upstream,
        authority.server(&["127.0.0.1", "localhost"]),
        Some(basic_auth(USER, PASSWORD)),
    );
    let index = format!("newsidx-test-tls-refused-{}", std::process::id());
    let https = proxy.url(&index);
    let corpus = sample_corpus();

    // No CA file: the built-in public roots do not know the test CA.
    for args in [
        vec!["query", "oil", "--opensearch", &https],
        vec!["index", corpus.to_str().unwrap(), "--opensearch", &https],
    ] {
        let runs = run_both(PASSWORD, &args, &[]);
        assert_failed(
            &runs,
            &[
                "signed by no CA newsidx trusts",
                &format!("127.0.0.1:{}", proxy.port),
                "hint: give the certificate of the CA",
                "--opensearch-ca FILE",
            ],
        );
    }
    // A CA file of another authority, from the option or the variable:
    // the message names the file.
    let runs = run_both(
        PASSWORD,
        &[
            "query",
            "oil",
            "--opensearch",
            &https,
            "--opensearch-ca",
            other_ca.to_str().unwrap(),
        ],
        &[],
    );
    assert_failed(
        &runs,
        &["signed by no CA in", "other-ca.pem", "from --opensearch-ca"],
    );
    let runs = run_both(
        PASSWORD,
        &["query", "oil", "--opensearch", &https],
        &[("NEWSIDX_OPENSEARCH_CA_FILE", &other_ca)],
    );
    assert_failed(&runs, &["other-ca.pem", "from NEWSIDX_OPENSEARCH_CA_FILE"]);
}

#[test]
fn https_refuses_a_certificate_for_another_name() {
    let Some((upstream, _cluster)) = upstream("https_refuses_a_certificate_for_another_name")
    else {
        return;
    };
    let pki = tempfile::tempdir().unwrap();
    let authority = Authority::new("newsidx test CA");
    let ca = authority.write(pki.path(), "ca.pem");
    let proxy = TlsProxy::start(&upstream, authority.server(&["search.example.org"]), None);
    let index = format!("newsidx-test-tls-name-{}", std::process::id());
    let runs = run_both(
        PASSWORD,
        &[
            "query",
            "oil",
            "--opensearch",
            &proxy.url(&index),
            "--opensearch-ca",
            ca.to_str().unwrap(),
        ],
        &[],
    );
    assert_failed(
        &runs,
        &[
            "certificate is not for 127.0.0.1:",
            "search.example.org",
            "hint: connect by a name the certificate holds",
        ],
    );
}

/// A server that takes each connection and closes it unanswered, as a
/// Netty TLS port does with plain HTTP.
fn hang_up_server() -> u16 {
    let listener = StdListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
        }
    });
    port
}

/// A one-connection-at-a-time HTTP server that answers every request
/// with the same small JSON, for the protocol test; it stops with the
/// test process.
fn plain_http_server() -> u16 {
    let listener = StdListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\
                  connection: close\r\n\r\n{}",
            );
        }
    });
    port
}

#[test]
fn the_wrong_protocol_on_either_side_is_named() {
    let plain = plain_http_server();
    let authority = Authority::new("newsidx test CA");
    let pki = tempfile::tempdir().unwrap();
    let ca = authority.write(pki.path(), "ca.pem");
    let proxy = TlsProxy::start(
        &format!("127.0.0.1:{plain}"),
        authority.server(&["127.0.0.1"]),
        None,
    );
    // https:// to a server that speaks plain HTTP.
    let runs = run_both(
        PASSWORD,
        &[
            "query",
            "oil",
            "--opensearch",
            &format!("https://127.0.0.1:{plain}/news"),
            "--opensearch-ca",
            ca.to_str().unwrap(),
        ],
        &[],
    );
    assert_failed(
        &runs,
        &[
            "did not answer in TLS",
            &format!("hint: give the address as http://127.0.0.1:{plain}/"),
        ],
    );
    // http:// to a server that speaks TLS.
    let runs = run_both(
        PASSWORD,
        &[
            "query",
            "oil",
            "--opensearch",
            &format!("http://127.0.0.1:{}/news", proxy.port),
        ],
        &[],
    );
    assert_failed(
        &runs,
        &[
            "the answer is not HTTP",
            &format!("give its address as https://127.0.0.1:{}/", proxy.port),
        ],
    );
    // http:// to a TLS server that hangs up without a word.
    let silent = hang_up_server();
    let runs = run_both(
        PASSWORD,
        &[
            "query",
            "oil",
            "--opensearch",
            &format!("http://127.0.0.1:{silent}/news"),
        ],
        &[],
    );
    assert_failed(
        &runs,
        &[
            "the connection closed before any answer",
            &format!("give its address as https://127.0.0.1:{silent}/"),
        ],
    );
}

#[test]
fn an_unusable_ca_file_is_named_with_what_to_do() {
    let dir: TempDir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    fs::write(&text, "not a certificate\n").unwrap();
    let der = dir.path().join("ca.der");
    let authority = Authority::new("newsidx test CA");
    let (chain, _) = authority.server(&["127.0.0.1"]);
    fs::write(&der, chain[0].as_ref()).unwrap();
    let key_only = dir.path().join("key.pem");
    fs::write(&key_only, KeyPair::generate().unwrap().serialize_pem()).unwrap();
    let broken = dir.path().join("broken.pem");
    fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let garbage = dir.path().join("garbage.pem");
    fs::write(
        &garbage,
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let missing = dir.path().join("missing.pem");
    let cases: [(&Path, &str); 6] = [
        (&missing, "cannot be read"),
        (&text, "holds no PEM certificate"),
        (&der, "looks like binary DER"),
        (&key_only, "holds no PEM certificate"),
        (&broken, "is not valid PEM"),
        (&garbage, "certificate 1 of 1 cannot serve as a CA"),
    ];
    for (file, why) in cases {
        // The address is never asked: the file is checked first.
        for command in ["query", "index"] {
            let mut args = vec![command];
            if command == "index" {
                args.push(dir.path().to_str().unwrap());
            } else {
                args.push("oil");
            }
            args.extend([
                "--opensearch",
                "https://127.0.0.1:9/news",
                "--opensearch-ca",
                file.to_str().unwrap(),
            ]);
            let runs = run_both(PASSWORD, &args, &[]);
            assert_failed(
                &runs,
                &[
                    &format!("the CA certificate file {}", file.display()),
                    "(from --opensearch-ca)",
                    why,
                    "hint: give the CA's certificate as a PEM file",
                ],
            );
        }
    }
}
