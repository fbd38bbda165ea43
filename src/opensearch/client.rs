//! Where the cluster is (`URL/INDEX`), who we are to it, and one JSON
//! request at a time with errors that say what was asked of whom.
//!
//! The basic-auth header is encoded here (a few lines of base64) rather
//! than with a crate: it is the one place newsidx needs base64.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::{OpenSearchError, TEMPLATE};
use crate::schema::SCHEMA_VERSION;

/// A cluster node's address and the index newsidx works on, from
/// `http://HOST:PORT/INDEX` (a path before the index, as behind a proxy,
/// is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Scheme, host, port and any path prefix, without a trailing slash.
    pub base: String,
    /// The index name.
    pub index: String,
}

impl Target {
    /// Reads `URL/INDEX`. User information in the URL is refused: it
    /// would end up in shell history and process lists, so credentials
    /// come from the environment (see [`Credentials`]).
    pub fn parse(given: &str) -> Result<Target, OpenSearchError> {
        let bad = |why: &str| OpenSearchError::BadTarget {
            given: without_user_information(given),
            why: why.to_string(),
        };
        let rest = if let Some(rest) = given.strip_prefix("http://") {
            rest
        } else if given.starts_with("https://") {
            return Err(bad(
                "https is not supported yet by this build; use http:// (a TLS proxy or the test cluster)",
            ));
        } else {
            return Err(bad("it does not start with http://"));
        };
        let (authority, path) = rest
            .split_once('/')
            .ok_or_else(|| bad("no /INDEX after the host"))?;
        if authority.contains('@') {
            return Err(OpenSearchError::BadTarget {
                given: format!("http://…@{}", authority.rsplit('@').next().unwrap_or("")),
                why: "user and password in the address; set NEWSIDX_OPENSEARCH_USER and \
                      NEWSIDX_OPENSEARCH_PASSWORD (or _PASSWORD_FILE) instead"
                    .to_string(),
            });
        }
        if authority.is_empty() {
            return Err(bad("no host"));
        }
        let path = path.trim_end_matches('/');
        let (prefix, index) = match path.rsplit_once('/') {
            Some((prefix, index)) => (format!("/{prefix}"), index),
            None => (String::new(), path),
        };
        check_index_name(index).map_err(|why| bad(&why))?;
        Ok(Target {
            base: format!("http://{authority}{prefix}"),
            index: index.to_string(),
        })
    }
}

/// A further node's address, `http://HOST:PORT` (a path prefix, as
/// behind a proxy, is kept), checked as a target's is.
fn node_base(given: &str) -> Result<String, OpenSearchError> {
    // Parsed as the address of an index, so the checks (scheme, no user
    // information) are the same; the index part is a placeholder.
    let trimmed = given.trim_end_matches('/');
    let target = Target::parse(&format!("{trimmed}/newsidx-node")).map_err(|e| match e {
        OpenSearchError::BadTarget { why, .. } => OpenSearchError::BadTarget {
            given: without_user_information(given),
            why: format!("{why} (a further node is given as http://HOST:PORT)"),
        },
        other => other,
    })?;
    Ok(target.base)
}

/// `given` with anything before an `@` in its host part left out: an
/// address refused for another reason may still carry a password.
fn without_user_information(given: &str) -> String {
    let (scheme, rest) = given.split_once("://").unwrap_or(("", given));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) if scheme.is_empty() => format!("…{}", &rest[at..]),
        Some(at) => format!("{scheme}://…{}", &rest[at..]),
        None => given.to_string(),
    }
}

/// OpenSearch's own rules for index names, checked before any request so
/// the error says what to change.
fn check_index_name(index: &str) -> Result<(), String> {
    if index.is_empty() {
        return Err("no index name after the host".to_string());
    }
    if index != index.to_lowercase() {
        return Err(format!("index names are lower-case, {index:?} is not"));
    }
    if index.starts_with(['-', '_', '+']) || index == "." || index == ".." {
        return Err(format!(
            "index {index:?} cannot start with -, _ or + or be . or .."
        ));
    }
    if let Some(c) = index.chars().find(|c| {
        matches!(
            c,
            '\\' | '/' | '*' | '?' | '"' | '<' | '>' | '|' | ' ' | ',' | '#' | ':'
        )
    }) {
        return Err(format!(
            "index {index:?} contains {c:?}, which index names cannot"
        ));
    }
    if index.len() > 255 {
        return Err("index names are at most 255 bytes".to_string());
    }
    Ok(())
}

