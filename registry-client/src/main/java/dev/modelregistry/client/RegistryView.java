package dev.modelregistry.client;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.cost.CallCost;
import dev.modelregistry.schemas.params.ParameterAdvice;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The registry inside a service: current models, the past, costs and call parameters, and
 * their changes as they happen. Two flavours answer alike: {@link
 * dev.modelregistry.client.kafka.KafkaRegistryView} (reads the state topic into memory and stays
 * live; reads cost nothing) and {@link dev.modelregistry.client.http.HttpRegistryView} (asks an
 * instance's HTTP API; for services without Kafka access). Both resolve names the way the API
 * does ({@link dev.modelregistry.schemas.semantics.NameResolution}). Thread-safe.
 */
public interface RegistryView extends AutoCloseable {

    /**
     * @param name a model id ({@code openai/gpt-4o}), an alias, or a bare name ({@code gpt-4o})
     * @return the model's current state; empty if no model answers to the name
     * @throws RegistryUnavailableException if the registry cannot be read (HTTP flavour: not reachable)
     */
    Optional<ModelState> get(String name);

    /**
     * @param filter which models to return; never null
     * @return every current model the filter accepts, by id
     */
    List<ModelState> find(Predicate<ModelState> filter);

    /**
     * @param name as for {@link #get}
     * @param at the instant; the version valid then is the newest recorded at or before it
     * @return the model as it was at {@code at}; empty if it did not exist then or is unknown
     */
    Optional<ModelState> asOf(String name, Instant at);

    /**
     * What a call cost with the prices valid at {@code at} (exact decimals; prices per million
     * tokens), computed as the API's {@code /v1/cost} computes it.
     *
     * @param at the instant of the call; null for now
     * @return empty if the model is unknown at that instant or had no price for this call then
     */
    default Optional<CallCost.Cost> cost(String name, long inputTokens, long outputTokens, Instant at) {
        Optional<ModelState> state = at == null ? get(name) : asOf(name, at);
        return state.filter(s -> CallCost.priced(s, inputTokens, outputTokens)).map(s -> CallCost.of(s, inputTokens, outputTokens));
    }

    /**
     * How to call the model, as the API's {@code /v1/models/{id}/params} answers: the token-limit
     * parameter, the temperature rule (and whether {@code temperature} is allowed), type,
     * endpoints; for an unknown name, worked out from the name and marked {@code inferred}.
     *
     * @param temperature a temperature to check, or null
     */
    default ParameterAdvice.Advice params(String name, Double temperature) {
        Optional<ModelState> state = get(name);
        return state.map(s -> ParameterAdvice.advise(s.getModelId(), s.getSpec(), temperature))
                .orElseGet(() -> ParameterAdvice.advise(name.toLowerCase(java.util.Locale.ROOT), null, temperature));
    }

    /** @return true once the view has read everything that was there when it opened */
    boolean isReady();

    /**
     * @return true if ready within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitReady(Duration timeout) throws InterruptedException;

    /**
     * @return the position of the events topic up to which this view reflects every change
     *     (the same token the API's {@code X-Consistency-Token} carries); null until known
     */
    ConsistencyToken position();

    /**
     * Read-your-writes: waits until this view reflects everything up to {@code token} (the token a
     * write through the API answered with).
     *
     * @return true if reached within the timeout, false otherwise
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitPosition(ConsistencyToken token, Duration timeout) throws InterruptedException;

    /**
     * Delivers every change (model added, changed, deprecated, with its field changes) to the
     * listener, in version order per model, at least once: a subscriber that stops and starts
     * again under the same name resumes after the last change its listener returned from, and
     * may see again only changes it had not finished. A listener that throws ends the
     * subscription (see {@link ChangeSubscription#failure()}); the change it threw on is
     * delivered again on the next start.
     *
     * @param subscriber the name the position is kept under; one running subscription per name
     * @return the running subscription; close it to stop
     */
    ChangeSubscription onChange(String subscriber, ChangeListener listener);

    /** Stops every subscription and closes every client. */
    @Override
    void close();
}
