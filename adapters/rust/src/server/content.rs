//! Fixed payloads and small builders shared by the fixture's tools, resources and prompts.
//! The texts are contracts (adapters/FIXTURE.md): scenarios compare them byte for byte.

use rmcp::model::{CallToolResult, ContentBlock, ResourceContents};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub const SERVER_NAME: &str = "mcp-conform-rust";
pub const SERVER_VERSION: &str = env!("CARGO_PKG_VERSION");

pub const PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
pub const WAV_BASE64: &str = "UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=";

/// Pause between the steps of the logging and progress tools.
pub const STEP_DELAY: std::time::Duration = std::time::Duration::from_millis(50);

/// Cache hint of the stateless era: lists are public, reads private, both fresh for five minutes.
pub const CACHE_TTL_MS: u64 = 300_000;

pub fn text_result(text: impl Into<String>) -> CallToolResult {
    CallToolResult::success(vec![ContentBlock::text(text)])
}

pub fn tool_error(text: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(text)])
}

pub fn png_image() -> ContentBlock {
    ContentBlock::image(PNG_BASE64, "image/png")
}

pub fn text_resource(uri: &str, mime_type: &str, text: &str) -> ResourceContents {
    ResourceContents::TextResourceContents {
        uri: uri.into(),
        mime_type: Some(mime_type.into()),
        text: text.into(),
        meta: None,
    }
}

/// Turns a fixed JSON description into the SDK's model type. The fixture's definitions are
/// literals, so a mismatch is a bug in this adapter and fails loudly at first use.
pub fn model<T: DeserializeOwned>(value: Value) -> T {
    match serde_json::from_value(value) {
        Ok(model) => model,
        Err(error) => panic!("fixture definition does not fit the SDK model: {error}"),
    }
}

/// A fresh random identifier (hex), for elicitation ids and the requestState key.
pub fn random_hex(bytes: usize) -> String {
    use std::io::Read;
    let mut buffer = vec![0u8; bytes];
    // /dev/urandom is enough here: the adapter runs on Linux and needs no crypto crate of its own.
    std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(&mut buffer))
        .expect("cannot read /dev/urandom");
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}
