package org.latentkit.api;

import java.nio.file.Files;
import java.nio.file.Path;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;

/**
 * The small real MNIST fixture in {@code testdata/mnist-small}: the first 2,000 training and 500
 * test images. Shared with the other modules' tests through this module's test-jar.
 */
public final class Fixtures {

    private Fixtures() {}

    /**
     * Finds the fixture directory by walking up from the working directory (a module or the root).
     *
     * @return {@code testdata/mnist-small}
     */
    public static Path mnistSmallDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata").resolve("mnist-small");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "testdata/mnist-small not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Loads the fixture: 2,000 train and 500 test images.
     *
     * @return the train and test sets
     */
    public static DataLocator.TrainTest mnistSmall() {
        return DataLocator.load(DatasetName.MNIST, mnistSmallDir());
    }
}
