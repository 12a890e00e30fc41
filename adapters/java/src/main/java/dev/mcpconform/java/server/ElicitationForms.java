package dev.mcpconform.java.server;

import static dev.mcpconform.java.server.ClientRequestTools.action;
import static dev.mcpconform.java.server.ClientRequestTools.json;
import static dev.mcpconform.java.server.ClientRequestTools.refusalAsToolError;
import static dev.mcpconform.java.server.Content.textResult;
import static dev.mcpconform.java.server.Content.toolError;
import static dev.mcpconform.java.server.Schemas.noArguments;
import static dev.mcpconform.java.server.Schemas.obj;
import static dev.mcpconform.java.server.Tools.tool;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;

/**
 * test_elicitation_sep1034_defaults (a default on every primitive field type) and test_elicitation_sep1330_enums
 * (each enum form of 2025-11-25), sent as form elicitations through the exchange.
 */
final class ElicitationForms {

	private static final Map<String, Object> DEFAULTS_SCHEMA = obj("type", "object", "properties",
			obj("name", obj("type", "string", "title", "Name", "default", "John Doe"), //
					"age", obj("type", "integer", "title", "Age", "default", 30), //
					"score", obj("type", "number", "title", "Score", "default", 95.5), //
					"status", obj("type", "string", "title", "Status", "enum", List.of("active", "inactive", "pending"),
							"default", "active"), //
					"verified", obj("type", "boolean", "title", "Verified", "default", true)));

	private static final Map<String, Object> ENUMS_SCHEMA = obj("type", "object", "properties",
			obj("untitledSingle", obj("type", "string", "enum", List.of("option1", "option2", "option3")), //
					"titledSingle", obj("type", "string", "oneOf", choices("Option")), //
					"legacyEnum", obj("type", "string", "enum", List.of("opt1", "opt2", "opt3"), "enumNames",
							List.of("Option One", "Option Two", "Option Three")), //
					"untitledMulti", obj("type", "array", "items",
							obj("type", "string", "enum", List.of("option1", "option2", "option3"))), //
					"titledMulti", obj("type", "array", "items", obj("anyOf", choices("Choice")))));

	private ElicitationForms() {
	}

	static List<SyncToolSpecification> all() {
		return List.of(
				tool("test_elicitation_sep1034_defaults", "Asks for a form whose fields all carry default values",
						noArguments(), (exchange, request) -> ask(exchange,
								"Please confirm or change the default values.", DEFAULTS_SCHEMA)),
				tool("test_elicitation_sep1330_enums", "Asks for a form with every kind of enum field", noArguments(),
						(exchange, request) -> ask(exchange, "Please choose from the options.", ENUMS_SCHEMA)));
	}

	private static CallToolResult ask(McpSyncServerExchange exchange, String message, Map<String, Object> schema) {
		if (exchange.getClientCapabilities() == null || exchange.getClientCapabilities().elicitation() == null) {
			return toolError("The client did not declare the elicitation capability");
		}
		return refusalAsToolError(() -> {
			ElicitResult result = exchange.createElicitation(ElicitFormRequest.builder(message, schema).build());
			return textResult("Elicitation completed: action=" + action(result) + ", content=" + json(result.content()));
		});
	}

	private static List<Map<String, Object>> choices(String noun) {
		return List.of(obj("const", "value1", "title", "First " + noun),
				obj("const", "value2", "title", "Second " + noun), obj("const", "value3", "title", "Third " + noun));
	}

}
