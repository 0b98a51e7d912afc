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
 */
public record FetchSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration initialBackoff,
                            long maxBodyBytes) {

    /** 10 s connect, 60 s per attempt, 3 attempts from 500 ms backoff, 64 MiB bodies. */
    public static FetchSettings defaults() {
        return new FetchSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 3, Duration.ofMillis(500), 64L << 20);
    }
}
