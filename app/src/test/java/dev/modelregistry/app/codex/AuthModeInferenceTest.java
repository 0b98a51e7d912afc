package dev.modelregistry.app.codex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthModeInferenceTest {

    @TempDir
    Path dir;

    @Test
    void codexApiKeyInTheEnvironmentMeansApiKey() {
        assertThat(AuthModeInference.infer(Map.of("CODEX_API_KEY", "sk-x"), dir.resolve("none.json")).mode()).isEqualTo("api_key");
    }

    @Test
    void anApiKeyInAuthJsonMeansApiKey() throws Exception {
        Path auth = dir.resolve("auth.json");
        Files.writeString(auth, "{\"openai_api_key\": \"sk-y\"}");
        AuthModeInference.Decision d = AuthModeInference.infer(Map.of(), auth);
        assertThat(d.mode()).isEqualTo("api_key");
        assertThat(d.reason()).contains("openai_api_key").doesNotContain("sk-y");
    }

    @Test
    void otherwiseChatGpt() throws Exception {
        assertThat(AuthModeInference.infer(Map.of(), dir.resolve("missing.json")).mode()).isEqualTo("chatgpt");
        Path tokensOnly = dir.resolve("tokens.json");
        Files.writeString(tokensOnly, "{\"tokens\": {\"access_token\": \"t\"}, \"openai_api_key\": null}");
        assertThat(AuthModeInference.infer(Map.of("CODEX_API_KEY", " "), tokensOnly).mode()).isEqualTo("chatgpt");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{not json");
        assertThat(AuthModeInference.infer(Map.of(), broken).mode()).isEqualTo("chatgpt");
    }

    @Test
    void theAuthFileFollowsCodexHome() {
        assertThat(AuthModeInference.defaultAuthFile(Map.of("CODEX_HOME", "/opt/codex"))).isEqualTo(Path.of("/opt/codex/auth.json"));
    }
}
