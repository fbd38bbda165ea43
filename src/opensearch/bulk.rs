//! Loading documents with `_bulk`: batches sized by bytes, retries with
//! backoff, every rejected document named.
//!
//! Batches are cut by size rather than by count because articles range
//! from a headline to a book chapter: a count that suits one corpus sends
//! 100 MB requests (over the cluster's `http.max_content_length`) on
//! another. A batch the cluster cannot take now (429, a 5xx, no answer
//! because a node went down) is sent again after a wait that doubles each
//! time; within an accepted batch, documents refused with 429 are sent
//! again the same way, and documents refused for any other reason (a
//! mapping conflict, a malformed field) are reported with the cluster's
//! reason and not retried, since sending them again would fail again.
//! Every document carries its id, so a batch sent twice replaces the same
//! documents: retrying never duplicates.

use std::time::Duration;

use serde_json::{json, Value};

use super::{Client, OpenSearchError};

/// How often, and how patiently, a batch is sent again.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The wait before the second attempt; it doubles for each later one.
    pub first_wait: Duration,
    /// The longest wait.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    /// Eight attempts over about a minute: long enough for a node to
    /// restart or a cluster to elect a new manager, short enough that a
    /// cluster that is really gone is reported.
    fn default() -> RetryPolicy {
        RetryPolicy {
            attempts: 8,
            first_wait: Duration::from_millis(500),
            max_wait: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    pub(super) fn wait(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.first_wait.saturating_mul(factor).min(self.max_wait)
    }
}

/// A document the cluster refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The document's id (the article's path).
    pub id: String,
    /// The status of its item in the bulk answer.
    pub status: u16,
    /// The cluster's error type and reason.
    pub reason: String,
}

/// What a load did.
#[derive(Debug, Clone, Default)]
pub struct BulkReport {
    /// Documents the cluster accepted (created or replaced).
    pub accepted: u64,
    /// Documents it refused for good.
    pub rejected: Vec<Rejected>,
    /// `_bulk` requests sent, retries included.
    pub requests: u64,
    /// Of those, how many were retries.
    pub retries: u64,
    /// Bytes of request bodies sent.
    pub bytes: u64,
}

/// One document ready to send: its id and its two NDJSON lines.
struct Entry {
    id: String,
    lines: Vec<u8>,
}

/// Collects documents and sends them in batches of at most `max_bytes`
/// (a single larger document goes alone).
pub struct BulkLoader {
    client: Client,
    index: String,
    max_bytes: usize,
    retry: RetryPolicy,
    pending: Vec<Entry>,
    pending_bytes: usize,
    report: BulkReport,
}

impl BulkLoader {
    /// A loader into `index` through `client` (a clone of it, which shares
    /// its connections).
    pub fn new(client: &Client, index: &str, max_bytes: usize) -> BulkLoader {
        BulkLoader {
            client: client.clone(),
            index: index.to_string(),
            max_bytes: max_bytes.max(1),
            retry: RetryPolicy::default(),
            pending: Vec::new(),
            pending_bytes: 0,
            report: BulkReport::default(),
        }
    }

