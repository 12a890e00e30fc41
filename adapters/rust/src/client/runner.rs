//! Carries out the plan's actions, one after the other, with the SDK's client API.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rmcp::RoleClient;
use rmcp::model::{
    CallToolRequest, CallToolRequestParams, ClientConfig, ClientRequest, PingRequest,
    ProtocolVersion,
};
use rmcp::service::{
    ClientLifecycleMode, ClientServiceExt, PeerRequestOptions, RunningService, ServiceError,
};
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::handler::PlanHandler;
use super::outcomes::Outcomes;
use super::plan::{Action, Json, Plan, Target};

/// The first protocol version of the stateless era.
const STATELESS_ERA: &str = "2026-07-28";

type Client = RunningService<RoleClient, PlanHandler>;
/// An action's outcome: its result (if any), or the error object of the outcome line.
type Outcome = Result<Option<Value>, Value>;

struct Background {
    cancel: oneshot::Sender<Option<String>>,
    done: JoinHandle<Outcome>,
}

pub struct Runner {
    plan: Plan,
    out: Arc<Outcomes>,
    client: Option<Client>,
    background: HashMap<String, Background>,
}

fn message(text: impl Into<String>) -> Value {
    json!({ "message": text.into() })
}

fn service_error(error: &ServiceError) -> Value {
    match error {
        ServiceError::McpError(data) => json!({ "code": data.code.0, "message": data.message }),
        other => message(other.to_string()),
    }
}

/// Request parameters in the SDK's type, from the plan's JSON.
fn from_plan<T: DeserializeOwned>(value: Value) -> Result<T, Value> {
    serde_json::from_value(value)
        .map_err(|error| message(format!("the plan's parameters do not fit the SDK: {error}")))
}

fn to_json(value: &impl serde::Serialize) -> Outcome {
    serde_json::to_value(value)
        .map(Some)
        .map_err(|error| message(error.to_string()))
}

fn elapsed_ms(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0
}

impl Runner {
    pub fn new(plan: Plan, out: Arc<Outcomes>) -> Self {
        Self {
            plan,
            out,
            client: None,
            background: HashMap::new(),
        }
    }

    fn timeout(&self) -> Duration {
        Duration::from_millis(self.plan.timeout_ms)
    }

    pub async fn run(&mut self) {
        let actions = std::mem::take(&mut self.plan.actions);
        for (index, action) in actions.iter().enumerate() {
            let mut base = json!({ "action": action.kind, "index": index });
            if let Some(label) = &action.label {
                base["label"] = json!(label);
            }
            if action.kind == "callTool"
                && action.args.get("background") == Some(&Value::Bool(true))
            {
                self.start_background(action, base);
                continue;
            }
            let started = Instant::now();
            let bound = self.bound(action);
            let outcome = match tokio::time::timeout(bound, self.perform(action)).await {
                Ok(outcome) => outcome,
                Err(_) => Err(message(format!(
                    "{} timed out after {} ms",
                    action.kind,
                    bound.as_millis()
                ))),
            };
            self.record(base, outcome, started);
        }
        let pending: Vec<Background> = self.background.drain().map(|(_, b)| b).collect();
        for background in pending {
            let _ = background.done.await;
        }
    }

    fn record(&self, mut line: Value, outcome: Outcome, started: Instant) {
        match outcome {
            Ok(result) => {
                line["ok"] = json!(true);
                if let Some(result) = result {
                    line["result"] = result;
                }
            }
            Err(error) => {
                line["ok"] = json!(false);
                line["error"] = error;
            }
        }
        line["ms"] = json!(elapsed_ms(started));
        self.out.write(&line);
    }

    /// A connect with its own timeout is bounded above it, so that the SDK-side timeout fires first.
    fn bound(&self, action: &Action) -> Duration {
        let own = (action.kind == "connect")
            .then(|| action.args.get("timeoutMs").and_then(Value::as_u64))
            .flatten();
        match own {
            Some(ms) => self.timeout().max(Duration::from_millis(ms + 1000)),
            None => self.timeout(),
        }
    }

