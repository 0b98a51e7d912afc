package dev.modelregistry.schemas.semantics;

/** How a spec says it is its provider's default model: written by the presets, read by sync and the API. */
public final class ProviderDefault {

    /** Extras key, valued {@code "true"}, on a provider's default model (presets' {@code default_model} or {@code defaults.yml}). */
    public static final String EXTRAS_KEY = "presets:provider_default";

    private ProviderDefault() {
    }
}
