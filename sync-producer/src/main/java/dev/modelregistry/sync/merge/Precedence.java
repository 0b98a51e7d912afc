package dev.modelregistry.sync.merge;

import dev.modelregistry.catalogs.source.SourceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which source wins for which field: one order per field group, because no single order is right
 * for all fields (the Codex CLI knows its own availability best and the API's context window
 * least; LiteLLM knows tool support better than models.dev, models.dev context windows better
 * than LiteLLM). Presets always come first (hand-kept corrections). A source that is the
 * provider's own API ({@code openai} for {@code openai/*}, {@code openrouter} for
 * {@code openrouter/*}, {@code ollama} for {@code ollama/*}) comes right after the presets in
 * every group it speaks to. Pure and immutable.
 */
public final class Precedence {

    /** Groups of top-level spec fields that share one order. */
    public enum FieldGroup {
        LIMITS("limits (context window, max input, max output)", List.of("limits"),
                List.of(SourceName.PRESETS, SourceName.MODELSDEV, SourceName.LITELLM, SourceName.OPENROUTER, SourceName.OLLAMA, SourceName.CODEX),
                "models.dev states the context window, LiteLLM's is its max input; the Codex CLI's window is a client setting, given only as `limits.codexContextWindow`"),
        PRICING("prices", List.of("pricing"),
                List.of(SourceName.PRESETS, SourceName.LITELLM, SourceName.MODELSDEV, SourceName.OPENROUTER),
                "LiteLLM's price map is what its cost tracking bills with; models.dev next"),
        CAPABILITIES("capabilities", List.of("capabilities"),
                List.of(SourceName.PRESETS, SourceName.LITELLM, SourceName.MODELSDEV, SourceName.OPENROUTER, SourceName.CODEX, SourceName.OLLAMA),
                "per capability: LiteLLM's supports_* flags are what its own API calls rely on (models.dev says gpt-3.5-turbo has no tool calls; LiteLLM says it has, as OpenAI documents)"),
        PARAMETERS("request parameters (temperature rule, token-limit parameter)", List.of("temperature", "tokenLimitParameter"),
                List.of(SourceName.PRESETS, SourceName.OPENROUTER, SourceName.MODELSDEV),
                "stated rules only; what no source states is derived"),
        TYPE("model type, API kind", List.of("modelType", "apiKind", "baseModel"),
                List.of(SourceName.PRESETS, SourceName.OLLAMA, SourceName.LITELLM),
                "the type only from presets or Ollama's /api/show; otherwise derived"),
        ENDPOINTS("endpoints, modalities", List.of("endpoints", "modalitiesIn", "modalitiesOut"),
                List.of(SourceName.PRESETS, SourceName.LITELLM, SourceName.MODELSDEV, SourceName.OPENROUTER, SourceName.CODEX),
                "LiteLLM lists the API endpoints"),
        LIFECYCLE("lifecycle (status, release, deprecation, retirement, replacement)", List.of("lifecycle"),
                List.of(SourceName.PRESETS, SourceName.LITELLM, SourceName.MODELSDEV, SourceName.OPENROUTER, SourceName.CODEX, SourceName.OPENAI),
                "deprecated when any source says so; OpenRouter's 2098-12-31 expiry is a placeholder, dropped"),
        CODEX("Codex-only (availability, reasoning efforts)", List.of("availability", "reasoning"),
                List.of(SourceName.PRESETS, SourceName.CODEX, SourceName.OPENROUTER),
                "the Codex CLI's catalog is the authority on its own lists"),
        DISPLAY("display (name, description, family, knowledge cut-off)", List.of("displayName", "description", "family", "knowledgeCutoff"),
                List.of(SourceName.PRESETS, SourceName.CODEX, SourceName.MODELSDEV, SourceName.OPENROUTER, SourceName.OLLAMA, SourceName.OPENAI, SourceName.LITELLM),
                "LiteLLM's name is its route key, the last resort");

        private final String title;
        private final List<String> fields;
        private final List<SourceName> order;
        private final String why;

        FieldGroup(String title, List<String> fields, List<SourceName> order, String why) {
            this.title = title;
            this.fields = fields;
            this.order = order;
            this.why = why;
        }

        /** @return the top-level spec fields of this group */
        public List<String> fields() {
            return fields;
        }

        /** @return the sources that may give these fields, highest first (before the first-party rule) */
        public List<SourceName> order() {
            return order;
        }
    }

    /** The provider each source is the first-party API of. */
    private static final Map<SourceName, String> FIRST_PARTY = Map.of(
            SourceName.OPENAI, "openai", SourceName.OPENROUTER, "openrouter", SourceName.OLLAMA, "ollama");

    private Precedence() {
    }

    /** @return the group of a top-level spec field, or null for fields that are not chosen by order (id, aliases, extras ...) */
    public static FieldGroup groupOf(String field) {
        for (FieldGroup g : FieldGroup.values()) {
            if (g.fields.contains(field)) {
                return g;
            }
        }
        return null;
    }

    /**
     * @param provider the model's provider
     * @return the group's order for that provider's models, highest first: presets, the provider's
     *     own API if it is named in the group, then the others named (the merge puts a source the
     *     group does not name after all of these)
     */
    public static List<SourceName> order(FieldGroup group, String provider) {
        List<SourceName> out = new ArrayList<>(group.order);
        for (Map.Entry<SourceName, String> e : FIRST_PARTY.entrySet()) {
            if (e.getValue().equals(provider) && out.remove(e.getKey())) {
                out.add(1, e.getKey());
            }
        }
        return out;
    }

    /** @return the table as Markdown (the README's) */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| field group | fields | sources, highest first | why |\n|---|---|---|---|\n");
        for (FieldGroup g : FieldGroup.values()) {
            out.append("| ").append(g.title).append(" | ")
                    .append(g.fields.stream().map(f -> "`" + f + "`").collect(Collectors.joining(", "))).append(" | ")
                    .append(g.order.stream().map(SourceName::id).collect(Collectors.joining(" > "))).append(" | ")
                    .append(g.why).append(" |\n");
        }
        return out.toString();
    }
}
