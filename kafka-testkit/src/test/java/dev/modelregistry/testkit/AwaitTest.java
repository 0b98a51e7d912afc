package dev.modelregistry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsOnceTheConditionHoldsTreatingExceptionsAsNotYet() throws InterruptedException {
        AtomicInteger checks = new AtomicInteger();
        Await.until(Duration.ofSeconds(10), "the third check", () -> {
            int n = checks.incrementAndGet();
            if (n == 1) {
                throw new IOException("not listening yet");
            }
            return n == 3;
        });
        assertThat(checks).hasValue(3);
    }

    @Test
    void failsAfterTheLimitNamingWhatAndTheLastException() {
        IOException refused = new IOException("connection refused");
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(200), "port 1 listening", () -> {
            throw refused;
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("port 1 listening").hasMessageContaining("connection refused").hasCause(refused);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void anErrorFromTheConditionEndsTheWaitAtOnce() {
        AtomicInteger checks = new AtomicInteger();
        assertThatThrownBy(() -> Await.until(Duration.ofMinutes(5), "never", () -> {
            checks.incrementAndGet();
            throw new AssertionError("the process exited");
        })).hasMessage("the process exited");
        assertThat(checks).hasValue(1);
    }
}