    /// The same loader with another retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> BulkLoader {
        self.retry = retry;
        self
    }

    /// Queues `doc` under `id`, sending the batch first when `doc` would
    /// take it past the size limit.
    pub fn add(&mut self, id: &str, doc: &Value) -> Result<(), OpenSearchError> {
        let action = json!({ "index": { "_index": self.index, "_id": id } });
        let mut lines = action.to_string().into_bytes();
        lines.push(b'\n');
        lines.extend(doc.to_string().into_bytes());
        lines.push(b'\n');
        self.queue(id, lines)
    }

    /// Queues the deletion of the document `id`; one already gone is no
    /// error.
    pub fn delete(&mut self, id: &str) -> Result<(), OpenSearchError> {
        let action = json!({ "delete": { "_index": self.index, "_id": id } });
        let mut lines = action.to_string().into_bytes();
        lines.push(b'\n');
        self.queue(id, lines)
    }

    /// The documents refused for good since the last call, taken out of
    /// the report.
    pub fn take_rejected(&mut self) -> Vec<Rejected> {
        std::mem::take(&mut self.report.rejected)
    }

    /// What the load has done so far.
    pub fn report(&self) -> &BulkReport {
        &self.report
    }

    fn queue(&mut self, id: &str, lines: Vec<u8>) -> Result<(), OpenSearchError> {
        if !self.pending.is_empty() && self.pending_bytes + lines.len() > self.max_bytes {
            self.flush()?;
        }
        self.pending_bytes += lines.len();
        self.pending.push(Entry {
            id: id.to_string(),
            lines,
        });
        Ok(())
    }

    /// Sends what is queued, retrying as the policy allows.
    pub fn flush(&mut self) -> Result<(), OpenSearchError> {
        let mut batch = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let mut attempt = 1;
        while !batch.is_empty() {
            let body: Vec<u8> = batch.iter().flat_map(|e| e.lines.iter().copied()).collect();
            self.report.requests += 1;
            self.report.bytes += body.len() as u64;
            if attempt > 1 {
                self.report.retries += 1;
            }
            let outcome = self
                .client
                .send("POST", "/_bulk", "application/x-ndjson", Some(&body));
            let failure = match outcome {
                Err(e @ OpenSearchError::Unreachable { .. }) => e,
                Err(e) => return Err(e),
                Ok(answer) if answer.status == 429 || answer.status >= 500 => {
                    OpenSearchError::Status {
                        what: format!("sending {} documents", batch.len()),
                        url: format!("{}/_bulk", self.client.base()),
                        status: answer.status,
                        body: answer.body.chars().take(500).collect(),
                    }
                }
                Ok(answer) if !(200..300).contains(&answer.status) => {
                    return Err(OpenSearchError::Status {
                        what: format!("sending {} documents", batch.len()),
                        url: format!("{}/_bulk", self.client.base()),
                        status: answer.status,
                        body: answer.body.chars().take(500).collect(),
                    })
                }
                Ok(answer) => {
                    let again = self.settle(batch, &answer.body)?;
                    if again.is_empty() {
                        return Ok(());
                    }
                    batch = again;
                    OpenSearchError::Status {
                        what: format!("{} documents refused as too many", batch.len()),
                        url: format!("{}/_bulk", self.client.base()),
                        status: 429,
                        body: String::new(),
                    }
                }
            };
            if attempt >= self.retry.attempts {
                return Err(failure);
            }
            std::thread::sleep(self.retry.wait(attempt));
            attempt += 1;
        }
        Ok(())
    }

    /// Reads a bulk answer: counts the accepted, records the refused, and
    /// returns the entries to send again (those refused with 429).
    fn settle(&mut self, batch: Vec<Entry>, body: &str) -> Result<Vec<Entry>, OpenSearchError> {
        let url = format!("{}/_bulk", self.client.base());
        let bad = |detail: String| OpenSearchError::Answer {
            what: "sending documents".to_string(),
            url: url.clone(),
            detail,
        };
        let answer: Value =
            serde_json::from_str(body).map_err(|e| bad(format!("not JSON: {e}")))?;
        let items = answer["items"]
            .as_array()
            .ok_or_else(|| bad("no items".to_string()))?;
        if items.len() != batch.len() {
            return Err(bad(format!(
                "{} items for {} documents",
                items.len(),
                batch.len()
            )));
        }
        let mut again = Vec::new();
        for (entry, item) in batch.into_iter().zip(items) {
            // Each item is keyed by its action (`index` or `delete`).
            let (action, result) = item
                .as_object()
                .and_then(|o| o.iter().next())
                .map_or(("", &Value::Null), |(k, v)| (k.as_str(), v));
            let status = result["status"].as_u64().unwrap_or(0) as u16;
            match status {
                200..=299 => self.report.accepted += 1,
                404 if action == "delete" => {}
                429 => again.push(entry),
                _ => {
                    let error = &result["error"];
                    let reason = match (error["type"].as_str(), error["reason"].as_str()) {
                        (Some(kind), Some(reason)) => format!("{kind}: {reason}"),
                        _ => error.to_string(),
                    };
                    self.report.rejected.push(Rejected {
                        id: entry.id,
                        status,
                        reason,
                    });
                }
            }
        }
        Ok(again)
    }

    /// Sends the rest and returns what the whole load did.
    pub fn finish(mut self) -> Result<BulkReport, OpenSearchError> {
        self.flush()?;
        Ok(self.report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opensearch::Target;

    /// A node that does not answer: each attempt is made, the waits grow,
    /// and the error names the node, after the policy's last attempt.
    #[test]
    fn an_unreachable_node_is_retried_then_reported() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let target = Target::parse(&format!("http://127.0.0.1:{port}/news")).unwrap();
        let client = Client::new(&target, None);
        let policy = RetryPolicy {
            attempts: 3,
            first_wait: Duration::from_millis(10),
            max_wait: Duration::from_millis(20),
        };
        let mut loader = BulkLoader::new(&client, "news", 1024).with_retry(policy);
        loader.add("a.txt", &json!({ "path": "a.txt" })).unwrap();
        let started = std::time::Instant::now();
        let err = loader.flush().unwrap_err();
        assert!(matches!(err, OpenSearchError::Unreachable { .. }), "{err}");
        assert!(
            err.to_string().contains(&format!("127.0.0.1:{port}/_bulk")),
            "{err}"
        );
        assert_eq!((loader.report.requests, loader.report.retries), (3, 2));
        assert!(
            started.elapsed() >= Duration::from_millis(30),
            "it waited between attempts"
        );
    }

    /// Batches close before the document that would take them past the
    /// limit, and a document larger than the limit goes alone. (The node
    /// does not answer, so each send shows up as one failed request of
    /// the batch's bytes.)
    #[test]
    fn batches_are_cut_by_bytes() {
        let target = Target::parse("http://127.0.0.1:9/news").unwrap();
        let client = Client::new(&target, None);
        let once = RetryPolicy {
            attempts: 1,
            ..RetryPolicy::default()
        };
        let mut loader = BulkLoader::new(&client, "news", 200).with_retry(once);
        let small = json!({ "t": "x".repeat(40) });
        loader.add("1", &small).unwrap();
        loader.add("2", &small).unwrap();
        let lines = loader.pending[0].lines.len();
        assert!(
            2 * lines <= 200 && 3 * lines > 200,
            "{lines} bytes a document"
        );
        assert_eq!(loader.report.requests, 0, "nothing sent below the limit");
        assert!(
            loader.add("3", &small).is_err(),
            "the third closes the batch"
        );
        assert_eq!(loader.report.requests, 1);
        assert_eq!(loader.report.bytes, 2 * lines as u64);
        // The failed send ends the load: the third was never queued.
        assert!(loader.pending.is_empty());

        let mut loader = BulkLoader::new(&client, "news", 200).with_retry(once);
        loader.add("big", &json!({ "t": "x".repeat(500) })).unwrap();
        assert_eq!((loader.pending.len(), loader.report.requests), (1, 0));
    }

    #[test]
    fn waits_double_up_to_the_longest() {
        let policy = RetryPolicy {
            attempts: 10,
            first_wait: Duration::from_millis(100),
            max_wait: Duration::from_secs(1),
        };
        let waits: Vec<u128> = (1..=6).map(|r| policy.wait(r).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy.wait(200), Duration::from_secs(1));
    }
}
