// The outcomes file (schema/client-outcome.schema.json): one JSON line each, flushed at once so that a
// crash leaves what happened so far.
package dev.mcpconform.kotlin.client

import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.io.Closeable
import java.io.File
import java.io.PrintWriter

class Outcomes(file: String) : Closeable {
    private val out = PrintWriter(File(file).bufferedWriter())

    @Synchronized
    fun write(line: JsonObject) {
        out.println(line.toString())
        out.flush()
    }

    fun event(event: String, method: String? = null, params: JsonElement? = null) = write(
        buildJsonObject {
            put("event", event)
            method?.let { put("method", it) }
            params?.let { put("params", it) }
        },
    )

    override fun close() = out.close()
}

/** What an action came to: its result, or an error with the JSON-RPC code when the SDK exposes one. */
sealed interface Outcome {
    data class Ok(val result: JsonElement?) : Outcome
    data class Failed(val message: String, val code: Int? = null) : Outcome
}

fun actionLine(kind: String, index: Int, label: String?, outcome: Outcome, ms: Double) = buildJsonObject {
    put("action", kind)
    put("index", index)
    label?.let { put("label", it) }
    when (outcome) {
        is Outcome.Ok -> {
            put("ok", true)
            outcome.result?.let { put("result", it) }
        }
        is Outcome.Failed -> {
            put("ok", false)
            put(
                "error",
                buildJsonObject {
                    outcome.code?.let { put("code", it) }
                    put("message", JsonPrimitive(outcome.message))
                },
            )
        }
    }
    put("ms", Math.round(ms * 10) / 10.0)
}
