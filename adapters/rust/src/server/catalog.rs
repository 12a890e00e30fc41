//! Resources, prompts and completion of FIXTURE.md.

use rmcp::ErrorData;
use rmcp::model::{
    CompleteRequestParams, CompleteResult, CompletionInfo, GetPromptRequestParams, GetPromptResult,
    PromptMessage, ReadResourceResult, Reference, ResourceContents, Role,
};
use serde_json::json;

use super::content::{PNG_BASE64, model, text_resource};
use super::definitions::{Era, TEMPLATE_URI};

const COMPLETION_WORDS: [&str; 3] = ["alpha", "beta", "gamma"];
const TEMPLATE_IDS: [&str; 3] = ["1", "2", "42"];

pub fn read_resource(era: Era, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let contents = match uri {
        "test://static-text" => text_resource(
            uri,
            "text/plain",
            "This is the content of the static text resource.",
        ),
        "test://static-binary" => ResourceContents::BlobResourceContents {
            uri: uri.into(),
            mime_type: Some("image/png".into()),
            blob: PNG_BASE64.into(),
            meta: None,
        },
        "test://watched-resource" => text_resource(uri, "text/plain", "Watched resource content"),
        "test://stateless-static-text" if era == Era::Stateless => text_resource(
            uri,
            "text/plain",
            "This is a stateless static text resource.",
        ),
        _ => match template_id(uri) {
            Some(id) => {
                let body =
                    json!({ "id": id, "templateTest": true, "data": format!("Data for ID: {id}") });
                text_resource(uri, "application/json", &body.to_string())
            }
            // -32002 here; the SDK turns it into -32602 for 2026-07-28 requests.
            None => {
                return Err(ErrorData::resource_not_found(
                    "Resource not found",
                    Some(json!({ "uri": uri })),
                ));
            }
        },
    };
    Ok(ReadResourceResult::new(vec![contents]))
}

/// The `{id}` of `test://template/{id}/data`, when `uri` instantiates the template.
fn template_id(uri: &str) -> Option<&str> {
    let id = uri
        .strip_prefix("test://template/")?
        .strip_suffix("/data")?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

fn required_argument<'a>(
    request: &'a GetPromptRequestParams,
    name: &str,
) -> Result<&'a str, ErrorData> {
    request
        .arguments
        .as_ref()
        .and_then(|arguments| arguments.get(name))
        .and_then(|value| value.as_str())
        .ok_or_else(|| {
            ErrorData::invalid_params(format!("Missing required argument: {name}"), None)
        })
}

fn user_text(text: impl Into<String>) -> PromptMessage {
    PromptMessage::new_text(Role::User, text)
}

pub fn get_prompt(request: &GetPromptRequestParams) -> Result<GetPromptResult, ErrorData> {
    let messages = match request.name.as_str() {
        "test_simple_prompt" => vec![user_text("This is a simple prompt for testing.")],
        "test_prompt_with_arguments" => {
            let arg1 = required_argument(request, "arg1")?;
            let arg2 = required_argument(request, "arg2")?;
            vec![user_text(format!(
                "Prompt with arguments: arg1='{arg1}', arg2='{arg2}'"
            ))]
        }
        "test_prompt_with_embedded_resource" => {
            let uri = required_argument(request, "resourceUri")?;
            let resource = json!({
                "role": "user",
                "content": {
                    "type": "resource",
                    "resource": { "uri": uri, "mimeType": "text/plain", "text": "Embedded resource content for testing." }
                }
            });
            vec![
                model(resource),
                user_text("Please process the embedded resource above."),
            ]
        }
        "test_prompt_with_image" => {
            let image = json!({ "role": "user", "content": { "type": "image", "data": PNG_BASE64, "mimeType": "image/png" } });
            vec![model(image), user_text("Please analyze the image above.")]
        }
        other => {
            return Err(ErrorData::invalid_params(
                format!("Unknown prompt: {other}"),
                None,
            ));
        }
    };
    Ok(GetPromptResult::new(messages))
}

pub fn complete(request: &CompleteRequestParams) -> Result<CompleteResult, ErrorData> {
    let value = request.argument.value.as_str();
    let candidates: &[&str] = match &request.r#ref {
        Reference::Prompt(prompt) if prompt.name == "test_prompt_with_arguments" => {
            if request.argument.name == "arg1" {
                &COMPLETION_WORDS
            } else {
                &[]
            }
        }
        Reference::Prompt(prompt) => {
            return Err(ErrorData::invalid_params(
                format!("Unknown prompt: {}", prompt.name),
                None,
            ));
        }
        Reference::Resource(resource)
            if resource.uri == TEMPLATE_URI && request.argument.name == "id" =>
        {
            &TEMPLATE_IDS
        }
        _ => &[],
    };
    let values: Vec<String> = candidates
        .iter()
        .filter(|c| c.starts_with(value))
        .map(|c| (*c).to_owned())
        .collect();
    let completion =
        CompletionInfo::with_all_values(values).map_err(|e| ErrorData::internal_error(e, None))?;
    Ok(CompleteResult::new(completion))
}
