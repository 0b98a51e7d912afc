package dev.modelregistry.schemas.semantics;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.schemas.TemperatureRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code derive(merged)}: fills the semantic fields of every model (type, token-limit parameter,
 * temperature rule, endpoints, a few capabilities, base model, aliases) from the rules of
 * {@link DerivationRule}, marking each value it sets {@code derived:<rule>} in provenance. A
 * value a source gave is kept, except where a rule says it overrides. Pure: the input specs are
 * not changed; the same input gives the same output.
 */
public final class Derivation {

    /** Model types that generate text and take generation parameters. */
    public static final Set<String> GENERATIVE = Set.of("chat", "reasoning", "completion");
    /** Model types that serve no chat-like endpoint. */
    public static final Set<String> NON_GENERATIVE = Set.of("embedding", "moderation", "rerank");
    /** Every model type the derivation can give. */
    public static final List<String> TYPES = List.of("chat", "reasoning", "completion", "embedding", "moderation", "rerank", "image",
            "audio", "video", "ocr", "search");

    private static final Map<String, String> TYPE_OF_API_KIND = Map.ofEntries(
            Map.entry("embedding", "embedding"), Map.entry("moderation", "moderation"), Map.entry("rerank", "rerank"),
            Map.entry("image_generation", "image"), Map.entry("image_edit", "image"), Map.entry("audio_transcription", "audio"),
            Map.entry("audio_speech", "audio"), Map.entry("realtime", "audio"), Map.entry("video_generation", "video"),
            Map.entry("ocr", "ocr"), Map.entry("search", "search"), Map.entry("completion", "completion"));

    private static final Map<String, String> ENDPOINT_OF_API_KIND = Map.ofEntries(
            Map.entry("chat", "chat"), Map.entry("responses", "responses"), Map.entry("completion", "completions"),
            Map.entry("embedding", "embeddings"), Map.entry("moderation", "moderations"), Map.entry("rerank", "rerank"),
            Map.entry("image_generation", "images_generations"), Map.entry("image_edit", "images_edits"),
            Map.entry("audio_transcription", "audio_transcriptions"), Map.entry("audio_speech", "audio_speech"),
            Map.entry("realtime", "realtime"), Map.entry("video_generation", "videos"), Map.entry("ocr", "ocr"), Map.entry("search", "search"));

    /** The maker's provider ids (first existing wins) for a slug's family. */
    private static final List<Map.Entry<Pattern, List<String>>> MAKERS = List.of(
            Map.entry(Pattern.compile("^claude.*"), List.of("anthropic")),
            Map.entry(Pattern.compile("^(gemini|gemma|imagen|veo).*"), List.of("gemini", "google")),
            Map.entry(Pattern.compile("^(mistral|mixtral|codestral|ministral|magistral|devstral|pixtral|voxtral).*"), List.of("mistral")),
            Map.entry(Pattern.compile("^grok.*"), List.of("xai")),
            Map.entry(Pattern.compile("^deepseek.*"), List.of("deepseek")),
            Map.entry(Pattern.compile("^(command|c4ai|embed-|rerank-).*"), List.of("cohere")),
            Map.entry(Pattern.compile("^(kimi|moonshot).*"), List.of("moonshotai", "moonshot")),
            Map.entry(Pattern.compile("^glm.*"), List.of("zai")));

    /** OpenRouter's vendor names -> the maker's provider ids. */
    private static final Map<String, List<String>> OPENROUTER_VENDORS = Map.of(
            "openai", List.of("openai"), "anthropic", List.of("anthropic"), "google", List.of("gemini", "google"),
            "x-ai", List.of("xai"), "mistralai", List.of("mistral"), "deepseek", List.of("deepseek"), "cohere", List.of("cohere"),
            "moonshotai", List.of("moonshotai", "moonshot"), "z-ai", List.of("zai"));

    private static final Set<String> GEMINI_PROVIDERS = Set.of("gemini", "google", "google-vertex");

    private Derivation() {
    }

