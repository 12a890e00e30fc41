// The tools of FIXTURE.md that need nothing from the client: content shapes, logging, progress, errors,
// echo, structured content, list changes, slow operations and header parameters.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.server.ClientConnection
import io.modelcontextprotocol.kotlin.sdk.server.Server
import io.modelcontextprotocol.kotlin.sdk.shared.currentRequestHandlerExtra
import io.modelcontextprotocol.kotlin.sdk.types.AudioContent
import io.modelcontextprotocol.kotlin.sdk.types.CallToolRequest
import io.modelcontextprotocol.kotlin.sdk.types.CallToolResult
import io.modelcontextprotocol.kotlin.sdk.types.EmbeddedResource
import io.modelcontextprotocol.kotlin.sdk.types.ImageContent
import io.modelcontextprotocol.kotlin.sdk.types.LoggingLevel
import io.modelcontextprotocol.kotlin.sdk.types.LoggingMessageNotification
import io.modelcontextprotocol.kotlin.sdk.types.LoggingMessageNotificationParams
import io.modelcontextprotocol.kotlin.sdk.types.ProgressNotification
import io.modelcontextprotocol.kotlin.sdk.types.ProgressNotificationParams
import io.modelcontextprotocol.kotlin.sdk.types.TextResourceContents
import io.modelcontextprotocol.kotlin.sdk.types.ToolSchema
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.util.concurrent.ConcurrentHashMap

private const val STEP_DELAY_MS = 50L

/** How each labelled test_slow_operation went, for test_operation_status (process-wide, like the FIXTURE says). */
private val operations = ConcurrentHashMap<String, String>()

private fun Server.tool(
    name: String,
    description: String,
    schema: ToolSchema = ToolSchema(),
    handler: suspend ClientConnection.(CallToolRequest) -> CallToolResult,
) = addTool(name = name, description = description, inputSchema = schema, handler = handler)

fun Server.registerBasicTools() {
    tool("test_simple_text", "Returns a simple text block") { toolText("This is a simple text response for testing.") }

    tool("test_image_content", "Returns a 1x1 PNG image block") {
        CallToolResult(content = listOf(ImageContent(data = PNG_BASE64, mimeType = "image/png")))
    }

    tool("test_audio_content", "Returns a WAV audio block") {
        CallToolResult(content = listOf(AudioContent(data = WAV_BASE64, mimeType = "audio/wav")))
    }

    tool("test_embedded_resource", "Returns an embedded text resource") {
        val resource = TextResourceContents(
            text = "This is an embedded resource content.",
            uri = "test://embedded-resource",
            mimeType = "text/plain",
        )
        CallToolResult(content = listOf(EmbeddedResource(resource)))
    }

    tool("test_multiple_content_types", "Returns text, image and resource blocks") {
        val resource = TextResourceContents(
            text = """{"test":"data","value":123}""",
            uri = "test://mixed-content-resource",
            mimeType = "application/json",
        )
        CallToolResult(
            content = listOf(
                text("Multiple content types test:"),
                ImageContent(data = PNG_BASE64, mimeType = "image/png"),
                EmbeddedResource(resource),
            ),
        )
    }

    tool("test_tool_with_logging", "Sends three info log messages while running") {
        // ClientConnection.notification applies the level set by logging/setLevel; the request id ties each
        // message to this call for transports that can route by it.
        val requestId = currentRequestHandlerExtra()?.requestId
        listOf("Tool execution started", "Tool processing data", "Tool execution completed").forEachIndexed { index, data ->
            if (index > 0) delay(STEP_DELAY_MS)
            val params = LoggingMessageNotificationParams(level = LoggingLevel.Info, data = JsonPrimitive(data))
            notification(LoggingMessageNotification(params), requestId)
        }
        toolText("Tool with logging executed successfully")
    }

    tool("test_tool_with_progress", "Reports progress 0, 50, 100 of 100") { request ->
        val token = request.meta?.progressToken
        val extra = currentRequestHandlerExtra()
        if (token != null && extra != null) {
            listOf(0.0, 50.0, 100.0).forEachIndexed { index, progress ->
                if (index > 0) delay(STEP_DELAY_MS)
                extra.sendNotification(ProgressNotification(ProgressNotificationParams(token, progress, total = 100.0)))
            }
        }
        toolText("Tool with progress executed successfully")
    }

    tool("test_error_handling", "Always returns a tool execution error") {
        toolError("This tool intentionally returns an error for testing")
    }

    // The SDK hands arguments over unchecked against inputSchema, so the tool checks its one argument itself.
    tool("test_echo", "Echoes the message back", objectSchema("message" to stringProperty("Text to echo"), required = listOf("message"))) { request ->
        val message = request.stringArg("message") ?: return@tool toolError("Invalid arguments: message must be a string")
        toolText("Echo: $message")
    }

    val weatherSchema = objectSchema(
        "temperature" to buildJsonObject { put("type", "number") },
        "conditions" to buildJsonObject { put("type", "string") },
        required = listOf("temperature", "conditions"),
    )
    addTool(
        name = "test_structured_content",
        description = "Returns structured content matching its output schema",
        outputSchema = weatherSchema,
    ) {
        val weather = buildJsonObject {
            put("temperature", 22.5)
            put("conditions", "Partly cloudy")
        }
        CallToolResult(content = listOf(text(weather.toString())), structuredContent = weather)
    }

    tool("test_trigger_list_changed", "Announces a change of the tool list") {
        sendToolListChanged()
        toolText("List change notified")
    }

    registerSlowOperationTools()
    registerHeaderParamsTool()
}

