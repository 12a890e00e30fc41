// completion/complete for FIXTURE.md: prompt argument arg1 and the template variable id. The SDK declares
// the `completions` capability but offers no handler for it, so one goes on each session through the
// Protocol's setRequestHandler.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.server.ServerSession
import io.modelcontextprotocol.kotlin.sdk.types.CompleteRequest
import io.modelcontextprotocol.kotlin.sdk.types.CompleteResult
import io.modelcontextprotocol.kotlin.sdk.types.McpException
import io.modelcontextprotocol.kotlin.sdk.types.Method
import io.modelcontextprotocol.kotlin.sdk.types.PromptReference
import io.modelcontextprotocol.kotlin.sdk.types.RPCError
import io.modelcontextprotocol.kotlin.sdk.types.ResourceTemplateReference

private val completionWords = listOf("alpha", "beta", "gamma")
private val templateIds = listOf("1", "2", "42")
private const val PROMPT_WITH_ARGUMENTS = "test_prompt_with_arguments"
private val knownPrompts = setOf("test_simple_prompt", PROMPT_WITH_ARGUMENTS, "test_prompt_with_embedded_resource", "test_prompt_with_image")

fun ServerSession.installCompletion() {
    setRequestHandler<CompleteRequest>(Method.Defined.CompletionComplete) { request, _ ->
        val argument = request.argument
        val candidates = when (val ref = request.ref) {
            is PromptReference -> {
                if (ref.name !in knownPrompts) throw McpException(RPCError.ErrorCode.INVALID_PARAMS, "Unknown prompt: ${ref.name}")
                if (ref.name == PROMPT_WITH_ARGUMENTS && argument.name == "arg1") completionWords else emptyList()
            }
            is ResourceTemplateReference -> if (ref.uri == TEMPLATE_URI && argument.name == "id") templateIds else emptyList()
        }
        val values = candidates.filter { it.startsWith(argument.value) }
        CompleteResult(CompleteResult.Completion(values = values, total = values.size, hasMore = false))
    }
}
