package dev.modelregistry.app.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a long-running command started, closed newest first, exactly once, whether the stop
 * comes from SIGINT/SIGTERM (the shutdown hook) or from the command itself.
 */
final class Services implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Services.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** Registers a JVM shutdown hook that stops everything and waits for it. */
    Services withShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "model-registry-shutdown"));
        return this;
    }

    /** @return {@code resource}, now owned by this */
    synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Blocks until a stop is requested (signal or {@link #close()}). */
    void awaitStop() throws InterruptedException {
        stopRequested.await();
    }

    @Override
    public void close() {
        stopRequested.countDown();
        if (!stopping.compareAndSet(false, true)) {
            // A second caller (the shutdown hook while main is closing) waits for the first.
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            AutoCloseable next;
            while ((next = poll()) != null) {
                try {
                    next.close();
                } catch (Exception e) {
                    log.warn("error while stopping {}: {}", next.getClass().getSimpleName(), e.toString());
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private synchronized AutoCloseable poll() {
        return resources.poll();
    }
}
