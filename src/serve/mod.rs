//! `newsidx serve`: the search page and its JSON API, over the same
//! [`crate::search`] core and [`crate::output::json`] writers as the
//! command line.
//!
//! This module owns the HTTP face: the listener and its connections
//! (here), the index kept current while `newsidx index` commits beside it
//! ([`live`]), the routes ([`api`]), the checks every request passes
//! first ([`guard`]) and the page, embedded in the binary ([`page`]). It
//! never builds a query or a JSON shape of its own: a route turns its
//! parameters into a [`crate::search::SearchRequest`] and hands the
//! results to the writers `query --json` uses.
//!
//! axum on tokio, served through hyper's HTTP/1 connection builder rather
//! than `axum::serve`: the builder is where a header read timeout and a
//! cap on buffered request bytes are set, which is how a client that
//! sends its request slowly, or never, is cut off instead of holding a
//! connection open. The other half, a client that asks and then stops
//! reading the answer, is cut off by a write timeout on the socket
//! (tokio-io-timeout, since hyper's builder has none): otherwise it would
//! hold one of the capped connection slots for good. Connections are
//! tasks, not threads, and their number is capped, so a crowd of slow
//! clients costs memory, not workers.
//! Searches run on tokio's blocking pool, at most two per core at once,
//! each bounded by the request time limit.

pub mod api;
pub mod cluster;
pub mod guard;
pub mod live;
pub mod page;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use self::guard::Access;
use self::live::LiveIndex;

/// The address `newsidx serve` listens on unless told otherwise: this
/// machine only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8027";

/// How long a client may take to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The most bytes of a request hyper buffers (request line and headers);
/// a longer one is refused by hyper itself (431).
const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// How long one write to a client may wait for the client to take bytes:
/// far more than any reader on a slow link needs for the next part of an
/// answer.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Open connections at once; more wait in the kernel's queue.
const MAX_CONNECTIONS: usize = 1024;
/// How long a stop waits for requests under way to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What `newsidx serve` was asked for, checked.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The index folder.
    pub index: PathBuf,
    /// Where to listen (port 0: any free port, as the tests ask).
    pub addr: SocketAddr,
    /// Host names besides the bound address and localhost.
    pub allow_hosts: Vec<String>,
    /// The access token every request must carry, if any.
    pub token: Option<String>,
    /// The most time one request may take.
    pub time_limit: Duration,
    /// `--opensearch`: the cluster index served instead of `index`,
    /// further nodes to fail over to, and the credentials and CA file
    /// (`--opensearch-ca`) to reach it with.
    pub cluster: Option<(
        crate::opensearch::Target,
        Vec<String>,
        crate::opensearch::Access,
    )>,
}

impl ServeConfig {
    /// Checks the command line's options: the index opens, the token file
    /// reads and holds a token.
    pub fn from_args(args: &crate::cli::ServeArgs) -> anyhow::Result<ServeConfig> {
        let token = match &args.token_file {
            None => None,
            Some(path) => Some(guard::read_token(path)?),
        };
        Ok(ServeConfig {
            index: args.index.clone(),
            addr: args.addr,
            allow_hosts: args.allow_hosts.clone(),
            token,
            time_limit: api::TIME_LIMIT,
            cluster: match &args.cluster.opensearch {
                Some(given) => Some((
                    crate::opensearch::Target::parse(given)?,
                    args.cluster.opensearch_nodes.clone(),
                    crate::opensearch::Access::from_env(args.cluster.opensearch_ca.as_deref())?,
                )),
                None => None,
            },
        })
    }
}

/// Runs the server until Ctrl-C or SIGTERM. Writes the address to open on
/// stdout and any warning on stderr.
pub fn run(config: ServeConfig) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(config))
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let (source, name) = match &config.cluster {
        None => (
            api::Source::Local(Arc::new(LiveIndex::open(&config.index)?)),
            config.index.display().to_string(),
        ),
        Some((target, nodes, access)) => {
            let (target, nodes, access, limit) = (
                target.clone(),
                nodes.clone(),
                access.clone(),
                config.time_limit,
            );
            // Opening asks the cluster once: off the async workers.
            let cluster = tokio::task::spawn_blocking(move || {
                cluster::ClusterArchive::open(target, nodes, access, limit)
            })
            .await
            .context("cannot open the cluster index")??;
            let name = cluster.name();
            (api::Source::Cluster(Arc::new(cluster)), name)
        }
    };
    let listener = TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let bound = listener
        .local_addr()
        .context("cannot read the address listened on")?;
    if !bound.ip().is_loopback() {
        eprintln!(
            "newsidx: warning: listening on {bound}: the archive is readable by anyone who can reach this machine on the network{}",
            if config.token.is_some() {
                " and holds the token"
            } else {
                "; give --token-file to ask for a token"
            }
        );
    }
    let access = Access::new(bound, &config.allow_hosts, config.token.clone());
    let app = api::router(source.clone(), access, config.time_limit);
    // A cluster index changes under its own control; only a folder is
    // watched for commits.
    let watcher = match &source {
        api::Source::Local(live) => Some(tokio::spawn(live::watch(live.clone()))),
        api::Source::Cluster(_) => None,
    };
    let stop = stop_signal()?;
    // The line a person or a script reads the address from.
    println!("newsidx: serving {name} on http://{bound}/");
    println!("newsidx: press Ctrl-C to stop");

    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut stop = std::pin::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.context("connection slots closed")?,
            () = &mut stop => break,
        };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, a connection reset before it was
                // taken: the listener itself is fine, so keep serving.
                Err(_) => continue,
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .max_buf_size(MAX_REQUEST_BYTES)
            .serve_connection(TokioIo::new(Box::pin(stream)), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is its own business.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    if let Some(watcher) = watcher {
        watcher.abort();
    }
    eprintln!("newsidx: stopping");
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// A future that resolves on Ctrl-C or, on Unix, SIGTERM. The handlers
/// are installed here, before the address is printed, so that a signal
/// sent as soon as it shows is not missed (and does not kill the process
/// with the default action instead of a clean stop).
#[cfg(unix)]
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for Ctrl-C")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
