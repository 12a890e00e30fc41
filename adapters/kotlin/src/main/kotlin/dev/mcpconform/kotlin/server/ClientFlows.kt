// Tools that ask the client for something (FIXTURE.md): sampling, form and URL-mode elicitation, roots,
// and sampling with tools. Each server-to-client request names the tools/call it serves (relatedRequestId),
// so a transport able to route by it keeps the request on the call's own stream.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.server.ClientConnection
import io.modelcontextprotocol.kotlin.sdk.server.Server
import io.modelcontextprotocol.kotlin.sdk.shared.RequestOptions
import io.modelcontextprotocol.kotlin.sdk.shared.currentRequestHandlerExtra
import io.modelcontextprotocol.kotlin.sdk.types.ClientCapabilities
import io.modelcontextprotocol.kotlin.sdk.types.CreateMessageRequest
import io.modelcontextprotocol.kotlin.sdk.types.CreateMessageRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.CreateMessageResult
import io.modelcontextprotocol.kotlin.sdk.types.ElicitRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.ElicitRequestURLParams
import io.modelcontextprotocol.kotlin.sdk.types.ElicitResult
import io.modelcontextprotocol.kotlin.sdk.types.ElicitationCompleteNotification
import io.modelcontextprotocol.kotlin.sdk.types.ElicitationCompleteNotificationParams
import io.modelcontextprotocol.kotlin.sdk.types.McpJson
import io.modelcontextprotocol.kotlin.sdk.types.Role
import io.modelcontextprotocol.kotlin.sdk.types.SamplingMessage
import io.modelcontextprotocol.kotlin.sdk.types.StopReason
import io.modelcontextprotocol.kotlin.sdk.types.StringSchema
import io.modelcontextprotocol.kotlin.sdk.types.TextContent
import io.modelcontextprotocol.kotlin.sdk.types.Tool
import io.modelcontextprotocol.kotlin.sdk.types.ToolChoice
import io.modelcontextprotocol.kotlin.sdk.types.ToolResultContent
import io.modelcontextprotocol.kotlin.sdk.types.ToolUseContent
import io.modelcontextprotocol.kotlin.sdk.types.UrlElicitationRequiredException
import io.modelcontextprotocol.kotlin.sdk.types.supportsUrl
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.util.UUID

private fun elicitUrl(id: String) = "https://127.0.0.1/mcp-conform/elicit/$id"

private val weatherTool = Tool(
    name = "get_weather",
    description = "Current weather for a city",
    inputSchema = objectSchema("city" to buildJsonObject { put("type", "string") }, required = listOf("city")),
)

/** Options tying a server-to-client request to the tools/call being handled. */
suspend fun relatedToCall() = RequestOptions(relatedRequestId = currentRequestHandlerExtra()?.requestId)

/** What the client declared in initialize; ClientConnection does not expose it, the session does. */
fun Server.clientCapabilitiesOf(connection: ClientConnection): ClientCapabilities? =
    sessions[connection.sessionId]?.clientCapabilities

/** The wire name of an elicitation action (accept, decline, cancel). */
fun ElicitResult.actionName(): String = McpJson.encodeToJsonElement(ElicitResult.Action.serializer(), action).jsonPrimitive.content

/** The text of a sampling answer; a non-text answer is shown as JSON rather than dropped. */
private fun CreateMessageResult.text(): String {
    val texts = content.filterIsInstance<TextContent>().map { it.text }
    return if (texts.isNotEmpty()) texts.joinToString("") else McpJson.encodeToString(CreateMessageResult.serializer(), this)
}

private fun userPrompt(prompt: String) = SamplingMessage(Role.User, TextContent(prompt))

