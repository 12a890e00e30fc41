// Sampling, roots, logging and resources/subscribe are deprecated by SEP-2577 (2026-07-28) but part of every
// handshake-era version this fixture serves, so their SDK items are used on purpose.
#![allow(deprecated)]

//! The fixture server of adapters/FIXTURE.md on the SDK's `ServerHandler` trait, for both eras.
//!
//! One `Fixture` value serves one stdio connection, one handshake-era HTTP session or one
//! stateless-era HTTP request (the SDK's service factory makes a fresh one each time); what must
//! outlive those (labelled operations, open listen streams, the requestState key) is in `Shared`.

mod catalog;
mod content;
mod definitions;
mod flows;
mod inputs;
mod stateless;
mod tools;

pub mod http;
pub mod stdio;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, CompleteRequestParams, CompleteResult,
    DiscoverResult, GetPromptRequestParams, GetPromptResponse, Implementation, ListPromptsResult,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult, LoggingLevel,
    PaginatedRequestParams, ProtocolVersion, ReadResourceRequestParams, ReadResourceResponse,
    RequestStateCodec, ServerCapabilities, ServerConfig, SetLevelRequestParams,
    SubscribeRequestParams, SubscriptionFilter, Tool, UnsubscribeRequestParams,
};
use rmcp::service::{RequestContext, SubscriptionContext};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use tokio::sync::broadcast;

use content::{CACHE_TTL_MS, SERVER_NAME, SERVER_VERSION};
use definitions::Era;

/// State of the whole process, shared by every connection, session and request.
pub struct Shared {
    /// How each labelled `test_slow_operation` went, for `test_operation_status`.
    operations: Mutex<HashMap<String, &'static str>>,
    /// Feeds every open `subscriptions/listen` stream a tools list change.
    tools_changed: broadcast::Sender<()>,
    /// Seals the stateless era's `requestState` (HMAC): the client could otherwise forge it.
    codec: RequestStateCodec,
}

impl Shared {
    pub fn new() -> Arc<Self> {
        let (tools_changed, _) = broadcast::channel(16);
        Arc::new(Self {
            operations: Mutex::new(HashMap::new()),
            tools_changed,
            codec: RequestStateCodec::try_new(content::random_hex(32).into_bytes())
                .expect("a 64-byte key is long enough"),
        })
    }
}

#[derive(Clone)]
pub struct Fixture {
    shared: Arc<Shared>,
    /// The minimum level set by `logging/setLevel` on this handshake-era session (None: everything).
    log_level: Arc<Mutex<Option<LoggingLevel>>>,
}

impl Fixture {
    pub fn new(shared: Arc<Shared>) -> Self {
        Self {
            shared,
            log_level: Arc::new(Mutex::new(None)),
        }
    }
}

/// The era of one request: its own `_meta` protocol version, else the version `initialize` agreed.
fn era_of(context: &RequestContext<RoleServer>) -> Era {
    match context.protocol_version() {
        Some(version) if version.as_str() >= ProtocolVersion::V_2026_07_28.as_str() => {
            Era::Stateless
        }
        _ => Era::Handshake,
    }
}

/// Every list fits one page, so this server never issues a cursor: any cursor is one it does not know.
fn first_page_only(request: Option<&PaginatedRequestParams>) -> Result<(), ErrorData> {
    match request.and_then(|r| r.cursor.as_deref()) {
        Some(cursor) => Err(ErrorData::invalid_params(
            format!("Invalid cursor: {cursor}"),
            None,
        )),
        None => Ok(()),
    }
}

/// The stateless era's cache fields on list results; the handshake era's results stay as they were.
fn list_hint<T>(era: Era, result: T, hint: impl FnOnce(T) -> T) -> T {
    if era == Era::Stateless {
        hint(result)
    } else {
        result
    }
}

