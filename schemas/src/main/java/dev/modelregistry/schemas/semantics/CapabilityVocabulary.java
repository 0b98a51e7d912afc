package dev.modelregistry.schemas.semantics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The capability names of {@code ModelSpec.capabilities}, what each means, and the synonyms
 * clients use for them (ExLLM's {@code function_calling}, LiteLLM's {@code supports_*} names,
 * models.dev's {@code tool_call} ...). Adapters, the list filter and the README all use this one
 * table. Pure and immutable.
 */
public final class CapabilityVocabulary {

    /** One capability: its name in the spec, its meaning, and the other names that mean it. */
    public record Capability(String name, String meaning, List<String> synonyms) {
    }

    private static final List<Capability> ALL = List.of(
            cap("tools", "calls functions/tools the request defines", "function_calling", "functions", "tool_calling", "tool_call", "tool_use"),
            cap("parallel_tools", "several tool calls in one turn", "parallel_function_calling", "parallel_tool_calls"),
            cap("tool_choice", "the request can force or forbid a tool call"),
            cap("streaming", "streams the answer as it is generated", "stream", "native_streaming"),
            cap("vision", "takes images as input", "image_input", "images"),
            cap("audio_input", "takes audio as input", "audio_in"),
            cap("audio_output", "produces audio", "audio_out"),
            cap("video_input", "takes video as input"),
            cap("pdf_input", "takes PDF documents as input", "pdf"),
            cap("attachments", "takes file attachments (models.dev's attachment)", "attachment", "files"),
            cap("reasoning", "thinks before answering (reasoning tokens)", "thinking", "extended_thinking"),
            cap("reasoning_summaries", "returns summaries of its reasoning"),
            cap("structured_output", "answers in a JSON schema the request gives", "response_schema", "json_schema", "structured_outputs", "json_mode"),
            cap("native_structured_output", "structured output enforced by the provider itself"),
            cap("prompt_caching", "caches prompt prefixes at a lower price", "caching", "prompt_cache"),
            cap("web_search", "searches the web", "search"),
            cap("url_context", "reads URLs given in the prompt"),
            cap("computer_use", "operates a computer through screenshots and actions"),
            cap("system_messages", "accepts system messages"),
            cap("assistant_prefill", "continues a prefilled assistant turn", "prefill"),
            cap("embedding_image_input", "embeds images"),
            cap("sampling_params", "accepts sampling parameters (temperature, top_p)"),
            cap("service_tier", "accepts a service tier (flex, priority)"),
            cap("adaptive_thinking", "decides by itself how long to think"),
            cap("reasoning_effort_none", "accepts reasoning effort none"),
            cap("reasoning_effort_minimal", "accepts reasoning effort minimal"),
            cap("reasoning_effort_low", "accepts reasoning effort low"),
            cap("reasoning_effort_xhigh", "accepts reasoning effort xhigh"),
            cap("reasoning_effort_max", "accepts reasoning effort max"));

    private static final Map<String, String> BY_NAME = index();

    private CapabilityVocabulary() {
    }

    private static Capability cap(String name, String meaning, String... synonyms) {
        return new Capability(name, meaning, List.of(synonyms));
    }

    private static Map<String, String> index() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Capability c : ALL) {
            out.put(c.name(), c.name());
            c.synonyms().forEach(s -> out.put(s, c.name()));
        }
        return Map.copyOf(out);
    }

    /** @return every capability, in the order the README lists them */
    public static List<Capability> all() {
        return ALL;
    }

    /** @return every name in the spec, sorted */
    public static List<String> names() {
        return ALL.stream().map(Capability::name).sorted().toList();
    }

    /**
     * @param word a capability name or synonym in any case, with dashes or underscores
     * @return the capability's name in the spec, or empty when the word means none of them
     */
    public static Optional<String> canonical(String word) {
        if (word == null) {
            return Optional.empty();
        }
        String w = word.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Optional.ofNullable(BY_NAME.get(w));
    }

    /** @return the name a source's own key maps to: a known name or synonym, else the key itself */
    public static String nameFor(String sourceKey) {
        return canonical(sourceKey).orElse(sourceKey.strip().toLowerCase(Locale.ROOT));
    }

    /** @return synonym -> name for every synonym, sorted (for error messages and docs) */
    public static Map<String, String> synonyms() {
        Map<String, String> out = new TreeMap<>();
        for (Capability c : ALL) {
            c.synonyms().forEach(s -> out.put(s, c.name()));
        }
        return out;
    }

    /** @return the valid words, for an error message */
    public static List<String> validWords() {
        List<String> out = new ArrayList<>(names());
        out.add("(synonyms: " + synonyms().keySet() + ")");
        return out;
    }

    /** @return the vocabulary as a Markdown table (the README's) */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| capability | means | also accepted as |\n|---|---|---|\n");
        for (Capability c : ALL) {
            out.append("| `").append(c.name()).append("` | ").append(c.meaning()).append(" | ")
                    .append(c.synonyms().stream().map(w -> "`" + w + "`").collect(java.util.stream.Collectors.joining(", "))).append(" |\n");
        }
        return out.toString();
    }
}
