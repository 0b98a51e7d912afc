package dev.modelregistry.app.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Codex CLI's auth-mode rule: API key when {@code CODEX_API_KEY} is set or the auth file
 * ({@code auth.json}) holds an OpenAI API key; ChatGPT otherwise. Pure apart from reading the file.
 */
public final class AuthModeInference {

    private AuthModeInference() {
    }

    /** The decision and why, for the user. */
    public record Decision(String mode, String reason) {
    }

    /**
     * @param environment the process environment
     * @param authFile the auth.json to look in; a missing or unreadable file counts as no key
     */
    public static Decision infer(Map<String, String> environment, Path authFile) {
        String key = environment.get("CODEX_API_KEY");
        if (key != null && !key.isBlank()) {
            return new Decision("api_key", "CODEX_API_KEY is set");
        }
        if (authFile != null && Files.isRegularFile(authFile)) {
            try {
                JsonNode auth = new ObjectMapper().readTree(authFile.toFile());
                for (String field : new String[] {"openai_api_key", "OPENAI_API_KEY"}) {
                    if (auth.path(field).isTextual() && !auth.get(field).asText().isBlank()) {
                        return new Decision("api_key", authFile + " has " + field);
                    }
                }
            } catch (IOException e) {
                return new Decision("chatgpt", authFile + " is not readable JSON (" + e.getClass().getSimpleName() + "); using ChatGPT");
            }
        }
        return new Decision("chatgpt", "no API key found (CODEX_API_KEY unset, no key in " + authFile + ")");
    }

    /** @return {@code $CODEX_HOME/auth.json}, or {@code ~/.codex/auth.json} */
    public static Path defaultAuthFile(Map<String, String> environment) {
        String home = environment.get("CODEX_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "auth.json") : Path.of(System.getProperty("user.home"), ".codex", "auth.json");
    }
}
