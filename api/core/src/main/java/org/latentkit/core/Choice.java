package org.latentkit.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A closed set of named choices on the command line (architectures, optimisers, datasets…), with
 * one parser that lists the valid names on a bad one.
 */
public interface Choice {

    /**
     * Returns the command-line name.
     *
     * @return for example {@code lenet-classic}
     */
    String id();

    /**
     * Finds the choice with this name, ignoring case; the enum constant's name is accepted too.
     *
     * @param values every choice, in the order to list them
     * @param flag the flag or key, for the message (for example {@code arch})
     * @param noun what a choice is called (for example {@code architecture})
     * @param text the name given
     * @param <E> the choice type
     * @return the choice
     * @throws InvalidInputException {@code "arch: unknown architecture 'x' (valid: a, b)"}
     */
    static <E extends Enum<E> & Choice> E parse(E[] values, String flag, String noun, String text) {
        for (E e : values) {
            if (e.id().equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new InvalidInputException(
                flag
                        + ": unknown "
                        + noun
                        + " '"
                        + text
                        + "' (valid: "
                        + Arrays.stream(values).map(Choice::id).collect(Collectors.joining(", "))
                        + ")");
    }
}
