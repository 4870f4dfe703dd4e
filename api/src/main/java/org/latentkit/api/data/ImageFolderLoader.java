package org.latentkit.api.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.latentkit.core.InvalidInputException;

/**
 * Loads a folder of the user's own PNG or JPEG images as a train and a test {@link DigitSet}.
 *
 * <p><b>Layout.</b> DJL basicdataset's {@code ImageFolder} layout: one subfolder per class, {@code
 * ROOT/<class>/<image>.png}. Up to ten classes; a class folder named {@code 0}–{@code 9} is that
 * digit, otherwise the classes are numbered 0, 1, … in sorted name order. A folder that holds
 * images and no subfolders gives unlabelled sets ({@link DigitSet#hasLabels} false), for the
 * unsupervised trainers. Names starting with a dot are skipped; every other file must be a readable
 * {@code .png}, {@code .jpg} or {@code .jpeg} image.
 *
 * <p><b>Train and test.</b> When {@code ROOT} holds the two folders {@code train/} and {@code
 * test/}, each in the layout above, they are the train and test sets (a {@code train/} or {@code
 * test/} beside anything else is refused). Otherwise a fixed fraction {@code f} is held out for
 * testing (default 0.2), deterministically and per class: with a class's images sorted by file name
 * and numbered {@code j = 0, 1, …}, image {@code j} is a test image when {@code floor((j + 1) f) >
 * floor(j f)}; for {@code f = 0.2} that is every fifth image (j = 4, 9, 14, …).
 *
 * <p><b>Order.</b> Within a set the classes take turns: the first image (by file name) of each
 * class in class-folder order, then the second of each, and so on. So the last images of the
 * training set, which the trainers hold out for validation, mix the classes as MNIST's do.
 *
 * <p><b>Pixels.</b> Each image becomes 28×28 unsigned-byte grey levels. An 8-bit grey image is read
 * as is (a 28×28 grey PNG loads byte for byte); a colour image becomes {@code round(0.299 R + 0.587
 * G + 0.114 B)}; transparency is composited over black (MNIST's background). Any other size is
 * scaled to 28×28 by area averaging, unless resizing is off ({@link Builder#optResize}), in which
 * case all images must be 28×28.
 *
 * <pre>{@code
 * DataLocator.TrainTest data = ImageFolderLoader.builder().setRoot(Path.of("my-digits")).build().load();
 * }</pre>
 */
public final class ImageFolderLoader {

    /** Side of the images the models take. */
    public static final int SIDE = 28;

    private final Path root;
    private final boolean resize;
    private final double testFraction;