    /**
     * @param merged merged specs by id (not changed)
     * @return the same ids with derived fields filled in, in the same order
     */
    public static Map<String, ModelSpec> deriveAll(Map<String, ModelSpec> merged) {
        Map<String, ModelSpec> out = new LinkedHashMap<>();
        merged.forEach((id, spec) -> out.put(id, ModelSpec.newBuilder(spec).build()));
        Index index = new Index(out.keySet());
        Map<String, String[]> bases = new HashMap<>();
        for (ModelSpec spec : out.values()) {
            if (spec.getBaseModel() == null) {
                baseOf(spec, index).ifPresent(b -> bases.put(spec.getId(), b));
            }
        }
        // A base is always a root: follow a dated snapshot's link once more.
        bases.forEach((id, b) -> {
            String[] further = bases.get(b[0]);
            if (further != null && !further[0].equals(id)) {
                b[0] = further[0];
            }
            ModelSpec spec = out.get(id);
            spec.setBaseModel(b[0]);
            provenance(spec).put("baseModel", b[1]);
        });
        aliases(out);
        // Bases first, so that an offering can inherit what its base was given or derived.
        for (ModelSpec spec : out.values()) {
            if (spec.getBaseModel() == null) {
                deriveOne(spec, null);
            }
        }
        for (ModelSpec spec : out.values()) {
            if (spec.getBaseModel() != null) {
                deriveOne(spec, out.get(spec.getBaseModel()));
            }
        }
        return out;
    }

    /**
     * Derives one model on its own (no base model, no other models): what the rules say about an
     * id the registry does not know.
     *
     * @param spec a spec with at least id and provider (not changed)
     * @return a copy with the derived fields
     */
    public static ModelSpec deriveAlone(ModelSpec spec) {
        ModelSpec copy = ModelSpec.newBuilder(spec).build();
        deriveOne(copy, null);
        return copy;
    }

    // ------------------------------------------------------------------ one model

