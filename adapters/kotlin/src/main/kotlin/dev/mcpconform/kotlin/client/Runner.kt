// Carries out a plan with the SDK's Client: one outcome line per action, per notification and per server
// request the SDK hands over. Server requests are answered from the plan's answers.
package dev.mcpconform.kotlin.client

import dev.mcpconform.kotlin.log
import io.modelcontextprotocol.kotlin.sdk.client.Client
import io.modelcontextprotocol.kotlin.sdk.client.ClientOptions
import io.modelcontextprotocol.kotlin.sdk.shared.RequestOptions
import io.modelcontextprotocol.kotlin.sdk.types.CallToolRequest
import io.modelcontextprotocol.kotlin.sdk.types.CallToolRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.ClientCapabilities
import io.modelcontextprotocol.kotlin.sdk.types.CompleteRequest
import io.modelcontextprotocol.kotlin.sdk.types.CompleteRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.CreateMessageRequest
import io.modelcontextprotocol.kotlin.sdk.types.CreateMessageResult
import io.modelcontextprotocol.kotlin.sdk.types.ElicitResult
import io.modelcontextprotocol.kotlin.sdk.types.GetPromptRequest
import io.modelcontextprotocol.kotlin.sdk.types.GetPromptRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.Implementation
import io.modelcontextprotocol.kotlin.sdk.types.LATEST_PROTOCOL_VERSION
import io.modelcontextprotocol.kotlin.sdk.types.ListPromptsRequest
import io.modelcontextprotocol.kotlin.sdk.types.ListResourceTemplatesRequest
import io.modelcontextprotocol.kotlin.sdk.types.ListResourcesRequest
import io.modelcontextprotocol.kotlin.sdk.types.ListRootsRequest
import io.modelcontextprotocol.kotlin.sdk.types.ListRootsResult
import io.modelcontextprotocol.kotlin.sdk.types.ListToolsRequest
import io.modelcontextprotocol.kotlin.sdk.types.LoggingLevel
import io.modelcontextprotocol.kotlin.sdk.types.McpException
import io.modelcontextprotocol.kotlin.sdk.types.McpJson
import io.modelcontextprotocol.kotlin.sdk.types.Method
import io.modelcontextprotocol.kotlin.sdk.types.PaginatedRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.Progress
import io.modelcontextprotocol.kotlin.sdk.types.ReadResourceRequest
import io.modelcontextprotocol.kotlin.sdk.types.ReadResourceRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.SubscribeRequest
import io.modelcontextprotocol.kotlin.sdk.types.SubscribeRequestParams
import io.modelcontextprotocol.kotlin.sdk.types.UnsubscribeRequest
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.encodeToJsonElement
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import kotlin.time.Duration.Companion.milliseconds

const val UNSUPPORTED_TASKS = "unsupported by this SDK: task-augmented tools/call"

private inline fun <reified T> encode(value: T): JsonElement = McpJson.encodeToJsonElement(value)

private fun <T> decode(serializer: KSerializer<T>, json: JsonElement): T = McpJson.decodeFromJsonElement(serializer, json)

class Runner(private val plan: Plan, private val out: Outcomes) {
    private val client = Client(Implementation(plan.clientName, plan.clientVersion), ClientOptions(capabilities = capabilities()))
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val background = mutableMapOf<String, Deferred<Outcome>>()
    private var transport: OpenTransport? = null

    init {
        client.fallbackNotificationHandler = { notification -> out.event("notification", notification.method, notification.params) }
        installAnswers()
    }

    /** The plan's capabilities as the SDK types them; tasks are left out, the SDK client cannot receive them. */
    private fun capabilities(): ClientCapabilities {
        val declared = plan.capabilities
        if ("tasks" in declared) log("client: capabilities.tasks left undeclared: the Kotlin SDK client has no task receiver")
        return decode(ClientCapabilities.serializer(), JsonObject(declared - "tasks"))
    }

    private fun declares(name: String) = plan.capabilities[name] is JsonObject

    private fun Answer.raise(): Nothing = throw McpException(errorCode ?: -32603, errorMessage ?: "error")