private fun Server.registerSlowOperationTools() {
    val slowSchema = objectSchema(
        "durationMs" to buildJsonObject {
            put("type", "integer")
            put("minimum", 0)
            put("description", "How long to wait (default 2000)")
        },
        "label" to stringProperty("Remember how the call went under this label"),
    )
    tool("test_slow_operation", "Waits, then answers; stops early when cancelled", slowSchema) { request ->
        val wait = (request.arguments?.get("durationMs") as? JsonPrimitive)?.longOrNull ?: 2000L
        val label = request.stringArg("label")
        label?.let { operations[it] = "running" }
        try {
            // notifications/cancelled cancels this coroutine; the SDK then withholds the response itself.
            delay(wait)
        } catch (e: CancellationException) {
            label?.let { operations[it] = "cancelled" }
            throw e
        }
        label?.let { operations[it] = "completed" }
        toolText("Done after $wait ms")
    }

    tool(
        "test_operation_status",
        "Tells how a labelled test_slow_operation went",
        objectSchema("label" to stringProperty("The label given to test_slow_operation"), required = listOf("label")),
    ) { request ->
        toolText(request.stringArg("label")?.let { operations[it] } ?: "unknown")
    }
}

/** Mcp-Param headers belong to 2026-07-28, which this SDK does not speak; the annotations still go out in the schema. */
private fun Server.registerHeaderParamsTool() {
    val schema = ToolSchema(
        properties = buildJsonObject {
            putJsonObject("region") {
                put("type", "string")
                put("description", "Region to route the call to")
                put("x-mcp-header", "Region")
            }
            putJsonObject("priority") {
                put("type", "integer")
                put("description", "Priority of the call")
                put("x-mcp-header", "Priority")
            }
            putJsonObject("tenant") {
                put("type", "string")
                put("description", "Optional tenant")
                put("x-mcp-header", "Tenant")
            }
        },
        required = listOf("region", "priority"),
    )
    tool("test_header_params", "Echoes arguments that clients mirror into Mcp-Param headers", schema) { request ->
        val args = request.arguments ?: JsonObject(emptyMap())
        val region = request.stringArg("region")
        val priority = (args["priority"] as? JsonPrimitive)?.takeIf { !it.isString }?.let { p ->
            p.longOrNull ?: p.doubleOrNull?.takeIf { it % 1.0 == 0.0 }?.toLong()
        }
        val tenantValue = args["tenant"]
        val tenant = request.stringArg("tenant")
        when {
            region == null -> toolError("Invalid arguments: region must be a string")
            priority == null -> toolError("Invalid arguments: priority must be an integer")
            tenantValue != null && tenantValue != JsonNull && tenant == null -> toolError("Invalid arguments: tenant must be a string")
            else -> toolText("region=$region; priority=$priority; tenant=${tenant ?: "(none)"}")
        }
    }
}
