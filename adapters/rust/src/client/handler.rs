//! The client's `ClientHandler`: answers sampling, elicitation and roots requests from the plan's
//! `answers` (for capabilities the plan declares), and logs every request and notification the SDK
//! hands over. On the stateless era the SDK fulfils embedded input requests through these same methods.

use std::sync::Arc;

use rmcp::model::{
    CancelledNotificationParam, ClientConfig, CreateMessageRequestParams, CreateMessageResult,
    CustomNotification, ElicitRequestParams, ElicitResult, ErrorCode, ListRootsResult,
    LoggingMessageNotificationParam, ProgressNotificationParam, ResourceUpdatedNotificationParam,
    SubscriptionsAcknowledgedNotificationParams, TaskStatusNotificationParams,
};
use rmcp::service::{NotificationContext, RequestContext};
use rmcp::{ClientHandler, ErrorData, RoleClient};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::outcomes::Outcomes;
use super::plan::{Answer, Answers};

#[derive(Clone)]
pub struct PlanHandler {
    pub config: ClientConfig,
    pub answers: Answers,
    pub out: Arc<Outcomes>,
}

fn params_of(params: &impl Serialize) -> Option<Value> {
    serde_json::to_value(params).ok()
}

impl PlanHandler {
    /// Logs the request, then answers it from the plan; without an answer the request is refused.
    fn answer<T: DeserializeOwned>(
        &self,
        method: &str,
        params: Option<Value>,
        answer: Option<&Answer>,
    ) -> Result<T, ErrorData> {
        self.out.event("request", method, params);
        match answer {
            Some(Answer::Result(result)) => {
                serde_json::from_value(result.clone()).map_err(|error| {
                    ErrorData::internal_error(
                        format!("the plan's answer does not fit {method}: {error}"),
                        None,
                    )
                })
            }
            Some(Answer::Error { code, message }) => {
                Err(ErrorData::new(ErrorCode(*code), message.clone(), None))
            }
            None => Err(ErrorData::new(
                ErrorCode::METHOD_NOT_FOUND,
                method.to_owned(),
                None,
            )),
        }
    }

    fn notified(&self, method: &str, params: Option<Value>) {
        self.out.event("notification", method, params);
    }
}

impl ClientHandler for PlanHandler {
    fn get_info(&self) -> ClientConfig {
        self.config.clone()
    }

    async fn create_message(
        &self,
        params: CreateMessageRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<CreateMessageResult, ErrorData> {
        self.answer(
            "sampling/createMessage",
            params_of(&params),
            self.answers.sampling.as_ref(),
        )
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        self.answer(
            "elicitation/create",
            params_of(&request),
            self.answers.elicitation.as_ref(),
        )
    }

    async fn list_roots(
        &self,
        _context: RequestContext<RoleClient>,
    ) -> Result<ListRootsResult, ErrorData> {
        self.answer("roots/list", None, self.answers.roots.as_ref())
    }

    async fn on_cancelled(
        &self,
        params: CancelledNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notified("notifications/cancelled", params_of(&params));
    }

    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notified("notifications/progress", params_of(&params));
    }

    async fn on_logging_message(
        &self,
        params: LoggingMessageNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notified("notifications/message", params_of(&params));
    }

    async fn on_resource_updated(
        &self,
        params: ResourceUpdatedNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notified("notifications/resources/updated", params_of(&params));
    }

    async fn on_resource_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.notified("notifications/resources/list_changed", None);
    }

    async fn on_tool_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.notified("notifications/tools/list_changed", None);
    }

    async fn on_prompt_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.notified("notifications/prompts/list_changed", None);
    }

    async fn on_subscriptions_acknowledged(
        &self,
        params: SubscriptionsAcknowledgedNotificationParams,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notified(
            "notifications/subscriptions/acknowledged",
            params_of(&params),
        );
    }

    async fn on_task_status(
        &self,
        params: TaskStatusNotificationParams,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notified("notifications/tasks", params_of(&params));
    }

    async fn on_custom_notification(
        &self,
        notification: CustomNotification,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notified(&notification.method, notification.params);
    }
}
