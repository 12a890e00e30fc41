package dev.mcpconform.java.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.mcpconform.java.Json;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.SubscribeRequest;
import io.modelcontextprotocol.spec.McpSchema.UnsubscribeRequest;

/** Carries out a plan's actions, in order, with the SDK's synchronous client, writing one outcome each. */
final class PlanRunner {

	/** What the SDK has no API for; such actions fail without sending anything. */
	private static final String UNSUPPORTED = "unsupported by this SDK: ";

	private final Plan plan;

	private final Outcomes out;

	private final ClientFactory factory;

	/** Daemon threads: a call that overruns its bound must not keep the program alive. */
	private final ExecutorService calls = Executors.newCachedThreadPool(task -> {
		Thread thread = new Thread(task, "mcp-conform-call");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Future<Object>> background = new LinkedHashMap<>();

	private final List<Future<?>> backgroundLines = new ArrayList<>();

	private McpSyncClient client;

	PlanRunner(Plan plan, Outcomes out) {
		this.plan = plan;
		this.out = out;
		this.factory = new ClientFactory(plan, out);
	}

	void run() {
		for (int index = 0; index < this.plan.actions().size(); index++) {
			Plan.Action action = this.plan.actions().get(index);
			if (action.kind().equals("callTool") && action.flag("background")) {
				startBackground(action, index);
				continue;
			}
			long started = System.nanoTime();
			Future<Object> call = this.calls.submit(() -> perform(action));
			record(action, index, started, () -> call.get(bound(action), TimeUnit.MILLISECONDS));
		}
		// Each background call writes its own outcome line: wait for those lines before the plan ends.
		for (Future<?> line : this.backgroundLines) {
			try {
				line.get();
			}
			catch (InterruptedException | ExecutionException e) {
				System.err.println("client: a background outcome was lost: " + e.getMessage());
			}
		}
	}

	void shutdown() {
		if (this.client == null) {
			return;
		}
		Future<?> closing = this.calls.submit(() -> this.client.closeGracefully());
		try {
			closing.get(this.plan.timeoutMs(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException e) {
			this.client.close();
		}
	}

	/** A connect with its own timeout is bounded above it, so that the SDK's timeout is what fires. */
	private long bound(Plan.Action action) {
		Object own = action.kind().equals("connect") ? action.args().get("timeoutMs") : null;
		return own instanceof Integer ms ? Math.max(this.plan.timeoutMs(), ms + 1_000L) : this.plan.timeoutMs();
	}

	private Object perform(Plan.Action action) throws Exception {
		return switch (action.kind()) {
			case "connect" -> connect(action);
			case "ping" -> client().ping();
			case "listTools" -> action.args().get("all") == Boolean.FALSE ? client().listTools(McpSchema.FIRST_PAGE)
					: client().listTools();
			case "listResources" -> action.args().get("all") == Boolean.FALSE
					? client().listResources(McpSchema.FIRST_PAGE) : client().listResources();
			case "listResourceTemplates" -> action.args().get("all") == Boolean.FALSE
					? client().listResourceTemplates(McpSchema.FIRST_PAGE) : client().listResourceTemplates();
			case "listPrompts" -> action.args().get("all") == Boolean.FALSE
					? client().listPrompts(McpSchema.FIRST_PAGE) : client().listPrompts();
			case "callTool" -> callTool(action);
			case "readResource" -> client().readResource(new ReadResourceRequest(action.string("uri")));
			case "getPrompt" -> client().getPrompt(new GetPromptRequest(action.string("name"), action.object("arguments")));
			case "complete" -> client().completeCompletion(Json.convert(action.args(), CompleteRequest.class));
			case "setLoggingLevel" -> {
				client().setLoggingLevel(Json.convert(action.string("level"), LoggingLevel.class));
				yield null;
			}
			case "subscribe" -> {
				client().subscribeResource(new SubscribeRequest(action.string("uri")));
				yield null;
			}
			case "unsubscribe" -> {
				client().unsubscribeResource(new UnsubscribeRequest(action.string("uri")));
				yield null;
			}
			case "cancel" -> throw new UnsupportedOperationException(UNSUPPORTED
					+ "cancelling a request (the client has no API that sends notifications/cancelled)");
			case "wait" -> await(this.background.get(action.string("label")));
			case "sleep" -> {
				Thread.sleep(((Integer) action.args().get("ms")).longValue());
				yield null;
			}
			case "rootsChanged" -> {
				client().rootsListChangedNotification();
				yield null;
			}
			case "close" -> {
				client().closeGracefully();
				yield null;
			}
			default -> throw new IllegalStateException("unknown action " + action.kind());
		};
	}

	/** Builds the client on first use: connect normally, or the first action of a plan without one. */
	private McpSyncClient client() {
		if (this.client == null) {
			this.client = this.factory.build(Duration.ofMillis(this.plan.timeoutMs()));
		}
		return this.client;
	}

	private Object connect(Plan.Action action) {
		Object own = action.args().get("timeoutMs");
		this.client = this.factory.build(Duration.ofMillis(own instanceof Integer ms ? ms : this.plan.timeoutMs()));
		McpSchema.InitializeResult result = this.client.initialize();
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("protocolVersion", result.protocolVersion());
		outcome.put("serverInfo", result.serverInfo());
		outcome.put("capabilities", result.capabilities());
		if (result.instructions() != null) {
			outcome.put("instructions", result.instructions());
		}
		return outcome;
	}

	private Object callTool(Plan.Action action) {
		if (action.object("task") != null) {
			throw new UnsupportedOperationException(UNSUPPORTED + "task-augmented tools/call");
		}
		CallToolRequest.Builder request = CallToolRequest.builder()
			.name(action.string("name"))
			.arguments(action.object("arguments") == null ? Map.of() : action.object("arguments"));
		if (action.flag("progress")) {
			// The SDK hands every notifications/progress to the progress consumer; the token only has to be unique.
			request.progressToken(UUID.randomUUID().toString());
		}
		return client().callTool(request.build());
	}

	private void startBackground(Plan.Action action, int index) {
		long started = System.nanoTime();
		Future<Object> call = this.calls.submit(() -> callTool(action));
		this.background.put(action.label(), call);
		this.backgroundLines.add(this.calls
			.submit(() -> record(action, index, started, () -> call.get(this.plan.timeoutMs(), TimeUnit.MILLISECONDS))));
	}

	/** Waits for a background call; its own outcome line is written when it ends. */
	private Object await(Future<Object> call) throws Exception {
		try {
			return call.get(this.plan.timeoutMs(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException e) {
			throw (e.getCause() instanceof Exception cause) ? cause : e;
		}
	}

	private void record(Plan.Action action, int index, long started, Callable<Object> outcome) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("action", action.kind());
		line.put("index", index);
		if (action.label() != null) {
			line.put("label", action.label());
		}
		try {
			Object result = outcome.call();
			line.put("ok", true);
			if (result != null) {
				line.put("result", result);
			}
		}
		catch (Exception e) {
			line.put("ok", false);
			line.put("error", errorOf(e));
		}
		line.put("ms", Math.round((System.nanoTime() - started) / 100_000.0) / 10.0);
		this.out.write(line);
	}

	private Map<String, Object> errorOf(Throwable e) {
		Throwable cause = e;
		while ((cause instanceof ExecutionException || cause.getCause() instanceof McpError) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		Map<String, Object> error = new LinkedHashMap<>();
		if (cause instanceof TimeoutException) {
			error.put("message", "timed out after " + this.plan.timeoutMs() + " ms");
			return error;
		}
		if (cause instanceof McpError mcp && mcp.getJsonRpcError() != null) {
			error.put("code", mcp.getJsonRpcError().code());
		}
		error.put("message", cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
		return error;
	}

}
