package org.latentkit.blocks.conv;

import org.latentkit.core.InvalidInputException;

/** Shared validation of the conv blocks' builder values. */
final class ConvShapes {

    private ConvShapes() {}

    static void positive(String what, int value) {
        if (value <= 0) {
            throw new InvalidInputException(what + ": must be a positive number, got " + value);
        }
    }

    static void slope(float alpha) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new InvalidInputException("negative slope: must be in [0, 1), got " + alpha);
        }
    }
}
