package org.latentkit.core;

/**
 * Bad input from a user: a file, a flag, a configuration value or a name that latentkit cannot use.
 *
 * <p>The message is one line that names the offending thing and the problem, for example {@code
 * "train-images-idx3-ubyte: wrong magic number 0x00000000 (expected 0x00000803)"}. The CLI prints
 * it without a stack trace and exits with status 2.
 *
 * <p>It is an {@link IllegalArgumentException}, which is what DJL's own validation throws and what
 * library callers catch.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a one-line message.
     *
     * @param message names the offending thing and the problem
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a one-line message and its cause.
     *
     * @param message names the offending thing and the problem
     * @param cause the underlying error
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
