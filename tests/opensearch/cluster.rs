//! The test cluster as the tests see it: its address, a JSON-over-HTTP
//! call that fails with the request and the cluster's answer, and indexes
//! made from newsidx's template.

use std::time::Duration;

use serde_json::Value;

/// The environment variable that names node 1 of the test cluster.
pub const URL_VAR: &str = "NEWSIDX_OPENSEARCH_URL";

/// newsidx's index template, as the binary will embed it.
pub const TEMPLATE: &str = include_str!("../../opensearch/template.json");

/// A connection to the test cluster.
pub struct Cluster {
    base: String,
    agent: ureq::Agent,
}

impl Cluster {
    /// The cluster named by `NEWSIDX_OPENSEARCH_URL`, checked to answer;
    /// `None` (after saying so on stderr) when the variable is unset.
    /// A variable set to a cluster that does not answer fails the test:
    /// that is CI with a cluster that did not start.
    pub fn from_env(test: &str) -> Option<Cluster> {
        let Some(base) = std::env::var(URL_VAR).ok().filter(|v| !v.is_empty()) else {
            eprintln!(
                "skipped {test}: {URL_VAR} is not set; start a cluster with \
                 `scripts/opensearch-cluster.sh start` and set {URL_VAR} to the URL it prints"
            );
            return None;
        };
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .build()
            .new_agent();
        let cluster = Cluster {
            base: base.trim_end_matches('/').to_string(),
            agent,
        };
        let health = cluster.call("GET", "/_cluster/health", None);
        let status = health["status"].as_str().unwrap_or("");
        assert!(
            status == "green" || status == "yellow",
            "the cluster at {base} is not ready: {health}"
        );
        Some(cluster)
    }

    /// Sends one request and returns the cluster's JSON answer, failing
    /// the test with the request and the answer on any error status.
    pub fn call(&self, method: &str, path: &str, body: Option<&str>) -> Value {
        let url = format!("{}{}", self.base, path);
        let result = match (method, body) {
            ("GET", None) => self.agent.get(&url).call(),
            ("DELETE", None) => self.agent.delete(&url).call(),
            ("PUT", Some(body)) => self
                .agent
                .put(&url)
                .header("content-type", "application/json")
                .send(body),
            ("POST", Some(body)) => self
                .agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body),
            _ => panic!("the test helper has no {method} with body {body:?}"),
        };
        let mut response =
            result.unwrap_or_else(|e| panic!("{method} {url}: no answer from the cluster: {e}"));
        let status = response.status();
        let text = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_else(|e| panic!("{method} {url}: unreadable answer: {e}"));
        assert!(
            status.is_success(),
            "{method} {url} answered {status}: {}",
            text.chars().take(2000).collect::<String>()
        );
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {url}: the answer is not JSON ({e}): {text}"))
    }

    /// A fresh index `name` made from newsidx's template (an older one of
    /// the same name is deleted first), with one shard: the analysis tests
    /// need no more.
    pub fn create_index(&self, name: &str) {
        self.delete_if_exists(name);
        let mut body: Value = serde_json::from_str(TEMPLATE).expect("the template is JSON");
        body["settings"]["index"]["number_of_shards"] = 1.into();
        body["settings"]["index"]["number_of_replicas"] = 0.into();
        self.call("PUT", &format!("/{name}"), Some(&body.to_string()));
    }

    /// Deletes the index `name` if the cluster has it.
    pub fn delete_if_exists(&self, name: &str) {
        let exists = self
            .agent
            .head(format!("{}/{name}", self.base))
            .call()
            .map(|r| r.status().is_success())
            .unwrap_or(false);
        if exists {
            self.call("DELETE", &format!("/{name}"), None);
        }
    }

    /// Deletes the index `name`.
    pub fn delete_index(&self, name: &str) {
        self.call("DELETE", &format!("/{name}"), None);
    }
}
