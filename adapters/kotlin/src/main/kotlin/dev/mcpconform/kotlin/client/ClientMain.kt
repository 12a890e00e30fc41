// The client program: --plan <plan.json> --outcomes <outcomes.jsonl>. Exit status 0 when the plan ran to its
// end (failed actions are outcomes), 2 for a bad plan or bad usage, 1 for anything else.
package dev.mcpconform.kotlin.client

import dev.mcpconform.kotlin.UsageException
import kotlinx.coroutines.runBlocking

fun runClient(args: List<String>): Int {
    val files = args.chunked(2).associate { pair ->
        val (flag, value) = pair.takeIf { it.size == 2 && it[0] in setOf("--plan", "--outcomes") }
            ?: throw UsageException("unexpected argument ${pair.first()}")
        flag to value
    }
    val planFile = files["--plan"] ?: throw UsageException("--plan is required")
    val outcomesFile = files["--outcomes"] ?: throw UsageException("--outcomes is required")
    val plan = readPlan(planFile)
    Outcomes(outcomesFile).use { out ->
        val runner = Runner(plan, out)
        runBlocking {
            try {
                runner.run()
            } finally {
                runner.shutdown()
            }
        }
        out.event("done")
    }
    return 0
}
