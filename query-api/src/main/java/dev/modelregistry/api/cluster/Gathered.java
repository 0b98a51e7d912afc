package dev.modelregistry.api.cluster;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import java.util.List;

/**
 * Model states gathered from every instance.
 *
 * @param states the selected states, in no particular order
 * @param token per partition, how far the store that answered for it had read; null if none reported
 * @param localOnly true when this instance answered for every partition itself (it has no
 *     peers), so its own fold sees every change that could alter the answer
 */
public record Gathered(List<ModelState> states, ConsistencyToken token, boolean localOnly) {
}
