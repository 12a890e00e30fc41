package dev.mcpconform.java.client;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mcpconform.java.Json;

/**
 * The outcomes file (schema/client-outcome.schema.json): one JSON line each, flushed at once so that a crash
 * leaves what happened so far. Written from the plan thread and from the SDK's handler threads alike.
 */
final class Outcomes implements AutoCloseable {

	private final BufferedWriter writer;

	Outcomes(Path file) throws IOException {
		this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
	}

	synchronized void write(Map<String, Object> line) {
		try {
			this.writer.write(Json.write(line));
			this.writer.write('\n');
			this.writer.flush();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Something the SDK handed to the program: a notification or a server request. */
	void event(String kind, String method, Object params) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("event", kind);
		line.put("method", method);
		if (params != null) {
			line.put("params", params);
		}
		write(line);
	}

	@Override
	public synchronized void close() throws IOException {
		this.writer.close();
	}

}