/// Basic-auth credentials for a cluster. `Debug` shows the user only.
#[derive(Clone)]
pub struct Credentials {
    user: String,
    password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .finish()
    }
}

impl Credentials {
    /// From `NEWSIDX_OPENSEARCH_USER` with `NEWSIDX_OPENSEARCH_PASSWORD`,
    /// or with `NEWSIDX_OPENSEARCH_PASSWORD_FILE` (the file's first line,
    /// as secrets are mounted in containers). `None` without a user.
    pub fn from_env() -> Result<Option<Credentials>, OpenSearchError> {
        Credentials::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`Credentials::from_env`], reading variables through `lookup`.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Credentials>, OpenSearchError> {
        let Some(user) = lookup("NEWSIDX_OPENSEARCH_USER").filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let password = match (
            lookup("NEWSIDX_OPENSEARCH_PASSWORD"),
            lookup("NEWSIDX_OPENSEARCH_PASSWORD_FILE"),
        ) {
            (Some(p), None) => p,
            (None, Some(file)) => {
                let text = std::fs::read_to_string(&file).map_err(|e| {
                    OpenSearchError::Credentials(format!(
                        "cannot read the password file {file}: {e}"
                    ))
                })?;
                text.lines().next().unwrap_or("").to_string()
            }
            (Some(_), Some(_)) => return Err(OpenSearchError::Credentials(
                "both NEWSIDX_OPENSEARCH_PASSWORD and NEWSIDX_OPENSEARCH_PASSWORD_FILE are set; \
                     keep one"
                    .to_string(),
            )),
            (None, None) => {
                return Err(OpenSearchError::Credentials(
                    "NEWSIDX_OPENSEARCH_USER is set without NEWSIDX_OPENSEARCH_PASSWORD or \
                     NEWSIDX_OPENSEARCH_PASSWORD_FILE"
                        .to_string(),
                ))
            }
        };
        Ok(Some(Credentials { user, password }))
    }

