package dev.modelregistry.streams.fold;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import java.util.Objects;

/** The outcome of folding one event: accepted with a new version, or rejected with a reason. */
public sealed interface FoldResult permits FoldResult.Accepted, FoldResult.Rejected {

    /**
     * @param change the versioned change for the history (never null)
     * @param state the model's state after it (never null)
     */
    record Accepted(ModelChange change, ModelState state) implements FoldResult {
        public Accepted {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * @param reason never null
     * @param message human-readable detail, never null
     */
    record Rejected(RejectionReason reason, String message) implements FoldResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
