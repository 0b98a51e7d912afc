package dev.modelregistry.testkit;

import java.time.Duration;

/**
 * Waits in tests for something another process or thread brings about (a port listening, a
 * record folded), polling at a short, growing interval instead of sleeping a fixed time.
 */
public final class Await {

    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration LONGEST_POLL = Duration.ofMillis(500);

    private Await() {
    }

    /** A condition that may not be checkable yet; an exception it throws counts as "not yet". */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @param limit     how long to wait at most
     * @param what      what is awaited, for the failure message
     * @param condition checked at once and then after each pause; an {@link Error} it throws (such as
     *                  a failed assertion that nothing will change) ends the wait at once
     * @throws AssertionError when it does not hold within {@code limit}, with the last exception as cause
     */
    public static void until(Duration limit, String what, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_POLL.toMillis();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + limit + ": " + what
                        + (last == null ? "" : " (last attempt: " + last + ")"), last);
            }
            Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            pause = Math.min(pause * 2, LONGEST_POLL.toMillis());
        }
    }
}