    /** Handlers for each capability the plan declares and answers; the SDK refuses a handler for an undeclared one. */
    private fun installAnswers() {
        plan.sampling?.takeIf { declares("sampling") }?.let { answer ->
            client.setRequestHandler<CreateMessageRequest>(Method.Defined.SamplingCreateMessage) { request, _ ->
                out.event("request", Method.Defined.SamplingCreateMessage.value, encode(request.params))
                answer.result?.let { decode(CreateMessageResult.serializer(), it) } ?: answer.raise()
            }
        }
        // setElicitationHandler also fills in defaults the requested schema gives for fields the answer leaves out.
        plan.elicitation?.takeIf { declares("elicitation") }?.let { answer ->
            client.setElicitationHandler { request ->
                out.event("request", Method.Defined.ElicitationCreate.value, encode(request.params))
                answer.result?.let { decode(ElicitResult.serializer(), it) } ?: answer.raise()
            }
        }
        // Replaces the SDK's own roots handler (which serves addRoot) so the request is seen and errors can be given.
        plan.roots?.takeIf { declares("roots") }?.let { answer ->
            client.setRequestHandler<ListRootsRequest>(Method.Defined.RootsList) { request, _ ->
                out.event("request", Method.Defined.RootsList.value, request.params?.let { encode(it) } ?: JsonObject(emptyMap()))
                answer.result?.let { decode(ListRootsResult.serializer(), it) } ?: answer.raise()
            }
        }
    }

    private val options get() = RequestOptions(timeout = plan.timeoutMs.milliseconds)

    suspend fun run() {
        plan.actions.forEachIndexed { index, action ->
            if (action.kind == "callTool" && action.args["background"] == JsonPrimitive(true)) {
                startBackground(action, index)
                return@forEachIndexed
            }
            val started = System.nanoTime()
            val outcome = attempt(bound(action)) { perform(action) }
            out.write(actionLine(action.kind, index, action.label, outcome, since(started)))
        }
        background.values.awaitAll()
    }

    suspend fun shutdown() {
        runCatching { withTimeout(plan.timeoutMs) { client.close() } }
        transport?.release()
        scope.coroutineContext[Job]?.cancel()
    }

    /** The SDK's own timeouts fire first; this outer bound only catches what they do not cover. */
    private fun bound(action: Action): Long {
        val own = if (action.kind == "connect") action.args["timeoutMs"]?.let { (it as JsonPrimitive).content.toLong() } else null
        return if (own == null) plan.timeoutMs + 1_000 else maxOf(plan.timeoutMs, own + 1_000)
    }

    private suspend fun attempt(boundMs: Long, block: suspend () -> JsonElement?): Outcome = try {
        Outcome.Ok(withTimeout(boundMs) { block() })
    } catch (e: TimeoutCancellationException) {
        Outcome.Failed("timed out after $boundMs ms")
    } catch (e: CancellationException) {
        throw e
    } catch (e: UnsupportedBySdk) {
        Outcome.Failed(e.message!!)
    } catch (e: McpException) {
        Outcome.Failed(e.message ?: e.toString(), e.code)
    } catch (e: Exception) {
        Outcome.Failed(e.message ?: e.toString())
    }

    private suspend fun perform(action: Action): JsonElement? {
        val a = action.args
        return when (action.kind) {
            "connect" -> connect(a)
            "ping" -> encode(client.ping(options))
            "listTools" -> list(a, "tools") { cursor -> encode(client.listTools(ListToolsRequest(PaginatedRequestParams(cursor)), options)) }
            "listResources" -> list(a, "resources") { cursor -> encode(client.listResources(ListResourcesRequest(PaginatedRequestParams(cursor)), options)) }
            "listResourceTemplates" -> list(a, "resourceTemplates") { cursor ->
                encode(client.listResourceTemplates(ListResourceTemplatesRequest(PaginatedRequestParams(cursor)), options))
            }
            "listPrompts" -> list(a, "prompts") { cursor -> encode(client.listPrompts(ListPromptsRequest(PaginatedRequestParams(cursor)), options)) }
            "callTool" -> callTool(a)
            "readResource" -> encode(client.readResource(ReadResourceRequest(ReadResourceRequestParams(a.str("uri"))), options))
            "getPrompt" -> {
                val arguments = (a["arguments"] as? JsonObject)?.mapValues { (_, v) -> (v as JsonPrimitive).content }
                encode(client.getPrompt(GetPromptRequest(GetPromptRequestParams(a.str("name"), arguments)), options))
            }
            "complete" -> {
                val params = decode(CompleteRequestParams.serializer(), JsonObject(a))
                encode(client.complete(CompleteRequest(params), options))
            }
            "setLoggingLevel" -> encode(client.setLoggingLevel(decode(LoggingLevel.serializer(), a.getValue("level")), options))
            "subscribe" -> encode(client.subscribeResource(SubscribeRequest(SubscribeRequestParams(a.str("uri"))), options))
            "unsubscribe" -> encode(client.unsubscribeResource(UnsubscribeRequest(a.str("uri")), options))
            "cancel" -> cancel(a.str("label"), (a["reason"] as? JsonPrimitive)?.content)
            "wait" -> wait(a.str("label"))
            "sleep" -> delay(a.str("ms").toLong()).let { null }
            "rootsChanged" -> client.sendRootsListChanged().let { null }
            "close" -> client.close().let { null }
            else -> error("unknown action ${action.kind}")
        }
    }

