//! Streamable HTTP on one endpoint for both eras, through the SDK's `StreamableHttpService`:
//! handshake-era traffic gets stateful sessions (`Mcp-Session-Id`, GET stream, DELETE), 2026-07-28
//! requests are served statelessly. The service factory runs once per session and per stateless request.

use std::sync::Arc;

use anyhow::{Context, bail};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use tokio::net::TcpListener;

use super::{Fixture, Shared};

const HOST: &str = "127.0.0.1";

/// Browser origins this loopback server accepts. The SDK validates `Origin` only when given a list
/// (its default list is empty, which turns the check off); any port, since the harness picks one.
const ALLOWED_ORIGINS: [&str; 3] = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"];

pub async fn run(port: &str, path: Option<&str>) -> anyhow::Result<()> {
    let port: u16 = port
        .parse()
        .with_context(|| format!("invalid port: {port}"))?;
    let path = path.unwrap_or("/mcp");
    if !path.starts_with('/') {
        bail!("path must start with \"/\": {path}");
    }
    let shared = Shared::new();
    let config = StreamableHttpServerConfig::default().with_allowed_origins(ALLOWED_ORIGINS);
    let service = StreamableHttpService::new(
        move || Ok(Fixture::new(Arc::clone(&shared))),
        LocalSessionManager::default().into(),
        config,
    );
    let router = axum::Router::new().route_service(path, service);
    let listener = TcpListener::bind((HOST, port))
        .await
        .with_context(|| format!("cannot bind {HOST}:{port}"))?;
    let bound = listener.local_addr()?.port();
    eprintln!("mcp-conform adapter ready on http://{HOST}:{bound}{path}");
    tokio::select! {
        served = axum::serve(listener, router) => served.context("HTTP server failed")?,
        // Open SSE streams would hold a graceful shutdown: a signal ends the process at once.
        () = shutdown_signal() => {}
    }
    Ok(())
}

/// SIGTERM or SIGINT.
pub async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
