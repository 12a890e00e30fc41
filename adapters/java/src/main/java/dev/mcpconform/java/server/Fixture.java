package dev.mcpconform.java.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;

/**
 * The fixture surface of adapters/FIXTURE.md on the SDK's synchronous server. Names and texts are a contract
 * that scenarios compare byte for byte: change them only together with FIXTURE.md.
 */
public final class Fixture {

	public static final String SERVER_NAME = "mcp-conform-java";

	public static final String SERVER_VERSION = "0.1.0";

	/** Bound on a server-to-client request (sampling, elicitation, roots) before the SDK gives up. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private Fixture() {
	}

	/** Completes a server specification (stdio or Streamable HTTP) with the fixture and builds it. */
	public static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(McpServer.SyncSpecification<S> spec) {
		// Tools that notify through the server itself (list changes, elicitation completion) need it once built.
		AtomicReference<McpSyncServer> server = new AtomicReference<>();
		List<SyncToolSpecification> tools = new ArrayList<>();
		tools.addAll(ContentTools.all());
		tools.addAll(ClientRequestTools.all(server::get));
		tools.addAll(ElicitationForms.all());
		tools.addAll(OperationTools.all(server::get));
		server.set(spec.serverInfo(SERVER_NAME, SERVER_VERSION)
			.capabilities(ServerCapabilities.builder()
				.tools(true)
				.resources(true, true)
				.prompts(true)
				.logging()
				.completions()
				.build())
			.requestTimeout(REQUEST_TIMEOUT)
			.tools(tools)
			.resources(Resources.resources())
			.resourceTemplates(Resources.templates())
			.prompts(Prompts.prompts())
			.completions(Prompts.completions())
			.build());
		return server.get();
	}

}
