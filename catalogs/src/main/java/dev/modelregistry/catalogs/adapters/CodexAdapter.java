package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.Availability;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ReasoningEfforts;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.List;
import java.util.Map;

/**
 * The Codex CLI's {@code models.json} (also its remote {@code /models}): {@code {"models": [...]}}
 * keyed by {@code slug}. Ids are {@code openai/<slug>}. Its shape drifts between releases
 * ({@code upgrade} is a slug string in 2025 and an object with {@code model} from 2026;
 * {@code minimal_client_version} a list, then a string): both are read. Long prompt texts
 * ({@code base_instructions}, {@code model_messages}) are kept as extras, so they are versioned.
 *
 * <p>{@code context_window} is the CLI's own setting, often below the API's window (gpt-5.5:
 * 272,000 against 1,050,000), so it is kept as {@code limits.codexContextWindow} and never
 * given as the model's context window; {@code max_context_window} (the CLI's ceiling) stays in
 * extras for the same reason. Mapped besides:
 * {@code display_name}, {@code description}, {@code priority}, {@code visibility},
 * {@code supported_in_api}, {@code available_in_plans}, {@code input_modalities},
 * {@code supported_reasoning_levels}, {@code default_reasoning_level},
 * {@code supports_parallel_tool_calls}, {@code supports_reasoning_summaries},
 * {@code supports_search_tool}, {@code upgrade}. Every other key (shell and patch tool types,
 * truncation policy, verbosity, service tiers, client versions ...) is a CLI setting, kept in
 * extras.
 */
public final class CodexAdapter implements CatalogAdapter {

    @Override
    public SourceName source() {
        return SourceName.CODEX;
    }

    @Override
    public AdapterResult parse(byte[] body) throws CatalogFormatException {
        JsonNode models = JsonCatalogs.requireArray(JsonCatalogs.parse(body, "codex"), "models", "codex");
        return JsonCatalogs.listed(models, "slug", source().id(), slug -> Ids.canonical("openai", slug), CodexAdapter::spec);
    }

    private static ModelSpec spec(String id, ModelJson m) {
        Map<String, Boolean> capabilities = Specs.capabilities();
        Specs.capability(capabilities, "parallel_tools", m.flag("supports_parallel_tool_calls"));
        Specs.capability(capabilities, "reasoning_summaries", m.flag("supports_reasoning_summaries"));
        Specs.capability(capabilities, "web_search", m.flag("supports_search_tool"));
        List<String> in = Specs.sortedLower(m.texts("input_modalities"));
        if (!in.isEmpty()) {
            capabilities.put("vision", in.contains("image"));
        }
        List<String> efforts = m.texts("supported_reasoning_levels");
        String defaultEffort = m.text("default_reasoning_level");
        Long context = m.count("context_window");
        ModelSpec spec = Specs.start(id)
                .setDisplayName(m.text("display_name"))
                .setDescription(m.text("description"))
                .setCapabilities(capabilities)
                .setModalitiesIn(in)
                .setLimits(Limits.newBuilder().setCodexContextWindow(context).build())
                .setReasoning(efforts.isEmpty() && defaultEffort == null ? null
                        : ReasoningEfforts.newBuilder().setSupported(efforts).setDefaultEffort(defaultEffort).build())
                .setAvailability(Availability.newBuilder()
                        .setVisibility(m.text("visibility"))
                        .setPriority(m.integer("priority"))
                        .setSupportedInApi(m.flag("supported_in_api"))
                        .setPlans(Specs.sortedLower(m.texts("available_in_plans")))
                        .build())
                .build();
        spec.getLifecycle().setReplacement(upgrade(m));
        spec.setExtras(m.extras());
        return spec;
    }

    /** {@code upgrade}: a slug (2025) or {@code {"model": slug, ...}} (2026); the rest stays in extras. */
    private static String upgrade(ModelJson m) {
        JsonNode upgrade = m.node().get("upgrade");
        if (upgrade == null || upgrade.isNull()) {
            m.consume("upgrade");
            return null;
        }
        if (upgrade.isTextual()) {
            m.consume("upgrade");
            return Ids.canonical("openai", upgrade.asText());
        }
        String model = m.text("upgrade.model");
        if (model == null) {
            m.problem("upgrade", "neither a slug nor an object with \"model\"");
            return null;
        }
        return Ids.canonical("openai", model);
    }
}
