// Small builders shared by the fixture's tools: text blocks, tool results, argument reading and object schemas.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.types.CallToolRequest
import io.modelcontextprotocol.kotlin.sdk.types.CallToolResult
import io.modelcontextprotocol.kotlin.sdk.types.TextContent
import io.modelcontextprotocol.kotlin.sdk.types.ToolSchema
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

fun text(value: String) = TextContent(value)
fun toolError(message: String) = CallToolResult(content = listOf(text(message)), isError = true)
fun toolText(message: String) = CallToolResult(content = listOf(text(message)))

/** An object schema from (name, JSON schema) pairs. */
fun objectSchema(vararg properties: Pair<String, JsonObject>, required: List<String>? = null) =
    ToolSchema(properties = JsonObject(properties.toMap()), required = required)

fun stringProperty(description: String) = buildJsonObject {
    put("type", "string")
    put("description", description)
}

/** A string argument, or null when absent or not a string. */
fun CallToolRequest.stringArg(name: String): String? =
    (arguments?.get(name) as? JsonPrimitive)?.takeIf { it.isString }?.content