    pub async fn shutdown(&mut self) {
        if let Some(mut client) = self.client.take() {
            let _ = tokio::time::timeout(self.timeout(), client.close()).await;
        }
    }

    fn client(&self) -> Result<&Client, Value> {
        self.client.as_ref().ok_or_else(|| message("not connected"))
    }

    async fn perform(&mut self, action: &Action) -> Outcome {
        let a = &action.args;
        let arg = |name: &str| a.get(name).cloned().unwrap_or(Value::Null);
        let all = a.get("all") != Some(&Value::Bool(false));
        match action.kind.as_str() {
            "connect" => self.connect(a).await,
            "ping" => {
                let client = self.client()?;
                client
                    .send_request(ClientRequest::PingRequest(PingRequest::default()))
                    .await
                    .map_err(|e| service_error(&e))?;
                Ok(None)
            }
            "listTools" if all => to_json(
                &json!({ "tools": self.client()?.list_all_tools().await.map_err(|e| service_error(&e))? }),
            ),
            "listTools" => to_json(
                &self
                    .client()?
                    .list_tools(None)
                    .await
                    .map_err(|e| service_error(&e))?,
            ),
            "listResources" if all => to_json(
                &json!({ "resources": self.client()?.list_all_resources().await.map_err(|e| service_error(&e))? }),
            ),
            "listResources" => to_json(
                &self
                    .client()?
                    .list_resources(None)
                    .await
                    .map_err(|e| service_error(&e))?,
            ),
            "listResourceTemplates" if all => {
                let templates = self
                    .client()?
                    .list_all_resource_templates()
                    .await
                    .map_err(|e| service_error(&e))?;
                to_json(&json!({ "resourceTemplates": templates }))
            }
            "listResourceTemplates" => to_json(
                &self
                    .client()?
                    .list_resource_templates(None)
                    .await
                    .map_err(|e| service_error(&e))?,
            ),
            "listPrompts" if all => to_json(
                &json!({ "prompts": self.client()?.list_all_prompts().await.map_err(|e| service_error(&e))? }),
            ),
            "listPrompts" => to_json(
                &self
                    .client()?
                    .list_prompts(None)
                    .await
                    .map_err(|e| service_error(&e))?,
            ),
            "callTool" => {
                let params = call_params(a)?;
                to_json(
                    &self
                        .client()?
                        .call_tool(params)
                        .await
                        .map_err(|e| service_error(&e))?,
                )
            }
            "readResource" => {
                let params = from_plan(json!({ "uri": arg("uri") }))?;
                to_json(
                    &self
                        .client()?
                        .read_resource(params)
                        .await
                        .map_err(|e| service_error(&e))?,
                )
            }
            "getPrompt" => {
                let mut request = json!({ "name": arg("name") });
                if let Some(arguments) = a.get("arguments") {
                    request["arguments"] = arguments.clone();
                }
                let params = from_plan(request)?;
                to_json(
                    &self
                        .client()?
                        .get_prompt(params)
                        .await
                        .map_err(|e| service_error(&e))?,
                )
            }
            "complete" => {
                let params = from_plan(Value::Object(a.clone()))?;
                to_json(
                    &self
                        .client()?
                        .complete(params)
                        .await
                        .map_err(|e| service_error(&e))?,
                )
            }
            "setLoggingLevel" => {
                let params = from_plan(json!({ "level": arg("level") }))?;
                self.client()?
                    .set_level(params)
                    .await
                    .map_err(|e| service_error(&e))?;
                Ok(None)
            }
            "subscribe" => {
                let params = from_plan(json!({ "uri": arg("uri") }))?;
                self.client()?
                    .subscribe(params)
                    .await
                    .map_err(|e| service_error(&e))?;
                Ok(None)
            }
            "unsubscribe" => {
                let params = from_plan(json!({ "uri": arg("uri") }))?;
                self.client()?
                    .unsubscribe(params)
                    .await
                    .map_err(|e| service_error(&e))?;
                Ok(None)
            }
            "cancel" => self.cancel(a),
            "wait" => self.wait(a).await,
            "sleep" => {
                tokio::time::sleep(Duration::from_millis(
                    a.get("ms").and_then(Value::as_u64).unwrap_or(0),
                ))
                .await;
                Ok(None)
            }
            "rootsChanged" => {
                self.client()?
                    .notify_roots_list_changed()
                    .await
                    .map_err(|e| service_error(&e))?;
                Ok(None)
            }
            "close" => match self.client.as_mut() {
                Some(client) => {
                    client.close().await.map_err(|e| message(e.to_string()))?;
                    Ok(None)
                }
                None => Err(message("not connected")),
            },
            other => Err(message(format!("unknown action {other}"))),
        }
    }

