package dev.mcpconform.java.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mcpconform.java.Json;

/** A client plan (schema/client-plan.schema.json), checked as far as this program relies on it. */
record Plan(Target target, String protocolVersion, String clientName, String clientVersion,
		Map<String, Object> capabilities, Map<String, Answer> answers, int timeoutMs, List<Action> actions) {

	/** Where the server is: a URL (http, sse) or a command to start (stdio). */
	record Target(String transport, String url, List<String> command, Map<String, String> env) {
	}

	/** A canned answer to a server request: a result object, or an error. */
	record Answer(Map<String, Object> result, Integer code, String message) {

		boolean isError() {
			return this.result == null;
		}

	}

	/** One plan action: its key, its arguments, and its optional label. */
	record Action(String kind, Map<String, Object> args, String label) {

		boolean flag(String name) {
			return Boolean.TRUE.equals(this.args.get(name));
		}

		String string(String name) {
			Object value = this.args.get(name);
			return value instanceof String s ? s : null;
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> object(String name) {
			Object value = this.args.get(name);
			return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
		}

	}

	private static final Set<String> ACTIONS = Set.of("connect", "ping", "listTools", "listResources",
			"listResourceTemplates", "listPrompts", "callTool", "readResource", "getPrompt", "complete",
			"setLoggingLevel", "subscribe", "unsubscribe", "cancel", "wait", "sleep", "rootsChanged", "close");

	private static final Map<String, List<String>> REQUIRED = Map.of("callTool", List.of("name"), "readResource",
			List.of("uri"), "getPrompt", List.of("name"), "complete", List.of("ref", "argument"), "setLoggingLevel",
			List.of("level"), "subscribe", List.of("uri"), "unsubscribe", List.of("uri"), "cancel", List.of("label"),
			"wait", List.of("label"), "sleep", List.of("ms"));

	static Plan read(Path file) throws PlanException {
		Map<String, Object> raw;
		try {
			raw = Json.readObject(Files.readString(file));
		}
		catch (IOException | RuntimeException e) {
			throw new PlanException("cannot read the plan " + file + ": " + e.getMessage());
		}
		if (!(raw.get("actions") instanceof List<?> actionList)) {
			throw new PlanException("actions must be an array");
		}
		int timeoutMs = positiveInt(raw.getOrDefault("timeoutMs", 10_000), "timeoutMs");
		Map<String, Object> clientInfo = objectOrEmpty(raw.get("clientInfo"), "clientInfo");
		Map<String, Answer> answers = new LinkedHashMap<>();
		for (Map.Entry<String, Object> e : objectOrEmpty(raw.get("answers"), "answers").entrySet()) {
			answers.put(e.getKey(), answer(e.getKey(), e.getValue()));
		}
		Map<String, Object> capabilities = raw.containsKey("capabilities")
				? objectOrEmpty(raw.get("capabilities"), "capabilities") : impliedCapabilities(answers);
		Object version = raw.get("protocolVersion");
		if (version != null && !(version instanceof String)) {
			throw new PlanException("protocolVersion must be a string");
		}
		List<Action> actions = new ArrayList<>();
		Set<String> backgroundLabels = new HashSet<>();
		for (int i = 0; i < actionList.size(); i++) {
			actions.add(action(actionList.get(i), i, backgroundLabels));
		}
		return new Plan(target(raw.get("target")), (String) version,
				String.valueOf(clientInfo.getOrDefault("name", "mcp-conform-java")),
				String.valueOf(clientInfo.getOrDefault("version", "0.1.0")), capabilities, answers, timeoutMs,
				actions);
	}

	/** Without declared capabilities, declare those the answers imply. */
	private static Map<String, Object> impliedCapabilities(Map<String, Answer> answers) {
		Map<String, Object> capabilities = new LinkedHashMap<>();
		if (answers.containsKey("sampling")) {
			capabilities.put("sampling", Map.of());
		}
		if (answers.containsKey("elicitation")) {
			capabilities.put("elicitation", Map.of("form", Map.of()));
		}
		if (answers.containsKey("roots")) {
			capabilities.put("roots", Map.of("listChanged", true));
		}
		return capabilities;
	}

	@SuppressWarnings("unchecked")
	private static Target target(Object value) throws PlanException {
		Map<String, Object> t = objectOrEmpty(value, "target");
		Object transport = t.get("transport");
		if ("http".equals(transport) || "sse".equals(transport)) {
			if (!(t.get("url") instanceof String url)) {
				throw new PlanException("target.url must be a URL");
			}
			return new Target((String) transport, url, List.of(), Map.of());
		}
		if ("stdio".equals(transport)) {
			if (!(t.get("command") instanceof List<?> command) || command.isEmpty()
					|| !command.stream().allMatch(String.class::isInstance)) {
				throw new PlanException("target.command must be a non-empty array of strings");
			}
			Map<String, Object> env = objectOrEmpty(t.get("env"), "target.env");
			if (!env.values().stream().allMatch(String.class::isInstance)) {
				throw new PlanException("target.env must map names to strings");
			}
			return new Target("stdio", null, (List<String>) command, (Map<String, String>) (Map<?, ?>) env);
		}
		throw new PlanException("target.transport must be http, sse or stdio, not " + transport);
	}

	private static Answer answer(String name, Object value) throws PlanException {
		Map<String, Object> a = objectOrEmpty(value, "answers." + name);
		if (a.get("result") instanceof Map<?, ?> && !a.containsKey("error")) {
			return new Answer(objectOrEmpty(a.get("result"), "result"), null, null);
		}
		if (a.get("error") instanceof Map<?, ?> error && !a.containsKey("result")
				&& error.get("code") instanceof Integer code && error.get("message") instanceof String message) {
			return new Answer(null, code, message);
		}
		throw new PlanException("answers." + name + " must be {result: {...}} or {error: {code, message}}");
	}

	private static Action action(Object value, int index, Set<String> backgroundLabels) throws PlanException {
		String where = "actions[" + index + "]";
		Map<String, Object> a = objectOrEmpty(value, where);
		Object label = a.get("label");
		if (label != null && !(label instanceof String)) {
			throw new PlanException(where + ".label must be a string");
		}
		List<String> keys = a.keySet().stream().filter(k -> !k.equals("label")).toList();
		if (keys.size() != 1) {
			throw new PlanException(where + " must have exactly one action key, has " + keys.size());
		}
		String kind = keys.get(0);
		if (!ACTIONS.contains(kind)) {
			throw new PlanException(where + ": unknown action " + kind);
		}
		Map<String, Object> args = objectOrEmpty(a.get(kind), where + "." + kind);
		for (String field : REQUIRED.getOrDefault(kind, List.of())) {
			if (args.get(field) == null) {
				throw new PlanException(where + "." + kind + "." + field + " is required");
			}
		}
		Action action = new Action(kind, args, (String) label);
		if (kind.equals("callTool") && action.flag("background")) {
			if (label == null) {
				throw new PlanException(where + ": a background callTool needs a label");
			}
			backgroundLabels.add((String) label);
		}
		if ((kind.equals("cancel") || kind.equals("wait")) && !backgroundLabels.contains(action.string("label"))) {
			throw new PlanException(where + "." + kind + ".label names no earlier background callTool: "
					+ args.get("label"));
		}
		if (kind.equals("sleep") && !(args.get("ms") instanceof Integer ms && ms >= 0)) {
			throw new PlanException(where + ".sleep.ms must be a non-negative integer");
		}
		if (kind.equals("connect") && args.containsKey("timeoutMs")) {
			positiveInt(args.get("timeoutMs"), where + ".connect.timeoutMs");
		}
		return action;
	}

	private static int positiveInt(Object value, String what) throws PlanException {
		if (value instanceof Integer i && i >= 1) {
			return i;
		}
		throw new PlanException(what + " must be a positive integer");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> objectOrEmpty(Object value, String what) throws PlanException {
		if (value == null) {
			return Map.of();
		}
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new PlanException(what + " must be an object");
	}

}
