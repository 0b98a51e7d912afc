package dev.modelregistry.sync.poll;

import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.sync.fetch.CatalogFetcher;
import dev.modelregistry.sync.run.SyncRun;
import java.time.Duration;

/**
 * One configured catalog source.
 *
 * @param location its URL, or a file or directory (the presets)
 * @param interval how often it is polled; positive
 * @param keyVariable environment variable whose value is sent as a bearer key, or null
 * @param notPolledBecause why it is not polled (a missing key or URL, or switched off), or null
 *     when it is
 */
public record PolledSource(SourceName name, String location, Duration interval, String keyVariable, String notPolledBecause) {

    /** @return true if the poller reads it */
    public boolean polled() {
        return notPolledBecause == null;
    }

    /** @return the location fit for logs and answers: a URL loses its query string and user info */
    public String displayLocation() {
        if (location == null || location.isBlank()) {
            return null;
        }
        return location.startsWith("http://") || location.startsWith("https://")
                ? CatalogFetcher.redact(java.net.URI.create(location)) : location;
    }

    /** @return this source as one source of a sync run */
    public SyncRun.Source toRunSource() {
        return new SyncRun.Source(name, location, keyVariable, null);
    }
}
