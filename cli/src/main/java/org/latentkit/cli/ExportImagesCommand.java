package org.latentkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.ImageFolderWriter;
import org.latentkit.core.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latentkit export-images}: writes a dataset's images as PNGs in the image-folder layout
 * that {@code --data-dir} reads back byte for byte ({@code OUT/train/<digit>/*.png}, {@code
 * OUT/test/<digit>/*.png}).
 */
@Command(
        name = "export-images",
        mixinStandardHelpOptions = true,
        description =
                "Write a dataset's images as 28x28 grey PNGs, OUT/train/<digit>/ and "
                        + "OUT/test/<digit>/, the layout --data-dir reads.")
final class ExportImagesCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "The folder to create (it must be new or empty).")
    Path out;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "mnist",
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the IDX files are (default: $LATENTKIT_DATA, then ~/.cache/latentkit).")
    Path dataDir;

    @Option(
            names = "--train-count",
            paramLabel = "N",
            description = "Write the first N training images (default: all).")
    Integer trainCount;

    @Option(
            names = "--test-count",
            paramLabel = "N",
            description = "Write the first N test images (default: all).")
    Integer testCount;

    @Option(
            names = "--unlabelled",
            description = "Leave out the class folders: OUT/train/*.png and OUT/test/*.png.")
    boolean unlabelled;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces.")
    boolean verbose;

    @Override
    public Integer call() {
        ImageFolderWriter.requireEmpty(out);
        DataLocator.TrainTest data = DataLocator.load(DatasetName.parse(dataset), dataDir);
        int train =
                ImageFolderWriter.write(
                        prepare(data.train(), trainCount, "train-count"), out.resolve("train"));
        int test =
                ImageFolderWriter.write(
                        prepare(data.test(), testCount, "test-count"), out.resolve("test"));
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %d train and %d test PNGs of %s -> %s%n",
                        train, test, data.dataset(), out);
        return 0;
    }

    private DigitSet prepare(DigitSet set, Integer count, String flag) {
        if (count != null && (count <= 0 || count > set.size())) {
            throw new InvalidInputException(
                    flag + ": must be between 1 and " + set.size() + ", got " + count);
        }
        DigitSet kept = count == null ? set : set.range(0, count);
        return unlabelled ? kept.withoutLabels() : kept;
    }
}
