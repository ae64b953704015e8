package io.orderpipeline.asl.engine;

/**
 * Stops the sibling branches of a failed Parallel branch, or the other iterations of a failed inline Map, the way
 * AWS stops them: no further state of theirs is entered. Nested scopes see their parents' cancellation.
 */
public final class Cancellation {

    public static final Cancellation NEVER = new Cancellation(null);

    private final Cancellation parent;
    private volatile boolean cancelled;

    private Cancellation(Cancellation parent) {
        this.parent = parent;
    }

    public Cancellation child() {
        return new Cancellation(this);
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled || (parent != null && parent.isCancelled());
    }
}
