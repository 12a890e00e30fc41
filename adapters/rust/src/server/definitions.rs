//! What the fixture lists (FIXTURE.md): tools per era, resources, templates and prompts, written as
//! JSON literals and read into the SDK's model types, so that the schemas go out exactly as written.

use std::sync::LazyLock;

use rmcp::model::{Prompt, Resource, ResourceTemplate, Tool};
use serde_json::{Value, json};

use super::content::model;

/// Which tools a request sees: the handshake era (2024-11-05 … 2025-11-25) or the stateless era (2026-07-28).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Era {
    Handshake,
    Stateless,
}

fn no_args() -> Value {
    json!({ "type": "object", "properties": {} })
}

fn tool(name: &str, description: &str, input_schema: Value) -> Value {
    json!({ "name": name, "description": description, "inputSchema": input_schema })
}

fn string_arg(name: &str, description: &str) -> Value {
    json!({
        "type": "object",
        "properties": { name: { "type": "string", "description": description } },
        "required": [name]
    })
}

fn both_eras() -> Vec<Value> {
    vec![
        tool("test_simple_text", "Returns a simple text block", no_args()),
        tool(
            "test_image_content",
            "Returns a 1x1 PNG image block",
            no_args(),
        ),
        tool("test_audio_content", "Returns a WAV audio block", no_args()),
        tool(
            "test_embedded_resource",
            "Returns an embedded text resource",
            no_args(),
        ),
        tool(
            "test_multiple_content_types",
            "Returns text, image and resource blocks",
            no_args(),
        ),
        tool(
            "test_tool_with_logging",
            "Sends three info log messages while running",
            no_args(),
        ),
        tool(
            "test_tool_with_progress",
            "Reports progress 0, 50, 100 of 100",
            no_args(),
        ),
        tool(
            "test_error_handling",
            "Always returns a tool execution error",
            no_args(),
        ),
        tool(
            "test_echo",
            "Echoes the message back",
            string_arg("message", "Text to echo"),
        ),
        json!({
            "name": "test_structured_content",
            "description": "Returns structured content matching its output schema",
            "inputSchema": no_args(),
            "outputSchema": {
                "type": "object",
                "properties": { "temperature": { "type": "number" }, "conditions": { "type": "string" } },
                "required": ["temperature", "conditions"]
            }
        }),
        tool(
            "test_sampling",
            "Asks the client to sample an LLM",
            string_arg("prompt", "Prompt for the LLM"),
        ),
        tool(
            "test_elicitation",
            "Asks the user for input via the client",
            string_arg("message", "Question for the user"),
        ),
        tool(
            "test_url_elicitation",
            "Asks the user to open a URL (URL-mode elicitation)",
            no_args(),
        ),
        tool(
            "test_sampling_tools",
            "Asks the client to sample an LLM that may call a tool",
            string_arg("prompt", "Prompt for the LLM"),
        ),
        tool(
            "test_trigger_list_changed",
            "Announces a tool list change",
            no_args(),
        ),
        tool(
            "test_slow_operation",
            "Waits durationMs (default 2000) unless cancelled",
            json!({
                "type": "object",
                "properties": {
                    "durationMs": { "type": "integer", "minimum": 0, "description": "How long to wait, in ms" },
                    "label": { "type": "string", "description": "Remember how the call went under this label" }
                }
            }),
        ),
        tool(
            "test_operation_status",
            "Tells how a labelled test_slow_operation went",
            string_arg("label", "The label given to test_slow_operation"),
        ),
        tool(
            "test_header_params",
            "Echoes arguments that clients mirror into Mcp-Param headers",
            json!({
                "type": "object",
                "properties": {
                    "region": { "type": "string", "description": "Region to route the call to", "x-mcp-header": "Region" },
                    "priority": { "type": "integer", "description": "Priority of the call", "x-mcp-header": "Priority" },
                    "tenant": { "type": "string", "description": "Optional tenant", "x-mcp-header": "Tenant" }
                },
                "required": ["region", "priority"]
            }),
        ),
        tool(
            "json_schema_2020_12_tool",
            "Publishes a JSON Schema 2020-12 input schema unchanged",
            json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "$defs": {
                    "address": {
                        "$anchor": "address",
                        "type": "object",
                        "properties": { "street": { "type": "string" }, "city": { "type": "string" } }
                    }
                },
                "properties": {
                    "name": { "type": "string" },
                    "address": { "$ref": "#/$defs/address" },
                    "contactMethod": { "type": "string", "enum": ["phone", "email"] },
                    "phone": { "type": "string" },
                    "email": { "type": "string" }
                },
                "allOf": [{ "anyOf": [{ "required": ["name"] }, { "not": { "required": ["name"] } }] }],
                "if": { "properties": { "contactMethod": { "const": "phone" } }, "required": ["contactMethod"] },
                "then": { "required": ["phone"] },
                "else": { "required": [] },
                "additionalProperties": false
            }),
        ),
    ]
}

