//! The stateless era's embedded input requests (multi round-trip requests): building the requests an
//! `input_required` result carries, and reading the client's answers from a retried request.

use rmcp::model::{
    CallToolResponse, InputRequest, InputRequests, InputRequiredResult, InputResponses,
};
use serde_json::{Value, json};

use super::content::model;

pub const ELICIT_KEY: &str = "elicit-1";
pub const SAMPLE_KEY: &str = "sample-1";
pub const ROOTS_KEY: &str = "roots-1";

pub fn elicit_form(message: &str, requested_schema: Value) -> InputRequest {
    model(json!({
        "method": "elicitation/create",
        "params": { "mode": "form", "message": message, "requestedSchema": requested_schema }
    }))
}

/// A form elicitation for one required string `name`.
pub fn ask_name(message: &str) -> InputRequest {
    elicit_form(
        message,
        json!({ "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"] }),
    )
}

pub fn sampling(params: Value) -> InputRequest {
    model(json!({ "method": "sampling/createMessage", "params": params }))
}

pub fn ask_two_plus_two() -> InputRequest {
    sampling(json!({
        "messages": [{ "role": "user", "content": { "type": "text", "text": "What is 2+2?" } }],
        "maxTokens": 100
    }))
}

pub fn ask_roots() -> InputRequest {
    model(json!({ "method": "roots/list" }))
}

pub fn input_required(
    requests: Vec<(&str, InputRequest)>,
    request_state: Option<String>,
) -> CallToolResponse {
    let requests: InputRequests = requests
        .into_iter()
        .map(|(key, request)| (key.to_owned(), request))
        .collect();
    InputRequiredResult::new(Some(requests), request_state).into()
}

/// The answers a retried request carries. An entry that does not have the shape of the answer asked
/// for (a number, `null`, another kind of result) counts as missing, so the input is asked again.
#[derive(Clone, Copy)]
pub struct Answers<'a>(pub Option<&'a InputResponses>);

impl<'a> Answers<'a> {
    fn object(&self, key: &str) -> Option<&'a serde_json::Map<String, Value>> {
        self.0?.get(key)?.as_object()
    }

    /// An elicitation answer: an object with a string `action`.
    pub fn elicitation(&self, key: &str) -> Option<&'a serde_json::Map<String, Value>> {
        self.object(key)
            .filter(|answer| answer.get("action").is_some_and(Value::is_string))
    }

    /// An accepted elicitation's `content.name`.
    pub fn accepted_name(&self, key: &str) -> Option<&'a str> {
        let answer = self.elicitation(key)?;
        (answer.get("action")? == "accept").then_some(())?;
        answer.get("content")?.get("name")?.as_str()
    }

    /// A sampling answer: an object with `role` and `content`.
    pub fn sampling(&self, key: &str) -> Option<&'a Value> {
        let answer = self.0?.get(key)?;
        (answer.get("role").is_some() && answer.get("content").is_some()).then_some(answer)
    }

    /// A roots answer: the `roots` list.
    pub fn roots(&self, key: &str) -> Option<&'a Vec<Value>> {
        self.object(key)?.get("roots")?.as_array()
    }
}

/// The text of a sampling answer (its text blocks joined); a non-text answer is shown as JSON.
pub fn sampling_text(answer: &Value) -> String {
    let content = &answer["content"];
    let blocks: Vec<&Value> = match content.as_array() {
        Some(blocks) => blocks.iter().collect(),
        None => vec![content],
    };
    let texts: Vec<&str> = blocks
        .iter()
        .filter(|b| b["type"] == "text")
        .filter_map(|b| b["text"].as_str())
        .collect();
    if texts.is_empty() {
        content.to_string()
    } else {
        texts.concat()
    }
}

/// `User response: action=…, content=…` style rendering of an elicitation answer.
pub fn describe_elicitation(answer: &Value) -> (String, String) {
    let action = answer["action"].as_str().unwrap_or("unknown").to_owned();
    let content = answer
        .get("content")
        .map_or_else(|| "null".to_owned(), Value::to_string);
    (action, content)
}
