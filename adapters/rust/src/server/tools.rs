//! `tools/call`: the dispatch to each fixture tool, and the tools that need no input from the client.

use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, LoggingLevel,
    LoggingMessageNotificationParam, ProgressNotificationParam,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::Fixture;
use super::content::{STEP_DELAY, WAV_BASE64, png_image, text_resource, text_result, tool_error};
use super::definitions::Era;

const LOG_MESSAGES: [&str; 3] = [
    "Tool execution started",
    "Tool processing data",
    "Tool execution completed",
];
const DEFAULT_SLOW_OPERATION_MS: u64 = 2000;

/// The tool's arguments in their Rust shape; arguments that do not fit are invalid params (-32602).
pub fn arguments<T: DeserializeOwned>(request: &CallToolRequestParams) -> Result<T, ErrorData> {
    let arguments = Value::Object(request.arguments.clone().unwrap_or_default());
    serde_json::from_value(arguments).map_err(|error| {
        ErrorData::invalid_params(
            format!("Invalid arguments for {}: {error}", request.name),
            None,
        )
    })
}

#[derive(Deserialize)]
struct Echo {
    message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SlowOperation {
    duration_ms: Option<u64>,
    label: Option<String>,
}

#[derive(Deserialize)]
struct Label {
    label: String,
}

#[derive(Deserialize)]
struct HeaderParams {
    region: String,
    priority: i64,
    /// `null` is read as absent.
    tenant: Option<String>,
}

/// Severity order of the syslog levels MCP uses.
fn severity(level: LoggingLevel) -> u8 {
    match level {
        LoggingLevel::Debug => 0,
        LoggingLevel::Info => 1,
        LoggingLevel::Notice => 2,
        LoggingLevel::Warning => 3,
        LoggingLevel::Error => 4,
        LoggingLevel::Critical => 5,
        LoggingLevel::Alert => 6,
        _ => 7,
    }
}

impl Fixture {
    pub(super) async fn call(
        &self,
        era: Era,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let result: CallToolResult = match request.name.as_ref() {
            "test_simple_text" => text_result("This is a simple text response for testing."),
            "test_image_content" => CallToolResult::success(vec![png_image()]),
            "test_audio_content" => {
                CallToolResult::success(vec![ContentBlock::audio(WAV_BASE64, "audio/wav")])
            }
            "test_embedded_resource" => {
                CallToolResult::success(vec![ContentBlock::resource(text_resource(
                    "test://embedded-resource",
                    "text/plain",
                    "This is an embedded resource content.",
                ))])
            }
            "test_multiple_content_types" => CallToolResult::success(vec![
                ContentBlock::text("Multiple content types test:"),
                png_image(),
                ContentBlock::resource(text_resource(
                    "test://mixed-content-resource",
                    "application/json",
                    r#"{"test":"data","value":123}"#,
                )),
            ]),
            "test_tool_with_logging" => self.logging_tool(era, &context).await,
            "test_tool_with_progress" => progress_tool(&context).await,
            "test_error_handling" => {
                tool_error("This tool intentionally returns an error for testing")
            }
            "test_echo" => text_result(format!("Echo: {}", arguments::<Echo>(&request)?.message)),
            "test_structured_content" => {
                // CallToolResult::structured also puts the object, serialised, in one text block.
                CallToolResult::structured(
                    json!({ "temperature": 22.5, "conditions": "Partly cloudy" }),
                )
            }
            "test_trigger_list_changed" => self.trigger_list_changed(era, &context).await,
            "test_slow_operation" => self.slow_operation(arguments(&request)?, &context).await?,
            "test_operation_status" => {
                let Label { label } = arguments(&request)?;
                let operations = self.shared.operations.lock().expect("operations lock");
                text_result(operations.get(&label).copied().unwrap_or("unknown"))
            }
            "test_header_params" => {
                // Over HTTP the SDK has already checked the Mcp-Param-* headers against these arguments.
                let HeaderParams {
                    region,
                    priority,
                    tenant,
                } = arguments(&request)?;
                let tenant = tenant.as_deref().unwrap_or("(none)");
                text_result(format!(
                    "region={region}; priority={priority}; tenant={tenant}"
                ))
            }
            "json_schema_2020_12_tool" => text_result("Schema accepted"),
            "test_sampling"
            | "test_elicitation"
            | "test_url_elicitation"
            | "test_url_elicitation_required"
            | "test_sampling_tools"
            | "test_elicitation_sep1034_defaults"
            | "test_elicitation_sep1330_enums"
            | "test_list_roots" => return self.call_flow(era, &request, &context).await,
            // call_tool lets through only the tools listed on the request's era.
            _ => return self.call_stateless(&request, &context).await,
        };
        Ok(result.into())
    }