#[allow(deprecated)] // logging/setLevel and resources/subscribe are legacy-era methods the fixture still serves.
impl ServerHandler for Fixture {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_logging()
            .enable_completions()
            .enable_prompts()
            .enable_prompts_list_changed()
            .enable_resources()
            .enable_resources_subscribe()
            .enable_resources_list_changed()
            .enable_tools()
            .enable_tool_list_changed()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new(SERVER_NAME, SERVER_VERSION))
    }

    async fn discover(
        &self,
        _context: RequestContext<RoleServer>,
    ) -> Result<DiscoverResult, ErrorData> {
        let versions: Cow<'static, [ProtocolVersion]> = self.supported_protocol_versions();
        Ok(
            DiscoverResult::from_server_info(versions.into_owned(), self.get_info())
                .with_ttl_ms(CACHE_TTL_MS)
                .with_cache_scope(CacheScope::Public),
        )
    }

    async fn list_tools(
        &self,
        request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        first_page_only(request.as_ref())?;
        let era = era_of(&context);
        let result = ListToolsResult::with_all_items(definitions::tools(era).to_vec());
        Ok(list_hint(era, result, |r| {
            r.with_ttl_ms(CACHE_TTL_MS)
                .with_cache_scope(CacheScope::Public)
        }))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        definitions::any_tool(name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let era = era_of(&context);
        let listed = definitions::tools(era)
            .iter()
            .any(|tool| tool.name == request.name);
        if !listed {
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {}", request.name),
                None,
            ));
        }
        self.call(era, request, context).await
    }

    async fn list_resources(
        &self,
        request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        first_page_only(request.as_ref())?;
        let era = era_of(&context);
        let result = ListResourcesResult::with_all_items(definitions::resources(era));
        Ok(list_hint(era, result, |r| {
            r.with_ttl_ms(CACHE_TTL_MS)
                .with_cache_scope(CacheScope::Public)
        }))
    }

    async fn list_resource_templates(
        &self,
        request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        first_page_only(request.as_ref())?;
        let era = era_of(&context);
        let result = ListResourceTemplatesResult::with_all_items(definitions::resource_templates());
        Ok(list_hint(era, result, |r| {
            r.with_ttl_ms(CACHE_TTL_MS)
                .with_cache_scope(CacheScope::Public)
        }))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let era = era_of(&context);
        let result = catalog::read_resource(era, &request.uri)?;
        Ok(list_hint(era, result, |r| {
            r.with_ttl_ms(CACHE_TTL_MS)
                .with_cache_scope(CacheScope::Private)
        })
        .into())
    }

    async fn subscribe(
        &self,
        _request: SubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        // The fixture's resources never change: a subscription only needs acknowledging.
        Ok(())
    }

    async fn unsubscribe(
        &self,
        _request: UnsubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        Ok(())
    }

    async fn list_prompts(
        &self,
        request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        first_page_only(request.as_ref())?;
        let era = era_of(&context);
        let result = ListPromptsResult::with_all_items(definitions::prompts());
        Ok(list_hint(era, result, |r| {
            r.with_ttl_ms(CACHE_TTL_MS)
                .with_cache_scope(CacheScope::Public)
        }))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        catalog::get_prompt(&request).map(Into::into)
    }

    async fn complete(
        &self,
        request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, ErrorData> {
        catalog::complete(&request)
    }

    async fn set_level(
        &self,
        request: SetLevelRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        *self.log_level.lock().expect("log level lock") = Some(request.level);
        Ok(())
    }

    fn accepted_subscription_filter(
        &self,
        requested: &SubscriptionFilter,
    ) -> Option<SubscriptionFilter> {
        // Everything asked for; the SDK narrows it to what get_info() advertises.
        Some(requested.clone())
    }

    async fn listen(&self, context: SubscriptionContext) -> Result<(), ErrorData> {
        let mut changes = self.shared.tools_changed.subscribe();
        loop {
            tokio::select! {
                () = context.cancelled() => return Ok(()),
                change = changes.recv() => match change {
                    // A stream that did not ask for tool changes is skipped by the SDK's filtering sink.
                    Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                        let _ = context.sink().notify_tool_list_changed().await;
                    }
                    Err(broadcast::error::RecvError::Closed) => return Ok(()),
                },
            }
        }
    }
}