fun Server.registerClientFlowTools() {
    val promptSchema = objectSchema("prompt" to stringProperty("Prompt for the LLM"), required = listOf("prompt"))

    // No capability check of its own: whether the request reaches a client without sampling is the SDK's doing.
    addTool(name = "test_sampling", description = "Asks the client to sample an LLM", inputSchema = promptSchema) { request ->
        val prompt = request.stringArg("prompt") ?: return@addTool toolError("Invalid arguments: prompt must be a string")
        val params = CreateMessageRequestParams(maxTokens = 100, messages = listOf(userPrompt(prompt)))
        val result = createMessage(CreateMessageRequest(params), relatedToCall())
        toolText("LLM response: ${result.text()}")
    }

    addTool(
        name = "test_elicitation",
        description = "Asks the user for input via the client",
        inputSchema = objectSchema("message" to stringProperty("Question for the user"), required = listOf("message")),
    ) { request ->
        val message = request.stringArg("message") ?: return@addTool toolError("Invalid arguments: message must be a string")
        val schema = ElicitRequestParams.RequestedSchema(properties = mapOf("response" to StringSchema()), required = listOf("response"))
        val result = createElicitation(message, schema, relatedToCall())
        toolText("User response: action=${result.actionName()}, content=${result.content ?: "null"}")
    }

    addTool(name = "test_url_elicitation", description = "Asks the user to open a URL (URL-mode elicitation)") {
        if (!clientCapabilitiesOf(this)?.elicitation.supportsUrl) {
            return@addTool toolError("The client did not declare URL-mode elicitation")
        }
        val elicitationId = UUID.randomUUID().toString()
        val result = createElicitation("Please open the link to continue.", elicitationId, elicitUrl(elicitationId), relatedToCall())
        // The out-of-band interaction is simulated as finishing at once once the user consented.
        if (result.action == ElicitResult.Action.Accept) {
            sendElicitationComplete(ElicitationCompleteNotification(ElicitationCompleteNotificationParams(elicitationId)))
        }
        toolText("URL elicitation action=${result.actionName()}")
    }

    // The SDK's tools/call handler passes this exception through as JSON-RPC error -32042.
    addTool(name = "test_url_elicitation_required", description = "Needs a URL-mode elicitation first, and says so with error -32042") {
        val elicitationId = UUID.randomUUID().toString()
        throw UrlElicitationRequiredException(
            listOf(
                ElicitRequestURLParams(
                    message = "Please authorise access to the example service.",
                    elicitationId = elicitationId,
                    url = elicitUrl(elicitationId),
                ),
            ),
        )
    }

    addTool(name = "test_sampling_tools", description = "Asks the client to sample an LLM that may call a tool", inputSchema = promptSchema) { request ->
        val prompt = request.stringArg("prompt") ?: return@addTool toolError("Invalid arguments: prompt must be a string")
        val sampling = clientCapabilitiesOf(this)?.sampling ?: return@addTool toolError("The client did not declare the sampling capability")
        val messages = listOf(userPrompt(prompt))
        // The SDK refuses tools toward a client without sampling.tools; the tool then does not offer them.
        if (sampling.tools == null) {
            val plain = createMessage(CreateMessageRequest(CreateMessageRequestParams(maxTokens = 100, messages = messages)), relatedToCall())
            return@addTool toolText("LLM response: ${plain.text()}")
        }
        val tools = listOf(weatherTool)
        val choice = ToolChoice(ToolChoice.Mode.Auto)
        val first = createMessage(
            CreateMessageRequest(CreateMessageRequestParams(maxTokens = 100, messages = messages, tools = tools, toolChoice = choice)),
            relatedToCall(),
        )
        val uses = first.content.filterIsInstance<ToolUseContent>()
        if (first.stopReason != StopReason.ToolUse || uses.isEmpty()) return@addTool toolText("LLM response: ${first.text()}")
        val results = uses.map { use ->
            val city = (use.input["city"] as? JsonPrimitive)?.takeIf { it.isString }?.content ?: "nowhere"
            ToolResultContent(toolUseId = use.id, content = listOf(TextContent("Weather in $city: sunny")))
        }
        val followUp = messages + SamplingMessage(Role.Assistant, first.content) + SamplingMessage(Role.User, results)
        val second = createMessage(
            CreateMessageRequest(CreateMessageRequestParams(maxTokens = 100, messages = followUp, tools = tools, toolChoice = choice)),
            relatedToCall(),
        )
        toolText("LLM response: ${second.text()}")
    }

    // An SDK refusal (the client declared no roots) becomes a tool error through the SDK's tools/call handler.
    addTool(name = "test_list_roots", description = "Asks the client for its roots") {
        val roots = listRoots(options = relatedToCall()).roots
        toolText("Roots: ${roots.size}: ${roots.joinToString(", ") { it.uri }}")
    }
}