    /**
     * Connects and initializes. The SDK always offers its latest version and takes no initialize timeout,
     * so connect.timeoutMs bounds the call from outside (the SDK then cancels initialize without notifying).
     */
    private suspend fun connect(a: JsonObject): JsonElement {
        plan.protocolVersion?.takeIf { it != LATEST_PROTOCOL_VERSION }?.let { log("client: the SDK offers its own protocol version $LATEST_PROTOCOL_VERSION, not $it") }
        val open = openTransport(plan.target).also { transport = it }
        val timeoutMs = a["timeoutMs"]?.let { (it as JsonPrimitive).content.toLong() } ?: plan.timeoutMs
        try {
            withTimeout(timeoutMs) { client.connect(open.transport) }
        } catch (e: TimeoutCancellationException) {
            throw McpException(-32001, "initialize timed out after $timeoutMs ms")
        }
        // The negotiated version is not exposed by the SDK's Client.
        return buildJsonObject {
            client.serverVersion?.let { put("serverInfo", encode(it)) }
            client.serverCapabilities?.let { put("capabilities", encode(it)) }
            client.serverInstructions?.let { put("instructions", it) }
        }
    }

    /** The SDK has no pagination helper: follow nextCursor with its list call. */
    private suspend fun list(a: JsonObject, key: String, call: suspend (String?) -> JsonElement): JsonElement {
        val first = call(null).jsonObject
        if (a["all"] == JsonPrimitive(false)) return first
        val items = first[key]?.jsonArray.orEmpty().toMutableList()
        var cursor = (first["nextCursor"] as? JsonPrimitive)?.content
        while (cursor != null) {
            val page = call(cursor).jsonObject
            items += page[key]?.jsonArray.orEmpty()
            cursor = (page["nextCursor"] as? JsonPrimitive)?.content
        }
        return buildJsonObject { put(key, JsonArray(items)) }
    }

    private suspend fun callTool(a: JsonObject): JsonElement {
        if (a["task"] != null) throw UnsupportedBySdk(UNSUPPORTED_TASKS)
        val onProgress = if (a["progress"] == JsonPrimitive(true)) { progress: Progress -> out.event("notification", "notifications/progress", progress.toJson()) } else null
        val request = CallToolRequest(CallToolRequestParams(name = a.str("name"), arguments = a["arguments"] as? JsonObject))
        return encode(client.callTool(request, RequestOptions(onProgress = onProgress, timeout = plan.timeoutMs.milliseconds)))
    }

    private fun startBackground(action: Action, index: Int) {
        val started = System.nanoTime()
        background[action.label!!] = scope.async {
            val outcome = try {
                attempt(plan.timeoutMs + 1_000) { callTool(action.args) }
            } catch (e: CancellationException) {
                Outcome.Failed(e.message ?: "cancelled")
            }
            out.write(actionLine(action.kind, index, action.label, outcome, since(started)))
            outcome
        }
    }

    /** Cancelling the call's coroutine is how the SDK is told: it sends notifications/cancelled with the reason. */
    private fun cancel(label: String, reason: String?): JsonElement? {
        val call = background[label] ?: error("no background action labelled $label has started")
        call.cancel(CancellationException(reason ?: "cancelled by the plan"))
        return null
    }

    private suspend fun wait(label: String): JsonElement? {
        val call = background[label] ?: error("no background action labelled $label has started")
        val outcome = runCatching { call.await() }.getOrElse { Outcome.Failed(it.message ?: "cancelled") }
        return when (outcome) {
            is Outcome.Ok -> outcome.result
            is Outcome.Failed -> throw McpException(outcome.code ?: -32603, outcome.message)
        }
    }
}

/** Something the plan asks for that the SDK cannot do; reported, never faked. */
class UnsupportedBySdk(message: String) : Exception(message)

private fun JsonObject.str(key: String): String = (getValue(key) as JsonPrimitive).content

private fun Progress.toJson() = buildJsonObject {
    put("progress", progress)
    total?.let { put("total", it) }
    message?.let { put("message", it) }
}

private fun since(startedNanos: Long) = (System.nanoTime() - startedNanos) / 1_000_000.0