    fn header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// Standard base64 with padding, for the one header that needs it; a
/// crate for 20 lines would be a dependency for every build.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An answer: its status and body.
pub(super) struct Answer {
    pub status: u16,
    pub body: String,
}

/// A connection to a cluster through one node, or through the first of
/// several that answers (see [`Client::with_nodes`]). Clones share the
/// connection pool and the node in use.
#[derive(Clone)]
pub struct Client {
    /// Every node's address; `current` indexes the one in use.
    bases: Arc<Vec<String>>,
    current: Arc<AtomicUsize>,
    credentials: Option<Credentials>,
    agent: ureq::Agent,
    /// A bound on each request, tighter than the agent's (`newsidx serve`
    /// answers within its own time limit).
    time_limit: Option<Duration>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base())
            .field("nodes", &self.bases)
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl Client {
    /// A client of the node at `target.base`.
    pub fn new(target: &Target, credentials: Option<Credentials>) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)))
            // Error statuses are answers to read (bulk item errors, 429),
            // not transport failures.
            .http_status_as_error(false)
            .build()
            .new_agent();
        Client {
            bases: Arc::new(vec![target.base.clone()]),
            current: Arc::new(AtomicUsize::new(0)),
            credentials,
            agent,
            time_limit: None,
        }
    }

    /// The same client with every request bounded by `limit`: a cluster
    /// that stops answering is then an error after `limit`, not a wait.
    pub fn with_time_limit(mut self, limit: Duration) -> Client {
        self.time_limit = Some(limit);
        self
    }

    /// A client of the node at `target.base` that turns to the next of
    /// `others` (node addresses, `http://HOST:PORT`) when the node in use
    /// gives no answer, as when it is down and refuses connections.
    pub fn with_nodes(
        target: &Target,
        others: &[String],
        credentials: Option<Credentials>,
    ) -> Result<Client, OpenSearchError> {
        let mut client = Client::new(target, credentials);
        let mut bases = vec![target.base.clone()];
        for other in others {
            let base = node_base(other)?;
            if !bases.contains(&base) {
                bases.push(base);
            }
        }
        client.bases = Arc::new(bases);
        Ok(client)
    }

    /// The address of the node in use, as errors name it.
    pub fn base(&self) -> &str {
        let i = self.current.load(Ordering::Relaxed);
        self.bases.get(i).unwrap_or(&self.bases[0])
    }

    /// One request; an error only when no answer came from any node.
    /// Each node is asked at most once, starting with the one in use; the
    /// first that answers stays in use. Every request newsidx sends can be
    /// sent twice without harm (documents carry their ids), which is what
    /// makes asking the next node safe when an answer broke off.
    pub(super) fn send(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Option<&[u8]>,
    ) -> Result<Answer, OpenSearchError> {
        let first = self.current.load(Ordering::Relaxed);
        let mut failure = None;
        for step in 0..self.bases.len() {
            let i = (first + step) % self.bases.len();
            match self.send_to(&self.bases[i], method, path, content_type, body) {
                Ok(answer) => {
                    self.current.store(i, Ordering::Relaxed);
                    return Ok(answer);
                }
                Err(e) => failure = Some(e),
            }
        }
        Err(failure.unwrap_or_else(|| OpenSearchError::Unreachable {
            url: path.to_string(),
            reason: "no node to ask".to_string(),
        }))
    }

    fn send_to(
        &self,
        base: &str,
        method: &str,
        path: &str,
        content_type: &str,
        body: Option<&[u8]>,
    ) -> Result<Answer, OpenSearchError> {
        let url = format!("{base}{path}");
        let auth = self.credentials.as_ref().map(Credentials::header);
        let result = match method {
            "GET" | "HEAD" | "DELETE" => {
                let mut request = match method {
                    "GET" => self.agent.get(&url),
                    "HEAD" => self.agent.head(&url),
                    _ => self.agent.delete(&url),
                };
                if let Some(auth) = &auth {
                    request = request.header("authorization", auth);
                }
                if let Some(limit) = self.time_limit {
                    request = request.config().timeout_global(Some(limit)).build();
                }
                request.call()
            }
            _ => {
                let mut request = if method == "PUT" {
                    self.agent.put(&url)
                } else {
                    self.agent.post(&url)
                };
                if let Some(auth) = &auth {
                    request = request.header("authorization", auth);
                }
                if let Some(limit) = self.time_limit {
                    request = request.config().timeout_global(Some(limit)).build();
                }
                request
                    .header("content-type", content_type)
                    .send(body.unwrap_or(b""))
            }
        };
        let mut response = result.map_err(|e| OpenSearchError::Unreachable {
            url: url.clone(),
            reason: e.to_string(),
        })?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(512 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| OpenSearchError::Unreachable {
                url: url.clone(),
                reason: format!("the answer broke off: {e}"),
            })?;
        Ok(Answer { status, body })
    }

    /// A JSON request that must succeed; its answer as JSON.
    pub(super) fn json(
        &self,
        what: &str,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, OpenSearchError> {
        let bytes = body.map(|b| b.to_string().into_bytes());
        let answer = self.send(method, path, "application/json", bytes.as_deref())?;
        let url = format!("{}{}", self.base(), path);
        if !(200..300).contains(&answer.status) {
            return Err(OpenSearchError::Status {
                what: what.to_string(),
                url,
                status: answer.status,
                body: answer.body.chars().take(500).collect(),
            });
        }
        serde_json::from_str(&answer.body).map_err(|e| OpenSearchError::Answer {
            what: what.to_string(),
            url,
            detail: format!("not JSON: {e}"),
        })
    }

    /// Creates `index` from newsidx's template with `shards` primaries and
    /// `replicas` copies of each, or, when it exists, checks that it was
    /// made for this schema. Returns whether it was created.
    pub fn ensure_index(
        &self,
        index: &str,
        shards: u32,
        replicas: u32,
    ) -> Result<bool, OpenSearchError> {
        let exists = self.send("HEAD", &format!("/{index}"), "", None)?;
        if exists.status == 200 {
            let mapping = self.json(
                "reading the mapping",
                "GET",
                &format!("/{index}/_mapping"),
                None,
            )?;
            // Keyed by the concrete index, which differs from `index`
            // when that is an alias.
            let found = mapping
                .as_object()
                .and_then(|m| m.values().next())
                .map_or(&Value::Null, |m| {
                    &m["mappings"]["_meta"]["newsidx_schema_version"]
                });
            if found.as_u64() != Some(u64::from(SCHEMA_VERSION)) {
                return Err(OpenSearchError::SchemaMismatch {
                    index: index.to_string(),
                    found: found.as_u64().map_or("none".to_string(), |v| v.to_string()),
                    wanted: SCHEMA_VERSION,
                });
            }
            return Ok(false);
        }
        let mut body: Value =
            serde_json::from_str(TEMPLATE).map_err(|e| OpenSearchError::Answer {
                what: "reading the built-in template".to_string(),
                url: self.base().to_string(),
                detail: e.to_string(),
            })?;
        body["settings"]["index"]["number_of_shards"] = shards.into();
        body["settings"]["index"]["number_of_replicas"] = replicas.into();
        self.json(
            "creating the index",
            "PUT",
            &format!("/{index}"),
            Some(&body),
        )?;
        Ok(true)
    }

    /// Makes what was loaded searchable and returns how many documents
    /// `index` holds.
    pub fn refresh_and_count(&self, index: &str) -> Result<u64, OpenSearchError> {
        self.json(
            "refreshing",
            "POST",
            &format!("/{index}/_refresh"),
            Some(&Value::Null),
        )?;
        let count = self.json("counting", "GET", &format!("/{index}/_count"), None)?;
        count["count"]
            .as_u64()
            .ok_or_else(|| OpenSearchError::Answer {
                what: "counting".to_string(),
                url: format!("{}/{index}/_count", self.base()),
                detail: format!("no count in {count}"),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_splits_node_and_index() {
        let t = Target::parse("http://127.0.0.1:9250/news").unwrap();
        assert_eq!(t.base, "http://127.0.0.1:9250");
        assert_eq!(t.index, "news");
        let t = Target::parse("http://proxy/search/news/").unwrap();
        assert_eq!(t.base, "http://proxy/search");
        assert_eq!(t.index, "news");
    }

    #[test]
    fn target_without_index_or_with_a_bad_one_is_refused() {
        for given in [
            "http://host:9200",
            "http://host:9200/",
            "http://host/News",
            "ftp://h/x",
            "http://host/_x",
        ] {
            assert!(Target::parse(given).is_err(), "{given}");
        }
    }

    #[test]
    fn no_refused_address_repeats_its_password() {
        for given in [
            "ftp://admin:s3cret@host/news",
            "admin:s3cret@host/news",
            "http://admin:s3cret@host",
        ] {
            let err = Target::parse(given).unwrap_err().to_string();
            assert!(!err.contains("s3cret"), "{err}");
            let err = node_base(given).unwrap_err().to_string();
            assert!(!err.contains("s3cret"), "{err}");
        }
    }

    #[test]
    fn further_nodes_are_tried_in_turn_from_the_one_in_use() {
        let target = Target::parse("http://127.0.0.1:9/news").unwrap();
        let others = [
            "http://127.0.0.1:10/".to_string(),
            "http://127.0.0.1:9".to_string(),
        ];
        let client = Client::with_nodes(&target, &others, None).unwrap();
        assert_eq!(*client.bases, ["http://127.0.0.1:9", "http://127.0.0.1:10"]);
        assert!(Client::with_nodes(&target, &["host:9200".to_string()], None).is_err());
        // Neither port answers: both are asked, and the error names one.
        let err = match client.send("GET", "/", "", None) {
            Ok(answer) => panic!("an answer from a closed port: {}", answer.status),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("127.0.0.1:"), "{err}");
    }

    #[test]
    fn password_in_the_address_is_refused_and_not_repeated() {
        let err = Target::parse("http://admin:s3cret@host:9200/news")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("s3cret") && !err.contains("admin"), "{err}");
        assert!(err.contains("NEWSIDX_OPENSEARCH_PASSWORD"), "{err}");
    }

    #[test]
    fn credentials_never_show_the_password() {
        let vars = |name: &str| match name {
            "NEWSIDX_OPENSEARCH_USER" => Some("reader".to_string()),
            "NEWSIDX_OPENSEARCH_PASSWORD" => Some("s3cret".to_string()),
            _ => None,
        };
        let credentials = Credentials::from_lookup(vars).unwrap().unwrap();
        let client = Client::new(
            &Target::parse("http://h:1/i").unwrap(),
            Some(credentials.clone()),
        );
        for shown in [format!("{credentials:?}"), format!("{client:?}")] {
            assert!(
                !shown.contains("s3cret") && shown.contains("reader"),
                "{shown}"
            );
        }
        assert_eq!(credentials.header(), "Basic cmVhZGVyOnMzY3JldA==");
    }

    #[test]
    fn a_user_without_a_password_is_an_error() {
        let vars = |name: &str| (name == "NEWSIDX_OPENSEARCH_USER").then(|| "u".to_string());
        assert!(Credentials::from_lookup(vars).is_err());
        assert!(Credentials::from_lookup(|_| None).unwrap().is_none());
    }

    #[test]
    fn base64_matches_the_standard_vectors() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
    }
}
