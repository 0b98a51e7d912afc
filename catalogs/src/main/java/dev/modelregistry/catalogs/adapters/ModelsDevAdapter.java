package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.PriceTier;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.schemas.TemperatureRule;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * models.dev's {@code api.json}: {@code {providerId: {id, name, models: {modelId: {...}}}}}, prices
 * already per million tokens under {@code cost}, limits under {@code limit}. Ids are
 * {@code providerId/modelId}.
 *
 * <p>Inventory of the keys in the bundled snapshots (2025-08 .. 2026-07): mapped {@code name},
 * {@code family}, {@code tool_call}, {@code reasoning}, {@code structured_output},
 * {@code attachment}, {@code modalities.input/output} (vision, audio and PDF input, audio output),
 * {@code limit.context/input/output} (the placeholder 0 of image models is dropped in the merge),
 * {@code cost.input/output/cache_read/cache_write/reasoning/input_audio/output_audio}, {@code cost.tiers} (context-size tiers
 * -> {@code pricing.tiers}), {@code temperature} (true: any;
 * false: not accepted, which the derivation reads as only [1.0] on OpenAI's reasoning family),
 * {@code knowledge}, {@code release_date}, {@code status} (deprecated). Kept in extras on purpose:
 * {@code open_weights}, {@code interleaved}, {@code reasoning_options}, {@code experimental},
 * {@code last_updated}, {@code provider} (SDK package and base URL), {@code status} beta/alpha,
 * other prices ({@code cost.context_over_200k} ...).
 */
public final class ModelsDevAdapter implements CatalogAdapter {

    @Override
    public SourceName source() {
        return SourceName.MODELSDEV;
    }

    @Override
    public AdapterResult parse(byte[] body) throws CatalogFormatException {
        JsonNode root = JsonCatalogs.requireObject(JsonCatalogs.parse(body, "modelsdev"), "modelsdev");
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        List<AdapterResult.Unreadable> unreadable = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> providers = root.fields(); providers.hasNext(); ) {
            Map.Entry<String, JsonNode> p = providers.next();
            JsonNode models = p.getValue().path("models");
            if (!models.isObject()) {
                unreadable.add(new AdapterResult.Unreadable(p.getKey(), "models", "provider has no models object"));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String id = Ids.canonical(p.getKey(), e.getKey());
                if (!e.getValue().isObject() || !Ids.usable(id)) {
                    unreadable.add(new AdapterResult.Unreadable(id, "(model)", "not an object or not usable as an id"));
                    continue;
                }
                specs.putIfAbsent(id, spec(id, new ModelJson(source().id(), id, e.getValue(), unreadable)));
            }
        }
        return new AdapterResult(new ArrayList<>(specs.values()), unreadable);
    }

    private static ModelSpec spec(String id, ModelJson m) {
        m.consume("id");
        Map<String, Boolean> capabilities = Specs.capabilities();
        Specs.capability(capabilities, "tools", m.flag("tool_call"));
        Specs.capability(capabilities, "reasoning", m.flag("reasoning"));
        Specs.capability(capabilities, "structured_output", m.flag("structured_output"));
        Specs.capability(capabilities, "attachments", m.flag("attachment"));
        List<String> in = Specs.sortedLower(m.texts("modalities.input"));
        List<String> out = Specs.sortedLower(m.texts("modalities.output"));
        if (!in.isEmpty()) {
            capabilities.put("vision", in.contains("image"));
            capabilities.put("audio_input", in.contains("audio"));
            capabilities.put("pdf_input", in.contains("pdf"));
        }
        if (!out.isEmpty()) {
            capabilities.put("audio_output", out.contains("audio"));
        }
        Boolean temperature = m.flag("temperature");
        ModelSpec spec = Specs.start(id)
                .setDisplayName(m.text("name"))
                .setFamily(m.text("family"))
                .setCapabilities(capabilities)
                .setModalitiesIn(in)
                .setModalitiesOut(out)
                .setLimits(Limits.newBuilder().setContextWindow(m.count("limit.context"))
                        .setMaxInputTokens(m.count("limit.input")).setMaxOutputTokens(m.count("limit.output")).build())
                .setPricing(pricing(m))
                .setTemperature(temperature == null ? null : TemperatureRule.newBuilder()
                        .setKind(temperature ? TemperatureKind.ANY : TemperatureKind.NONE).setAllowed(List.of()).build())
                .setKnowledgeCutoff(m.text("knowledge"))
                .build();
        spec.getLifecycle().setReleaseDate(m.text("release_date"));
        String status = m.text("status");
        boolean deprecated = "deprecated".equalsIgnoreCase(status);
        if (deprecated) {
            spec.getLifecycle().setStatus(LifecycleStatus.DEPRECATED);
        }
        Map<String, String> extras = m.extras();
        if (status != null && !deprecated) {
            extras.put("modelsdev:status", com.fasterxml.jackson.databind.node.TextNode.valueOf(status).toString());
        }
        spec.setExtras(extras);
        return spec;
    }

    /** {@code cost}, with {@code cost.tiers[].tier.size} as the prompt size above which a tier applies. */
    private static Pricing pricing(ModelJson m) {
        Map<String, PriceTier> tiers = Specs.tiers(m.objects("cost.tiers"), tier -> {
            String type = tier.text("tier.type");
            Long size = tier.count("tier.size");
            if (size == null || (type != null && !type.equals("context"))) {
                tier.problem("tier", "only context-size tiers are understood");
                return null;
            }
            return size;
        }, tier -> PriceTier.newBuilder()
                .setInputPerMillion(tier.perMillion("input"))
                .setOutputPerMillion(tier.perMillion("output"))
                .setCacheReadPerMillion(tier.perMillion("cache_read"))
                .setCacheWritePerMillion(tier.perMillion("cache_write")));
        return Specs.pricing(Pricing.newBuilder()
                .setInputPerMillion(m.perMillion("cost.input"))
                .setOutputPerMillion(m.perMillion("cost.output"))
                .setCacheReadPerMillion(m.perMillion("cost.cache_read"))
                .setCacheWritePerMillion(m.perMillion("cost.cache_write"))
                .setReasoningPerMillion(m.perMillion("cost.reasoning"))
                .setAudioInputPerMillion(m.perMillion("cost.input_audio"))
                .setAudioOutputPerMillion(m.perMillion("cost.output_audio"))
                .setTiers(tiers));
    }
}
