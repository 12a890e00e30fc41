package dev.mcpconform.java.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;

/**
 * The fixture over Streamable HTTP: the SDK's stateful servlet transport (one server, a session per
 * initialize) in an embedded Tomcat bound to 127.0.0.1.
 */
public final class HttpServer {

	private static final String HOST = "127.0.0.1";

	private HttpServer() {
	}

	public static void run(int port, String path) throws Exception {
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("path must start with \"/\": " + path);
		}
		HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
			.jsonMapper(McpJsonDefaults.getMapper())
			.mcpEndpoint(path)
			// The SDK's DNS-rebinding protection, as its documentation recommends for a local server.
			.securityValidator(DefaultServerTransportSecurityValidator.builder()
				.allowedOrigin("http://127.0.0.1:*")
				.allowedOrigin("http://localhost:*")
				.allowedHost("127.0.0.1:*")
				.allowedHost("localhost:*")
				.build())
			.build();
		McpSyncServer server = Fixture.build(McpServer.sync(transport));

		Tomcat tomcat = new Tomcat();
		Path baseDir = Files.createTempDirectory("mcp-conform-java-tomcat");
		tomcat.setBaseDir(baseDir.toString());
		Connector connector = new Connector();
		connector.setPort(port);
		connector.setProperty("address", HOST);
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", baseDir.toString());
		Wrapper wrapper = Tomcat.addServlet(context, "mcp", transport);
		wrapper.setAsyncSupported(true);
		context.addServletMappingDecoded(path, "mcp");
		tomcat.start();

		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat, server), "mcp-conform-shutdown"));
		System.err.println("mcp-conform adapter ready on http://" + HOST + ":" + connector.getLocalPort() + path);
		new CountDownLatch(1).await();
	}

	private static void stop(Tomcat tomcat, McpSyncServer server) {
		server.close();
		try {
			tomcat.stop();
			tomcat.destroy();
		}
		catch (LifecycleException e) {
			System.err.println("[mcp-conform adapter] error while stopping Tomcat: " + e.getMessage());
		}
	}

}
