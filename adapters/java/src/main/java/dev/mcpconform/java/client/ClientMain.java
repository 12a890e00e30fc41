package dev.mcpconform.java.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The client program: {@code client --plan <plan.json> --outcomes <outcomes.jsonl>}. Exit status 0 when the
 * plan ran to its end (failed actions are outcomes), 2 for a bad plan or bad arguments.
 */
public final class ClientMain {

	private ClientMain() {
	}

	public static int run(String[] args) throws IOException {
		Plan plan;
		Path outcomesFile;
		try {
			Map<String, String> files = parseArgs(args);
			plan = Plan.read(Path.of(files.get("--plan")));
			outcomesFile = Path.of(files.get("--outcomes"));
		}
		catch (PlanException e) {
			System.err.println("client: " + e.getMessage());
			System.err.println("usage: java -jar mcp-conform-java.jar client --plan <plan.json> --outcomes <outcomes.jsonl>");
			return 2;
		}
		try (Outcomes out = new Outcomes(outcomesFile)) {
			PlanRunner runner = new PlanRunner(plan, out);
			try {
				runner.run();
			}
			finally {
				runner.shutdown();
			}
			out.write(Map.of("event", "done"));
		}
		return 0;
	}

	private static Map<String, String> parseArgs(String[] args) throws PlanException {
		if (args.length != 4) {
			throw new PlanException("both --plan and --outcomes are required");
		}
		Map<String, String> files = new java.util.HashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			if (!args[i].equals("--plan") && !args[i].equals("--outcomes")) {
				throw new PlanException("unexpected argument " + args[i]);
			}
			files.put(args[i], args[i + 1]);
		}
		if (files.size() != 2) {
			throw new PlanException("both --plan and --outcomes are required");
		}
		return files;
	}

}
