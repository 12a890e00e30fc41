//! Tools that need input from the client: sampling, elicitation (form and URL), roots.
//!
//! The SDK does not translate between the eras: on the handshake era a tool sends a real
//! server-to-client request through its `Peer` (which the SDK routes onto the call's own stream over
//! HTTP); on the stateless era it answers `input_required` with embedded requests and reads the
//! answers from the retried call.

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CreateMessageRequestParams,
    CustomNotification, ElicitRequestParams, ErrorCode, ServerNotification,
};
use rmcp::service::{RequestContext, ServiceError};
use rmcp::{ErrorData, RoleServer};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Fixture;
use super::content::{model, random_hex, text_result, tool_error};
use super::definitions::Era;
use super::inputs::{self, Answers, describe_elicitation, sampling_text};
use super::tools::arguments;

const URL_KEY: &str = "url-1";
const SAMPLING_KEY: &str = "sampling";
const ELICITATION_KEY: &str = "elicitation";
const FOLLOW_UP_KEY: &str = "sample-2";
const URL_MESSAGE: &str = "Please open the link to continue.";

#[derive(Deserialize)]
struct Prompt {
    prompt: String,
}

#[derive(Deserialize)]
struct Message {
    message: String,
}

fn elicit_url(id: &str) -> String {
    format!("https://127.0.0.1/mcp-conform/elicit/{id}")
}

fn weather_tool() -> Value {
    json!({
        "name": "get_weather",
        "description": "Current weather for a city",
        "inputSchema": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] }
    })
}

fn user_text(text: &str) -> Value {
    json!({ "role": "user", "content": { "type": "text", "text": text } })
}

/// The first sampling request of test_sampling_tools; tools only for a client declaring sampling.tools.
fn first_sampling(prompt: &str, with_tools: bool) -> Value {
    let mut params = json!({ "messages": [user_text(prompt)], "maxTokens": 100 });
    if with_tools {
        params["tools"] = json!([weather_tool()]);
        params["toolChoice"] = json!({ "mode": "auto" });
    }
    params
}

/// The follow-up to a `toolUse` stop: the prompt, the assistant's turn, one tool_result per tool_use.
fn follow_up(prompt: &str, answer: &Value) -> Option<Value> {
    let content = match &answer["content"] {
        Value::Array(blocks) => blocks.clone(),
        block => vec![block.clone()],
    };
    let uses: Vec<&Value> = content
        .iter()
        .filter(|block| block["type"] == "tool_use")
        .collect();
    if answer["stopReason"] != "toolUse" || uses.is_empty() {
        return None;
    }
    let results: Vec<Value> = uses
        .iter()
        .map(|tool_use| {
            let city = tool_use["input"]["city"].as_str().unwrap_or("nowhere");
            json!({
                "type": "tool_result",
                "toolUseId": tool_use["id"],
                "content": [{ "type": "text", "text": format!("Weather in {city}: sunny") }]
            })
        })
        .collect();
    Some(json!({
        "messages": [user_text(prompt), { "role": "assistant", "content": content }, { "role": "user", "content": results }],
        "maxTokens": 100,
        "tools": [weather_tool()],
        "toolChoice": { "mode": "auto" }
    }))
}

fn form_schema_defaults() -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": { "type": "string", "title": "Name", "default": "John Doe" },
            "age": { "type": "integer", "title": "Age", "default": 30 },
            "score": { "type": "number", "title": "Score", "default": 95.5 },
            "status": { "type": "string", "title": "Status", "enum": ["active", "inactive", "pending"], "default": "active" },
            "verified": { "type": "boolean", "title": "Verified", "default": true }
        }
    })
}

fn choices(values: [&str; 3], titles: [&str; 3]) -> Value {
    values
        .iter()
        .zip(titles)
        .map(|(value, title)| json!({ "const": value, "title": title }))
        .collect()
}

fn form_schema_enums() -> Value {
    json!({
        "type": "object",
        "properties": {
            "untitledSingle": { "type": "string", "enum": ["option1", "option2", "option3"] },
            "titledSingle": {
                "type": "string",
                "oneOf": choices(["value1", "value2", "value3"], ["First Option", "Second Option", "Third Option"])
            },
            "legacyEnum": {
                "type": "string",
                "enum": ["opt1", "opt2", "opt3"],
                "enumNames": ["Option One", "Option Two", "Option Three"]
            },
            "untitledMulti": { "type": "array", "items": { "type": "string", "enum": ["option1", "option2", "option3"] } },
            "titledMulti": {
                "type": "array",
                "items": { "anyOf": choices(["value1", "value2", "value3"], ["First Choice", "Second Choice", "Third Choice"]) }
            }
        }
    })
}

fn form_elicitation(message: &str, requested_schema: Value) -> ElicitRequestParams {
    model(json!({ "mode": "form", "message": message, "requestedSchema": requested_schema }))
}

fn failed(what: &str, error: &ServiceError) -> CallToolResult {
    tool_error(format!("{what} failed: {error}"))
}

