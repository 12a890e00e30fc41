//! The client program: reads a plan (schema/client-plan.schema.json), carries out each action with
//! the SDK's own client API, and writes the outcomes file (schema/client-outcome.schema.json).
//!
//!   mcp-conform-rust client --plan <plan.json> --outcomes <outcomes.jsonl>
//!
//! Exit status: 0 when the plan ran to its end (failed actions are outcomes), 2 for a bad plan or
//! bad usage, 1 for anything else.

// Sampling, roots, logging and resources/subscribe are deprecated by SEP-2577 (2026-07-28) but part of
// every handshake-era version the plans exercise.
#![allow(deprecated)]

mod handler;
mod outcomes;
mod plan;
mod runner;

use std::process::ExitCode;
use std::sync::Arc;

use outcomes::Outcomes;

const USAGE: &str = "usage: mcp-conform-rust client --plan <plan.json> --outcomes <outcomes.jsonl>";

fn parse_args(args: &[String]) -> Result<(String, String), String> {
    let (mut plan, mut outcomes) = (None, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?
            .clone();
        match flag.as_str() {
            "--plan" => plan = Some(value),
            "--outcomes" => outcomes = Some(value),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    match (plan, outcomes) {
        (Some(plan), Some(outcomes)) => Ok((plan, outcomes)),
        _ => Err("both --plan and --outcomes are required".into()),
    }
}

pub async fn main(args: &[String]) -> ExitCode {
    let read = parse_args(args)
        .and_then(|(plan, outcomes)| plan::read(&plan).map(|p| (p, outcomes)).map_err(|e| e.0));
    let (plan, outcomes_path) = match read {
        Ok(read) => read,
        Err(message) => {
            eprintln!("client: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let out = match Outcomes::create(&outcomes_path) {
        Ok(out) => Arc::new(out),
        Err(error) => {
            eprintln!("client: cannot write {outcomes_path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut runner = runner::Runner::new(plan, Arc::clone(&out));
    runner.run().await;
    runner.shutdown().await;
    out.write(&serde_json::json!({ "event": "done" }));
    ExitCode::SUCCESS
}