    /// Sends `notifications/message` at `level`, if this request's threshold lets it through: on the
    /// stateless era the request's own `_meta` logLevel (nothing without one), on the handshake era
    /// the session's `logging/setLevel`. The SDK sends what it is given, so the filtering is ours.
    #[allow(deprecated)] // logging is deprecated by SEP-2577 but still part of every protocol version served
    pub(super) async fn log(
        &self,
        era: Era,
        context: &RequestContext<RoleServer>,
        level: LoggingLevel,
        data: &str,
    ) {
        let threshold = match era {
            Era::Stateless => match context.meta.log_level() {
                Some(level) => Some(level),
                None => return,
            },
            Era::Handshake => *self.log_level.lock().expect("log level lock"),
        };
        if threshold.is_some_and(|threshold| severity(level) < severity(threshold)) {
            return;
        }
        let message = LoggingMessageNotificationParam::new(level, json!(data));
        if let Err(error) = context.peer.notify_logging_message(message).await {
            eprintln!("[mcp-conform adapter] cannot send a log message: {error}");
        }
    }

    async fn logging_tool(&self, era: Era, context: &RequestContext<RoleServer>) -> CallToolResult {
        for (index, data) in LOG_MESSAGES.iter().enumerate() {
            if index > 0 {
                tokio::time::sleep(STEP_DELAY).await;
            }
            self.log(era, context, LoggingLevel::Info, data).await;
        }
        text_result("Tool with logging executed successfully")
    }

    async fn trigger_list_changed(
        &self,
        era: Era,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        if era == Era::Handshake
            && let Err(error) = context.peer.notify_tool_list_changed().await
        {
            eprintln!("[mcp-conform adapter] cannot send tools/list_changed: {error}");
        }
        // Every open subscriptions/listen stream, whatever era the trigger came from.
        let _ = self.shared.tools_changed.send(());
        text_result("List change notified")
    }

    async fn slow_operation(
        &self,
        SlowOperation { duration_ms, label }: SlowOperation,
        context: &RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let duration_ms = duration_ms.unwrap_or(DEFAULT_SLOW_OPERATION_MS);
        let remember = |status: &'static str| {
            if let Some(label) = &label {
                self.shared
                    .operations
                    .lock()
                    .expect("operations lock")
                    .insert(label.clone(), status);
            }
        };
        remember("running");
        tokio::select! {
            () = context.ct.cancelled() => {
                remember("cancelled");
                // The SDK drops the answer to a cancelled request; this error never reaches the wire.
                Err(ErrorData::internal_error("cancelled", None))
            }
            () = tokio::time::sleep(Duration::from_millis(duration_ms)) => {
                remember("completed");
                Ok(text_result(format!("Done after {duration_ms} ms")))
            }
        }
    }
}

async fn progress_tool(context: &RequestContext<RoleServer>) -> CallToolResult {
    if let Some(token) = context.meta.get_progress_token() {
        for (index, progress) in [0.0, 50.0, 100.0].into_iter().enumerate() {
            if index > 0 {
                tokio::time::sleep(STEP_DELAY).await;
            }
            let params = ProgressNotificationParam::new(token.clone(), progress).with_total(100.0);
            if let Err(error) = context.peer.notify_progress(params).await {
                eprintln!("[mcp-conform adapter] cannot send progress: {error}");
            }
        }
    }
    text_result("Tool with progress executed successfully")
}
