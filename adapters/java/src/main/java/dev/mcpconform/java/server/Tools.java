package dev.mcpconform.java.server;

import java.util.Map;
import java.util.function.BiFunction;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/** Shorthand for the SDK's tool specification builder. */
final class Tools {

	private Tools() {
	}

	static SyncToolSpecification tool(String name, String description, Map<String, Object> inputSchema,
			BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
		return SyncToolSpecification.builder()
			.tool(Tool.builder(name, inputSchema).description(description).build())
			.callHandler(handler)
			.build();
	}

	/** A string argument, or the fallback when it is absent or not a string. */
	static String stringArg(CallToolRequest request, String name, String fallback) {
		Object value = request.arguments() == null ? null : request.arguments().get(name);
		return value instanceof String s ? s : fallback;
	}

}