impl Fixture {
    pub(super) async fn call_flow(
        &self,
        era: Era,
        request: &CallToolRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let answers = Answers(request.input_responses.as_ref());
        let result = match (request.name.as_ref(), era) {
            ("test_sampling", Era::Handshake) => {
                sampling(arguments::<Prompt>(request)?.prompt, context).await
            }
            ("test_sampling", Era::Stateless) => {
                let Prompt { prompt } = arguments(request)?;
                match answers.sampling(SAMPLING_KEY) {
                    Some(answer) => text_result(format!("LLM response: {}", sampling_text(answer))),
                    None => {
                        let ask = inputs::sampling(
                            json!({ "messages": [user_text(&prompt)], "maxTokens": 100 }),
                        );
                        return Ok(inputs::input_required(vec![(SAMPLING_KEY, ask)], None));
                    }
                }
            }
            ("test_elicitation", Era::Handshake) => {
                let Message { message } = arguments(request)?;
                elicitation(&message, context).await
            }
            ("test_elicitation", Era::Stateless) => {
                let Message { message } = arguments(request)?;
                match answers.elicitation(ELICITATION_KEY) {
                    Some(answer) => {
                        let (action, content) =
                            describe_elicitation(&Value::Object(answer.clone()));
                        text_result(format!("User response: action={action}, content={content}"))
                    }
                    None => {
                        let ask = inputs::elicit_form(&message, response_schema());
                        return Ok(inputs::input_required(vec![(ELICITATION_KEY, ask)], None));
                    }
                }
            }
            ("test_url_elicitation", _) => {
                return self.url_elicitation(era, answers, context).await;
            }
            ("test_url_elicitation_required", _) => return Err(url_elicitation_required()),
            ("test_sampling_tools", Era::Handshake) => {
                sampling_with_tools(arguments::<Prompt>(request)?.prompt, context).await
            }
            ("test_sampling_tools", Era::Stateless) => {
                return sampling_with_tools_rounds(
                    arguments::<Prompt>(request)?.prompt,
                    answers,
                    context,
                );
            }
            ("test_elicitation_sep1034_defaults", _) => {
                form_with_schema(
                    "Please confirm or change the default values.",
                    form_schema_defaults(),
                    context,
                )
                .await
            }
            ("test_elicitation_sep1330_enums", _) => {
                form_with_schema(
                    "Please choose from the options.",
                    form_schema_enums(),
                    context,
                )
                .await
            }
            ("test_list_roots", _) => list_roots(context).await,
            (name, _) => {
                return Err(ErrorData::invalid_params(
                    format!("Unknown tool: {name}"),
                    None,
                ));
            }
        };
        Ok(result.into())
    }

    async fn url_elicitation(
        &self,
        era: Era,
        answers: Answers<'_>,
        context: &RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let declared = context
            .client_capabilities()
            .and_then(|c| c.elicitation)
            .is_some_and(|e| e.url.is_some());
        if !declared {
            return Ok(tool_error("The client did not declare URL-mode elicitation").into());
        }
        if era == Era::Stateless {
            if let Some(answer) = answers.elicitation(URL_KEY) {
                let action = answer["action"].as_str().unwrap_or("unknown");
                return Ok(text_result(format!("URL elicitation action={action}")).into());
            }
            // 2026-07-28 has no elicitationId: the request names only the message and the URL.
            let ask = model(json!({
                "method": "elicitation/create",
                "params": { "mode": "url", "message": URL_MESSAGE, "url": elicit_url(&random_hex(16)) }
            }));
            return Ok(inputs::input_required(vec![(URL_KEY, ask)], None));
        }
        let elicitation_id = random_hex(16);
        let params: ElicitRequestParams = model(json!({
            "mode": "url",
            "message": URL_MESSAGE,
            "url": elicit_url(&elicitation_id),
            "elicitationId": elicitation_id
        }));
        let answer = match context.peer.create_elicitation(params).await {
            Ok(answer) => serde_json::to_value(answer).unwrap_or_default(),
            Err(error) => return Ok(failed("URL elicitation", &error).into()),
        };
        let action = answer["action"].as_str().unwrap_or("unknown").to_owned();
        if action == "accept" {
            // The SDK has no typed notifications/elicitation/complete: it goes out as a custom notification.
            let complete = CustomNotification::new(
                "notifications/elicitation/complete",
                Some(json!({ "elicitationId": elicitation_id })),
            );
            if let Err(error) = context
                .peer
                .send_notification(ServerNotification::CustomNotification(complete))
                .await
            {
                eprintln!("[mcp-conform adapter] cannot send elicitation/complete: {error}");
            }
        }
        Ok(text_result(format!("URL elicitation action={action}")).into())
    }
}

fn response_schema() -> Value {
    json!({ "type": "object", "properties": { "response": { "type": "string" } }, "required": ["response"] })
}

