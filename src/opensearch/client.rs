//! Where the cluster is (`URL/INDEX`), who we are to it, whom we trust,
//! and one JSON request at a time with errors that say what was asked of
//! whom.
//!
//! TLS: an `https://` address is verified by rustls (through ureq), the
//! host name always included. Without a CA file the roots are Mozilla's
//! list, built in; with one (`--opensearch-ca FILE` or
//! `NEWSIDX_OPENSEARCH_CA_FILE`) its certificates *replace* that list
//! rather than join it. A cluster with its own CA is signed by that CA
//! alone, and keeping a hundred-odd public roots beside it would only
//! widen who could pose as the cluster and be handed the password. A
//! cluster whose certificate a public CA signs needs no file; one signed
//! by a company CA that the system trusts can be given the system's bundle
//! (`/etc/ssl/certs/ca-certificates.crt`) as the file. There is no switch
//! that turns verification off: a self-signed cluster is served by giving
//! its certificate as the CA file, which keeps the check.
//!
//! Transport failures are sorted here into what the user can act on: a
//! certificate no trusted CA signed, a certificate for another name, an
//! expired one, a plain-HTTP server behind an `https://` address and the
//! reverse. None of these messages carries a header, so none can carry
//! the password.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

use super::{OpenSearchError, TEMPLATE};
use crate::schema::SCHEMA_VERSION;

/// The environment variable that names a CA certificate file when
/// `--opensearch-ca` is not given.
pub const CA_FILE_VAR: &str = "NEWSIDX_OPENSEARCH_CA_FILE";