    private ImageFolderLoader(Builder b) {
        this.root = b.root;
        this.resize = b.resize;
        this.testFraction = b.testFraction;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@code setRoot} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns whether a folder looks like an image folder rather than a folder of IDX files: it
     * holds no IDX file ({@code *-ubyte} or {@code *-ubyte.gz}), here or in {@code dataset}'s
     * subfolder.
     *
     * @param dir the folder given as {@code --data-dir}
     * @param dataset the dataset whose IDX files would be looked for
     * @return true when the folder should be loaded as images
     */
    public static boolean isImageFolder(Path dir, DatasetName dataset) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return !holdsIdx(dir) && !holdsIdx(dir.resolve(dataset.id()));
    }

    private static boolean holdsIdx(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith("-ubyte") || n.endsWith("-ubyte.gz"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Loads the folder.
     *
     * @return the train and test sets, dataset {@link DatasetName#IMAGE_FOLDER}
     * @throws InvalidInputException one line naming the folder or file and the problem: an empty
     *     folder, a class folder with no images, a file that is not a readable PNG or JPEG, mixed
     *     sizes or a size other than 28×28 with resizing off, more than ten classes
     */
    public DataLocator.TrainTest load() {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("data-dir " + root + ": directory not found");
        }
        List<Path> top = entries(root);
        if (top.isEmpty()) {
            throw new InvalidInputException(
                    "data-dir "
                            + root
                            + ": empty folder (expected PNG or JPEG images, one subfolder of them"
                            + " per class, or a dataset's IDX files)");
        }
        Path trainDir = root.resolve("train");
        Path testDir = root.resolve("test");
        boolean hasTrain = Files.isDirectory(trainDir);
        boolean hasTest = Files.isDirectory(testDir);
        Sizes sizes = new Sizes();
        if (hasTrain || hasTest) {
            if (!(hasTrain && hasTest && top.size() == 2)) {
                throw new InvalidInputException(
                        "data-dir "
                                + root
                                + ": a train/test layout holds exactly the two folders train/ and"
                                + " test/, found "
                                + top.stream().map(p -> p.getFileName().toString()).toList());
            }
            Part train = part(trainDir);
            Part test = part(testDir);
            if (train.labelled() != test.labelled()) {
                throw new InvalidInputException(
                        "data-dir "
                                + root
                                + ": "
                                + (train.labelled() ? "train/" : "test/")
                                + " has class folders but "
                                + (train.labelled() ? "test/" : "train/")
                                + " has none");
            }
            Map<String, Integer> classes = classIds(train, test);
            DigitSet trainSet = read(train, classes, null, false, "image-folder/train", sizes);
            DigitSet testSet = read(test, classes, null, false, "image-folder/test", sizes);
            return new DataLocator.TrainTest(DatasetName.IMAGE_FOLDER, root, trainSet, testSet);
        }
        Part all = part(root);
        Map<String, Integer> classes = classIds(all, null);
        DigitSet train = read(all, classes, testFraction, false, "image-folder/train", sizes);
        DigitSet test = read(all, classes, testFraction, true, "image-folder/test", sizes);
        if (test.size() == 0) {
            throw new InvalidInputException(
                    "data-dir "
                            + root
                            + ": too few images to hold out "
                            + testFraction
                            + " of them for testing ("
                            + (train.size() + test.size())
                            + " images)");
        }
        return new DataLocator.TrainTest(DatasetName.IMAGE_FOLDER, root, train, test);
    }

    /** A folder of classes (name to its sorted images) or, unlabelled, one list of images. */
    private record Part(Path dir, Map<String, List<Path>> classes, List<Path> images) {
        boolean labelled() {
            return classes != null;
        }
    }

    private static Part part(Path dir) {
        List<Path> entries = entries(dir);
        if (entries.isEmpty()) {
            throw new InvalidInputException(
                    "data-dir "
                            + dir
                            + ": empty folder (expected PNG or JPEG images, or one subfolder of"
                            + " them per class)");
        }
        boolean anyDir = entries.stream().anyMatch(Files::isDirectory);
        if (!anyDir) {
            return new Part(dir, null, images(dir, entries));
        }
        Map<String, List<Path>> classes = new LinkedHashMap<>();
        for (Path e : entries) {
            if (!Files.isDirectory(e)) {
                throw new InvalidInputException(
                        e
                                + ": a file beside the class folders (put every image in its class folder)");
            }
            List<Path> inside = entries(e);
            for (Path p : inside) {
                if (Files.isDirectory(p)) {
                    throw new InvalidInputException(
                            p
                                    + ": a folder inside class folder "
                                    + e.getFileName()
                                    + " (one level of class folders only)");
                }
            }
            if (inside.isEmpty()) {
                throw new InvalidInputException("data-dir " + e + ": class folder holds no images");
            }
            classes.put(e.getFileName().toString(), images(e, inside));
        }
        return new Part(dir, classes, null);
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new InvalidInputException(
                    "data-dir " + dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> images(Path dir, List<Path> files) {
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!(n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"))) {
                throw new InvalidInputException(
                        f
                                + ": not a PNG or JPEG image (only .png, .jpg and .jpeg files may be in "
                                + dir
                                + ")");
            }
        }
        return files;
    }

    /** Class name to label: the digit itself for folders 0–9, else the sorted position. */
    private static Map<String, Integer> classIds(Part train, Part test) {
        if (!train.labelled()) {
            return null;
        }
        List<String> names = new ArrayList<>(train.classes().keySet());
        if (test != null) {
            for (String n : test.classes().keySet()) {
                if (!train.classes().containsKey(n)) {
                    throw new InvalidInputException(
                            "data-dir "
                                    + test.dir().resolve(n)
                                    + ": class folder has no counterpart in "
                                    + train.dir());
                }
            }
        }
        if (names.size() > 10) {
            throw new InvalidInputException(
                    "data-dir "
                            + train.dir()
                            + ": "
                            + names.size()
                            + " class folders, at most 10 are supported");
        }
        boolean digits = names.stream().allMatch(n -> n.matches("[0-9]"));
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), digits ? Integer.parseInt(names.get(i)) : i);
        }
        return ids;
    }

    /** The first image's size, which every image must share when resizing is off. */
    private static final class Sizes {
        Path first;
        int rows;
        int cols;
    }

    private DigitSet read(
            Part part,
            Map<String, Integer> classes,
            Double fraction,
            boolean testSide,
            String name,
            Sizes sizes) {
        Map<String, List<Path>> groups =
                part.labelled() ? part.classes() : Map.of("", part.images());
        List<List<byte[]>> perClass = new ArrayList<>();
        List<Integer> classLabels = new ArrayList<>();
        for (Map.Entry<String, List<Path>> g : groups.entrySet()) {
            List<Path> files = g.getValue();
            List<byte[]> kept = new ArrayList<>();
            for (int j = 0; j < files.size(); j++) {
                if (fraction == null || held(j, fraction) == testSide) {
                    kept.add(pixels(files.get(j), sizes));
                }
            }
            perClass.add(kept);
            classLabels.add(part.labelled() ? classes.get(g.getKey()) : 0);
        }
        // Round robin over the classes, so that any tail (the validation set) mixes them.
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int j = 0; ; j++) {
            boolean any = false;
            for (int c = 0; c < perClass.size(); c++) {
                if (j < perClass.get(c).size()) {
                    images.add(perClass.get(c).get(j));
                    labels.add(classLabels.get(c));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        byte[] px = new byte[images.size() * SIDE * SIDE];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, px, i * SIDE * SIDE, SIDE * SIDE);
        }
        return part.labelled()
                ? new DigitSet(
                        name, SIDE, SIDE, px, labels.stream().mapToInt(Integer::intValue).toArray())
                : DigitSet.unlabelled(name, SIDE, SIDE, px);
    }

    /** Whether image {@code j} of its class is held out for testing. */
    static boolean held(int j, double fraction) {
        return Math.floor((j + 1) * fraction) > Math.floor(j * fraction);
    }

    private byte[] pixels(Path file, Sizes sizes) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(
                    file + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new InvalidInputException(
                    file + ": not a PNG or JPEG image (no image decoder recognises its contents)");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        if (!resize) {
            if (sizes.first == null) {
                sizes.first = file;
                sizes.rows = h;
                sizes.cols = w;
            } else if (h != sizes.rows || w != sizes.cols) {
                throw new InvalidInputException(
                        file
                                + ": "
                                + w
                                + "x"
                                + h
                                + " pixels, but "
                                + sizes.first
                                + " is "
                                + sizes.cols
                                + "x"
                                + sizes.rows
                                + " (mixed sizes with resizing off; turn resizing on or make"
                                + " every image one size)");
            }
            if (h != SIDE || w != SIDE) {
                throw new InvalidInputException(
                        file
                                + ": "
                                + w
                                + "x"
                                + h
                                + " pixels; with resizing off every image must be 28x28");
            }
        }
        byte[] grey = grey(img);
        return h == SIDE && w == SIDE ? grey : resample(grey, h, w);
    }

    /** The image's grey levels, row-major, composited over black where it is transparent. */
    static byte[] grey(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        byte[] out = new byte[h * w];
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        boolean grey8 =
                cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                        && cm.getComponentSize(0) == 8
                        && r.getNumBands() <= 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v;
                if (grey8) {
                    v = r.getSample(x, y, 0);
                    if (r.getNumBands() == 2) {
                        v = v * r.getSample(x, y, 1) / 255.0;
                    }
                } else {
                    int argb = img.getRGB(x, y);
                    double a = ((argb >>> 24) & 0xFF) / 255.0;
                    v =
                            a
                                    * (0.299 * ((argb >> 16) & 0xFF)
                                            + 0.587 * ((argb >> 8) & 0xFF)
                                            + 0.114 * (argb & 0xFF));
                }
                out[y * w + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return out;
    }

    /**
     * Scales an {@code h x w} grey image to 28×28 by area averaging: each target pixel is the mean
     * of the source area it covers, partial source pixels weighted by their overlap.
     */
    static byte[] resample(byte[] src, int h, int w) {
        byte[] out = new byte[SIDE * SIDE];
        double sy = (double) h / SIDE;
        double sx = (double) w / SIDE;
        for (int ty = 0; ty < SIDE; ty++) {
            double y0 = ty * sy;
            double y1 = (ty + 1) * sy;
            for (int tx = 0; tx < SIDE; tx++) {
                double x0 = tx * sx;
                double x1 = (tx + 1) * sx;
                double sum = 0;
                double area = 0;
                for (int y = (int) Math.floor(y0); y < Math.min(h, (int) Math.ceil(y1)); y++) {
                    double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (int x = (int) Math.floor(x0); x < Math.min(w, (int) Math.ceil(x1)); x++) {
                        double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                        sum += wy * wx * (src[y * w + x] & 0xFF);
                        area += wy * wx;
                    }
                }
                out[ty * SIDE + tx] = (byte) Math.max(0, Math.min(255, Math.round(sum / area)));
            }
        }
        return out;
    }

    /** Builds an {@link ImageFolderLoader}. */
    public static final class Builder {

        private Path root;
        private boolean resize = true;
        private double testFraction = 0.2;

        private Builder() {}

        /**
         * Sets the folder to load. Required.
         *
         * @param root the image folder
         * @return this builder
         */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Sets whether images of another size are scaled to 28×28.
         *
         * @param resize default true; false refuses any image that is not 28×28
         * @return this builder
         */
        public Builder optResize(boolean resize) {
            this.resize = resize;
            return this;
        }

        /**
         * Sets the fraction of each class held out for testing when the folder has no {@code
         * train/} and {@code test/} subfolders.
         *
         * @param testFraction strictly between 0 and 1; default 0.2 (every fifth image)
         * @return this builder
         */
        public Builder optTestFraction(double testFraction) {
            this.testFraction = testFraction;
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader
         * @throws InvalidInputException when the root is missing or the fraction is outside (0, 1)
         */
        public ImageFolderLoader build() {
            if (root == null) {
                throw new InvalidInputException("data-dir: an image folder is required");
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new InvalidInputException(
                        "test-fraction: must be between 0 and 1 (exclusive), got " + testFraction);
            }
            return new ImageFolderLoader(this);
        }
    }
}
