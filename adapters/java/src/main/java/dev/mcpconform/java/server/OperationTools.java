package dev.mcpconform.java.server;

import static dev.mcpconform.java.server.Content.sleep;
import static dev.mcpconform.java.server.Content.textResult;
import static dev.mcpconform.java.server.Schemas.noArguments;
import static dev.mcpconform.java.server.Schemas.obj;
import static dev.mcpconform.java.server.Schemas.object;
import static dev.mcpconform.java.server.Tools.stringArg;
import static dev.mcpconform.java.server.Tools.tool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;

/** List changes, slow operations and their status, and the x-mcp-header tool. */
final class OperationTools {

	private static final long DEFAULT_SLOW_MS = 2000;

	/** How each labelled test_slow_operation went (process-wide, like the fixture's other state). */
	private static final Map<String, String> OPERATIONS = new ConcurrentHashMap<>();

	private OperationTools() {
	}

	static List<SyncToolSpecification> all(Supplier<McpSyncServer> server) {
		return List.of(tool("test_trigger_list_changed", "Announces a change of the tool list", noArguments(),
				(exchange, request) -> {
					// The SDK broadcasts list changes to every session of this server.
					server.get().notifyToolsListChanged();
					return textResult("List change notified");
				}),
				tool("test_slow_operation", "Waits, then answers",
						object(obj("durationMs", obj("type", "integer", "minimum", 0, "description",
								"How long to wait (default 2000)"), "label",
								Schemas.string("Remember how the call went under this label")), List.of()),
						(exchange, request) -> {
							long wait = longArg(request, "durationMs", DEFAULT_SLOW_MS);
							String label = stringArg(request, "label", null);
							if (label != null) {
								OPERATIONS.put(label, "running");
							}
							// The SDK does not handle notifications/cancelled (no cancellation signal reaches a
							// handler), so the wait always runs to its end and the call always answers.
							sleep(wait);
							if (label != null) {
								OPERATIONS.put(label, "completed");
							}
							return textResult("Done after " + wait + " ms");
						}),
				tool("test_operation_status", "Tells how a labelled test_slow_operation went",
						object(Map.of("label", Schemas.string("The label given to test_slow_operation")),
								List.of("label")),
						(exchange, request) -> textResult(
								OPERATIONS.getOrDefault(stringArg(request, "label", ""), "unknown"))),
				tool("test_header_params", "Echoes arguments that clients mirror into Mcp-Param headers",
						object(obj("region",
								obj("type", "string", "description", "Region to route the call to", "x-mcp-header",
										"Region"),
								"priority",
								obj("type", "integer", "description", "Priority of the call", "x-mcp-header",
										"Priority"),
								"tenant", obj("type", "string", "description", "Optional tenant", "x-mcp-header",
										"Tenant")),
								List.of("region", "priority")),
						(exchange, request) -> textResult("region=" + stringArg(request, "region", "") + "; priority="
								+ request.arguments().get("priority") + "; tenant="
								+ stringArg(request, "tenant", "(none)"))));
	}

	private static long longArg(CallToolRequest request, String name, long fallback) {
		Object value = request.arguments() == null ? null : request.arguments().get(name);
		return value instanceof Number n ? n.longValue() : fallback;
	}

}
