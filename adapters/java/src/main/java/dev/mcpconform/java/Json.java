package dev.mcpconform.java;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;

/** The SDK's own JSON mapper (Jackson 3 through mcp-json-jackson3), without checked exceptions. */
public final class Json {

	public static final McpJsonMapper MAPPER = McpJsonDefaults.getMapper();

	private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {
	};

	private Json() {
	}

	public static String write(Object value) {
		try {
			return MAPPER.writeValueAsString(value);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static Map<String, Object> readObject(String text) throws IOException {
		return MAPPER.readValue(text, OBJECT);
	}

	/** A record of the SDK's schema as a JSON object (or a JSON object as such a record). */
	public static Map<String, Object> toObject(Object value) {
		return MAPPER.convertValue(value, OBJECT);
	}

	public static <T> T convert(Object value, Class<T> type) {
		return MAPPER.convertValue(value, type);
	}

}
