//! stdio: one connection, both eras. The SDK decides the era from the first message: `initialize`
//! starts a handshake-era session, a request carrying the 2026-07-28 `_meta` a stateless one
//! (`server/discover` is answered before either).

use rmcp::ServiceExt;

use super::{Fixture, Shared};

pub async fn run() -> anyhow::Result<()> {
    let fixture = Fixture::new(Shared::new());
    let service = match fixture.serve(rmcp::transport::stdio()).await {
        Ok(service) => service,
        Err(error) => {
            // stdin closed or a message no lifecycle can start with; the SDK has answered what it could.
            eprintln!("[mcp-conform adapter] connection ended before it started: {error}");
            return Ok(());
        }
    };
    tokio::select! {
        quit = service.waiting() => {
            quit?;
        }
        () = super::http::shutdown_signal() => {}
    }
    Ok(())
}
