package dev.mcpconform.java.server;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/** Fixed payloads of adapters/FIXTURE.md and the small result helpers every tool uses. */
final class Content {

	static final String PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

	static final String WAV_BASE64 = "UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=";

	private Content() {
	}

	static TextContent text(String value) {
		return new TextContent(value);
	}

	static CallToolResult textResult(String value) {
		return CallToolResult.builder().content(List.of(text(value))).isError(false).build();
	}

	static CallToolResult toolError(String value) {
		return CallToolResult.builder().content(List.of(text(value))).isError(true).build();
	}

	static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