    /// What the client declares: the plan's capabilities less `tasks` — the SDK has no 2025-11-25 task
    /// store on the client, so it could not serve tasks/* for a task it accepted.
    fn client_config(&self) -> Result<ClientConfig, Value> {
        let mut capabilities: Json = self.plan.capabilities.clone();
        if capabilities.remove("tasks").is_some() {
            eprintln!(
                "client: the SDK cannot receive 2025-11-25 tasks; capabilities.tasks is not declared"
            );
        }
        let mut config =
            json!({ "capabilities": capabilities, "clientInfo": self.plan.client_info });
        // An older version is offered in initialize; none leaves the SDK's default (its latest).
        config["protocolVersion"] = match &self.plan.protocol_version {
            Some(version) if version.as_str() < STATELESS_ERA => json!(version),
            _ => serde_json::to_value(ProtocolVersion::default()).unwrap_or_default(),
        };
        from_plan(config)
    }

    /// The era follows the plan's protocolVersion: 2026-07-28 or later probes with server/discover and,
    /// like a dual-era client, falls back to initialize when the server turns out to be legacy.
    fn lifecycle(&self) -> Result<ClientLifecycleMode, Value> {
        match &self.plan.protocol_version {
            Some(version) if version.as_str() >= STATELESS_ERA => Ok(ClientLifecycleMode::Auto {
                preferred_versions: vec![from_plan(json!(version))?],
                legacy_version: Some(ProtocolVersion::V_2025_11_25),
            }),
            _ => Ok(ClientLifecycleMode::Initialize),
        }
    }

    async fn connect(&mut self, args: &Json) -> Outcome {
        let handler = PlanHandler {
            config: self.client_config()?,
            answers: self.plan.answers.clone(),
            out: Arc::clone(&self.out),
        };
        let lifecycle = self.lifecycle()?;
        let bound = args
            .get("timeoutMs")
            .and_then(Value::as_u64)
            .map_or(self.timeout(), Duration::from_millis);
        let started = match &self.plan.target {
            Target::Http { url } => {
                let transport = StreamableHttpClientTransport::from_uri(url.as_str());
                tokio::time::timeout(bound, handler.serve_with_lifecycle(transport, lifecycle))
                    .await
            }
            Target::Stdio { command, env } => {
                let mut child = tokio::process::Command::new(&command[0]);
                child.args(&command[1..]).envs(env);
                let transport = TokioChildProcess::new(child)
                    .map_err(|e| message(format!("cannot start the server: {e}")))?;
                tokio::time::timeout(bound, handler.serve_with_lifecycle(transport, lifecycle))
                    .await
            }
        };
        let client = match started {
            Ok(Ok(client)) => client,
            Ok(Err(error)) => return Err(message(error.to_string())),
            Err(_) => {
                return Err(message(format!(
                    "connect timed out after {} ms",
                    bound.as_millis()
                )));
            }
        };
        let info = client.peer_info();
        self.client = Some(client);
        let Some(info) = info else { return Ok(None) };
        to_json(&json!({
            "protocolVersion": info.protocol_version,
            "serverInfo": info.server_info,
            "capabilities": info.capabilities,
            "instructions": info.instructions,
        }))
    }

