package dev.modelregistry.catalogs.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The catalog sources the sync understands, in the default merge precedence (presets first). */
public enum SourceName {
    PRESETS, CODEX, OPENAI, OPENROUTER, MODELSDEV, LITELLM, OLLAMA;

    /** @return the lower-case name used on the command line and in provenance */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the valid choices if {@code name} is none of them
     */
    public static SourceName parse(String name) {
        for (SourceName s : values()) {
            if (s.id().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown source '" + name + "'; choose one of "
                + Arrays.stream(values()).map(SourceName::id).collect(Collectors.joining(", ")));
    }
}
