package dev.mcpconform.java.server;

import static dev.mcpconform.java.server.Content.PNG_BASE64;
import static dev.mcpconform.java.server.Content.WAV_BASE64;
import static dev.mcpconform.java.server.Content.sleep;
import static dev.mcpconform.java.server.Content.text;
import static dev.mcpconform.java.server.Content.textResult;
import static dev.mcpconform.java.server.Content.toolError;
import static dev.mcpconform.java.server.Schemas.noArguments;
import static dev.mcpconform.java.server.Schemas.obj;
import static dev.mcpconform.java.server.Schemas.object;
import static dev.mcpconform.java.server.Tools.tool;

import java.util.List;

import dev.mcpconform.java.Json;
import java.util.Map;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/** The fixture's tools that answer on their own: content types, logging, progress, errors, echo, structured output. */
final class ContentTools {

	private static final long STEP_DELAY_MS = 50;

	private ContentTools() {
	}

	static List<SyncToolSpecification> all() {
		return List.of(
				tool("test_simple_text", "Returns a simple text block", noArguments(),
						(exchange, request) -> textResult("This is a simple text response for testing.")),
				tool("test_image_content", "Returns a 1x1 PNG image block", noArguments(),
						(exchange, request) -> result(new ImageContent(null, PNG_BASE64, "image/png"))),
				tool("test_audio_content", "Returns a WAV audio block", noArguments(),
						(exchange, request) -> result(new AudioContent(null, WAV_BASE64, "audio/wav"))),
				tool("test_embedded_resource", "Returns an embedded text resource", noArguments(),
						(exchange, request) -> result(new EmbeddedResource(null, new TextResourceContents(
								"test://embedded-resource", "text/plain", "This is an embedded resource content.")))),
				tool("test_multiple_content_types", "Returns text, image and resource blocks", noArguments(),
						(exchange, request) -> CallToolResult.builder()
							.content(List.of(text("Multiple content types test:"),
									new ImageContent(null, PNG_BASE64, "image/png"),
									new EmbeddedResource(null, new TextResourceContents("test://mixed-content-resource",
											"application/json", "{\"test\":\"data\",\"value\":123}"))))
							.isError(false)
							.build()),
				tool("test_tool_with_logging", "Sends three info log messages while running", noArguments(),
						(exchange, request) -> {
							// loggingNotification applies the level the session set with logging/setLevel.
							List<String> messages = List.of("Tool execution started", "Tool processing data",
									"Tool execution completed");
							for (int i = 0; i < messages.size(); i++) {
								if (i > 0) {
									sleep(STEP_DELAY_MS);
								}
								exchange.loggingNotification(
										LoggingMessageNotification.builder(LoggingLevel.INFO, messages.get(i)).build());
							}
							return textResult("Tool with logging executed successfully");
						}),
				tool("test_tool_with_progress", "Reports progress 0, 50, 100 of 100", noArguments(),
						(exchange, request) -> {
							Object token = request.meta() == null ? null : request.meta().get("progressToken");
							if (token != null) {
								for (int progress = 0; progress <= 100; progress += 50) {
									if (progress > 0) {
										sleep(STEP_DELAY_MS);
									}
									exchange.progressNotification(new ProgressNotification(token, progress, 100.0, null));
								}
							}
							return textResult("Tool with progress executed successfully");
						}),
				tool("test_error_handling", "Always returns a tool execution error", noArguments(),
						(exchange, request) -> toolError("This tool intentionally returns an error for testing")),
				tool("test_echo", "Echoes the message back",
						object(Map.of("message", Schemas.string("Text to echo")), List.of("message")),
						(exchange, request) -> textResult("Echo: " + Tools.stringArg(request, "message", ""))),
				structuredContent());
	}

	private static CallToolResult result(io.modelcontextprotocol.spec.McpSchema.Content content) {
		return CallToolResult.builder().content(List.of(content)).isError(false).build();
	}

	private static SyncToolSpecification structuredContent() {
		Map<String, Object> outputSchema = object(
				obj("temperature", obj("type", "number"), "conditions", obj("type", "string")),
				List.of("temperature", "conditions"));
		Map<String, Object> weather = obj("temperature", 22.5, "conditions", "Partly cloudy");
		String json = Json.write(weather);
		return SyncToolSpecification.builder()
			.tool(Tool.builder("test_structured_content", noArguments())
				.description("Returns structured content matching its output schema")
				.outputSchema(outputSchema)
				.build())
			.callHandler((exchange, request) -> CallToolResult.builder()
				.content(List.of(text(json)))
				.structuredContent(weather)
				.isError(false)
				.build())
			.build();
	}

}
