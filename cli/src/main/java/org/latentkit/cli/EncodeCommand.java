package org.latentkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.translate.DigitImages;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.predict.ImagePredictions;
import org.latentkit.trainers.predict.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latentkit encode}: a saved model's code for each image file, as CSV and optionally npy.
 */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Encode image files with a saved autoencoder, VAE or mixture: dense codes, binary"
                    + " codes (0/1) or latent means. Writes a CSV with a header 'file,c0,c1,...'"
                    + " and one row per image, and optionally the codes as a float32 .npy matrix"
                    + " in the same row order."
        })
final class EncodeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin SavedModelOptions saved;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "The CSV file (default: codes.csv in the model's run directory).")
    Path output;

    @Option(
            names = "--npy",
            paramLabel = "FILE",
            description = "Also write the codes as a NumPy .npy file.")
    Path npy;

    @Parameters(
            arity = "1..*",
            paramLabel = "IMAGES",
            description = "Directories of .png/.jpg/.jpeg files, or image files.")
    List<Path> images;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        List<Path> files = DigitImages.list(images);
        Path dir = saved.modelDir();
        List<ImagePredictions.Coded> codes;
        String kind;
        try (ModelStore.Loaded loaded = ModelStore.load(dir, saved.context())) {
            codes = ImagePredictions.encode(loaded, files);
            kind = ImagePredictions.Kind.of(loaded.descriptor()).codeKind();
        }
        int d = codes.get(0).code().length;
        StringBuilder csv = new StringBuilder("file");
        for (int j = 0; j < d; j++) {
            csv.append(",c").append(j);
        }
        csv.append('\n');
        boolean binary = "binary".equals(kind);
        float[][] rows = new float[codes.size()][];
        for (int i = 0; i < codes.size(); i++) {
            ImagePredictions.Coded c = codes.get(i);
            rows[i] = c.code();
            csv.append(csvField(c.file().getFileName().toString()));
            for (float v : c.code()) {
                csv.append(',')
                        .append(binary ? Integer.toString(Math.round(v)) : Float.toString(v));
            }
            csv.append('\n');
        }
        Path target =
                output != null
                        ? output
                        : (dir.getParent() != null ? dir.getParent() : Path.of("."))
                                .resolve("codes.csv");
        AtomicFiles.writeString(target, csv.toString());
        if (npy != null) {
            Npy.write(rows, npy);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%d %s codes of %d values -> %s%s%n",
                        codes.size(),
                        kind,
                        d,
                        target,
                        npy != null ? " and " + npy : "");
        return 0;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
