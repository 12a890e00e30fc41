//! mcp-conform adapter for the Rust MCP SDK (`rmcp`): one binary, three roles.
//!
//!   mcp-conform-rust stdio                   fixture server on stdin/stdout, both eras
//!   mcp-conform-rust http <port> [path]      fixture server on http://127.0.0.1:<port><path>, both eras
//!   mcp-conform-rust client --plan <plan.json> --outcomes <outcomes.jsonl>
//!
//! stdout belongs to the MCP stdio stream: everything this program says itself goes to stderr.

mod client;
mod server;

use std::process::ExitCode;

const USAGE: &str = "usage: mcp-conform-rust stdio | http <port> [path] | client --plan <plan.json> --outcomes <outcomes.jsonl>";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("stdio") if args.len() == 1 => server::stdio::run().await,
        Some("http") if (2..=3).contains(&args.len()) => {
            server::http::run(&args[1], args.get(2).map(String::as_str)).await
        }
        Some("client") => return client::main(&args[1..]).await,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("[mcp-conform adapter] fatal: {error:#}");
            ExitCode::FAILURE
        }
    }
}