#[allow(deprecated)] // sampling is deprecated by SEP-2577 but part of every handshake-era version
async fn create_message(
    params: Value,
    context: &RequestContext<RoleServer>,
) -> Result<Value, ServiceError> {
    let params: CreateMessageRequestParams = model(params);
    let answer = context.peer.create_message(params).await?;
    Ok(serde_json::to_value(answer).unwrap_or_default())
}

async fn sampling(prompt: String, context: &RequestContext<RoleServer>) -> CallToolResult {
    match create_message(
        json!({ "messages": [user_text(&prompt)], "maxTokens": 100 }),
        context,
    )
    .await
    {
        Ok(answer) => text_result(format!("LLM response: {}", sampling_text(&answer))),
        Err(error) => failed("Sampling", &error),
    }
}

async fn elicitation(message: &str, context: &RequestContext<RoleServer>) -> CallToolResult {
    match context
        .peer
        .create_elicitation(form_elicitation(message, response_schema()))
        .await
    {
        Ok(answer) => {
            let (action, content) =
                describe_elicitation(&serde_json::to_value(answer).unwrap_or_default());
            text_result(format!("User response: action={action}, content={content}"))
        }
        Err(error) => failed("Elicitation", &error),
    }
}

async fn form_with_schema(
    message: &str,
    schema: Value,
    context: &RequestContext<RoleServer>,
) -> CallToolResult {
    if context
        .client_capabilities()
        .and_then(|c| c.elicitation)
        .is_none()
    {
        return tool_error("The client did not declare the elicitation capability");
    }
    match context
        .peer
        .create_elicitation(form_elicitation(message, schema))
        .await
    {
        Ok(answer) => {
            let (action, content) =
                describe_elicitation(&serde_json::to_value(answer).unwrap_or_default());
            text_result(format!(
                "Elicitation completed: action={action}, content={content}"
            ))
        }
        Err(error) => failed("Elicitation", &error),
    }
}

/// Error -32042 (URLElicitationRequiredError); the SDK has no constructor for it, only for its code's shape.
fn url_elicitation_required() -> ErrorData {
    let id = random_hex(16);
    let elicitation = json!({
        "mode": "url",
        "message": "Please authorise access to the example service.",
        "url": elicit_url(&id),
        "elicitationId": id
    });
    ErrorData::new(
        ErrorCode(-32042),
        "This request needs a URL-mode elicitation first",
        Some(json!({ "elicitations": [elicitation] })),
    )
}

fn sampling_declared(context: &RequestContext<RoleServer>) -> Option<bool> {
    let sampling = context.client_capabilities()?.sampling?;
    Some(sampling.tools.is_some())
}

async fn sampling_with_tools(
    prompt: String,
    context: &RequestContext<RoleServer>,
) -> CallToolResult {
    let Some(with_tools) = sampling_declared(context) else {
        return tool_error("The client did not declare the sampling capability");
    };
    let first = match create_message(first_sampling(&prompt, with_tools), context).await {
        Ok(answer) => answer,
        Err(error) => return failed("Sampling", &error),
    };
    let last = match follow_up(&prompt, &first) {
        None => first,
        Some(params) => match create_message(params, context).await {
            Ok(answer) => answer,
            Err(error) => return failed("Sampling", &error),
        },
    };
    text_result(format!("LLM response: {}", sampling_text(&last)))
}

fn sampling_with_tools_rounds(
    prompt: String,
    answers: Answers<'_>,
    context: &RequestContext<RoleServer>,
) -> Result<CallToolResponse, ErrorData> {
    let Some(with_tools) = sampling_declared(context) else {
        return Ok(tool_error("The client did not declare the sampling capability").into());
    };
    if let Some(second) = answers.sampling(FOLLOW_UP_KEY) {
        return Ok(text_result(format!("LLM response: {}", sampling_text(second))).into());
    }
    let Some(first) = answers.sampling(inputs::SAMPLE_KEY) else {
        let ask = inputs::sampling(first_sampling(&prompt, with_tools));
        return Ok(inputs::input_required(
            vec![(inputs::SAMPLE_KEY, ask)],
            None,
        ));
    };
    Ok(match follow_up(&prompt, first) {
        Some(params) => {
            inputs::input_required(vec![(FOLLOW_UP_KEY, inputs::sampling(params))], None)
        }
        None => text_result(format!("LLM response: {}", sampling_text(first))).into(),
    })
}

#[allow(deprecated)] // roots are deprecated by SEP-2577 but part of every handshake-era version
async fn list_roots(context: &RequestContext<RoleServer>) -> CallToolResult {
    if context
        .client_capabilities()
        .and_then(|c| c.roots)
        .is_none()
    {
        return tool_error("The client did not declare the roots capability");
    }
    match context.peer.list_roots().await {
        Ok(answer) => {
            let uris: Vec<&str> = answer.roots.iter().map(|root| root.uri.as_str()).collect();
            text_result(format!("Roots: {}: {}", uris.len(), uris.join(", ")))
        }
        Err(error) => failed("roots/list", &error),
    }
}
