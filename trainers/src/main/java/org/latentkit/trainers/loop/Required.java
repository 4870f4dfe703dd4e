package org.latentkit.trainers.loop;

import org.latentkit.core.InvalidInputException;

/**
 * The check every options builder makes before it builds: a required value was given.
 *
 * <pre>{@code
 * Object architecture = null; // a builder's field that setArchitecture never set
 * Required.check("architecture", architecture); // throws "architecture: is required, none given"
 * }</pre>
 */
public final class Required {

    private Required() {}

    /**
     * Returns the value, or fails with a one-line message naming the option.
     *
     * @param option the option's name as a user writes it, for example {@code lr-schedule}
     * @param value the value given, or {@code null}
     * @param <T> the value's type
     * @return the value
     * @throws InvalidInputException if the value is {@code null}
     */
    public static <T> T check(String option, T value) {
        if (value == null) {
            throw new InvalidInputException(option + ": is required, none given");
        }
        return value;
    }
}
