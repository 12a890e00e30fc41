//! The client plan (schema/client-plan.schema.json), read into what the runner needs. Only what the
//! runner relies on is checked; a plan that breaks it is a usage error (exit status 2).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

pub type Json = Map<String, Value>;

#[derive(Debug)]
pub struct PlanError(pub String);

fn fail<T>(message: impl Into<String>) -> Result<T, PlanError> {
    Err(PlanError(message.into()))
}

pub enum Target {
    Http {
        url: String,
    },
    Stdio {
        command: Vec<String>,
        env: HashMap<String, String>,
    },
}

/// A canned answer to a server request: a result, or a JSON-RPC error.
#[derive(Clone)]
pub enum Answer {
    Result(Value),
    Error { code: i32, message: String },
}

#[derive(Clone, Default)]
pub struct Answers {
    pub sampling: Option<Answer>,
    pub elicitation: Option<Answer>,
    pub roots: Option<Answer>,
}

pub struct Action {
    pub kind: String,
    pub args: Json,
    pub label: Option<String>,
}

pub struct Plan {
    pub target: Target,
    pub protocol_version: Option<String>,
    pub client_info: Value,
    pub capabilities: Json,
    pub answers: Answers,
    pub timeout_ms: u64,
    pub actions: Vec<Action>,
}

const ACTIONS: [&str; 18] = [
    "connect",
    "ping",
    "listTools",
    "listResources",
    "listResourceTemplates",
    "listPrompts",
    "callTool",
    "readResource",
    "getPrompt",
    "complete",
    "setLoggingLevel",
    "subscribe",
    "unsubscribe",
    "cancel",
    "wait",
    "sleep",
    "rootsChanged",
    "close",
];

fn required_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "callTool" | "getPrompt" => &["name"],
        "readResource" | "subscribe" | "unsubscribe" => &["uri"],
        "complete" => &["ref", "argument"],
        "setLoggingLevel" => &["level"],
        "cancel" | "wait" => &["label"],
        "sleep" => &["ms"],
        _ => &[],
    }
}

fn read_target(target: Option<&Value>) -> Result<Target, PlanError> {
    let Some(target) = target.and_then(Value::as_object) else {
        return fail("target must be an object");
    };
    match target.get("transport").and_then(Value::as_str) {
        Some("http") => match target.get("url").and_then(Value::as_str) {
            Some(url) => Ok(Target::Http {
                url: url.to_owned(),
            }),
            None => fail("target.url must be a URL"),
        },
        Some("stdio") => {
            let command: Option<Vec<String>> = target
                .get("command")
                .and_then(Value::as_array)
                .and_then(|parts| {
                    parts
                        .iter()
                        .map(|p| p.as_str().map(str::to_owned))
                        .collect()
                });
            let Some(command) = command.filter(|c| !c.is_empty()) else {
                return fail("target.command must be a non-empty array of strings");
            };
            let env = match target.get("env") {
                None => HashMap::new(),
                Some(env) => match serde_json::from_value(env.clone()) {
                    Ok(env) => env,
                    Err(_) => return fail("target.env must map names to strings"),
                },
            };
            Ok(Target::Stdio { command, env })
        }
        other => fail(format!(
            "target.transport must be http or stdio, not {other:?}"
        )),
    }
}

fn read_answer(name: &str, answer: Option<&Value>) -> Result<Option<Answer>, PlanError> {
    let Some(answer) = answer else {
        return Ok(None);
    };
    if let Some(result) = answer.get("result").filter(|r| r.is_object()) {
        return Ok(Some(Answer::Result(result.clone())));
    }
    let error = answer.get("error");
    let code = error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_i64)
        .and_then(|c| i32::try_from(c).ok());
    let message = error.and_then(|e| e.get("message")).and_then(Value::as_str);
    match (code, message) {
        (Some(code), Some(message)) => Ok(Some(Answer::Error {
            code,
            message: message.to_owned(),
        })),
        _ => fail(format!(
            "answers.{name} must be {{result: {{...}}}} or {{error: {{code, message}}}}"
        )),
    }
}

