// The server program: the fixture surface over stdio, Streamable HTTP, or the legacy HTTP+SSE transport.
package dev.mcpconform.kotlin.server

import dev.mcpconform.kotlin.UsageException
import dev.mcpconform.kotlin.log
import io.ktor.server.application.install
import io.ktor.server.cio.CIO
import io.ktor.server.engine.embeddedServer
import io.ktor.server.routing.routing
import io.ktor.server.sse.SSE
import io.modelcontextprotocol.kotlin.sdk.server.StdioServerTransport
import io.modelcontextprotocol.kotlin.sdk.server.mcp
import io.modelcontextprotocol.kotlin.sdk.server.mcpStreamableHttp
import io.modelcontextprotocol.kotlin.sdk.shared.Transport
import io.modelcontextprotocol.kotlin.sdk.types.JSONRPCMessage
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.runBlocking
import kotlinx.io.asSink
import kotlinx.io.asSource
import kotlinx.io.buffered
import java.util.concurrent.CountDownLatch

private const val HOST = "127.0.0.1"
private const val READY = "mcp-conform adapter ready on"

fun runServer(args: List<String>): Int = when (args.firstOrNull()) {
    "stdio" -> if (args.size == 1) runStdio() else throw UsageException("server stdio takes no arguments")
    "http" -> runHttp(port(args), args.getOrElse(2) { "/mcp" }, legacySse = false)
    "sse" -> runHttp(port(args), args.getOrElse(2) { "/sse" }, legacySse = true)
    else -> throw UsageException("unknown server mode ${args.firstOrNull()}")
}

private fun port(args: List<String>): Int {
    if (args.size !in 2..3) throw UsageException("server ${args[0]} <port> [path]")
    val port = args[1].toIntOrNull()?.takeIf { it in 0..65535 } ?: throw UsageException("invalid port ${args[1]}")
    if (args.size == 3 && !args[2].startsWith("/")) throw UsageException("path must start with /: ${args[2]}")
    return port
}

/** One server and one session for the life of the process; it ends when the client closes our stdin. */
private fun runStdio(): Int = runBlocking {
    val closed = CompletableDeferred<Unit>()
    val ready = CompletableDeferred<Unit>()
    val stdio = StdioServerTransport(System.`in`.asSource().buffered(), System.out.asSink().buffered())
    stdio.onClose { closed.complete(Unit) }
    stdio.onError { log("stdio transport: ${it.message}") }
    // Input already waiting on stdin is handled inside createSession, before Server.onConnect has installed
    // the completion handler; messages wait until the session is complete.
    createFixtureServer().createSession(GatedTransport(stdio, ready))
    ready.complete(Unit)
    closed.await()
    0
}

/** Delivers no message before [gate] completes; everything else is the wrapped transport's. */
private class GatedTransport(private val inner: Transport, private val gate: Deferred<Unit>) : Transport by inner {
    override fun onMessage(block: suspend (JSONRPCMessage) -> Unit) = inner.onMessage { message ->
        gate.await()
        block(message)
    }
}

/**
 * Streamable HTTP through the SDK's Ktor DSL, a fresh fixture server per session. mcpStreamableHttp always
 * answers POSTs with JSON (enableJsonResponse = true), so messages tied to a request (progress, logging,
 * requests to the client) travel on the session's GET stream; the DSL offers no SSE-response mode.
 */
private fun runHttp(port: Int, path: String, legacySse: Boolean): Int {
    val engine = embeddedServer(CIO, host = HOST, port = port) {
        if (legacySse) {
            install(SSE)
            // The SDK's deprecated HTTP+SSE transport: GET <path> opens the stream, its endpoint event names the POST URL.
            @Suppress("DEPRECATION")
            routing { mcp(path) { createFixtureServer() } }
        } else {
            mcpStreamableHttp(path = path) { createFixtureServer() }
        }
    }
    engine.start(wait = false)
    val bound = runBlocking { engine.engine.resolvedConnectors().first().port }
    log("$READY http://$HOST:$bound$path")
    val stopped = CountDownLatch(1)
    Runtime.getRuntime().addShutdownHook(
        Thread {
            engine.stop(gracePeriodMillis = 100, timeoutMillis = 1000)
            stopped.countDown()
        },
    )
    stopped.await()
    return 0
}
