// The prompts of FIXTURE.md. The SDK does not check required prompt arguments, so each prompt that needs
// one answers -32602 itself when it is missing.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.server.Server
import io.modelcontextprotocol.kotlin.sdk.types.EmbeddedResource
import io.modelcontextprotocol.kotlin.sdk.types.GetPromptRequest
import io.modelcontextprotocol.kotlin.sdk.types.GetPromptResult
import io.modelcontextprotocol.kotlin.sdk.types.ImageContent
import io.modelcontextprotocol.kotlin.sdk.types.McpException
import io.modelcontextprotocol.kotlin.sdk.types.PromptArgument
import io.modelcontextprotocol.kotlin.sdk.types.PromptMessage
import io.modelcontextprotocol.kotlin.sdk.types.RPCError
import io.modelcontextprotocol.kotlin.sdk.types.Role
import io.modelcontextprotocol.kotlin.sdk.types.TextContent
import io.modelcontextprotocol.kotlin.sdk.types.TextResourceContents

private fun GetPromptRequest.required(name: String): String =
    arguments?.get(name) ?: throw McpException(RPCError.ErrorCode.INVALID_PARAMS, "Missing required argument: $name")

private fun user(text: String) = PromptMessage(Role.User, TextContent(text))

fun Server.registerPrompts() {
    addPrompt(name = "test_simple_prompt", description = "A prompt without arguments") {
        GetPromptResult(listOf(user("This is a simple prompt for testing.")))
    }

    addPrompt(
        name = "test_prompt_with_arguments",
        description = "A prompt with two required arguments",
        arguments = listOf(
            PromptArgument(name = "arg1", description = "First argument", required = true),
            PromptArgument(name = "arg2", description = "Second argument", required = true),
        ),
    ) { request ->
        GetPromptResult(listOf(user("Prompt with arguments: arg1='${request.required("arg1")}', arg2='${request.required("arg2")}'")))
    }

    addPrompt(
        name = "test_prompt_with_embedded_resource",
        description = "A prompt that embeds a resource",
        arguments = listOf(PromptArgument(name = "resourceUri", description = "URI of the embedded resource", required = true)),
    ) { request ->
        val resource = TextResourceContents(
            text = "Embedded resource content for testing.",
            uri = request.required("resourceUri"),
            mimeType = "text/plain",
        )
        GetPromptResult(listOf(PromptMessage(Role.User, EmbeddedResource(resource)), user("Please process the embedded resource above.")))
    }

    addPrompt(name = "test_prompt_with_image", description = "A prompt that carries an image") {
        GetPromptResult(
            listOf(
                PromptMessage(Role.User, ImageContent(data = PNG_BASE64, mimeType = "image/png")),
                user("Please analyze the image above."),
            ),
        )
    }
}
