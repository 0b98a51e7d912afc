package dev.modelregistry.client;

import dev.modelregistry.schemas.ModelChange;

/** Receives the registry's changes; see {@link RegistryView#onChange}. */
@FunctionalInterface
public interface ChangeListener {

    /**
     * @param change one accepted version of one model: its type, the spec after it and the field changes
     * @throws Exception to stop the subscription; this change is delivered again on the next start
     */
    void onChange(ModelChange change) throws Exception;
}
