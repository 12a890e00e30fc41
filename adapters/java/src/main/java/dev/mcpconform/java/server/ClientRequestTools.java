package dev.mcpconform.java.server;

import static dev.mcpconform.java.server.Content.textResult;
import static dev.mcpconform.java.server.Content.toolError;
import static dev.mcpconform.java.server.Schemas.noArguments;
import static dev.mcpconform.java.server.Schemas.object;
import static dev.mcpconform.java.server.Tools.stringArg;
import static dev.mcpconform.java.server.Tools.tool;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.mcpconform.java.Json;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitUrlRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitationCompleteNotification;
import io.modelcontextprotocol.spec.McpSchema.ListRootsResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/**
 * The fixture's tools that ask the client something: sampling, form and URL elicitation, roots. Whether a
 * request may reach the client is left to the SDK's exchange (it checks sampling and elicitation capabilities,
 * not roots); an SDK refusal becomes a tool error.
 */
final class ClientRequestTools {

	private ClientRequestTools() {
	}

	/** @param server the server, for notifications the exchange cannot send (elicitation completion). */
	static List<SyncToolSpecification> all(Supplier<McpSyncServer> server) {
		return List.of(
				tool("test_sampling", "Asks the client to sample an LLM",
						object(Map.of("prompt", Schemas.string("Prompt for the LLM")), List.of()),
						(exchange, request) -> refusalAsToolError(() -> {
							CreateMessageResult answer = exchange
								.createMessage(sampling(stringArg(request, "prompt", "")));
							return textResult("LLM response: " + textOf(answer));
						})),
				tool("test_sampling_tools", "Asks the client to sample an LLM that may call a tool",
						object(Map.of("prompt", Schemas.string("Prompt for the LLM")), List.of()),
						(exchange, request) -> refusalAsToolError(() -> {
							// CreateMessageRequest of SDK 2.1.0 has no tools or toolChoice (and ClientCapabilities no
							// sampling.tools), so the tool loop cannot be offered: a plain sampling request goes out.
							CreateMessageResult answer = exchange
								.createMessage(sampling(stringArg(request, "prompt", "")));
							return textResult("LLM response: " + textOf(answer));
						})),
				tool("test_elicitation", "Asks the user for input via the client",
						object(Map.of("message", Schemas.string("Question for the user")), List.of()),
						(exchange, request) -> refusalAsToolError(() -> {
							ElicitResult result = exchange.createElicitation(ElicitFormRequest
								.builder(stringArg(request, "message", ""),
										object(Map.of("response", Map.of("type", "string")), List.of("response")))
								.build());
							return textResult("User response: action=" + action(result) + ", content="
									+ json(result.content()));
						})),
				tool("test_url_elicitation", "Asks the user to open a URL (URL-mode elicitation)", noArguments(),
						(exchange, request) -> urlElicitation(exchange, server)),
				tool("test_url_elicitation_required", "Needs a URL-mode elicitation first, and says so with -32042",
						noArguments(), (exchange, request) -> {
							String id = UUID.randomUUID().toString();
							throw McpError.URL_ELICITATION_REQUIRED.apply(List.of(ElicitUrlRequest
								.builder("Please authorise access to the example service.", elicitUrl(id), id)
								.build()));
						}),
				tool("test_list_roots", "Asks the client for its roots", noArguments(),
						(exchange, request) -> refusalAsToolError(() -> {
							// No capability check of our own: whether roots/list reaches a client that did not
							// declare roots is the SDK's doing.
							ListRootsResult result = exchange.listRoots();
							String uris = result.roots().stream().map(Root::uri).collect(Collectors.joining(", "));
							return textResult("Roots: " + result.roots().size() + ": " + uris);
						})));
	}

	private static CallToolResult urlElicitation(McpSyncServerExchange exchange, Supplier<McpSyncServer> server) {
		var elicitation = exchange.getClientCapabilities() == null ? null
				: exchange.getClientCapabilities().elicitation();
		if (elicitation == null || elicitation.url() == null) {
			return toolError("The client did not declare URL-mode elicitation");
		}
		return refusalAsToolError(() -> {
			String id = UUID.randomUUID().toString();
			ElicitResult result = exchange.createElicitation(
					ElicitUrlRequest.builder("Please open the link to continue.", elicitUrl(id), id).build());
			if (result.action() == ElicitResult.Action.ACCEPT) {
				// The out-of-band interaction is simulated as finishing at once. The SDK sends this per session
				// (McpSyncServer.sendElicitationComplete), not on the call's own stream.
				server.get().sendElicitationComplete(exchange.sessionId(), new ElicitationCompleteNotification(id));
			}
			return textResult("URL elicitation action=" + action(result));
		});
	}

	static CreateMessageRequest sampling(String prompt) {
		return CreateMessageRequest.builder(List.of(new SamplingMessage(Role.USER, new TextContent(prompt))), 100)
			.build();
	}

	/** Runs a client request; the SDK's refusal (an undeclared capability) becomes a tool error. */
	static CallToolResult refusalAsToolError(Supplier<CallToolResult> call) {
		try {
			return call.get();
		}
		catch (IllegalStateException e) {
			return toolError(e.getMessage());
		}
	}

	static String action(ElicitResult result) {
		return result.action().name().toLowerCase(java.util.Locale.ROOT);
	}

	static String json(Object value) {
		return Json.write(value);
	}

	private static String textOf(CreateMessageResult answer) {
		return answer.content() instanceof TextContent t ? t.text() : json(answer.content());
	}

	private static String elicitUrl(String id) {
		return "https://127.0.0.1/mcp-conform/elicit/" + id;
	}

}