fn read_action(
    action: &Value,
    index: usize,
    background: &mut HashSet<String>,
) -> Result<Action, PlanError> {
    let at = format!("actions[{index}]");
    let Some(action) = action.as_object() else {
        return fail(format!("{at} must be an object"));
    };
    let label = match action.get("label") {
        None => None,
        Some(Value::String(label)) => Some(label.clone()),
        Some(_) => return fail(format!("{at}.label must be a string")),
    };
    let keys: Vec<&String> = action.keys().filter(|k| *k != "label").collect();
    let [kind] = keys.as_slice() else {
        return fail(format!("{at} must have exactly one action key"));
    };
    if !ACTIONS.contains(&kind.as_str()) {
        return fail(format!("{at}: unknown action {kind}"));
    }
    let Some(args) = action[kind.as_str()].as_object() else {
        return fail(format!("{at}.{kind} must be an object"));
    };
    if let Some(missing) = required_fields(kind)
        .iter()
        .find(|f| !args.contains_key(**f))
    {
        return fail(format!("{at}.{kind}.{missing} is required"));
    }
    if kind.as_str() == "callTool" && args.get("background") == Some(&Value::Bool(true)) {
        let Some(label) = &label else {
            return fail(format!("{at}: a background callTool needs a label"));
        };
        background.insert(label.clone());
    }
    if matches!(kind.as_str(), "cancel" | "wait") {
        let named = args
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !background.contains(named) {
            return fail(format!(
                "{at}.{kind}.label names no earlier background callTool: {named}"
            ));
        }
    }
    if kind.as_str() == "sleep" && !args.get("ms").is_some_and(Value::is_u64) {
        return fail(format!("{at}.sleep.ms must be a non-negative integer"));
    }
    Ok(Action {
        kind: (*kind).clone(),
        args: args.clone(),
        label,
    })
}

pub fn read(file: &str) -> Result<Plan, PlanError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| PlanError(format!("cannot read the plan {file}: {e}")))?;
    let raw: Value =
        serde_json::from_str(&text).map_err(|e| PlanError(format!("the plan is not JSON: {e}")))?;
    let Some(raw) = raw.as_object() else {
        return fail("the plan must be a JSON object");
    };
    let Some(actions) = raw.get("actions").and_then(Value::as_array) else {
        return fail("actions must be an array");
    };
    let timeout_ms = match raw.get("timeoutMs") {
        None => 10_000,
        Some(value) => match value.as_u64().filter(|ms| *ms >= 1) {
            Some(ms) => ms,
            None => return fail("timeoutMs must be a positive integer"),
        },
    };
    let client_info = raw.get("clientInfo").cloned().unwrap_or_else(
        || serde_json::json!({ "name": "mcp-conform-rust", "version": env!("CARGO_PKG_VERSION") }),
    );
    let protocol_version = match raw.get("protocolVersion") {
        None => None,
        Some(Value::String(version)) => Some(version.clone()),
        Some(_) => return fail("protocolVersion must be a string"),
    };
    let answers_in = raw.get("answers").cloned().unwrap_or_default();
    let answers = Answers {
        sampling: read_answer("sampling", answers_in.get("sampling"))?,
        elicitation: read_answer("elicitation", answers_in.get("elicitation"))?,
        roots: read_answer("roots", answers_in.get("roots"))?,
    };
    let capabilities = match raw.get("capabilities") {
        Some(Value::Object(capabilities)) => capabilities.clone(),
        Some(_) => return fail("capabilities must be an object"),
        // Without declared capabilities, those the answers imply.
        None => {
            let mut implied = Json::new();
            if answers.sampling.is_some() {
                implied.insert("sampling".into(), serde_json::json!({}));
            }
            if answers.elicitation.is_some() {
                implied.insert("elicitation".into(), serde_json::json!({ "form": {} }));
            }
            if answers.roots.is_some() {
                implied.insert("roots".into(), serde_json::json!({ "listChanged": true }));
            }
            implied
        }
    };
    let mut background = HashSet::new();
    let actions = actions
        .iter()
        .enumerate()
        .map(|(i, a)| read_action(a, i, &mut background))
        .collect::<Result<_, _>>()?;
    Ok(Plan {
        target: read_target(raw.get("target"))?,
        protocol_version,
        client_info,
        capabilities,
        answers,
        timeout_ms,
        actions,
    })
}
