//! `newsidx serve --opensearch` (issue 15, last part): the server's API
//! answered by the cluster, checked against the same server over the
//! local index of the same folder (`quotes::quote_indexes`), through HTTP
//! requests to both. The page's hostile-input rules are the server's own
//! and unchanged; a few are checked again here, against the cluster. A
//! cluster that fails (an index gone, a node that stops answering) is a
//! JSON error naming it, within the server's time limit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::cluster::{Cluster, URL_VAR};
use crate::quotes::quote_indexes;

/// A server started for one test, stopped when dropped (its stdin closes
/// and the shell around it kills it).
struct Served {
    addr: SocketAddr,
    _child: Child,
    _stdin: ChildStdin,
}

fn serve(backend: &[&str]) -> Served {
    let mut child = Command::new("sh")
        .args(["-c", r#""$@" & read _; kill $!"#, "sh"])
        .arg(assert_cmd::cargo::cargo_bin!("newsidx"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(backend)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("the server printed nothing").unwrap();
    // The line's one URL is the server's, for a cluster too.
    let urls: Vec<&str> = first
        .split_whitespace()
        .filter(|w| w.starts_with("http://"))
        .collect();
    assert_eq!(urls.len(), 1, "{first}");
    let addr = urls[0]
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    std::thread::spawn(move || for _ in lines {});
    Served {
        addr,
        _child: child,
        _stdin: stdin,
    }
}

impl Served {
    /// GET `path`: the status and the JSON answer.
    fn get(&self, path: &str) -> (u16, Value) {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut answer = agent
            .get(format!("http://{}{path}", self.addr))
            .call()
            .unwrap();
        let status = answer.status().as_u16();
        let text = answer.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

fn paths(hits: &Value) -> Vec<String> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_server_answers_from_the_cluster_as_from_the_folder() {
    let Some((_, local, remote)) =
        quote_indexes("the_server_answers_from_the_cluster_as_from_the_folder")
    else {
        return;
    };
    let here = serve(&["--index", local.to_str().unwrap()]);
    let there = serve(&["--opensearch", &remote]);

    // The page's own search: facets by speaker, folder and month.
    let search = "/api/search?q=oil+prices&facet=speaker:12&facet=folder:12&facet=month&limit=10";
    let (s1, mine) = here.get(search);
    let (s2, theirs) = there.get(search);
    assert_eq!((s1, s2), (200, 200), "{theirs}");
    assert_eq!(
        theirs["summary"]["total_hits"],
        mine["summary"]["total_hits"]
    );
    for (n, field) in [(1, "folder"), (2, "month")] {
        assert_eq!(theirs["facets"][n]["field"], field);
        assert_eq!(theirs["facets"][n], mine["facets"][n], "{field}");
    }
    let top_here = paths(&mine["hits"]);
    let top_there = paths(&theirs["hits"]);
    let shared = top_there.iter().filter(|p| top_here.contains(p)).count();
    assert!(shared >= 8, "{top_here:?}\n{top_there:?}");

    // Quotes, as `newsidx quotes` counts them.
    let (status, quotes) = there.get("/api/quotes?q=prices&limit=5");
    assert_eq!(status, 200, "{quotes}");
    let (_, local_quotes) = here.get("/api/quotes?q=prices&limit=5");
    assert_eq!(
        quotes["summary"]["total_hits"],
        local_quotes["summary"]["total_hits"]
    );
    assert_eq!(quotes["quotes"].as_array().unwrap().len(), 5);

    // People: the same counts for names written alike.
    let (status, people) = there.get("/api/speakers?q=opec&limit=3");
    assert_eq!(status, 200, "{people}");
    assert_eq!(people["speakers"].as_array().unwrap().len(), 3);

    // The article view: stored fields, marks and quoted passages from the
    // cluster, equal to the folder's but for the speakers' registry names.
    let first = &theirs["hits"][0];
    let id = first["id"].as_str().unwrap();
    let view = format!("/api/article?id={id}&q=oil+prices");
    let (status, article) = there.get(&view);
    assert_eq!(status, 200, "{article}");
    let (_, local_article) = here.get(&view);
    for key in [
        "path",
        "title",
        "body",
        "date",
        "title_highlights",
        "body_highlights",
    ] {
        assert_eq!(article[key], local_article[key], "{key}");
    }
    assert!(article["body_highlights"].as_array().unwrap().len() > 1);
    let ranges = |a: &Value| -> Vec<Value> {
        a["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["range"].clone())
            .collect()
    };
    assert_eq!(ranges(&article), ranges(&local_article));
    assert!(article["file"].is_null());

    let (status, health) = there.get("/api/health");
    assert_eq!(status, 200);
    let (_, local_health) = here.get("/api/health");
    assert_eq!(health["documents"], local_health["documents"]);
}

/// The server's bounds and refusals are the same in front of a cluster.
#[test]
fn the_servers_rules_hold_in_front_of_a_cluster() {
    let Some((_, _, remote)) = quote_indexes("the_servers_rules_hold_in_front_of_a_cluster") else {
        return;
    };
    let there = serve(&["--opensearch", &remote]);
    let long = "a".repeat(1001);
    assert_eq!(there.get(&format!("/api/search?q={long}")).0, 414);
    assert_eq!(there.get("/api/search?q=oil&limit=101").0, 400);
    assert_eq!(there.get("/api/search?q=oil&bogus=1").0, 400);
    assert_eq!(there.get("/api/article?id=not-an-id!").0, 400);
    let (status, body) = there.get("/api/article?id=bm8tc3VjaC1wYXRo");
    assert_eq!(status, 404, "{body}");
    // A request naming another host is refused before any search.
    let mut stream = std::net::TcpStream::connect(there.addr).unwrap();
    stream
        .write_all(
            b"GET /api/search?q=oil HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    // A query the cluster cannot run is the query's error, not the
    // cluster's.
    let (status, body) = there.get("/api/search?q=%22unclosed");
    assert_eq!(status, 400, "{body}");
}

/// A cluster index deleted while the server runs: the next search is a
/// JSON error (502) that says so and what to do.
#[test]
fn a_vanished_cluster_index_is_a_clear_error() {
    let Some(cluster) = Cluster::from_env("a_vanished_cluster_index_is_a_clear_error") else {
        return;
    };
    let base = std::env::var(URL_VAR).unwrap();
    let name = "newsidx-test-serve-vanish";
    cluster.create_index(name);
    let there = serve(&[
        "--opensearch",
        &format!("{}/{name}", base.trim_end_matches('/')),
    ]);
    assert_eq!(there.get("/api/search?q=oil").0, 200);
    cluster.delete_index(name);
    let (status, body) = there.get("/api/search?q=oil");
    assert_eq!(status, 502, "{body}");
    assert!(body["error"].as_str().unwrap().contains("404"), "{body}");
    assert!(
        body["hint"].as_str().unwrap().contains("does not exist"),
        "{body}"
    );
}

/// A node that takes requests and never answers: the search fails with
/// the node named, within the server's time limit, and the server
/// still answers after. The node is this test's: it answers the one count
/// the server asks at start, then holds every connection open.
#[test]
fn a_cluster_that_stops_answering_is_an_error_not_a_hang() {
    // No cluster needed; run with the others so CI runs it.
    let Some(_) = Cluster::from_env("a_cluster_that_stops_answering_is_an_error_not_a_hang") else {
        return;
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut answered = false;
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).to_string();
            if !answered && head.contains("_count") {
                answered = true;
                let body = r#"{"count":5}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
            } else {
                held.push(stream);
            }
        }
    });
    let there = serve(&["--opensearch", &format!("http://127.0.0.1:{port}/news")]);
    // 502 is the cluster's error; the server's own limit would have
    // answered 503 ("took too long") without naming the node.
    let (status, body) = there.get("/api/search?q=oil");
    assert_eq!(status, 502, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(
        error.contains(&format!("no answer from http://127.0.0.1:{port}/")),
        "{error}"
    );
    assert_eq!(there.get("/").0, 200);
}