fn handshake_only() -> Vec<Value> {
    vec![
        tool(
            "test_url_elicitation_required",
            "Needs a URL-mode elicitation first (error -32042)",
            no_args(),
        ),
        tool(
            "test_elicitation_sep1034_defaults",
            "Asks the user for a form whose fields all carry default values",
            no_args(),
        ),
        tool(
            "test_elicitation_sep1330_enums",
            "Asks the user for a form with every kind of enum field",
            no_args(),
        ),
        tool(
            "test_list_roots",
            "Asks the client for its roots",
            no_args(),
        ),
    ]
}

fn stateless_only() -> Vec<Value> {
    vec![
        tool(
            "test_missing_capability",
            "Needs the sampling capability on the request",
            no_args(),
        ),
        tool(
            "test_input_required_result_elicitation",
            "Asks for a name by elicitation",
            no_args(),
        ),
        tool(
            "test_input_required_result_sampling",
            "Asks the client to sample an LLM",
            no_args(),
        ),
        tool(
            "test_input_required_result_list_roots",
            "Asks for the client's roots",
            no_args(),
        ),
        tool(
            "test_input_required_result_request_state",
            "Round-trips an opaque requestState",
            no_args(),
        ),
        tool(
            "test_input_required_result_multiple_inputs",
            "Asks for an elicitation, a sampling and the roots at once",
            no_args(),
        ),
        tool(
            "test_input_required_result_multi_round",
            "Two elicitation rounds before the result",
            no_args(),
        ),
        tool(
            "test_input_required_result_tampered_state",
            "Rejects a modified requestState",
            no_args(),
        ),
        tool(
            "test_input_required_result_capabilities",
            "Asks only for inputs the request's client capabilities allow",
            no_args(),
        ),
        tool(
            "test_logging_tool",
            "Logs once per level from debug to error",
            no_args(),
        ),
    ]
}

static HANDSHAKE_TOOLS: LazyLock<Vec<Tool>> = LazyLock::new(|| {
    both_eras()
        .into_iter()
        .chain(handshake_only())
        .map(model)
        .collect()
});
static STATELESS_TOOLS: LazyLock<Vec<Tool>> = LazyLock::new(|| {
    both_eras()
        .into_iter()
        .chain(stateless_only())
        .map(model)
        .collect()
});

pub fn tools(era: Era) -> &'static [Tool] {
    match era {
        Era::Handshake => &HANDSHAKE_TOOLS,
        Era::Stateless => &STATELESS_TOOLS,
    }
}

/// A tool of either era by name: the SDK's HTTP layer reads its schema to check Mcp-Param headers.
pub fn any_tool(name: &str) -> Option<Tool> {
    HANDSHAKE_TOOLS
        .iter()
        .chain(STATELESS_TOOLS.iter())
        .find(|tool| tool.name == name)
        .cloned()
}

pub fn resources(era: Era) -> Vec<Resource> {
    let mut listed = vec![
        json!({ "uri": "test://static-text", "name": "static-text", "mimeType": "text/plain" }),
        json!({ "uri": "test://static-binary", "name": "static-binary", "mimeType": "image/png" }),
        json!({ "uri": "test://watched-resource", "name": "watched-resource", "mimeType": "text/plain" }),
    ];
    if era == Era::Stateless {
        listed.push(json!({ "uri": "test://stateless-static-text", "name": "stateless-static-text", "mimeType": "text/plain" }));
    }
    listed.into_iter().map(model).collect()
}

pub const TEMPLATE_URI: &str = "test://template/{id}/data";

pub fn resource_templates() -> Vec<ResourceTemplate> {
    vec![model(
        json!({ "uriTemplate": TEMPLATE_URI, "name": "template", "mimeType": "application/json" }),
    )]
}

fn argument(name: &str, description: &str) -> Value {
    json!({ "name": name, "description": description, "required": true })
}

pub fn prompts() -> Vec<Prompt> {
    [
        json!({ "name": "test_simple_prompt", "description": "A prompt without arguments" }),
        json!({
            "name": "test_prompt_with_arguments",
            "description": "A prompt with two required arguments",
            "arguments": [argument("arg1", "First argument"), argument("arg2", "Second argument")]
        }),
        json!({
            "name": "test_prompt_with_embedded_resource",
            "description": "A prompt that embeds a resource",
            "arguments": [argument("resourceUri", "URI of the embedded resource")]
        }),
        json!({ "name": "test_prompt_with_image", "description": "A prompt that carries an image" }),
    ]
    .into_iter()
    .map(model)
    .collect()
}
