package org.latentkit.trainers.loop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request to stop training cleanly, for Ctrl-C: a JVM shutdown hook calls {@link #request()} and
 * waits in {@link #awaitHandled(long)}; the training loop polls {@link #requested()} after every
 * step, writes a checkpoint, and throws {@link TrainingInterruptedException}; the command line
 * prints its one line and calls {@link #handled()}, after which the hook returns and the JVM exits
 * (with status 130 for SIGINT, 143 for SIGTERM).
 *
 * <p>The hook waits only while a loop that writes checkpoints is running ({@link #arm()}):
 * otherwise there is nothing to save and the JVM exits at once.
 */
public final class StopSignal {

    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    private static final AtomicInteger ARMED = new AtomicInteger();
    private static volatile CountDownLatch handled = new CountDownLatch(1);

    private StopSignal() {}

    /** Asks every running training loop to checkpoint and stop (called by the shutdown hook). */
    public static void request() {
        REQUESTED.set(true);
    }

    /**
     * Tells whether a stop was requested and not yet handled.
     *
     * @return true to stop after the current step
     */
    public static boolean requested() {
        return REQUESTED.get();
    }

    /** Marks the request as taken up by a loop (an in-process caller can train again). */
    static void clear() {
        REQUESTED.set(false);
    }

    /** A checkpointing loop starts: a stop request will be waited for. */
    static void arm() {
        ARMED.incrementAndGet();
    }

    /** A checkpointing loop ended. */
    static void disarm() {
        ARMED.decrementAndGet();
    }

    /**
     * Waits, in the shutdown hook, until the command has saved its checkpoint and printed its
     * message, if a checkpointing loop is running.
     *
     * @param timeoutSeconds the longest wait
     * @return whether the wait ended because the stop was handled
     */
    public static boolean awaitHandled(long timeoutSeconds) {
        if (ARMED.get() <= 0) {
            return false;
        }
        try {
            return handled.await(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The command has finished (whatever the outcome): release a waiting shutdown hook. */
    public static void handled() {
        handled.countDown();
    }
}
