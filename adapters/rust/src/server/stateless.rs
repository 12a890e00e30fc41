//! Tools listed on the stateless era (2026-07-28) only: the `input_required` family, the per-request
//! capability check and per-request logging. The era keeps nothing between requests, so a flow's
//! progress travels in `requestState`, sealed with the SDK's `RequestStateCodec` (HMAC-SHA256).

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, ClientCapabilities, LoggingLevel, RequestStateError,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer};
use serde::{Deserialize, Serialize};

use super::Fixture;
use super::content::text_result;
use super::definitions::Era;
use super::inputs::{
    self, Answers, ELICIT_KEY, ROOTS_KEY, SAMPLE_KEY, ask_name, ask_roots, ask_two_plus_two,
    input_required, sampling_text,
};

const ASK_NAME: &str = "What is your name?";
const LOG_LEVELS: [LoggingLevel; 5] = [
    LoggingLevel::Debug,
    LoggingLevel::Info,
    LoggingLevel::Notice,
    LoggingLevel::Warning,
    LoggingLevel::Error,
];

/// What a flow remembers between rounds: which tool sealed the state and how far it got.
#[derive(Serialize, Deserialize)]
struct FlowState {
    tool: String,
    round: u32,
}

impl Fixture {
    fn seal(&self, tool: &str, round: u32) -> Result<String, ErrorData> {
        let state = FlowState {
            tool: tool.to_owned(),
            round,
        };
        self.shared
            .codec
            .seal_json(&state)
            .map_err(|error| ErrorData::internal_error(error.to_string(), None))
    }

    /// The round this tool reached, from the echoed requestState: `None` without a state or with one
    /// another tool sealed; -32602 for a state that fails verification (forged or modified).
    fn round(&self, request: &CallToolRequestParams, tool: &str) -> Result<Option<u32>, ErrorData> {
        let Some(sealed) = request.request_state.as_deref() else {
            return Ok(None);
        };
        match self.shared.codec.open_json::<FlowState>(sealed) {
            Ok(state) => Ok((state.tool == tool).then_some(state.round)),
            Err(error) => Err(invalid_state(&error)),
        }
    }

    pub(super) async fn call_stateless(
        &self,
        request: &CallToolRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let answers = Answers(request.input_responses.as_ref());
        let tool = request.name.as_ref();
        let done = |text: String| Ok(text_result(text).into());
        match tool {
            "test_missing_capability" => {
                if declared(context).sampling.is_none() {
                    let required = ClientCapabilities::builder().enable_sampling().build();
                    return Err(ErrorData::missing_required_client_capability(required));
                }
                done("Success".into())
            }
            "test_input_required_result_elicitation" => match answers.accepted_name(ELICIT_KEY) {
                Some(name) => done(format!("Hello, {name}!")),
                None => Ok(input_required(vec![(ELICIT_KEY, ask_name(ASK_NAME))], None)),
            },
            "test_input_required_result_sampling" => match answers.sampling(SAMPLE_KEY) {
                Some(answer) => done(format!("Sampling result: {}", sampling_text(answer))),
                None => Ok(input_required(vec![(SAMPLE_KEY, ask_two_plus_two())], None)),
            },
            "test_input_required_result_list_roots" => match answers.roots(ROOTS_KEY) {
                Some(roots) => done(format!("Roots: {}", roots.len())),
                None => Ok(input_required(vec![(ROOTS_KEY, ask_roots())], None)),
            },
            "test_input_required_result_request_state" => {
                let first_round =
                    request.input_responses.is_none() && request.request_state.is_none();
                if first_round {
                    return Ok(input_required(
                        vec![(ELICIT_KEY, ask_name(ASK_NAME))],
                        Some(self.seal(tool, 1)?),
                    ));
                }
                match self.round(request, tool)? {
                    Some(_) => done("State verified".into()),
                    None => Err(ErrorData::invalid_params(
                        "requestState missing: the retry must echo the requestState it was given",
                        None,
                    )),
                }
            }
            "test_input_required_result_multiple_inputs" => {
                let mut missing = Vec::new();
                if answers.elicitation(ELICIT_KEY).is_none() {
                    missing.push((ELICIT_KEY, ask_name(ASK_NAME)));
                }
                if answers.sampling(SAMPLE_KEY).is_none() {
                    missing.push((SAMPLE_KEY, ask_two_plus_two()));
                }
                if answers.roots(ROOTS_KEY).is_none() {
                    missing.push((ROOTS_KEY, ask_roots()));
                }
                if missing.is_empty() {
                    done("All inputs received".into())
                } else {
                    Ok(input_required(missing, None))
                }
            }
            "test_input_required_result_multi_round" => self.multi_round(request, answers),
            "test_input_required_result_tampered_state" => {
                let verified = self.round(request, tool)?.is_some();
                if verified && answers.elicitation(ELICIT_KEY).is_some() {
                    return done("State verified".into());
                }
                Ok(input_required(
                    vec![(ELICIT_KEY, ask_name(ASK_NAME))],
                    Some(self.seal(tool, 1)?),
                ))
            }
            "test_input_required_result_capabilities" => {
                if answers.elicitation(ELICIT_KEY).is_some() {
                    return done("Received elicitation input".into());
                }
                if answers.sampling(SAMPLE_KEY).is_some() {
                    return done("Received sampling input".into());
                }
                let capabilities = declared(context);
                if capabilities.elicitation.is_some() {
                    Ok(input_required(vec![(ELICIT_KEY, ask_name(ASK_NAME))], None))
                } else if capabilities.sampling.is_some() {
                    Ok(input_required(vec![(SAMPLE_KEY, ask_two_plus_two())], None))
                } else {
                    done("No inputs possible".into())
                }
            }
            "test_logging_tool" => {
                for level in LOG_LEVELS {
                    self.log(
                        Era::Stateless,
                        context,
                        level,
                        &format!("Log message at level {}", level_name(level)),
                    )
                    .await;
                }
                done("Logged".into())
            }
            other => Err(ErrorData::invalid_params(
                format!("Unknown tool: {other}"),
                None,
            )),
        }
    }

    /// Two elicitation rounds (`step-1`, `step-2`), each answer carrying the state of its round.
    fn multi_round(
        &self,
        request: &CallToolRequestParams,
        answers: Answers<'_>,
    ) -> Result<CallToolResponse, ErrorData> {
        let tool = request.name.as_ref();
        let ask = |step: u32| -> Result<CallToolResponse, ErrorData> {
            let key = format!("step-{step}");
            let message = format!("Step {step} of 2: what is your name?");
            let state = self.seal(tool, step)?;
            Ok(input_required(
                vec![(key.as_str(), inputs::ask_name(&message))],
                Some(state),
            ))
        };
        match self.round(request, tool)? {
            None | Some(0) => ask(1),
            Some(1) if answers.elicitation("step-1").is_some() => ask(2),
            Some(1) => ask(1),
            Some(_) if answers.elicitation("step-2").is_some() => {
                Ok(text_result("Completed after 2 rounds").into())
            }
            Some(_) => ask(2),
        }
    }
}

/// The client capabilities this request declares in its own `_meta`.
fn declared(context: &RequestContext<RoleServer>) -> ClientCapabilities {
    context.client_capabilities().unwrap_or_default()
}

fn invalid_state(error: &RequestStateError) -> ErrorData {
    ErrorData::invalid_params(format!("requestState rejected: {error}"), None)
}

fn level_name(level: LoggingLevel) -> String {
    serde_json::to_value(level)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
