//! The page in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`), driven over WebDriver with fantoccini: type a
//! query, filter by a speaker, drag the timeline, open an article, go
//! Back, use the keys, and open a hostile article that must run nothing.
//! Each step leaves a screenshot under `target/tmp/serve-screenshots/`.
//!
//! Without Chromium the test says so and passes, except under CI (`CI`
//! set, as `.ci/run` runs), where a missing browser is a failure: there
//! `.ci/run` installs it, so its absence means the check did not happen.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::server::{server, TOKEN};

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The driver, killed when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_driver() -> (Driver, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(DRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver never listened on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (Driver(child), port)
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// Waits until `script` (a function body returning a value) returns
/// something truthy, and returns it.
async fn until(client: &Client, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let value = client.execute(script, vec![]).await.unwrap();
        let truthy = match &value {
            Value::Null | Value::Bool(false) => false,
            Value::String(s) => !s.is_empty(),
            Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        };
        if truthy {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn url(client: &Client) -> String {
    client.current_url().await.unwrap().to_string()
}

async fn texts(client: &Client, css: &str) -> Vec<String> {
    let script = format!(
        "return [...document.querySelectorAll({})].map(e => e.textContent)",
        serde_json::to_string(css).unwrap()
    );
    let value = client.execute(&script, vec![]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

async fn press(client: &Client, keys: &[Key]) {
    let mut actions = KeyActions::new("keys".into());
    for key in keys {
        actions = actions
            .then(KeyAction::Down {
                value: char::from(*key),
            })
            .then(KeyAction::Up {
                value: char::from(*key),
            });
    }
    client.perform_actions(actions).await.unwrap();
}

async fn press_char(client: &Client, c: char) {
    let actions = KeyActions::new("keys".into())
        .then(KeyAction::Down { value: c })
        .then(KeyAction::Up { value: c });
    client.perform_actions(actions).await.unwrap();
}

#[test]
fn the_page_works_in_chromium() {
    if !Path::new(CHROMIUM).exists() || !Path::new(DRIVER).exists() {
        assert!(
            !in_ci(),
            "CI is set but {CHROMIUM} or {DRIVER} is missing: .ci/run installs chromium and chromium-driver"
        );
        eprintln!(
            "skipped: the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let server = server();
    // The timeline's columns must not change under the drag.
    let _same_index = server.index_lock.read().unwrap();
    let addr = server.addr;
    let (_driver, port) = start_driver();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", "--force-prefers-reduced-motion"],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("cannot start a Chromium session");
        // Run as a task so that a failed step still ends the session:
        // killing the driver alone would leave Chromium running.
        let walk = tokio::spawn({
            let client = client.clone();
            async move { walk_through(&client, &format!("http://{addr}")).await }
        });
        let result = walk.await;
        let _ = client.close().await;
        if let Err(failed) = result {
            if failed.is_panic() {
                std::panic::resume_unwind(failed.into_panic());
            }
            panic!("the browser steps did not finish: {failed}");
        }
    });
}

async fn walk_through(client: &Client, base: &str) {
    // The token, once: the cookie carries it from then on.
    client
        .goto(&format!("{base}/?token={TOKEN}"))
        .await
        .unwrap();
    assert_eq!(url(client).await, format!("{base}/"));

    // 1. Type a query: hits with the matched words marked, the URL follows.
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("heatwave").await.unwrap();
    until(
        client,
        "marked hits",
        "return document.querySelectorAll('.hit mark').length",
    )
    .await;
    let marks = texts(client, ".hit .snippet mark").await;
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m.to_lowercase().starts_with("heat")),
        "{marks:?}"
    );
    until(
        client,
        "the URL to hold the query",
        "return location.search.includes('q=heatwave')",
    )
    .await;
    let first_titles = texts(client, ".hit h3").await;
    shot(client, "1-search").await;

    // 2. A speaker facet: the hits and the URL change.
    let speaker = texts(client, "#facet-speaker button .name").await[0].clone();
    client
        .find(Locator::Css("#facet-speaker button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        client,
        "the speaker in the URL",
        "return location.search.includes('speaker=')",
    )
    .await;
    until(
        client,
        "the filter chip",
        "return document.querySelector('#filters .chip')",
    )
    .await;
    let who = until(
        client,
        "hits quoting the speaker",
        &format!(
            "const hits = [...document.querySelectorAll('.hit')]; return hits.length > 0 && hits.every(h => h.textContent.includes({}))",
            serde_json::to_string(&speaker).unwrap()
        ),
    )
    .await;
    assert_eq!(who, Value::Bool(true));
    let pressed = texts(client, "#facet-speaker button[aria-pressed=true] .name").await;
    assert_eq!(pressed, vec![speaker.clone()]);
    shot(client, "2-speaker").await;
    // Back to the query alone, for a timeline of several months.
    client.back().await.unwrap();
    until(
        client,
        "the speaker to go",
        "return !location.search.includes('speaker=') && !document.querySelector('#filters .chip')",
    )
    .await;
    until(client, "the first hits again", &format!(
        "return JSON.stringify([...document.querySelectorAll('.hit h3')].map(e => e.textContent)) === {}",
        serde_json::to_string(&serde_json::to_string(&first_titles).unwrap()).unwrap()
    )).await;

    // 3. Drag across the timeline: the dates follow the columns dragged.
    client.goto(&format!("{base}/?q=*")).await.unwrap();
    until(
        client,
        "the timeline",
        "return document.querySelectorAll('#timeline rect.col').length > 6",
    )
    .await;
    let keys: Vec<String> = serde_json::from_value(
        client.execute("return [...document.querySelectorAll('#timeline rect.col')].map(r => r.dataset.key)", vec![]).await.unwrap(),
    )
    .unwrap();
    let svg = client.find(Locator::Css("#timeline svg")).await.unwrap();
    let width = client
        .execute(
            "return document.querySelector('#timeline svg').getBoundingClientRect().width",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    let column = width / keys.len() as f64;
    // From the middle of the second column to the middle of the fifth,
    // offsets from the svg's centre.
    let at = |i: usize| (i as f64 + 0.5) * column - width / 2.0;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: svg.clone(),
            duration: None,
            x: at(1),
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: fantoccini::actions::MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: svg.clone(),
            duration: Some(Duration::from_millis(200)),
            x: at(3),
            y: 0.0,
        })
        .then(PointerAction::MoveToElement {
            element: svg.clone(),
            duration: Some(Duration::from_millis(200)),
            x: at(4),
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: fantoccini::actions::MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(drag).await.unwrap();
    let expected = format!("from={}&to={}", keys[1], keys[4]);
    until(
        client,
        "the dragged range in the URL",
        &format!(
            "return location.search.includes({})",
            serde_json::to_string(&expected).unwrap()
        ),
    )
    .await;
    let dates = until(
        client,
        "hits within the range",
        &format!(
            "const d = [...document.querySelectorAll('.hit .date')].map(e => e.textContent); \
         return d.length > 0 && d.every(x => x.slice(0, 7) >= {a} && x.slice(0, 7) <= {b}) && d",
            a = serde_json::to_string(&keys[1]).unwrap(),
            b = serde_json::to_string(&keys[4]).unwrap()
        ),
    )
    .await;
    assert!(dates.is_array());
    shot(client, "3-timeline").await;

    // 4. Open an article: the reader shows its whole text.
    let title = texts(client, ".hit h3").await[0].clone();
    client
        .find(Locator::Css(".hit h3 a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(client, "the article", "return !document.getElementById('reader').hidden && document.getElementById('reader-body').textContent.length > 0").await;
    assert_eq!(texts(client, "#reader-title").await, vec![title]);
    assert!(url(client).await.contains("id="));
    shot(client, "4-article").await;

    // 5. Back: the reader closes and the range is still applied.
    client.back().await.unwrap();
    until(
        client,
        "the reader to close",
        "return document.getElementById('reader').hidden",
    )
    .await;
    let back = url(client).await;
    assert!(!back.contains("id=") && back.contains(&expected), "{back}");
    shot(client, "5-back").await;

    // 6. Keys: / focuses the box, j moves, Enter opens, Esc closes.
    client
        .execute("document.activeElement.blur()", vec![])
        .await
        .unwrap();
    press_char(client, '/').await;
    until(
        client,
        "the box focused",
        "return document.activeElement.id === 'q'",
    )
    .await;
    press(client, &[Key::Escape]).await;
    // The hit opened in step 4 is still the selected one; j moves down
    // one, k back up.
    let selected = "return [...document.querySelectorAll('.hit')].findIndex(h => h.classList.contains('selected'))";
    let before = client
        .execute(selected, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    press_char(client, 'j').await;
    let moved = format!("{selected} === {}", before + 1);
    until(client, "j to select the next hit", &moved).await;
    press_char(client, 'j').await;
    press_char(client, 'k').await;
    until(client, "k to select the one before", &moved).await;
    let chosen = texts(client, ".hit.selected h3").await;
    press(client, &[Key::Enter]).await;
    until(
        client,
        "the article by Enter",
        "return !document.getElementById('reader').hidden && location.search.includes('id=')",
    )
    .await;
    assert_eq!(texts(client, "#reader-title").await, chosen);
    press(client, &[Key::Escape]).await;
    until(
        client,
        "Esc to close it",
        "return document.getElementById('reader').hidden && !location.search.includes('id=')",
    )
    .await;

    // 7. A hostile article: its markup is shown as text, and nothing runs.
    client.goto(&format!("{base}/?q=mallory")).await.unwrap();
    until(
        client,
        "the hostile hit",
        "return document.querySelector('.hit h3 a')",
    )
    .await;
    client
        .find(Locator::Css(".hit h3 a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(client, "the hostile article", "return !document.getElementById('reader').hidden && document.getElementById('reader-body').textContent.length > 0").await;
    let report = client
        .execute(
            "return { pwned: typeof window.__pwned, \
                      images: document.querySelectorAll('img, #hits svg, #reader svg, script:not([src])').length, \
                      title: document.getElementById('reader-title').textContent, \
                      body: document.getElementById('reader-body').textContent, \
                      links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')) }",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(report["pwned"], "undefined", "{report}");
    assert_eq!(report["images"], 0, "{report}");
    assert!(
        report["title"]
            .as_str()
            .unwrap()
            .contains("<script>window.__pwned='title'</script>"),
        "{report}"
    );
    assert!(
        report["body"]
            .as_str()
            .unwrap()
            .contains("</textarea><script>"),
        "{report}"
    );
    // A right-to-left override is shown, not obeyed.
    assert!(
        report["body"]
            .as_str()
            .unwrap()
            .contains("The [U+202E]reversed[U+202C] text"),
        "{report}"
    );
    let links: Vec<String> = serde_json::from_value(report["links"].clone()).unwrap();
    assert!(
        links
            .iter()
            .all(|l| !l.to_lowercase().contains("javascript:")),
        "{links:?}"
    );
    shot(client, "6-hostile").await;

    // 8. Sort, paging and an error shown inline with its hint.
    client.goto(&format!("{base}/?q=*")).await.unwrap();
    until(
        client,
        "every article",
        "return document.querySelectorAll('.hit').length === 10",
    )
    .await;
    client
        .find(Locator::Css("#sort"))
        .await
        .unwrap()
        .select_by_value("date")
        .await
        .unwrap();
    until(
        client,
        "sort=date in the URL",
        "return location.search.includes('sort=date')",
    )
    .await;
    let newest_first = until(
        client,
        "hits newest first",
        "const d = [...document.querySelectorAll('.hit .date')].map(e => e.textContent); \
         return d.length === 10 && d.every((x, i) => i === 0 || x <= d[i - 1])",
    )
    .await;
    assert_eq!(newest_first, Value::Bool(true));
    let first_page = texts(client, ".hit h3").await;
    client
        .find(Locator::Css("#next"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(client, "the second page", "return location.search.includes('offset=10') && document.getElementById('status').textContent.startsWith('11')").await;
    let second_page = texts(client, ".hit h3").await;
    assert!(
        second_page.iter().all(|t| !first_page.contains(t)),
        "{second_page:?}"
    );
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.clear().await.unwrap();
    q.send_keys("\"cocoa").await.unwrap();
    let error = until(
        client,
        "the query's error inline",
        "const e = document.getElementById('query-error'); return !e.hidden && e.textContent",
    )
    .await;
    let error = error.as_str().unwrap();
    assert!(
        error.contains("never closed") && error.contains("close the phrase"),
        "{error}"
    );
    shot(client, "7-error").await;

    // 9. A long archive's timeline counts years: fifteen years of months
    // (the facet fills empty ones) drawn as fifteen columns, each the sum
    // of its months.
    let years = client
        .execute(
            "const buckets = []; \
             for (let y = 2010; y < 2025; y++) for (let m = 1; m <= 12; m++) \
               buckets.push({ key: `${y}-${String(m).padStart(2, '0')}`, count: y === 2012 ? m : 0 }); \
             showTimeline({ field: 'month', buckets, missing: 0 }); \
             return [...document.querySelectorAll('#timeline rect.col')] \
               .map(r => [r.dataset.key, r.querySelector('title').textContent]);",
            vec![],
        )
        .await
        .unwrap();
    let years: Vec<(String, String)> = serde_json::from_value(years).unwrap();
    assert_eq!(years.len(), 15, "{years:?}");
    assert_eq!(years[0].0, "2010");
    assert_eq!(years[2], ("2012".to_string(), "2012: 78".to_string()));
    assert_eq!(years[14].0, "2024");
}
