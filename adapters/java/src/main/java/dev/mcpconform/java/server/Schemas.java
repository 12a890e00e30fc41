package dev.mcpconform.java.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schemas of tool inputs and elicitation forms (insertion-ordered maps). */
final class Schemas {

	private Schemas() {
	}

	/** An ordered JSON object from alternating keys and values. */
	static Map<String, Object> obj(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	static Map<String, Object> noArguments() {
		return obj("type", "object", "properties", Map.of());
	}

	static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
		Map<String, Object> schema = obj("type", "object", "properties", properties);
		if (!required.isEmpty()) {
			schema.put("required", required);
		}
		return schema;
	}

	static Map<String, Object> string(String description) {
		return obj("type", "string", "description", description);
	}

}
