// Entry point of the mcp-conform adapter for the Kotlin MCP SDK; one jar holds both programs.
//   java -jar target/mcp-conform-kotlin.jar server stdio
//   java -jar target/mcp-conform-kotlin.jar server http <port> [path]
//   java -jar target/mcp-conform-kotlin.jar server sse <port> [path]   (legacy HTTP+SSE of 2024-11-05)
//   java -jar target/mcp-conform-kotlin.jar client --plan <plan.json> --outcomes <outcomes.jsonl>
// On stdio, stdout is the MCP wire: the program itself only ever writes to stderr.
package dev.mcpconform.kotlin

import dev.mcpconform.kotlin.client.runClient
import dev.mcpconform.kotlin.server.runServer
import kotlin.system.exitProcess

private const val USAGE = "usage: server stdio | server http <port> [path] | server sse <port> [path] | " +
    "client --plan <plan.json> --outcomes <outcomes.jsonl>"

fun main(args: Array<String>) {
    // kotlin-logging (the SDK's logging facade) prints "kotlin-logging: initializing..." to stdout on first use,
    // which would corrupt the stdio wire. Must be set before any SDK class creates a logger.
    System.setProperty("kotlin-logging.logStartupMessage", "false")
    val status = try {
        when (args.firstOrNull()) {
            "server" -> runServer(args.drop(1))
            "client" -> runClient(args.drop(1))
            else -> usage()
        }
    } catch (e: UsageException) {
        System.err.println("[mcp-conform kotlin] ${e.message}")
        usage()
    } catch (e: Throwable) {
        System.err.println("[mcp-conform kotlin] fatal: ${e.stackTraceToString()}")
        1
    }
    // Non-daemon threads (Ktor, coroutine pools) must not keep a finished program alive.
    exitProcess(status)
}

/** A bad command line or plan: exit status 2. */
class UsageException(message: String) : Exception(message)

private fun usage(): Int {
    System.err.println(USAGE)
    return 2
}

/** Writes a diagnostic line to stderr, never stdout. */
fun log(message: String) = System.err.println("[mcp-conform kotlin] $message")
