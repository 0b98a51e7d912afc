package dev.modelregistry.api.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.catalogs.adapters.OllamaAdapter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An Ollama model's details through a fallback chain, each answer marked with where it came
 * from: the running Ollama's {@code /api/show}, else the registry (presets or a synced
 * {@code /api/tags}), else defaults (context window 4096, streaming), as ExLLM's Ollama registry
 * does. The reasons the earlier steps failed are part of the answer.
 */
public final class OllamaDetails {

    /** Context window of a local model nothing else describes (ExLLM's default). */
    public static final long DEFAULT_CONTEXT_WINDOW = 4096;

    private final String ollamaUrl;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param ollamaUrl base URL of an Ollama server (e.g. http://127.0.0.1:11434), or null for none
     */
    public OllamaDetails(String ollamaUrl, Duration timeout) {
        this.ollamaUrl = ollamaUrl == null || ollamaUrl.isBlank() ? null : ollamaUrl.replaceAll("/+$", "");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The details and their origin. */
    public record Details(String name, String id, Long contextWindow, List<String> capabilities, String source, List<String> fallbacks) {
    }

    /**
     * @param name the Ollama model name, e.g. llama2 or llama2:latest
     * @param registry looks a canonical id up in the registry; returns null when unknown
     */
    public Details details(String name, Function<String, ModelSpec> registry) {
        String id = "ollama/" + (name.endsWith(":latest") ? name.substring(0, name.length() - ":latest".length()) : name).toLowerCase();
        List<String> fallbacks = new ArrayList<>();
        if (ollamaUrl == null) {
            fallbacks.add("ollama_api: no Ollama URL configured (api.ollama.url)");
        } else {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ollamaUrl + "/api/show")).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(Map.of("model", name)))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode show = new ObjectMapper().readTree(r.body());
                    ModelSpec spec = ModelSpec.newBuilder().setId(id).setProvider("ollama")
                            .setLimits(dev.modelregistry.schemas.Limits.newBuilder().build())
                            .setLifecycle(dev.modelregistry.schemas.Lifecycle.newBuilder().build()).build();
                    OllamaAdapter.withShow(spec, show);
                    return new Details(name, id, spec.getLimits().getContextWindow(), capabilities(spec), "ollama_api", fallbacks);
                }
                fallbacks.add("ollama_api: HTTP " + r.statusCode());
            } catch (IOException e) {
                fallbacks.add("ollama_api: unreachable (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fallbacks.add("ollama_api: interrupted");
            }
        }
        ModelSpec known = registry.apply(id);
        if (known != null) {
            return new Details(name, id, known.getLimits().getContextWindow(), capabilities(known), "registry", fallbacks);
        }
        fallbacks.add("registry: " + id + " is not in the registry");
        return new Details(name, id, DEFAULT_CONTEXT_WINDOW, List.of("streaming"), "default", fallbacks);
    }

    private static List<String> capabilities(ModelSpec spec) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(spec.getCapabilities()).forEach((k, v) -> {
            if (Boolean.TRUE.equals(v)) {
                out.add(k);
            }
        });
        return out;
    }
}
