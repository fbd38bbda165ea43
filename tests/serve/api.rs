//! The JSON API: every route, every refusal, the headers, the Host check
//! and the token, against the running server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::{enc, get, raw, raw_bytes, server, ALLOWED_HOST, TOKEN};
use crate::tree::copy_dir;

/// The JSON Lines of a command, each parsed.
fn json_lines(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A line of `--json` as the document holds it: without `type`, without
/// the timing, which differs between any two runs, and with `file` null:
/// the server never tells where on its disk an article lies.
fn comparable(mut value: Value) -> Value {
    let object = value.as_object_mut().unwrap();
    object.remove("type");
    object.remove("elapsed_ms");
    if let Some(file) = object.get_mut("file") {
        *file = Value::Null;
    }
    value
}

#[test]
fn search_returns_what_query_json_writes() {
    let server = server();
    let _same_index = server.index_lock.read().unwrap();
    for (q, args, params) in [
        ("heatwave", vec![], ""),
        (
            "grid OR wind",
            vec!["--sort", "date", "--limit", "3", "--offset", "1"],
            "&sort=date&limit=3&offset=1",
        ),
        (
            "*",
            vec![
                "--facet",
                "speaker:5",
                "--facet",
                "month",
                "--from",
                "2024",
                "--to",
                "2024-06",
            ],
            "&facet=speaker:5&facet=month&from=2024&to=2024-06",
        ),
        (
            "\"central bank\"",
            vec!["--collapse", "--facet", "folder"],
            "&collapse=1&facet=folder",
        ),
    ] {
        let mut cli_args = vec!["query", q, "--index", "idx", "--json"];
        cli_args.extend(&args);
        let lines = json_lines(&server.cli(&cli_args));
        let target = format!("/api/search?q={}{params}", enc(q));
        let reply = get(&target);
        assert_eq!(
            reply.status,
            200,
            "{target}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        let doc = reply.json();
        let hits: Vec<Value> = lines
            .iter()
            .filter(|l| l["type"] == "hit")
            .cloned()
            .map(comparable)
            .collect();
        let facets: Vec<Value> = lines
            .iter()
            .filter(|l| l["type"] == "facet")
            .cloned()
            .map(comparable)
            .collect();
        let summary = comparable(lines.last().unwrap().clone());
        assert!(
            !hits.is_empty() || q == "\"central bank\"",
            "{q}: no hits to compare"
        );
        assert_eq!(doc["hits"], Value::from(hits), "{target}");
        assert_eq!(doc["facets"], Value::from(facets), "{target}");
        assert_eq!(comparable(doc["summary"].clone()), summary, "{target}");
        assert!(doc["summary"]["elapsed_ms"].is_number());
    }
}

#[test]
fn quotes_returns_what_quotes_json_writes() {
    let server = server();
    let _same_index = server.index_lock.read().unwrap();
    for (q, args, params) in [
        ("minister", vec!["--limit", "4"], "&limit=4"),
        ("speaker:dahl", vec!["--sort", "date"], "&sort=date"),
        (
            "*",
            vec!["--from", "2024", "--to", "2024-06", "--offset", "2"],
            "&from=2024&to=2024-06&offset=2",
        ),
    ] {
        let lines = json_lines(
            &server.cli(&[&["quotes", q, "--index", "idx", "--json"], &args[..]].concat()),
        );
        let reply = get(&format!("/api/quotes?q={}{params}", enc(q)));
        assert_eq!(reply.status, 200, "{q}");
        let doc = reply.json();
        let quotes: Vec<Value> = lines
            .iter()
            .filter(|l| l["type"] == "quote")
            .cloned()
            .map(comparable)
            .collect();
        assert!(!quotes.is_empty(), "{q}");
        assert_eq!(doc["quotes"], Value::from(quotes), "{q}");
        assert_eq!(
            comparable(doc["summary"].clone()),
            comparable(lines.last().unwrap().clone()),
            "{q}"
        );
    }
}

#[test]
fn speakers_returns_what_speakers_json_writes() {
    let server = server();
    let _same_index = server.index_lock.read().unwrap();
    let lines = json_lines(&server.cli(&[
        "speakers", "minister", "--index", "idx", "--json", "--limit", "5",
    ]));
    let reply = get("/api/speakers?q=minister&limit=5");
    assert_eq!(reply.status, 200);
    let doc = reply.json();
    let speakers: Vec<Value> = lines
        .iter()
        .filter(|l| l["type"] == "speaker")
        .cloned()
        .map(comparable)
        .collect();
    assert!(!speakers.is_empty());
    assert_eq!(doc["speakers"], Value::from(speakers));
    assert_eq!(
        comparable(doc["summary"].clone()),
        comparable(lines.last().unwrap().clone())
    );
}

#[test]
fn every_hit_has_an_opaque_id_that_opens_its_article() {
    let doc = get("/api/search?q=heatwave").json();
    let hits = doc["hits"].as_array().unwrap();
    assert!(hits.len() >= 2);
    for hit in hits {
        let id = hit["id"].as_str().unwrap();
        let path = hit["path"].as_str().unwrap();
        assert!(
            !id.contains('/') && !id.contains(path),
            "{id} shows the path {path}"
        );
        assert!(hit["file"].is_null(), "{hit}");
        let article = get(&format!("/api/article?id={id}"));
        assert_eq!(article.status, 200);
        let article = article.json();
        assert!(article["file"].is_null(), "{article}");
        assert_eq!(article["id"], hit["id"]);
        assert_eq!(article["path"], hit["path"]);
        assert_eq!(article["title"], hit["title"]);
        let body = article["body"].as_str().unwrap();
        assert!(body.len() > hit["snippet"].as_str().unwrap().len() / 2);
        assert!(article["quotes"].is_array());
        assert!(article.get("body_highlights").is_none(), "no q, no marks");
    }
}

#[test]
fn article_with_a_query_marks_its_words_and_lists_its_quotes() {
    let id = get("/api/search?q=mallory").json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let article = get(&format!("/api/article?id={id}&q=cocoa")).json();
    let body = article["body"].as_str().unwrap();
    let marks = article["body_highlights"].as_array().unwrap();
    assert!(marks.len() >= 3, "{marks:?}");
    for mark in marks {
        let (a, b) = (
            mark[0].as_u64().unwrap() as usize,
            mark[1].as_u64().unwrap() as usize,
        );
        assert_eq!(body[a..b].to_lowercase(), "cocoa");
    }
    let title = article["title"].as_str().unwrap();
    let [a, b] = [0, 1].map(|i| article["title_highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(&title[a..b], "Cocoa");
    let quoted: Vec<&str> = article["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|quote| {
            let line = body
                .lines()
                .nth(quote["paragraph"].as_u64().unwrap() as usize)
                .unwrap();
            let [a, b] = [0, 1].map(|i| quote["range"][i].as_u64().unwrap() as usize);
            &line[a..b]
        })
        .collect();
    assert!(
        quoted.iter().any(|q| q.contains("prices will rise")),
        "{quoted:?}"
    );
    // Each passage's speaker is the one `newsidx quotes` gives a quote
    // holding those words in this article.
    let server = server();
    let _same_index = server.index_lock.read().unwrap();
    let path = article["path"].as_str().unwrap();
    let records: Vec<(String, String)> =
        json_lines(&server.cli(&["quotes", "*", "--index", "idx", "--json", "--limit", "all"]))
            .into_iter()
            .filter(|l| l["type"] == "quote" && l["path"] == path)
            .map(|l| {
                let squeezed = l["quote"]
                    .as_str()
                    .unwrap()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (squeezed, l["speaker"].as_str().unwrap().to_string())
            })
            .collect();
    let mut named = 0;
    for (quote, text) in article["quotes"].as_array().unwrap().iter().zip(&quoted) {
        let text = squeeze(text);
        match quote["speaker"].as_str() {
            Some(speaker) => {
                named += 1;
                assert!(
                    records
                        .iter()
                        .any(|(words, s)| s == speaker && words.contains(&text)),
                    "{speaker}: {text:?} not in {records:?}"
                );
            }
            None => assert!(
                !records
                    .iter()
                    .any(|(words, _)| words.contains(&text) || text.contains(words)),
                "{text:?} has a record but no speaker"
            ),
        }
    }
    assert!(named > 0, "{quoted:?}");
}

/// Quoted words as compared: whitespace squeezed, closing punctuation cut.
fn squeeze(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.trim_end_matches([',', '.', ';', ':']).to_string()
}

#[test]
fn ids_are_the_same_after_the_corpus_is_indexed_again_elsewhere() {
    let server = server();
    let _same_index = server.index_lock.read().unwrap();
    let other = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let copy = other.path().join("moved");
    copy_dir(&server.corpus(), &copy);
    let index = other.path().join("idx2");
    let (copy, index) = (copy.to_str().unwrap(), index.to_str().unwrap());
    // Small memory budget and a commit per batch: several segments, merged.
    assert!(server
        .cli(&["index", copy, "--index", index, "--quiet"])
        .status
        .success());
    assert!(server
        .cli(&["index", copy, "--index", index, "--quiet"])
        .status
        .success());
    let ids = |index: &str| -> Vec<(String, String)> {
        let lines =
            json_lines(&server.cli(&["query", "*", "--index", index, "--json", "--limit", "100"]));
        let mut ids: Vec<(String, String)> = lines
            .iter()
            .filter(|l| l["type"] == "hit")
            .map(|l| {
                (
                    l["path"].as_str().unwrap().into(),
                    l["id"].as_str().unwrap().into(),
                )
            })
            .collect();
        ids.sort();
        ids
    };
    let first = ids("idx");
    assert_eq!(first.len(), 47);
    assert_eq!(first, ids(index));
}

#[test]
fn health_counts_documents_and_names_the_last_commit() {
    let health = get("/api/health").json();
    assert!(health["documents"].as_u64().unwrap() >= 47, "{health}");
    let commit = health["last_commit"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(commit).is_ok(),
        "{commit}"
    );
    assert_eq!(health["status"], "ok");
}

#[test]
fn every_answer_carries_the_security_headers() {
    for target in [
        "/",
        "/app.js",
        "/app.css",
        "/api/health",
        "/api/search?q=%22",
        "/nowhere",
    ] {
        let reply = get(target);
        let csp = reply.header("content-security-policy").unwrap();
        assert!(
            csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{target}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("no-referrer"),
            "{target}"
        );
    }
    assert!(get("/")
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(get("/app.js")
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
}

#[test]
fn the_page_has_no_inline_script_and_writes_no_markup() {
    let html = String::from_utf8(get("/").body).unwrap();
    // Every script comes from this origin's files; no handler attributes.
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..i + html[i..].find('>').unwrap()];
        assert!(tag.contains("src=\"/"), "inline script: {tag}");
    }
    let lower = html.to_lowercase();
    for needle in [
        " onload=",
        " onclick=",
        " onerror=",
        " style=",
        "http://",
        "https://",
        "//fonts",
    ] {
        assert!(!lower.contains(needle), "{needle} in the page");
    }
    let script = String::from_utf8(get("/app.js").body).unwrap();
    for needle in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ] {
        assert!(!script.contains(needle), "{needle} in app.js");
    }
    let css = String::from_utf8(get("/app.css").body).unwrap();
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "the style loads nothing"
    );
}

#[test]
fn hostile_text_comes_back_as_json_strings() {
    let doc = get("/api/search?q=mallory").json();
    let hit = &doc["hits"][0];
    assert!(hit["title"].as_str().unwrap().contains("<script>"));
    let reply = get(&format!("/api/article?id={}", hit["id"].as_str().unwrap()));
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let article = reply.json();
    assert!(article["body"]
        .as_str()
        .unwrap()
        .contains("</textarea><script>"));
}

#[test]
fn bad_queries_are_400_with_the_command_lines_message_and_hint() {
    let reply = get("/api/search?q=%22cocoa");
    let out = server().cli(&["query", "\"cocoa", "--index", "idx"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    reply.assert_error(400, "");
    let json = reply.json();
    assert!(
        stderr.contains(json["error"].as_str().unwrap()),
        "{stderr} / {json}"
    );
    assert!(
        stderr.contains(json["hint"].as_str().unwrap()),
        "{stderr} / {json}"
    );
    get("/api/search?q=").assert_error(400, "");
    get("/api/search?q=x&from=yesterday").assert_error(400, "yesterday");
}

#[test]
fn parameters_out_of_bounds_are_refused() {
    get("/api/search?q=a&limit=101").assert_error(400, "limit=101");
    get("/api/search?q=a&limit=-1").assert_error(400, "limit");
    get("/api/search?q=a&offset=10001").assert_error(400, "offset=10001");
    get("/api/search?q=a&sort=price").assert_error(400, "sort");
    get("/api/search?q=a&collapse=maybe").assert_error(400, "collapse");
    get("/api/search?q=a&facet=colour").assert_error(400, "colour");
    get("/api/search?q=a&facet=speaker:201").assert_error(400, "speaker:201");
    let nine = "&facet=speaker".repeat(9);
    get(&format!("/api/search?q=a{nine}")).assert_error(400, "9 facets");
    get("/api/search?q=a&qq=b").assert_error(400, "qq");
    get("/api/speakers?q=a&limit=1000").assert_error(400, "limit");
    get("/api/article?id=").assert_error(400, "not an article id");
    get("/api/article?id=%2Fetc%2Fpasswd").assert_error(400, "not an article id");
    // A well-formed id of an identity the index does not hold.
    get("/api/article?id=Li4vLi4vZXRjL3Bhc3N3ZA").assert_error(404, "no article");
    get("/api/nothing").assert_error(404, "/api/nothing");
    get("/api/quotes?q=a&facet=speaker").assert_error(400, "facet");
    get("/api/quotes?q=a&collapse=1").assert_error(400, "collapse");
    get("/api/quotes?q=%22open").assert_error(400, "never closed");
}

#[test]
fn long_queries_and_addresses_are_414() {
    let q = "a".repeat(1001);
    get(&format!("/api/search?q={q}")).assert_error(414, "1001 characters");
    let long = "b".repeat(9000);
    get(&format!("/api/search?q=a&x={long}")).assert_error(414, "bytes long");
}

#[test]
fn bodies_and_other_methods_are_refused() {
    let addr = server().addr;
    let with_body = format!(
        "GET /api/health HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
    );
    raw_bytes(with_body.as_bytes()).assert_error(413, "body");
    for method in ["POST", "PUT", "DELETE"] {
        let reply = raw(&format!(
            "{method} /api/health HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 0\r\nConnection: close"
        ));
        reply.assert_error(405, method);
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn foreign_host_names_are_refused() {
    let addr = server().addr;
    let port = addr.port();
    let ask = |host: &str| {
        raw(&format!(
            "GET /api/health HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\nConnection: close"
        ))
    };
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "localhost:1",
        "127.0.0.1.nip.example",
    ] {
        ask(host).assert_error(403, "host name");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        ALLOWED_HOST.to_string(),
        format!("{ALLOWED_HOST}:{port}"),
    ] {
        assert_eq!(ask(&host).status, 200, "{host}");
    }
    // No Host header at all.
    let reply = raw(&format!(
        "GET /api/health HTTP/1.0\r\nAuthorization: Bearer {TOKEN}"
    ));
    reply.assert_error(403, "host name");
}

#[test]
fn the_token_is_required_and_checked() {
    let addr = server().addr;
    let without = raw(&format!(
        "GET /api/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close"
    ));
    without.assert_error(401, "token");
    assert_eq!(without.header("www-authenticate"), Some("Bearer"));
    let wrong = raw(&format!("GET /api/health HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}x\r\nConnection: close"));
    wrong.assert_error(401, "token");
    raw(&format!(
        "GET /?token=nope HTTP/1.1\r\nHost: {addr}\r\nConnection: close"
    ))
    .assert_error(401, "token");
    let opened = raw(&format!(
        "GET /?token={TOKEN} HTTP/1.1\r\nHost: {addr}\r\nConnection: close"
    ));
    assert_eq!(opened.status, 303);
    assert_eq!(opened.header("location"), Some("/"));
    let cookie = opened.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap();
    let with_cookie = raw(&format!(
        "GET /api/health HTTP/1.1\r\nHost: {addr}\r\nCookie: a=b; {pair}\r\nConnection: close"
    ));
    assert_eq!(with_cookie.status, 200);
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let addr = server().addr;
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(format!("GET /api/health HTTP/1.1\r\nHost: {addr}\r\n").as_bytes())
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let start = Instant::now();
    let mut rest = Vec::new();
    // The server closes the connection (with or without a 408) rather
    // than wait for the rest.
    let _ = stream.read_to_end(&mut rest);
    assert!(
        start.elapsed() < Duration::from_secs(25),
        "held for {:?}",
        start.elapsed()
    );
    let text = String::from_utf8_lossy(&rest);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    // Meanwhile and after, others are served.
    assert_eq!(get("/api/health").status, 200);
}

#[test]
fn a_commit_beside_the_server_is_picked_up() {
    let server = server();
    let _alone = server.index_lock.write().unwrap();
    let before = get("/api/health").json()["documents"].as_u64().unwrap();
    assert_eq!(
        get("/api/search?q=zanzibarite").json()["hits"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let new = server.corpus().join("2025/2025-12-01-zanzibarite-find.txt");
    std::fs::write(
        &new,
        "Zanzibarite found in a quarry\nGeologists name a new mineral.\n1 December 2025 09:00\nA mineral called zanzibarite was found.\n\"It glows under ultraviolet light,\" said Amina Odhiambo, who led the survey.\n",
    )
    .unwrap();
    let out = server.cli(&["index", "--index", "idx", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let hits = get("/api/search?q=zanzibarite").json()["hits"]
            .as_array()
            .unwrap()
            .len();
        if hits == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the new article never showed");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        get("/api/health").json()["documents"].as_u64().unwrap(),
        before + 1
    );
    // The quote records reload with the articles: the new article's quote
    // is there as soon as the article is.
    let quotes = get("/api/quotes?q=ultraviolet").json();
    let quotes = quotes["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0]["speaker"], "Amina Odhiambo");
    // And out again, so the other tests see the corpus they expect.
    std::fs::remove_file(&new).unwrap();
    assert!(server
        .cli(&["index", "--index", "idx", "--quiet"])
        .status
        .success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while get("/api/health").json()["documents"].as_u64().unwrap() != before {
        assert!(Instant::now() < deadline, "the removal never showed");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn another_address_warns_and_sigterm_stops_the_server_cleanly() {
    let server = server();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsidx"))
        .args(["serve", "--index", "idx", "--addr", "0.0.0.0:0"])
        .current_dir(&server.root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.contains("http://0.0.0.0:"), "{first}");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: listening on 0.0.0.0:"),
        "{stderr}"
    );
    assert!(stderr.contains("readable by anyone"), "{stderr}");
    assert!(stderr.contains("stopping"), "{stderr}");
}

#[test]
fn a_missing_index_or_token_file_stops_serve_with_one_error() {
    let server = server();
    let out = server.cli(&["serve", "--index", "no-such-index", "--addr", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("newsidx: error: ") && stderr.contains("no-such-index"),
        "{stderr}"
    );
    let out = server.cli(&["serve", "--index", "idx", "--token-file", "no-such-file"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot read the token file no-such-file"),
        "{stderr}"
    );
    std::fs::write(server.root.join("short-token"), "abc\n").unwrap();
    let out = server.cli(&["serve", "--index", "idx", "--token-file", "short-token"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("16 or more"));
}
