// The client plan (schema/client-plan.schema.json), read into typed values; anything malformed is a
// UsageException (exit status 2) before the SDK is touched.
package dev.mcpconform.kotlin.client

import dev.mcpconform.kotlin.UsageException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.longOrNull
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.io.File

sealed interface Target {
    data class Http(val url: String, val legacySse: Boolean) : Target
    data class Stdio(val command: List<String>, val env: Map<String, String>) : Target
}

/** A canned answer to a server request: a result object, or a JSON-RPC error. */
data class Answer(val result: JsonObject?, val errorCode: Int?, val errorMessage: String?)

data class Action(val kind: String, val args: JsonObject, val label: String?)

data class Plan(
    val target: Target,
    val protocolVersion: String?,
    val clientName: String,
    val clientVersion: String,
    val capabilities: JsonObject,
    val sampling: Answer?,
    val elicitation: Answer?,
    val roots: Answer?,
    val timeoutMs: Long,
    val actions: List<Action>,
)

private val ACTIONS = setOf(
    "connect", "ping", "listTools", "listResources", "listResourceTemplates", "listPrompts", "callTool",
    "readResource", "getPrompt", "complete", "setLoggingLevel", "subscribe", "unsubscribe", "cancel", "wait",
    "sleep", "rootsChanged", "close",
)
private val REQUIRED = mapOf(
    "callTool" to listOf("name"), "readResource" to listOf("uri"), "getPrompt" to listOf("name"),
    "complete" to listOf("ref", "argument"), "setLoggingLevel" to listOf("level"), "subscribe" to listOf("uri"),
    "unsubscribe" to listOf("uri"), "cancel" to listOf("label"), "wait" to listOf("label"), "sleep" to listOf("ms"),
)

private fun fail(message: String): Nothing = throw UsageException(message)

private fun JsonElement?.string(): String? = (this as? JsonPrimitive)?.takeIf { it.isString }?.content
private fun JsonElement?.obj(): JsonObject? = this as? JsonObject
private fun JsonElement?.long(): Long? = (this as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull

fun readPlan(file: String): Plan {
    val raw = try {
        Json.parseToJsonElement(File(file).readText())
    } catch (e: Exception) {
        fail("cannot read the plan $file: ${e.message}")
    }
    val plan = raw.obj() ?: fail("the plan must be a JSON object")
    val actions = plan["actions"] as? JsonArray ?: fail("actions must be an array")
    val timeoutMs = plan["timeoutMs"]?.let { it.long()?.takeIf { t -> t >= 1 } ?: fail("timeoutMs must be a positive integer") } ?: 10_000L
    val clientInfo = plan["clientInfo"]?.let { it.obj() ?: fail("clientInfo must be an object") }
    val clientName = clientInfo?.let { it["name"].string() ?: fail("clientInfo.name must be a string") } ?: "mcp-conform-kotlin"
    val clientVersion = clientInfo?.let { it["version"].string() ?: fail("clientInfo.version must be a string") } ?: "0.1.0"
    val answers = plan["answers"]?.let { it.obj() ?: fail("answers must be an object") } ?: JsonObject(emptyMap())
    val sampling = readAnswer("sampling", answers["sampling"])
    val elicitation = readAnswer("elicitation", answers["elicitation"])
    val roots = readAnswer("roots", answers["roots"])
    // Without declared capabilities, declare those the answers imply.
    val capabilities = plan["capabilities"]?.let { it.obj() ?: fail("capabilities must be an object") } ?: buildJsonObject {
        if (sampling != null) putJsonObject("sampling") {}
        if (elicitation != null) putJsonObject("elicitation") { putJsonObject("form") {} }
        if (roots != null) putJsonObject("roots") { put("listChanged", true) }
    }
    val backgroundLabels = mutableSetOf<String>()
    return Plan(
        target = readTarget(plan["target"]),
        protocolVersion = plan["protocolVersion"]?.let { it.string() ?: fail("protocolVersion must be a string") },
        clientName = clientName,
        clientVersion = clientVersion,
        capabilities = capabilities,
        sampling = sampling,
        elicitation = elicitation,
        roots = roots,
        timeoutMs = timeoutMs,
        actions = actions.mapIndexed { index, action -> readAction(action, index, backgroundLabels) },
    )
}

private fun readTarget(element: JsonElement?): Target {
    val target = element.obj() ?: fail("target must be an object")
    return when (val transport = target["transport"].string()) {
        "http", "sse" -> Target.Http(target["url"].string() ?: fail("target.url must be a URL"), legacySse = transport == "sse")
        "stdio" -> {
            val command = (target["command"] as? JsonArray)?.map { it.string() ?: fail("target.command must hold strings") }
            if (command.isNullOrEmpty()) fail("target.command must be a non-empty array of strings")
            val env = target["env"]?.let { e ->
                (e.obj() ?: fail("target.env must map names to strings")).mapValues { (_, v) -> v.string() ?: fail("target.env must map names to strings") }
            } ?: emptyMap()
            Target.Stdio(command, env)
        }
        else -> fail("target.transport must be http, sse or stdio, not $transport")
    }
}

private fun readAnswer(name: String, element: JsonElement?): Answer? {
    if (element == null) return null
    val answer = element.obj() ?: fail("answers.$name must be an object")
    val result = answer["result"].obj()
    val error = answer["error"].obj()
    if (result != null && error == null) return Answer(result, null, null)
    if (error != null && result == null) {
        val code = (error["code"] as? JsonPrimitive)?.intOrNull
        val message = error["message"].string()
        if (code != null && message != null) return Answer(null, code, message)
    }
    fail("answers.$name must be {result: {...}} or {error: {code, message}}")
}

private fun readAction(element: JsonElement, index: Int, backgroundLabels: MutableSet<String>): Action {
    val where = "actions[$index]"
    val action = element.obj() ?: fail("$where must be an object")
    val label = action["label"]?.let { it.string() ?: fail("$where.label must be a string") }
    val keys = action.keys - "label"
    if (keys.size != 1) fail("$where must have exactly one action key, has ${keys.size}")
    val kind = keys.single()
    if (kind !in ACTIONS) fail("$where: unknown action $kind")
    val args = action[kind].obj() ?: fail("$where.$kind must be an object")
    REQUIRED[kind].orEmpty().forEach { field -> if (args[field] == null) fail("$where.$kind.$field is required") }
    if (kind == "callTool" && args["background"] == JsonPrimitive(true)) {
        backgroundLabels += label ?: fail("$where: a background callTool needs a label")
    }
    if ((kind == "cancel" || kind == "wait") && args["label"].string() !in backgroundLabels) {
        fail("$where.$kind.label names no earlier background callTool: ${args["label"]}")
    }
    if (kind == "sleep" && (args["ms"].long() ?: -1) < 0) fail("$where.sleep.ms must be a non-negative integer")
    if (kind == "connect" && args["timeoutMs"] != null && (args["timeoutMs"].long() ?: 0) < 1) {
        fail("$where.connect.timeoutMs must be a positive integer")
    }
    return Action(kind, args, label)
}
