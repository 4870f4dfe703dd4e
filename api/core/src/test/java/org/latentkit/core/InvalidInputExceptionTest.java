package org.latentkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {

    @Test
    void givenBadInputWhenCaughtAsDjlValidationIsThenItIsAnIllegalArgument() {
        IllegalStateException cause = new IllegalStateException("inner");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> {
                            throw new InvalidInputException("epochs: must be positive", cause);
                        });
        assertEquals("epochs: must be positive", e.getMessage());
        assertSame(cause, e.getCause());
    }
}
