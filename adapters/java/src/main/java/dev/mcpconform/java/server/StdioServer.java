package dev.mcpconform.java.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

/** The fixture over stdio: one process, one session. Exits when the client closes stdin. */
public final class StdioServer {

	private StdioServer() {
	}

	public static void run(InputStream in, OutputStream wire) throws InterruptedException {
		// The SDK's stdio transport ends its session at end of input but leaves the JVM running: watch for it.
		CountDownLatch endOfInput = new CountDownLatch(1);
		StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
				new EndOfInputWatcher(in, endOfInput), wire);
		McpSyncServer server = Fixture.build(McpServer.sync(transport));
		endOfInput.await();
		server.close();
		System.exit(0);
	}

	/** Counts the latch down once the wrapped stream reports end of input (or fails). */
	private static final class EndOfInputWatcher extends FilterInputStream {

		private final CountDownLatch ended;

		EndOfInputWatcher(InputStream in, CountDownLatch ended) {
			super(in);
			this.ended = ended;
		}

		@Override
		public int read() throws IOException {
			return observe(() -> super.read());
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			return observe(() -> super.read(b, off, len));
		}

		private int observe(IoRead read) throws IOException {
			try {
				int n = read.get();
				if (n == -1) {
					this.ended.countDown();
				}
				return n;
			}
			catch (IOException e) {
				this.ended.countDown();
				throw e;
			}
		}

		private interface IoRead {

			int get() throws IOException;

		}

	}

}
