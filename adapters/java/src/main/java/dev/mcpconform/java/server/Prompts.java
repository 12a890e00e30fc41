package dev.mcpconform.java.server;

import static dev.mcpconform.java.server.Content.PNG_BASE64;
import static dev.mcpconform.java.server.Content.text;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;

/** The fixture's prompts and the completions of test_prompt_with_arguments and the resource template. */
final class Prompts {

	private static final List<String> COMPLETION_WORDS = List.of("alpha", "beta", "gamma");

	private static final List<String> TEMPLATE_IDS = List.of("1", "2", "42");

	private Prompts() {
	}

	static List<SyncPromptSpecification> prompts() {
		return List.of(
				prompt(new Prompt("test_simple_prompt", "A prompt without arguments", List.of()),
						arguments -> List.of(user(text("This is a simple prompt for testing.")))),
				prompt(new Prompt("test_prompt_with_arguments", "A prompt with two required arguments",
						List.of(new PromptArgument("arg1", "First argument", true),
								new PromptArgument("arg2", "Second argument", true))),
						arguments -> List.of(user(text("Prompt with arguments: arg1='" + arguments.get("arg1")
								+ "', arg2='" + arguments.get("arg2") + "'")))),
				prompt(new Prompt("test_prompt_with_embedded_resource", "A prompt that embeds a resource",
						List.of(new PromptArgument("resourceUri", "URI of the embedded resource", true))),
						arguments -> List.of(
								user(new EmbeddedResource(null,
										new TextResourceContents(String.valueOf(arguments.get("resourceUri")),
												"text/plain", "Embedded resource content for testing."))),
								user(text("Please process the embedded resource above.")))),
				prompt(new Prompt("test_prompt_with_image", "A prompt that carries an image", List.of()),
						arguments -> List.of(user(new ImageContent(null, PNG_BASE64, "image/png")),
								user(text("Please analyze the image above.")))));
	}

	static List<SyncCompletionSpecification> completions() {
		return List.of(
				new SyncCompletionSpecification(new PromptReference("test_prompt_with_arguments"),
						(exchange, request) -> complete(request, "arg1", COMPLETION_WORDS)),
				new SyncCompletionSpecification(new ResourceReference(Resources.TEMPLATE),
						(exchange, request) -> complete(request, "id", TEMPLATE_IDS)));
	}

	private static CompleteResult complete(CompleteRequest request, String argument, List<String> candidates) {
		String prefix = request.argument().value() == null ? "" : request.argument().value();
		List<String> values = request.argument().name().equals(argument)
				? candidates.stream().filter(c -> c.startsWith(prefix)).toList() : List.of();
		return new CompleteResult(new CompleteCompletion(values, values.size(), false));
	}

	private interface Messages {

		List<PromptMessage> of(Map<String, Object> arguments);

	}

	private static SyncPromptSpecification prompt(Prompt prompt, Messages messages) {
		return new SyncPromptSpecification(prompt, (exchange, request) -> new GetPromptResult(prompt.description(),
				messages.of(request.arguments() == null ? Map.of() : request.arguments())));
	}

	private static PromptMessage user(io.modelcontextprotocol.spec.McpSchema.Content content) {
		return new PromptMessage(Role.USER, content);
	}

}
