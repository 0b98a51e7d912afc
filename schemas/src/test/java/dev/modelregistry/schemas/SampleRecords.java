package dev.modelregistry.schemas;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fully populated records for serde tests and benchmarks: every optional field set. */
public final class SampleRecords {

    private SampleRecords() {
    }

    /** @return a price as the schema's decimal: scale 12 */
    public static BigDecimal price(String perMillion) {
        return new BigDecimal(perMillion).setScale(12);
    }

    /** @return a spec with every field group filled, values taken from the Codex and OpenRouter seeds */
    public static ModelSpec fullSpec(String id) {
        return ModelSpec.newBuilder()
                .setId(id)
                .setDisplayName("Codex Mini")
                .setDescription("A fine-tuned o4-mini for the Codex CLI.")
                .setProvider(id.substring(0, id.indexOf('/')))
                .setFamily("codex")
                .setModelType("reasoning")
                .setAliases(List.of("codex-mini", "openai/codex-mini"))
                .setCapabilities(Map.of("tools", true, "streaming", true, "vision", true, "reasoning", true,
                        "parallel_tools", false, "structured_output", true))
                .setLimits(Limits.newBuilder().setContextWindow(128_000L).setMaxInputTokens(100_000L)
                        .setMaxOutputTokens(100_000L).build())
                .setModalitiesIn(List.of("text", "image"))
                .setModalitiesOut(List.of("text"))
                .setEndpoints(List.of("chat", "responses"))
                .setPricing(Pricing.newBuilder().setCurrency("USD")
                        .setInputPerMillion(price("1.50")).setOutputPerMillion(price("6.00"))
                        .setCacheReadPerMillion(price("0.375")).setCacheWritePerMillion(price("1.875"))
                        .setReasoningPerMillion(price("6.00")).setBatchInputPerMillion(price("0.75"))
                        .setBatchOutputPerMillion(price("3.00")).build())
                .setTemperature(TemperatureRule.newBuilder().setKind(TemperatureKind.ONLY).setAllowed(List.of(1.0)).build())
                .setTokenLimitParameter("max_completion_tokens")
                .setReasoning(ReasoningEfforts.newBuilder().setSupported(List.of("low", "medium", "high"))
                        .setDefaultEffort("medium").build())
                .setAvailability(Availability.newBuilder().setAuthModes(List.of("api_key", "chatgpt"))
                        .setDefaultForAuthModes(List.of("chatgpt")).setPlans(List.of("paid"))
                        .setVisibility("list").setPriority(3).setSupportedInApi(true).build())
                .setLifecycle(Lifecycle.newBuilder().setStatus(LifecycleStatus.ACTIVE).setReleaseDate("2025-05-16")
                        .setDeprecationDate("2026-01-01").setRetirementDate("2026-06-01")
                        .setReplacement("openai/gpt-5.1-codex-mini").build())
                .setKnowledgeCutoff("2024-06")
                .setProvenance(Map.of("pricing", "openrouter", "limits", "openrouter", "availability", "presets"))
                .setExtras(Map.of("openrouter:architecture.tokenizer", "\"GPT\""))
                .build();
    }

    public static ModelEvent fullEvent(String id) {
        return ModelEvent.newBuilder()
                .setEventId("e-" + id)
                .setModelId(id)
                .setType(EventType.MODEL_DEPRECATED)
                .setSource("openrouter")
                .setObservedAt(Instant.parse("2026-05-15T10:00:00Z"))
                .setExpectedVersion(3)
                .setSpec(fullSpec(id))
                .setDeprecation(Deprecation.newBuilder().setReason(DeprecationReason.GONE_FROM_SOURCE)
                        .setAnnouncedDate("2026-05-15").setRetirementDate("2026-06-01")
                        .setReplacement("openai/gpt-5.1-codex-mini").build())
                .build();
    }

    public static ModelChange fullChange(String id) {
        return ModelChange.newBuilder()
                .setModelId(id)
                .setVersion(4)
                .setType(EventType.MODEL_CHANGED)
                .setRecordedAt(Instant.parse("2026-05-15T10:00:01Z"))
                .setEventId("e-" + id)
                .setSource("openrouter")
                .setSpec(fullSpec(id))
                .setChanges(List.of(
                        FieldChange.newBuilder().setPath("pricing.inputPerMillion").setKind(ChangeKind.CHANGED)
                                .setOldValue("\"2.0\"").setNewValue("\"1.5\"").build(),
                        FieldChange.newBuilder().setPath("capabilities.vision").setKind(ChangeKind.INTRODUCED)
                                .setNewValue("true").build(),
                        FieldChange.newBuilder().setPath("knowledgeCutoff").setKind(ChangeKind.REMOVED)
                                .setOldValue("\"2024-01\"").build()))
                .setDeprecation(null)
                .build();
    }

    public static ModelState fullState(String id) {
        return ModelState.newBuilder().setModelId(id).setVersion(4)
                .setUpdatedAt(Instant.parse("2026-05-15T10:00:01Z")).setLastEventId("e-" + id)
                .setSpec(fullSpec(id)).build();
    }

    public static Rejection fullRejection(String id) {
        return Rejection.newBuilder().setModelId(id).setEventId("e-" + id).setReasonCode("stale_version")
                .setMessage("expected version 2, model is at 3").setRejectedAt(Instant.parse("2026-05-15T10:00:02Z"))
                .setSourceTopic("model-registry.events.v1").setSourcePartition(0).setSourceOffset(42L)
                .setOriginalBytes(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 7}))
                .build();
    }
}
