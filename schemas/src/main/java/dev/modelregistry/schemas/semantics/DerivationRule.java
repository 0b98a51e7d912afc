package dev.modelregistry.schemas.semantics;

/**
 * Every rule the derivation stage applies, in one table (rendered in the README). A field a
 * rule set carries {@code derived:<id>} in the spec's provenance. A rule only fills what the
 * sources left unknown, except where its text says it overrides.
 */
public enum DerivationRule {
    TYPE_FROM_API_KIND("model type", "type-from-api-kind",
            "a non-chat API kind decides: embedding, moderation, rerank, image (image_generation, image_edit), audio "
                    + "(audio_transcription, audio_speech, realtime), video (video_generation), ocr, search, completion"),
    TYPE_OPENAI_REASONING_FAMILY("model type", "type-openai-reasoning-family",
            "o1, o3, o4, gpt-5 and every later gpt generation, codex-mini; any variant (-mini, -nano, -pro, -codex, -chat) "
                    + "and dated snapshot, on any provider: reasoning"),
    TYPE_REASONING_CAPABILITY("model type", "type-reasoning-capability", "any source says `capabilities.reasoning` is true: reasoning"),
    TYPE_NAME_PATTERN("model type", "type-name-pattern",
            "the name says it: `embed` -> embedding, `moderation` -> moderation, `rerank` -> rerank, claude -> chat, whisper/tts -> audio, "
                    + "dall-e/gpt-image -> image; an OpenAI name ending in `instruct`, babbage-002, davinci-002 -> completion"),
    TYPE_FROM_MODALITIES("model type", "type-from-modalities",
            "text output, a chat or responses API kind, or a chat endpoint: chat; only image output: image; only audio output: "
                    + "audio; video output: video"),
    TOKEN_RESPONSES_ONLY("token-limit parameter", "token-responses-only",
            "served by the Responses API only (besides batch): `max_output_tokens`"),
    TOKEN_ANTHROPIC("token-limit parameter", "token-anthropic",
            "Anthropic's Messages API (provider anthropic; Claude on Bedrock and Vertex): `max_tokens`"),
    TOKEN_GEMINI("token-limit parameter", "token-gemini",
            "Google's generateContent (providers gemini, google, vertex_ai*, except Claude there): `max_output_tokens` "
                    + "(`generationConfig.maxOutputTokens`)"),
    TOKEN_OPENAI_REASONING("token-limit parameter", "token-openai-reasoning",
            "OpenAI's reasoning family on an OpenAI-shaped API (OpenAI, Azure, gateways): `max_completion_tokens`; "
                    + "OpenAI rejects `max_tokens` for these"),
    TOKEN_CHAT("token-limit parameter", "token-chat", "any other chat, reasoning or completion model (OpenAI-compatible APIs): `max_tokens`"),
    TEMPERATURE_FALSE_ON_OPENAI_REASONING("temperature", "temperature-false-on-openai-reasoning",
            "overrides a source's \"temperature not accepted\" (models.dev `temperature: false`, OpenRouter without "
                    + "`temperature` in `supported_parameters`, LiteLLM `supports_sampling_params: false`) on OpenAI's reasoning "
                    + "family: only [1.0] (OpenAI accepts the default 1.0 and refuses other values)"),
    TEMPERATURE_NO_SAMPLING("temperature", "temperature-no-sampling-params",
            "LiteLLM says sampling parameters are not accepted: none"),
    TEMPERATURE_OPENAI_REASONING("temperature", "temperature-openai-reasoning", "OpenAI's reasoning family, no source states a rule: only [1.0]"),
    TEMPERATURE_NON_GENERATIVE("temperature", "temperature-non-generative",
            "overrides sources: embedding, moderation and rerank models take no temperature (none)"),
    TEMPERATURE_CHAT("temperature", "temperature-chat", "a chat or completion model no source states a rule for: any"),
    ENDPOINTS_FROM_API_KIND("endpoints", "endpoints-from-api-kind",
            "no source lists endpoints: the API kind's (chat -> chat, responses -> responses, completion -> completions, "
                    + "embedding -> embeddings, moderation -> moderations, rerank -> rerank, image_generation -> images_generations, ...)"),
    NON_GENERATIVE("endpoints, capabilities", "non-generative",
            "overrides sources: embedding, moderation and rerank models serve no chat, completions or responses endpoint, "
                    + "and have tools and streaming false"),
    STREAMING_PROVIDER_API("capabilities", "streaming-provider-api",
            "chat, reasoning and completion models of anthropic, ollama and openrouter, whose APIs stream every such model: streaming true "
                    + "unless a source says otherwise"),
    BASE_DATED_SNAPSHOT("base model", "base-dated-snapshot",
            "a dated snapshot (-2024-08-06, -20241022, @20240620, -0613) -> the undated model of the same provider, if it exists"),
    BASE_OPENROUTER_CANONICAL("base model", "base-openrouter-canonical-slug",
            "OpenRouter's `canonical_slug` (or its undated form) names the maker's model, if it exists"),
    BASE_SAME_MODEL_ELSEWHERE("base model", "base-same-model-elsewhere",
            "an offering by another provider (azure/gpt-4o, openrouter/openai/gpt-4o, bedrock/us.anthropic.claude-...) -> the "
                    + "model of that name at its maker (openai, anthropic, gemini, google, mistral, xai, deepseek, cohere, "
                    + "moonshotai, zai), if it exists; spellings differing only in `.` `-` `_` meet when exactly one matches"),
    INHERIT_FROM_BASE("inheritance", "inherit-from-base",
            "where its own sources are silent, a model takes its base model's type, token-limit parameter and temperature rule"),
    ALIAS_OPENROUTER_TARGET("aliases", "alias-openrouter-target",
            "an OpenRouter `~` entry (`alias_target`) becomes an alias of the model it points to");

    private final String field;
    private final String id;
    private final String rule;

    DerivationRule(String field, String id, String rule) {
        this.field = field;
        this.id = id;
        this.rule = rule;
    }

    /** @return the field or field group the rule fills */
    public String field() {
        return field;
    }

    /** @return the rule's stable id, as it appears in provenance after {@code derived:} */
    public String id() {
        return id;
    }

    /** @return what the rule does, for people */
    public String rule() {
        return rule;
    }

    /** @return the provenance value of a field this rule set */
    public String provenance() {
        return "derived:" + id;
    }

    /** @return the rules as a Markdown table (the README's) */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| field | rule | what it does |\n|---|---|---|\n");
        for (DerivationRule r : values()) {
            out.append("| ").append(r.field).append(" | `").append(r.id).append("` | ").append(r.rule).append(" |\n");
        }
        return out.toString();
    }
}