    private static void deriveOne(ModelSpec spec, ModelSpec base) {
        Map<String, String> prov = provenance(spec);
        String id = spec.getId();
        boolean openAiReasoning = ModelNames.isOpenAiReasoning(id);
        String apiKind = spec.getApiKind() == null ? null : spec.getApiKind().toLowerCase(Locale.ROOT);
        Map<String, Boolean> caps = new LinkedHashMap<>(spec.getCapabilities());

        if (spec.getModelType() == null) {
            String slug = ModelNames.slug(id);
            if (apiKind != null && TYPE_OF_API_KIND.containsKey(apiKind)) {
                set(spec, prov, "modelType", TYPE_OF_API_KIND.get(apiKind), DerivationRule.TYPE_FROM_API_KIND);
            } else if (openAiReasoning) {
                set(spec, prov, "modelType", "reasoning", DerivationRule.TYPE_OPENAI_REASONING_FAMILY);
            } else if (Boolean.TRUE.equals(caps.get("reasoning"))) {
                set(spec, prov, "modelType", "reasoning", DerivationRule.TYPE_REASONING_CAPABILITY);
            } else if (base != null && base.getModelType() != null) {
                set(spec, prov, "modelType", base.getModelType(), DerivationRule.INHERIT_FROM_BASE);
            } else if (typeByName(id, slug) != null) {
                set(spec, prov, "modelType", typeByName(id, slug), DerivationRule.TYPE_NAME_PATTERN);
            } else if (typeByModalities(spec, apiKind) != null) {
                set(spec, prov, "modelType", typeByModalities(spec, apiKind), DerivationRule.TYPE_FROM_MODALITIES);
            }
        }
        String type = spec.getModelType();

        if (spec.getEndpoints().isEmpty() && apiKind != null && ENDPOINT_OF_API_KIND.containsKey(apiKind)) {
            spec.setEndpoints(List.of(ENDPOINT_OF_API_KIND.get(apiKind)));
            prov.put("endpoints", DerivationRule.ENDPOINTS_FROM_API_KIND.provenance());
        }
        if (type != null && NON_GENERATIVE.contains(type)) {
            List<String> endpoints = new ArrayList<>(spec.getEndpoints());
            if (endpoints.removeAll(List.of("chat", "completions", "responses"))) {
                spec.setEndpoints(endpoints);
                prov.put("endpoints", DerivationRule.NON_GENERATIVE.provenance());
            }
            for (String c : List.of("tools", "streaming")) {
                if (!Boolean.FALSE.equals(caps.get(c))) {
                    caps.put(c, false);
                    prov.put("capabilities." + c, DerivationRule.NON_GENERATIVE.provenance());
                }
            }
        }
        if (type != null && GENERATIVE.contains(type) && !caps.containsKey("streaming")
                && Set.of("anthropic", "ollama", "openrouter").contains(spec.getProvider())) {
            caps.put("streaming", true);
            prov.put("capabilities.streaming", DerivationRule.STREAMING_PROVIDER_API.provenance());
        }
        spec.setCapabilities(caps);

        if (spec.getTokenLimitParameter() == null && type != null && GENERATIVE.contains(type)) {
            String param;
            DerivationRule rule;
            boolean claude = ModelNames.slug(id).startsWith("claude");
            List<String> served = spec.getEndpoints().stream().filter(e -> !e.equals("batch")).toList();
            if (served.equals(List.of("responses"))) {
                param = "max_output_tokens";
                rule = DerivationRule.TOKEN_RESPONSES_ONLY;
            } else if (spec.getProvider().equals("anthropic") || claude) {
                param = "max_tokens";
                rule = DerivationRule.TOKEN_ANTHROPIC;
            } else if (GEMINI_PROVIDERS.contains(spec.getProvider()) || spec.getProvider().startsWith("vertex_ai")) {
                param = "max_output_tokens";
                rule = DerivationRule.TOKEN_GEMINI;
            } else if (base != null && base.getTokenLimitParameter() != null
                    // max_output_tokens is the Responses API's: an offering that is not responses-only (the rule
                    // above) is called through chat, whatever its base is called through.
                    && !base.getTokenLimitParameter().equals("max_output_tokens")) {
                param = base.getTokenLimitParameter();
                rule = DerivationRule.INHERIT_FROM_BASE;
            } else if (openAiReasoning) {
                param = "max_completion_tokens";
                rule = DerivationRule.TOKEN_OPENAI_REASONING;
            } else {
                param = "max_tokens";
                rule = DerivationRule.TOKEN_CHAT;
            }
            set(spec, prov, "tokenLimitParameter", param, rule);
        }

        temperature(spec, base, prov, type, openAiReasoning, caps);
    }

    private static void temperature(ModelSpec spec, ModelSpec base, Map<String, String> prov, String type, boolean openAiReasoning,
                                    Map<String, Boolean> caps) {
        TemperatureRule rule = spec.getTemperature();
        boolean known = rule != null && rule.getKind() != TemperatureKind.UNKNOWN;
        String from = prov.getOrDefault("temperature.kind", "");
        if (type != null && NON_GENERATIVE.contains(type)) {
            if (!known || rule.getKind() != TemperatureKind.NONE) {
                setTemperature(spec, prov, TemperatureKind.NONE, List.of(), DerivationRule.TEMPERATURE_NON_GENERATIVE);
            }
            return;
        }
        if (known) {
            // A boolean "not accepted" from a catalog means "only the default" on OpenAI's reasoning models.
            if (rule.getKind() == TemperatureKind.NONE && openAiReasoning && !from.equals("presets") && !from.equals("api")) {
                setTemperature(spec, prov, TemperatureKind.ONLY, List.of(1.0), DerivationRule.TEMPERATURE_FALSE_ON_OPENAI_REASONING);
            }
            return;
        }
        if (Boolean.FALSE.equals(caps.get("sampling_params"))) {
            if (openAiReasoning) {
                setTemperature(spec, prov, TemperatureKind.ONLY, List.of(1.0), DerivationRule.TEMPERATURE_FALSE_ON_OPENAI_REASONING);
            } else {
                setTemperature(spec, prov, TemperatureKind.NONE, List.of(), DerivationRule.TEMPERATURE_NO_SAMPLING);
            }
        } else if (base != null && base.getTemperature() != null && base.getTemperature().getKind() != TemperatureKind.UNKNOWN) {
            setTemperature(spec, prov, base.getTemperature().getKind(), base.getTemperature().getAllowed(), DerivationRule.INHERIT_FROM_BASE);
        } else if (openAiReasoning && type != null && type.equals("reasoning")) {
            setTemperature(spec, prov, TemperatureKind.ONLY, List.of(1.0), DerivationRule.TEMPERATURE_OPENAI_REASONING);
        } else if (type != null && (type.equals("chat") || type.equals("completion"))) {
            setTemperature(spec, prov, TemperatureKind.ANY, List.of(), DerivationRule.TEMPERATURE_CHAT);
        }
    }

