// The fixture surface of adapters/FIXTURE.md on the SDK's Server. Names and texts are a contract that
// scenarios compare byte for byte: change them only together with FIXTURE.md.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.server.Server
import io.modelcontextprotocol.kotlin.sdk.server.ServerOptions
import io.modelcontextprotocol.kotlin.sdk.types.Implementation
import io.modelcontextprotocol.kotlin.sdk.types.ServerCapabilities

const val SERVER_NAME = "mcp-conform-kotlin"
const val SERVER_VERSION = "0.1.0"

const val PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
const val WAV_BASE64 = "UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA="

/**
 * A fresh server per stdio process or HTTP session, so no state (log level, subscriptions) leaks between
 * clients. No `tasks` capability: the SDK has task types but no task store and no handlers for the tasks methods.
 */
fun createFixtureServer(): Server {
    val server = Server(
        Implementation(SERVER_NAME, SERVER_VERSION),
        // enforceStrictCapabilities (the SDK default) makes the SDK refuse to send sampling, elicitation or
        // roots requests to a client that did not declare them.
        ServerOptions(
            capabilities = ServerCapabilities(
                tools = ServerCapabilities.Tools(listChanged = true),
                resources = ServerCapabilities.Resources(subscribe = true, listChanged = true),
                prompts = ServerCapabilities.Prompts(listChanged = true),
                logging = ServerCapabilities.Logging,
                completions = ServerCapabilities.Completions,
            ),
        ),
    )
    server.registerBasicTools()
    server.registerClientFlowTools()
    server.registerElicitationFormTools()
    server.registerResources()
    server.registerPrompts()
    // The SDK declares `completions` but has no Server-level completion API: the handler goes on each session.
    server.onConnect { server.sessions.values.forEach { it.installCompletion() } }
    return server
}
