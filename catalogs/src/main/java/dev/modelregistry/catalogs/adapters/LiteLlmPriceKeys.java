package dev.modelregistry.catalogs.adapters;

import java.util.List;
import java.util.Optional;

/**
 * LiteLLM's price keys and the spec's price fields they fill, in one place for reading its map
 * ({@link LiteLlmAdapter}) and writing one (the registry's LiteLLM export).
 */
public final class LiteLlmPriceKeys {

    /**
     * @param key      LiteLLM's key, e.g. {@code input_cost_per_token}
     * @param field    the field of {@code Pricing} (or {@code PriceTier}) it fills
     * @param perToken true when LiteLLM gives USD per token and the field holds USD per million;
     *                 false for a price per unit (a request, an image), taken as given
     */
    public record Key(String key, String field, boolean perToken) {
    }

    /**
     * A model's own prices. The price per web search ({@code search_context_cost_per_query}) is
     * not here: LiteLLM gives one per search context size.
     */
    public static final List<Key> BASE = List.of(
            new Key("input_cost_per_token", "inputPerMillion", true),
            new Key("output_cost_per_token", "outputPerMillion", true),
            new Key("cache_read_input_token_cost", "cacheReadPerMillion", true),
            new Key("cache_creation_input_token_cost", "cacheWritePerMillion", true),
            new Key("cache_creation_input_token_cost_above_1hr", "cacheWrite1hPerMillion", true),
            new Key("output_cost_per_reasoning_token", "reasoningPerMillion", true),
            new Key("input_cost_per_token_batches", "batchInputPerMillion", true),
            new Key("output_cost_per_token_batches", "batchOutputPerMillion", true),
            new Key("input_cost_per_token_priority", "priorityInputPerMillion", true),
            new Key("output_cost_per_token_priority", "priorityOutputPerMillion", true),
            new Key("cache_read_input_token_cost_priority", "priorityCacheReadPerMillion", true),
            new Key("input_cost_per_token_flex", "flexInputPerMillion", true),
            new Key("output_cost_per_token_flex", "flexOutputPerMillion", true),
            new Key("cache_read_input_token_cost_flex", "flexCacheReadPerMillion", true),
            new Key("input_cost_per_request", "perRequest", false),
            new Key("input_cost_per_audio_token", "audioInputPerMillion", true),
            new Key("output_cost_per_audio_token", "audioOutputPerMillion", true),
            new Key("input_cost_per_image_token", "imageInputPerMillion", true),
            new Key("output_cost_per_image_token", "imageOutputPerMillion", true),
            new Key("input_cost_per_image", "perInputImage", false),
            new Key("output_cost_per_image", "perOutputImage", false));

    /** A long-context tier's prices, each under {@link #above} its key. */
    public static final List<Key> TIER = List.of(
            new Key("input_cost_per_token", "inputPerMillion", true),
            new Key("output_cost_per_token", "outputPerMillion", true),
            new Key("cache_read_input_token_cost", "cacheReadPerMillion", true),
            new Key("cache_creation_input_token_cost", "cacheWritePerMillion", true),
            new Key("cache_creation_input_token_cost_above_1hr", "cacheWrite1hPerMillion", true));

    /** The priority service tier's prices past a threshold, each under {@link #above} its key with {@code priority}. */
    public static final List<Key> TIER_PRIORITY = List.of(
            new Key("input_cost_per_token", "priorityInputPerMillion", true),
            new Key("output_cost_per_token", "priorityOutputPerMillion", true),
            new Key("cache_read_input_token_cost", "priorityCacheReadPerMillion", true));

    private LiteLlmPriceKeys() {
    }

    /**
     * @param threshold prompt tokens, a whole number of thousands
     * @return {@code <key>_above_<N>k_tokens}, with {@code _priority} after it for the priority tier
     */
    public static String above(String key, long threshold, boolean priority) {
        return key + "_above_" + threshold / 1000 + "k_tokens" + (priority ? "_priority" : "");
    }

    /** @return the entry of {@code keys} for LiteLLM's key {@code key}, if there is one */
    static Optional<Key> find(List<Key> keys, String key) {
        return keys.stream().filter(k -> k.key().equals(key)).findFirst();
    }
}