    private static void setTemperature(ModelSpec spec, Map<String, String> prov, TemperatureKind kind, List<Double> allowed,
                                       DerivationRule rule) {
        spec.setTemperature(TemperatureRule.newBuilder().setKind(kind).setAllowed(new ArrayList<>(allowed)).build());
        prov.put("temperature.kind", rule.provenance());
        if (allowed.isEmpty()) {
            prov.remove("temperature.allowed");
        } else {
            prov.put("temperature.allowed", rule.provenance());
        }
    }

    private static String typeByName(String id, String slug) {
        if (slug.contains("embed")) {
            return "embedding";
        }
        if (slug.contains("moderation")) {
            return "moderation";
        }
        if (slug.contains("rerank")) {
            return "rerank";
        }
        if (slug.startsWith("claude")) {
            return "chat"; // every Claude model is served by the Messages API
        }
        if (ModelNames.isOpenAiFamily(id)) {
            if (slug.startsWith("whisper") || slug.startsWith("tts-")) {
                return "audio";
            }
            if (slug.startsWith("dall-e") || slug.startsWith("gpt-image")) {
                return "image";
            }
            if (slug.endsWith("instruct") || slug.equals("babbage-002") || slug.equals("davinci-002")) {
                return "completion";
            }
        }
        return null;
    }

    private static String typeByModalities(ModelSpec spec, String apiKind) {
        List<String> out = spec.getModalitiesOut();
        if ("chat".equals(apiKind) || "responses".equals(apiKind) || out.contains("text") || spec.getEndpoints().contains("chat")) {
            return "chat";
        }
        if (!out.isEmpty() && out.stream().allMatch("image"::equals)) {
            return "image";
        }
        if (!out.isEmpty() && out.stream().allMatch("audio"::equals)) {
            return "audio";
        }
        if (out.contains("video")) {
            return "video";
        }
        return null;
    }

    // ------------------------------------------------------------------ base models

    /** Ids by provider and loose slug key. */
    private static final class Index {
        private final Set<String> ids;
        private final Map<String, Map<String, List<String>>> byProviderKey = new HashMap<>();

        Index(Set<String> ids) {
            this.ids = ids;
            for (String id : ids) {
                int slash = id.indexOf('/');
                byProviderKey.computeIfAbsent(id.substring(0, slash), k -> new HashMap<>())
                        .computeIfAbsent(ModelNames.looseKey(id.substring(slash + 1)), k -> new ArrayList<>()).add(id);
            }
        }

        /** @return maker/slug, else maker/undated slug, else the one loose match; never {@code self} */
        Optional<String> find(List<String> makers, String slug, String self) {
            for (String maker : makers) {
                for (String candidate : candidates(slug)) {
                    String id = maker + "/" + candidate;
                    if (ids.contains(id) && !id.equals(self)) {
                        return Optional.of(id);
                    }
                    List<String> loose = byProviderKey.getOrDefault(maker, Map.of()).getOrDefault(ModelNames.looseKey(candidate), List.of());
                    if (loose.size() == 1 && !loose.get(0).equals(self)) {
                        return Optional.of(loose.get(0));
                    }
                }
            }
            return Optional.empty();
        }

