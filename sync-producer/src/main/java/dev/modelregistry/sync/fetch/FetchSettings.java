package dev.modelregistry.sync.fetch;

import java.time.Duration;

/**
 * Limits of every remote call.
 *
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout whole-response timeout of one attempt
 * @param maxAttempts attempts per fetch (1 = no retry); retried on timeouts, I/O errors and 5xx
 * @param initialBackoff wait before the second attempt; doubled for each further one
 * @param maxBodyBytes a larger body fails the fetch (protects memory from a runaway endpoint)
 * @param sourceDeadline the longest one source may take, every attempt and wait included; a
 *     source that has not answered by then fails, and the others do not wait for it
 */
public record FetchSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration initialBackoff,
                            long maxBodyBytes, Duration sourceDeadline) {

    /** Settings whose deadline is what the attempts and their waits can take at most. */
    public FetchSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration initialBackoff, long maxBodyBytes) {
        this(connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBodyBytes,
                requestTimeout.multipliedBy(maxAttempts).plus(initialBackoff.multipliedBy((1L << Math.max(0, maxAttempts - 1)) - 1)));
    }

    /** 10 s connect, 30 s per attempt, 3 attempts from 500 ms backoff, 64 MiB bodies, 60 s per source in all. */
    public static FetchSettings defaults() {
        return new FetchSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 3, Duration.ofMillis(500), 64L << 20,
                Duration.ofSeconds(60));
    }

    /** @return these settings with another per-source deadline */
    public FetchSettings withSourceDeadline(Duration deadline) {
        return new FetchSettings(connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBodyBytes, deadline);
    }
}
