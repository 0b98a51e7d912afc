package dev.modelregistry.app.config;

import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.sync.fetch.CatalogFetcher;
import dev.modelregistry.sync.poll.PolledSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The catalog sources as configuration: {@code source.<name>.url}, {@code .interval},
 * {@code .enabled} and {@code .key.env} for each source, with the real public URLs as defaults.
 * Every URL the registry polls by default is here and nowhere else.
 */
public final class SourcesConfig {

    /** The public catalogs polled by default (checked against each project's docs and repository). */
    static final Map<SourceName, String> DEFAULT_URLS = new EnumMap<>(Map.of(
            SourceName.LITELLM, "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json",
            SourceName.MODELSDEV, "https://models.dev/api.json",
            SourceName.OPENROUTER, "https://openrouter.ai/api/v1/models",
            SourceName.CODEX, "https://raw.githubusercontent.com/openai/codex/main/codex-rs/core/models.json",
            SourceName.OPENAI, "https://api.openai.com/v1/models"));

    private SourcesConfig() {
    }

    /** @return {@code source.<name>.<setting>} */
    public static String key(SourceName source, String setting) {
        return "source." + source.id() + "." + setting;
    }

    static void define(ConfigDef def) {
        for (SourceName s : SourceName.values()) {
            String url = switch (s) {
                case PRESETS -> "Directory of preset YAML files; empty means the presets bundled with the app.";
                case OLLAMA -> "Ollama's /api/tags URL; empty means <api.ollama.url>/api/tags, and not polled when that is empty too.";
                default -> "URL of the " + s.id() + " catalog.";
            };
            def.define(key(s, "url"), Type.STRING, DEFAULT_URLS.getOrDefault(s, ""), Importance.MEDIUM, url);
            def.define(key(s, "interval"), Type.STRING, "1h", Durations.VALIDATOR, Importance.MEDIUM,
                    "How often " + s.id() + " is polled.");
            def.define(key(s, "enabled"), Type.BOOLEAN, true, Importance.MEDIUM,
                    "Poll " + s.id() + (s == SourceName.OPENAI ? " (only when its key variable is set)." : "."));
            def.define(key(s, "key.env"), Type.STRING, java.util.Objects.requireNonNullElse(CatalogFetcher.apiKeyVariable(s.id()), ""), Importance.LOW,
                    "Environment variable whose value is sent to " + s.id() + " as a bearer key" + switch (s) {
                        case OPENAI -> " (required).";
                        case OPENROUTER -> " when set (its model list is public).";
                        default -> "; empty: none.";
                    });
        }
    }

    /**
     * @param bundledPresets the bundled presets' directory, the presets' location by default
     * @param environment where key variables are looked up (only whether they are set)
     * @return every source in precedence order, each polled or saying why not
     */
    public static List<PolledSource> sources(RegistryConfig config, Path bundledPresets, Map<String, String> environment) {
        List<PolledSource> out = new ArrayList<>();
        for (SourceName s : SourceName.values()) {
            String location = config.getString(key(s, "url")).strip();
            if (s == SourceName.PRESETS && location.isEmpty() && bundledPresets != null) {
                location = bundledPresets.toString();
            }
            String ollama = config.getString(RegistryConfig.API_OLLAMA_URL).strip();
            if (s == SourceName.OLLAMA && location.isEmpty() && !ollama.isEmpty()) {
                location = (ollama.endsWith("/") ? ollama.substring(0, ollama.length() - 1) : ollama) + "/api/tags";
            }
            String keyVariable = config.getString(key(s, "key.env")).strip();
            String why = null;
            if (!config.getBoolean(key(s, "enabled"))) {
                why = "switched off (" + key(s, "enabled") + "=false)";
            } else if (location.isEmpty()) {
                why = s == SourceName.OLLAMA ? "no Ollama server: set api.ollama.url or " + key(s, "url") : "no location: set " + key(s, "url");
            } else if (CatalogFetcher.requiresApiKey(s.id()) && (keyVariable.isEmpty() || isBlank(environment.get(keyVariable)))) {
                why = "needs an API key: set " + (keyVariable.isEmpty() ? key(s, "key.env") : keyVariable);
            }
            out.add(new PolledSource(s, location.isEmpty() ? null : location, Durations.parse(config.getString(key(s, "interval"))),
                    keyVariable.isEmpty() ? null : keyVariable, why));
        }
        return out;
    }

    private static boolean isBlank(String v) {
        return v == null || v.isBlank();
    }
}