        private static List<String> candidates(String slug) {
            List<String> out = new ArrayList<>();
            out.add(slug);
            ModelNames.undated(slug).ifPresent(out::add);
            return out;
        }
    }

    /** @return {base id, provenance} */
    private static Optional<String[]> baseOf(ModelSpec spec, Index index) {
        String id = spec.getId();
        String provider = spec.getProvider();
        String slug = ModelNames.slug(id);
        List<String> makers = makersOf(id, slug);
        if (makers.contains(provider) && id.indexOf('/') == id.lastIndexOf('/')) {
            // The maker's own model: only a dated snapshot has a base.
            return ModelNames.undated(slug).map(u -> provider + "/" + u).filter(index.ids::contains).filter(b -> !b.equals(id))
                    .map(b -> new String[] {b, DerivationRule.BASE_DATED_SNAPSHOT.provenance()});
        }
        String canonical = unquote(spec.getExtras().get("openrouter:canonical_slug"));
        if (canonical != null && canonical.contains("/")) {
            String vendor = canonical.substring(0, canonical.indexOf('/'));
            List<String> vendorMakers = OPENROUTER_VENDORS.get(vendor);
            if (vendorMakers != null) {
                Optional<String> found = index.find(vendorMakers, canonical.substring(canonical.indexOf('/') + 1), id);
                if (found.isPresent()) {
                    return found.map(b -> new String[] {b, DerivationRule.BASE_OPENROUTER_CANONICAL.provenance()});
                }
            }
        }
        if (makers.isEmpty()) {
            return Optional.empty();
        }
        return index.find(makers, slug, id).map(b -> new String[] {b, DerivationRule.BASE_SAME_MODEL_ELSEWHERE.provenance()});
    }

    private static List<String> makersOf(String id, String slug) {
        if (ModelNames.isOpenAiFamily(id) && !slug.startsWith("gpt-oss")) {
            return List.of("openai");
        }
        Optional<String> vendor = ModelNames.vendorPrefix(id);
        if (vendor.isPresent() && vendor.get().equals("anthropic")) {
            return List.of("anthropic");
        }
        for (Map.Entry<Pattern, List<String>> m : MAKERS) {
            if (m.getKey().matcher(slug).matches()) {
                return m.getValue();
            }
        }
        return List.of();
    }

    // ------------------------------------------------------------------ aliases

    private static void aliases(Map<String, ModelSpec> specs) {
        for (ModelSpec spec : specs.values()) {
            String target = spec.getExtras().get("openrouter:alias_target");
            if (target == null || !spec.getId().startsWith("openrouter/~")) {
                continue;
            }
            String slug = slugOfTarget(target);
            ModelSpec to = slug == null ? null : specs.get("openrouter/" + slug);
            if (to == null) {
                continue;
            }
            TreeSet<String> aliases = new TreeSet<>(to.getAliases());
            if (aliases.add(spec.getId().substring("openrouter/".length()))) {
                to.setAliases(new ArrayList<>(aliases));
                provenance(to).put("aliases", DerivationRule.ALIAS_OPENROUTER_TARGET.provenance());
            }
        }
    }

    private static String slugOfTarget(String json) {
        java.util.regex.Matcher m = Pattern.compile("\"slug\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> provenance(ModelSpec spec) {
        Map<String, String> p = spec.getProvenance();
        if (!(p instanceof TreeMap)) {
            p = new TreeMap<>(p);
            spec.setProvenance(p);
        }
        return p;
    }

    private static void set(ModelSpec spec, Map<String, String> prov, String field, String value, DerivationRule rule) {
        switch (field) {
            case "modelType" -> spec.setModelType(value);
            case "tokenLimitParameter" -> spec.setTokenLimitParameter(value);
            default -> throw new IllegalArgumentException(field);
        }
        prov.put(field, rule.provenance());
    }

    private static String unquote(String json) {
        if (json == null || json.length() < 2 || !json.startsWith("\"")) {
            return null;
        }
        return json.substring(1, json.length() - 1).toLowerCase(Locale.ROOT);
    }
}
