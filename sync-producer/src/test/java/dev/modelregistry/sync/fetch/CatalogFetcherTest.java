package dev.modelregistry.sync.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.sync.it.CatalogServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The fetcher against a real local HTTP server: conditional requests, 429 and Retry-After, the per-source deadline. */
class CatalogFetcherTest {

    private static final byte[] BODY = "{\"data\": []}".getBytes(StandardCharsets.UTF_8);
    private static final String MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT";

    @Test
    void givenALastModifiedAnswerWhenFetchedAgainThenIfModifiedSinceIsSentAndA304CostsNoBody() throws Exception {
        try (CatalogServer server = new CatalogServer(); CatalogFetcher fetcher = new CatalogFetcher(FetchSettings.defaults())) {
            server.answer("/c.json", new CatalogServer.Answer(200, BODY, "application/json", null, false, MODIFIED, null));
            CatalogFetcher.Fetched first = fetcher.fetch(server.url("/c.json"), null, CatalogFetcher.Validators.NONE);
            assertThat(first.notModified()).isFalse();
            assertThat(first.lastModified()).isEqualTo(MODIFIED);

            CatalogFetcher.Fetched second = fetcher.fetch(server.url("/c.json"), null, new CatalogFetcher.Validators(first.etag(), first.lastModified()));
            assertThat(server.ifModifiedSince("/c.json")).isEqualTo(MODIFIED);
            assertThat(second.notModified()).isTrue();
            assertThat(second.body()).isNull();
            assertThat(second.lastModified()).as("the validator is kept for the next request").isEqualTo(MODIFIED);
        }
    }

    @Test
    void givenA429WithRetryAfterThenTheFetchFailsAtOnceWithTheWaitTheSourceAskedFor() throws Exception {
        try (CatalogServer server = new CatalogServer(); CatalogFetcher fetcher = new CatalogFetcher(FetchSettings.defaults())) {
            server.answer("/busy", new CatalogServer.Answer(429, "slow down".getBytes(StandardCharsets.UTF_8), "text/plain", null, false, null, "120"));
            assertThatThrownBy(() -> fetcher.fetch(server.url("/busy"), null, CatalogFetcher.Validators.NONE))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e.getMessage()).contains("HTTP 429").contains("retry after 120 s");
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                    });
            assertThat(server.hits("/busy")).as("a 429 is not retried on the spot").isEqualTo(1);
        }
    }

    @Test
    void aRetryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(CatalogFetcher.parseRetryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(2));
        assertThat(CatalogFetcher.parseRetryAfter(inTwoMinutes)).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
        assertThat(CatalogFetcher.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).as("a past date: no wait").isEqualTo(Duration.ZERO);
        assertThat(CatalogFetcher.parseRetryAfter("soon")).isNull();
    }

    @Test
    void givenAServerThatNeverAnswersThenTheFetchFailsWhenTheSourcesDeadlinePassesNotAfterEveryAttempt() throws Exception {
        // three attempts of 30 s each would take 90 s; the source's deadline is 2 s
        FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), 3, Duration.ofMillis(200), 1 << 20,
                Duration.ofSeconds(2));
        try (CatalogServer server = new CatalogServer(); CatalogFetcher fetcher = new CatalogFetcher(settings)) {
            server.answer("/hang", new CatalogServer.Answer(200, new byte[0], "application/json", null, true));
            long started = System.nanoTime();
            assertThatThrownBy(() -> fetcher.fetch(server.url("/hang"), null, CatalogFetcher.Validators.NONE))
                    .isInstanceOf(FetchException.class).hasMessageContaining("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the deadline, with slack for a slow machine")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(server.hits("/hang")).isEqualTo(1);
        }
    }
}
