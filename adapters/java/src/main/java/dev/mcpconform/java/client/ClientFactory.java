package dev.mcpconform.java.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.mcpconform.java.Json;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.ProtocolVersions;

/** Builds the SDK's synchronous client for a plan: transport, capabilities, handlers and consumers. */
final class ClientFactory {

	/** The versions SDK 2.1.0 speaks, oldest first (its transports' default list). */
	static final List<String> SDK_VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05, ProtocolVersions.MCP_2025_03_26,
			ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

	private final Plan plan;

	private final Outcomes out;

	ClientFactory(Plan plan, Outcomes out) {
		this.plan = plan;
		this.out = out;
	}

	McpSyncClient build(Duration initializationTimeout) {
		ClientCapabilities capabilities = capabilities();
		McpClient.SyncSpec spec = McpClient.sync(transport())
			.clientInfo(new Implementation(this.plan.clientName(), this.plan.clientVersion()))
			.capabilities(capabilities)
			.requestTimeout(Duration.ofMillis(this.plan.timeoutMs()))
			.initializationTimeout(initializationTimeout)
			.loggingConsumer(n -> this.out.event("notification", McpSchema.METHOD_NOTIFICATION_MESSAGE, Json.toObject(n)))
			.progressConsumer(n -> this.out.event("notification", McpSchema.METHOD_NOTIFICATION_PROGRESS, Json.toObject(n)))
			// The SDK re-lists tools, resources or prompts itself on a list_changed and hands over the new list.
			.toolsChangeConsumer(tools -> this.out.event("notification", McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null))
			.resourcesChangeConsumer(
					resources -> this.out.event("notification", McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED, null))
			.promptsChangeConsumer(
					prompts -> this.out.event("notification", McpSchema.METHOD_NOTIFICATION_PROMPTS_LIST_CHANGED, null))
			// On resources/updated the SDK reads the resource first and hands over its contents, not the notification.
			.resourcesUpdateConsumer(contents -> this.out.event("notification",
					McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED,
					contents.isEmpty() ? null : Map.of("uri", contents.get(0).uri())))
			.elicitationCompleteConsumer(n -> this.out.event("notification",
					McpSchema.METHOD_NOTIFICATION_ELICITATION_COMPLETE, Json.toObject(n)));
		// The SDK requires a handler for every capability declared, and serves roots/list from a fixed list.
		if (capabilities.sampling() != null) {
			spec.sampling(answering(McpSchema.METHOD_SAMPLING_CREATE_MESSAGE, "sampling", CreateMessageResult.class));
		}
		if (capabilities.elicitation() != null) {
			Function<McpSchema.ElicitRequest, ElicitResult> elicit = answering(McpSchema.METHOD_ELICITATION_CREATE,
					"elicitation", ElicitResult.class);
			spec.elicitation(elicit::apply);
			if (capabilities.elicitation().url() != null) {
				spec.urlElicitation(elicit::apply);
			}
		}
		if (capabilities.roots() != null) {
			spec.roots(roots());
		}
		return spec.build();
	}

	/** The plan's capabilities as far as the SDK's ClientCapabilities carries them. */
	private ClientCapabilities capabilities() {
		Map<String, Object> declared = new LinkedHashMap<>(this.plan.capabilities());
		if (declared.remove("tasks") != null) {
			System.err.println("client: the SDK cannot receive tasks; capabilities.tasks is left undeclared");
		}
		return Json.convert(declared, ClientCapabilities.class);
	}

	/** A handler that records the request and returns the plan's answer (or throws its error). */
	private <R, T> Function<R, T> answering(String method, String answerName, Class<T> resultType) {
		return request -> {
			this.out.event("request", method, Json.toObject(request));
			Plan.Answer answer = this.plan.answers().get(answerName);
			if (answer == null) {
				throw McpError.builder(McpSchema.ErrorCodes.METHOD_NOT_FOUND)
					.message("The plan has no answer for " + method)
					.build();
			}
			if (answer.isError()) {
				throw McpError.builder(answer.code()).message(answer.message()).build();
			}
			return Json.convert(answer.result(), resultType);
		};
	}

	/** The roots the SDK lists; it answers roots/list itself, so an error answer cannot be given. */
	private List<Root> roots() {
		Plan.Answer answer = this.plan.answers().get("roots");
		if (answer == null || answer.isError()) {
			if (answer != null) {
				System.err.println("client: the SDK answers roots/list from a fixed list; an error answer cannot be given");
			}
			return List.of();
		}
		ListRoots listed = Json.convert(answer.result(), ListRoots.class);
		return listed.roots() == null ? List.of() : listed.roots();
	}

	private record ListRoots(List<Root> roots) {
	}

	private McpClientTransport transport() {
		Plan.Target target = this.plan.target();
		List<String> versions = versions();
		return switch (target.transport()) {
			case "http" -> {
				URI uri = URI.create(target.url());
				yield HttpClientStreamableHttpTransport.builder(origin(uri))
					.endpoint(pathAndQuery(uri))
					.supportedProtocolVersions(versions)
					.build();
			}
			case "sse" -> {
				URI uri = URI.create(target.url());
				yield HttpClientSseClientTransport.builder(origin(uri)).sseEndpoint(pathAndQuery(uri)).build();
			}
			default -> {
				List<String> command = target.command();
				ServerParameters parameters = ServerParameters.builder(command.get(0))
					.args(command.subList(1, command.size()))
					.env(target.env())
					.build();
				yield new VersionedStdioClientTransport(parameters, versions);
			}
		};
	}

	/**
	 * The versions the client offers: the SDK sends the newest of its transport's list in initialize, so a plan
	 * asking for an older version the SDK knows gets the list up to that version.
	 */
	private List<String> versions() {
		String wanted = this.plan.protocolVersion();
		int at = SDK_VERSIONS.indexOf(wanted);
		if (wanted != null && at < 0) {
			System.err.println("client: the SDK cannot offer protocol version " + wanted + "; it offers its own");
		}
		return at < 0 ? SDK_VERSIONS : new ArrayList<>(SDK_VERSIONS.subList(0, at + 1));
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	private static String pathAndQuery(URI uri) {
		String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
		return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
	}

	/** The SDK's stdio transport with the protocol versions it offers narrowed to the plan's. */
	private static final class VersionedStdioClientTransport extends StdioClientTransport {

		private final List<String> versions;

		VersionedStdioClientTransport(ServerParameters parameters, List<String> versions) {
			super(parameters, Json.MAPPER);
			this.versions = List.copyOf(versions);
		}

		@Override
		public List<String> protocolVersions() {
			return this.versions;
		}

	}

}
