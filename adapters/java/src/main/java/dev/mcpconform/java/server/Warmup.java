package dev.mcpconform.java.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A training run for the JVM's class-data sharing archive (the build step runs it with
 * -XX:ArchiveClassesAtExit): a stdio server answers a short session fed from memory, then exits. A JVM started
 * from that archive answers its first initialize in about half the time, which matters because the harness
 * starts a process per stdio case.
 */
public final class Warmup {

	private static final List<String> SESSION = List.of(
			"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"warmup\",\"version\":\"0\"}}}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
			"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
			"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"test_simple_text\"}}",
			"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://static-text\"}}",
			"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/get\",\"params\":{\"name\":\"test_simple_prompt\"}}");

	/** The id of the last request: its response ends the session. */
	private static final String LAST_RESPONSE = "\"id\":5,";

	private static final long GIVE_UP_MS = 60_000;

	private Warmup() {
	}

	public static void run() throws IOException, InterruptedException {
		PipedOutputStream toServer = new PipedOutputStream();
		PipedInputStream in = new PipedInputStream(toServer, 1 << 16);
		for (String line : SESSION) {
			toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		}
		toServer.flush();
		Thread guard = new Thread(() -> {
			Content.sleep(GIVE_UP_MS);
			System.err.println("warmup: no answer to the last request; ending anyway");
			System.exit(0);
		}, "warmup-guard");
		guard.setDaemon(true);
		guard.start();
		StdioServer.run(in, new LastResponseWatcher(toServer));
	}

	/** Closes the server's input once the last response has been written, which ends the stdio server. */
	private static final class LastResponseWatcher extends OutputStream {

		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		private final OutputStream input;

		LastResponseWatcher(OutputStream input) {
			this.input = input;
		}

		@Override
		public void write(int b) throws IOException {
			if (b != '\n') {
				this.line.write(b);
				return;
			}
			if (this.line.toString(StandardCharsets.UTF_8).contains(LAST_RESPONSE)) {
				this.input.close();
			}
			this.line.reset();
		}

	}

}
