package dev.mcpconform.java;

import java.io.PrintStream;
import java.util.Arrays;

import dev.mcpconform.java.client.ClientMain;
import dev.mcpconform.java.server.HttpServer;
import dev.mcpconform.java.server.StdioServer;
import dev.mcpconform.java.server.Warmup;

/**
 * Entry point of the mcp-conform adapter for the MCP Java SDK.
 *
 * <pre>
 *   java -jar target/mcp-conform-java.jar server stdio
 *   java -jar target/mcp-conform-java.jar server http PORT [PATH]
 *   java -jar target/mcp-conform-java.jar server warmup     (training run for the class-data sharing archive)
 *   java -jar target/mcp-conform-java.jar client --plan PLAN --outcomes OUTCOMES
 * </pre>
 */
public final class Main {

	private static final String USAGE = """
			usage: java -jar mcp-conform-java.jar server stdio
			       java -jar mcp-conform-java.jar server http <port> [path]
			       java -jar mcp-conform-java.jar client --plan <plan.json> --outcomes <outcomes.jsonl>""";

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		// The real stdout is the MCP wire on stdio; anything else printed by accident goes to stderr.
		PrintStream wire = System.out;
		System.setOut(System.err);
		String[] rest = args.length > 1 ? Arrays.copyOfRange(args, 2, args.length) : new String[0];
		String role = args.length > 0 ? args[0] : "";
		String mode = args.length > 1 ? args[1] : "";
		if (role.equals("server") && mode.equals("stdio") && rest.length == 0) {
			StdioServer.run(System.in, wire);
			return;
		}
		if (role.equals("server") && mode.equals("warmup") && rest.length == 0) {
			Warmup.run();
			return;
		}
		if (role.equals("server") && mode.equals("http") && (rest.length == 1 || rest.length == 2)) {
			HttpServer.run(parsePort(rest[0]), rest.length == 2 ? rest[1] : "/mcp");
			return;
		}
		if (role.equals("client")) {
			System.exit(ClientMain.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		System.err.println(USAGE);
		System.exit(2);
	}

	private static int parsePort(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException e) {
			// fall through to the usage error
		}
		System.err.println("invalid port: " + value);
		System.exit(2);
		return -1;
	}

}
