// The SDK's client transports for a plan target. For stdio the SDK takes the streams of a process the
// caller starts; the process is ours to end once the transport is closed.
package dev.mcpconform.kotlin.client

import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.plugins.sse.SSE
import io.modelcontextprotocol.kotlin.sdk.client.SseClientTransport
import io.modelcontextprotocol.kotlin.sdk.client.StdioClientTransport
import io.modelcontextprotocol.kotlin.sdk.client.StreamableHttpClientTransport
import io.modelcontextprotocol.kotlin.sdk.shared.Transport
import kotlinx.io.asSink
import kotlinx.io.asSource
import kotlinx.io.buffered
import java.util.concurrent.TimeUnit

class OpenTransport(val transport: Transport, private val release: () -> Unit) {
    /** Frees what the SDK transport does not own (the HTTP client, the server process). */
    fun release() = release.invoke()
}

fun openTransport(target: Target): OpenTransport = when (target) {
    is Target.Http -> {
        // requestTimeout 0: the SSE streams (GET stream, streamed answers) live as long as the session.
        val http = HttpClient(CIO) {
            engine { requestTimeout = 0 }
            install(SSE)
        }
        val transport = if (target.legacySse) {
            @Suppress("DEPRECATION")
            SseClientTransport(http, target.url)
        } else {
            StreamableHttpClientTransport(http, target.url)
        }
        OpenTransport(transport) { http.close() }
    }
    is Target.Stdio -> {
        val process = ProcessBuilder(target.command)
            .apply { environment().putAll(target.env) }
            // The server's stderr is not the SDK's business here; passing it through keeps its pipe from filling.
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        val transport = StdioClientTransport(
            input = process.inputStream.asSource().buffered(),
            output = process.outputStream.asSink().buffered(),
        )
        OpenTransport(transport) {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy()
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly()
            }
        }
    }
}