/// A cluster node's address and the index newsidx works on, from
/// `http://HOST:PORT/INDEX` or `https://HOST:PORT/INDEX` (a path before
/// the index, as behind a proxy, is kept).
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
        let (scheme, rest) = if let Some(rest) = given.strip_prefix("http://") {
            ("http", rest)
        } else if let Some(rest) = given.strip_prefix("https://") {
            ("https", rest)
        } else {
            return Err(bad("it does not start with http:// or https://"));
        };
        let (authority, path) = rest
            .split_once('/')
            .ok_or_else(|| bad("no /INDEX after the host"))?;
        if authority.contains('@') {
            return Err(OpenSearchError::BadTarget {
                given: format!(
                    "{scheme}://…@{}",
                    authority.rsplit('@').next().unwrap_or("")
                ),
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
            base: format!("{scheme}://{authority}{prefix}"),
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
            why: format!(
                "{why} (a further node is given as http://HOST:PORT or https://HOST:PORT)"
            ),
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
        let pair = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

/// The certificates of the authority (or authorities) that sign a
/// cluster's TLS certificate, read from a PEM file and checked to be
/// usable as roots before any connection is made. `Debug` shows the path.
#[derive(Clone)]
pub struct CaFile {
    path: PathBuf,
    origin: &'static str,
    certificates: Vec<ureq::tls::Certificate<'static>>,
}

impl fmt::Debug for CaFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaFile")
            .field("path", &self.path)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

impl CaFile {
    /// Reads the PEM file at `path`; `origin` says where the path came
    /// from (the option or the variable), for the message when it fails.
    pub fn read(path: &Path, origin: &'static str) -> Result<CaFile, OpenSearchError> {
        let fail = |why: String| OpenSearchError::CaFile {
            path: path.display().to_string(),
            origin,
            why,
        };
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot be read: {e}")))?;
        let mut certificates = Vec::new();
        for item in ureq::tls::parse_pem(&bytes) {
            // A bundle may carry other blocks (a key beside its
            // certificate); only certificates are trusted.
            if let ureq::tls::PemItem::Certificate(certificate) =
                item.map_err(|e| fail(format!("is not valid PEM: {e}")))?
            {
                certificates.push(certificate);
            }
        }
        if certificates.is_empty() {
            // A DER certificate is one ASN.1 SEQUENCE: it starts 0x30.
            let why = if bytes.first() == Some(&0x30) {
                "holds no PEM certificate; it looks like binary DER, which converts with \
                 `openssl x509 -inform der -in FILE -out ca.pem`"
            } else {
                "holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to \
                 -----END CERTIFICATE-----)"
            };
            return Err(fail(why.to_string()));
        }
        // What rustls would otherwise skip in silence when it builds its
        // root store, leaving an unknown-issuer error at the first request.
        let mut roots = rustls::RootCertStore::empty();
        for (i, certificate) in certificates.iter().enumerate() {
            roots
                .add(rustls::pki_types::CertificateDer::from(certificate.der()))
                .map_err(|e| {
                    fail(format!(
                        "certificate {} of {} cannot serve as a CA: {e}",
                        i + 1,
                        certificates.len()
                    ))
                })?;
        }
        Ok(CaFile {
            path: path.to_path_buf(),
            origin,
            certificates,
        })
    }
}

/// Who newsidx is to a cluster (its credentials) and whom it trusts to
/// be the cluster (a CA file, or the built-in roots).
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// Basic-auth credentials, if any.
    pub credentials: Option<Credentials>,
    /// The CA file that replaces the built-in roots, if any.
    pub ca: Option<CaFile>,
}

impl Access {
    /// Credentials from the environment ([`Credentials::from_env`]) and
    /// the CA file `ca_option` (from `--opensearch-ca`) or, without it,
    /// the one `NEWSIDX_OPENSEARCH_CA_FILE` names: the command line wins,
    /// as it does over the environment everywhere else.
    pub fn from_env(ca_option: Option<&Path>) -> Result<Access, OpenSearchError> {
        Access::from_lookup(ca_option, |name| std::env::var(name).ok())
    }

    /// As [`Access::from_env`], reading variables through `lookup`.
    pub fn from_lookup(
        ca_option: Option<&Path>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Access, OpenSearchError> {
        let credentials = Credentials::from_lookup(&lookup)?;
        let ca = match ca_option {
            Some(path) => Some(CaFile::read(path, "--opensearch-ca")?),
            None => match lookup(CA_FILE_VAR).filter(|v| !v.is_empty()) {
                Some(path) => Some(CaFile::read(Path::new(&path), CA_FILE_VAR)?),
                None => None,
            },
        };
        Ok(Access { credentials, ca })
    }
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
    /// The CA file the agent trusts, kept to name it in errors.
    ca: Option<CaFile>,
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
            .field("ca", &self.ca)
            .finish()
    }
}

impl Client {
    /// A client of the node at `target.base`, trusting the built-in roots
    /// for `https://`.
    pub fn new(target: &Target, credentials: Option<Credentials>) -> Client {
        Client::with_access(
            target,
            Access {
                credentials,
                ca: None,
            },
        )
    }

    fn with_access(target: &Target, access: Access) -> Client {
        let mut tls = ureq::tls::TlsConfig::builder().provider(ureq::tls::TlsProvider::Rustls);
        if let Some(ca) = &access.ca {
            tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&ca.certificates));
        }
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)))
            // Error statuses are answers to read (bulk item errors, 429),
            // not transport failures.
            .http_status_as_error(false)
            .tls_config(tls.build())
            .build()
            .new_agent();
        Client {
            bases: Arc::new(vec![target.base.clone()]),
            current: Arc::new(AtomicUsize::new(0)),
            credentials: access.credentials,
            ca: access.ca,
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
        Client::connect(
            target,
            others,
            &Access {
                credentials,
                ca: None,
            },
        )
    }

    /// As [`Client::with_nodes`], with the credentials and CA file of
    /// `access`: what the commands use.
    pub fn connect(
        target: &Target,
        others: &[String],
        access: &Access,
    ) -> Result<Client, OpenSearchError> {
        let mut client = Client::with_access(target, access.clone());
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
        let result = match (method, body) {
            // Closing a point in time is a DELETE with a body; ureq sends
            // none on GET or DELETE unless told to.
            ("GET" | "DELETE", Some(body)) => {
                let mut request = if method == "GET" {
                    self.agent.get(&url).force_send_body()
                } else {
                    self.agent.delete(&url).force_send_body()
                };
                if let Some(auth) = &auth {
                    request = request.header("authorization", auth);
                }
                request.header("content-type", content_type).send(body)
            }
            ("GET" | "HEAD" | "DELETE", _) => {
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
        let mut response = result.map_err(|e| self.transport_error(&url, e))?;
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

    /// What a request that got no usable answer tells the user: a TLS or
    /// protocol problem they can fix, or no answer at all (the failover's
    /// cue). Only the error's own text is used, never the request, so no
    /// header and no password can reach the message.
    fn transport_error(&self, url: &str, error: ureq::Error) -> OpenSearchError {
        let https = url.starts_with("https://");
        let host = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest.split('/').next().unwrap_or(rest));
        let connection = |reason: String, hint: String| OpenSearchError::Connection {
            url: url.to_string(),
            reason,
            hint,
        };
        let ca_hint = format!(
            "give the certificate of the CA that signed the cluster's certificate, as a PEM file, \
             with --opensearch-ca FILE or {CA_FILE_VAR}"
        );
        match tls_failure(&error) {
            Some(rustls::Error::InvalidCertificate(problem)) => {
                use rustls::CertificateError as C;
                match problem {
                    C::UnknownIssuer | C::BadSignature => {
                        let trusted = match &self.ca {
                            Some(ca) => format!(
                                "signed by no CA in {} (from {})",
                                ca.path.display(),
                                ca.origin
                            ),
                            None => "signed by no CA newsidx trusts without a CA file (the \
                                     public roots built in)"
                                .to_string(),
                        };
                        connection(
                            format!("the server's TLS certificate is {trusted}"),
                            match &self.ca {
                                Some(_) => format!(
                                    "check that the file holds the CA of this cluster; {ca_hint}"
                                ),
                                None => ca_hint,
                            },
                        )
                    }
                    C::NotValidForName | C::NotValidForNameContext { .. } => connection(
                        format!(
                            "the server's TLS certificate is not for {}: {problem}",
                            host_name(host)
                        ),
                        "connect by a name the certificate holds, or have the cluster's \
                         certificate made for this name too"
                            .to_string(),
                    ),
                    C::Expired
                    | C::ExpiredContext { .. }
                    | C::NotValidYet
                    | C::NotValidYetContext { .. } => connection(
                        format!("the server's TLS certificate is out of its dates: {problem}"),
                        "renew the cluster's certificate, or check this machine's clock"
                            .to_string(),
                    ),
                    other => connection(
                        format!("the server's TLS certificate was refused: {other}"),
                        ca_hint,
                    ),
                }
            }
            // Bytes that are no TLS record: a plain-HTTP server answered.
            Some(rustls::Error::InvalidMessage(_)) => connection(
                "the server did not answer in TLS; it seems to serve plain HTTP".to_string(),
                format!(
                    "give the address as http://{host}/…, or check that the port is the \
                     cluster's TLS port"
                ),
            ),
            Some(other) => connection(
                format!("TLS failed: {other}"),
                "check the address and the cluster's TLS settings".to_string(),
            ),
            // A TLS server asked in plain HTTP answers with a TLS alert,
            // which is no HTTP status line.
            None if !https && matches!(error, ureq::Error::Protocol(_)) => connection(
                format!("the answer is not HTTP ({error})"),
                format!(
                    "a cluster that uses TLS answers this way: give its address as \
                     https://{host}/…"
                ),
            ),
            // A TLS port asked in plain HTTP mostly just hangs up (Netty's
            // TLS handler, under OpenSearch and Elasticsearch alike); so
            // does a node going down, so this stays a failover's cue.
            None if !https && is_hang_up(&error) => OpenSearchError::Unreachable {
                url: url.to_string(),
                reason: format!(
                    "the connection closed before any answer ({error}); a node going down does \
                     this, and so does a TLS port asked in plain HTTP: if the cluster uses TLS, \
                     give its address as https://{host}/…"
                ),
            },
            None => OpenSearchError::Unreachable {
                url: url.to_string(),
                reason: error.to_string(),
            },
        }
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
            // No body, not even `null`: Elasticsearch 8 refuses one here.
            None,
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

/// The rustls error behind a failed request, whether ureq handed it on
/// as its own or inside the I/O error of the stream that raised it.
fn tls_failure(error: &ureq::Error) -> Option<&rustls::Error> {
    match error {
        ureq::Error::Rustls(e) => Some(e),
        ureq::Error::Io(io) => io.get_ref()?.downcast_ref::<rustls::Error>(),
        _ => None,
    }
}

/// Whether the other end closed the connection without a word.
fn is_hang_up(error: &ureq::Error) -> bool {
    matches!(error, ureq::Error::Io(io) if matches!(
        io.kind(),
        std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset
    ))
}

/// The host of `HOST:PORT` (`[V6]:PORT` included), as a certificate
/// names it.
fn host_name(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
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
    fn https_targets_and_nodes_keep_their_scheme() {
        let t = Target::parse("https://search.example.org:9200/news").unwrap();
        assert_eq!(t.base, "https://search.example.org:9200");
        assert_eq!(
            node_base("https://10.0.0.2:9200/").unwrap(),
            "https://10.0.0.2:9200"
        );
        let err = Target::parse("https://admin:s3cret@host/news")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("https://…@host") && !err.contains("s3cret"),
            "{err}"
        );
    }

    /// What one request to a one-shot server on 127.0.0.1 looked like.
    fn request_seen(send: impl FnOnce(&Client)) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            // The head, then as many bytes as its content-length says.
            let complete = |seen: &[u8]| {
                let text = String::from_utf8_lossy(seen).to_ascii_lowercase();
                let Some(end) = text.find("\r\n\r\n") else {
                    return false;
                };
                let length = text[..end]
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |n| n.trim().parse::<usize>().unwrap());
                seen.len() >= end + 4 + length
            };
            while !complete(&seen) {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "the request broke off: {seen:?}");
                seen.extend_from_slice(&buf[..n]);
            }
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                .unwrap();
            String::from_utf8_lossy(&seen).into_owned()
        });
        let client = Client::new(
            &Target::parse(&format!("http://127.0.0.1:{port}/news")).unwrap(),
            None,
        );
        send(&client);
        server.join().unwrap()
    }

    #[test]
    fn a_delete_with_a_body_sends_it() {
        // Closing a point in time: without its body the cluster refuses
        // the request and the point in time stays open until it expires.
        let seen = request_seen(|client| {
            let body = serde_json::json!({ "pit_id": ["abc"] });
            client
                .json("closing", "DELETE", "/_search/point_in_time", Some(&body))
                .unwrap();
        });
        assert!(seen.starts_with("DELETE /_search/point_in_time "), "{seen}");
        assert!(seen.ends_with(r#"{"pit_id":["abc"]}"#), "{seen}");
    }

    #[test]
    fn a_refresh_sends_no_body() {
        // Elasticsearch 8 refuses a body on _refresh, even `null`.
        let seen = request_seen(|client| {
            // The count after the refresh finds the one-shot server gone.
            let _ = client.refresh_and_count("news");
        });
        assert!(seen.starts_with("POST /news/_refresh "), "{seen}");
        assert!(seen.ends_with("\r\n\r\n"), "{seen}");
    }

    #[test]
    fn host_name_leaves_out_the_port() {
        assert_eq!(host_name("127.0.0.1:9200"), "127.0.0.1");
        assert_eq!(host_name("search.example.org"), "search.example.org");
        assert_eq!(host_name("[::1]:9200"), "::1");
    }

    #[test]
    fn the_ca_option_wins_over_the_variable() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("from-option.pem");
        let vars =
            |name: &str| (name == CA_FILE_VAR).then(|| "/nowhere/from-variable.pem".to_string());
        let err = Access::from_lookup(Some(&missing), vars)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("from-option.pem") && err.contains("--opensearch-ca"),
            "{err}"
        );
        let err = Access::from_lookup(None, vars).unwrap_err().to_string();
        assert!(
            err.contains("from-variable.pem") && err.contains(CA_FILE_VAR),
            "{err}"
        );
        let none = Access::from_lookup(None, |_| None).unwrap();
        assert!(none.ca.is_none() && none.credentials.is_none());
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
}