    /// A background call goes out as a cancellable request: `cancel` sends notifications/cancelled for
    /// it. Background calls do not drive input_required rounds (only the high-level call_tool does).
    fn start_background(&mut self, action: &Action, base: Value) {
        let started = Instant::now();
        let (cancel, cancelled) = oneshot::channel::<Option<String>>();
        let label = action.label.clone().unwrap_or_default();
        let timeout = self.timeout();
        let out = Arc::clone(&self.out);
        let request = call_params(&action.args)
            .and_then(|params| Ok((self.client()?.peer().clone(), params)));
        let done = tokio::spawn(async move {
            let outcome = match request {
                Ok((peer, params)) => background_call(peer, params, cancelled, timeout).await,
                Err(error) => Err(error),
            };
            let mut line = base;
            match &outcome {
                Ok(result) => {
                    line["ok"] = json!(true);
                    if let Some(result) = result {
                        line["result"] = result.clone();
                    }
                }
                Err(error) => {
                    line["ok"] = json!(false);
                    line["error"] = error.clone();
                }
            }
            line["ms"] = json!(elapsed_ms(started));
            out.write(&line);
            outcome
        });
        self.background.insert(label, Background { cancel, done });
    }

    fn cancel(&mut self, args: &Json) -> Outcome {
        let label = args
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let reason = args
            .get("reason")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match self.background.get_mut(label) {
            Some(background) => {
                // A call that already finished has nothing to cancel; the send then fails quietly.
                let (replacement, _) = oneshot::channel();
                let _ = std::mem::replace(&mut background.cancel, replacement).send(reason);
                Ok(None)
            }
            None => Err(message(format!(
                "no background action labelled {label} has started"
            ))),
        }
    }

    async fn wait(&mut self, args: &Json) -> Outcome {
        let label = args
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(background) = self.background.remove(label) else {
            return Err(message(format!(
                "no background action labelled {label} is running"
            )));
        };
        background.done.await.map_err(|e| message(e.to_string()))?
    }
}

fn call_params(args: &Json) -> Result<CallToolRequestParams, Value> {
    if args.contains_key("task") {
        // rmcp implements the 2026-07-28 tasks extension, not the task-augmented tools/call of 2025-11-25.
        return Err(message(
            "unsupported by this SDK: task-augmented tools/call",
        ));
    }
    let mut request = json!({ "name": args.get("name").cloned().unwrap_or(Value::Null) });
    if let Some(arguments) = args.get("arguments") {
        request["arguments"] = arguments.clone();
    }
    from_plan(request)
}

async fn background_call(
    peer: rmcp::service::Peer<RoleClient>,
    params: CallToolRequestParams,
    cancelled: oneshot::Receiver<Option<String>>,
    timeout: Duration,
) -> Outcome {
    let request = ClientRequest::CallToolRequest(CallToolRequest::new(params));
    let handle = peer
        .send_cancellable_request(request, PeerRequestOptions::no_options())
        .await
        .map_err(|e| service_error(&e))?;
    let (id, peer) = (handle.id.clone(), handle.peer.clone());
    tokio::select! {
        response = handle.await_response() => to_json(&response.map_err(|e| service_error(&e))?),
        Ok(reason) = cancelled => {
            let notice = from_plan::<rmcp::model::CancelledNotificationParam>(json!({ "requestId": id, "reason": reason }))?;
            peer.notify_cancelled(notice).await.map_err(|e| service_error(&e))?;
            Err(message(format!("cancelled: {}", reason.unwrap_or_else(|| "by the plan".into()))))
        }
        () = tokio::time::sleep(timeout) => Err(message(format!("callTool timed out after {} ms", timeout.as_millis()))),
    }
}
