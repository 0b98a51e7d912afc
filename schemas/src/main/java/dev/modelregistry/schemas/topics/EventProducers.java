package dev.modelregistry.schemas.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one home of how events are produced, for every writer of the events topic (the sync
 * producer's transactions and the API's single writes): idempotent, acknowledged by every
 * in-sync replica, and bounded in time so a broker that is down fails a write instead of
 * hanging it.
 */
public final class EventProducers {

    /** Longest a send may take from the call to the broker's acknowledgement, retries included. */
    public static final int DELIVERY_TIMEOUT_MS = 30_000;
    /** Longest one request to a broker may take. */
    public static final int REQUEST_TIMEOUT_MS = 10_000;
    /** Longest a send or a transaction call may block for metadata or buffer space. */
    public static final int MAX_BLOCK_MS = 10_000;

    /**
     * Longest a transaction may stay open before the broker aborts it: long enough for the
     * bundled history, planned day by day into one transaction (about 20 s on 2 cores).
     */
    public static final int TRANSACTION_TIMEOUT_MS = 300_000;

    private EventProducers() {
    }

    /**
     * @param clientSettings bootstrap servers and security settings; not changed
     * @return producer settings for single, idempotent writes of events
     */
    public static Map<String, Object> settings(Map<String, Object> clientSettings) {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        return props;
    }

    /**
     * @param transactionalId unique per writer that must not fence another
     * @return producer settings for writing a batch of events in one transaction
     */
    public static Map<String, Object> transactional(Map<String, Object> clientSettings, String transactionalId) {
        Map<String, Object> props = settings(clientSettings);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return props;
    }
}
