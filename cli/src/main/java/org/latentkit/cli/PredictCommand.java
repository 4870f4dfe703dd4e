package org.latentkit.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentkit.api.translate.DigitImages;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.predict.ImagePredictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latentkit predict}: a saved model's class, cluster or bucket for each image file, one line
 * per file.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Apply a saved model to image files (PNG/JPEG, converted to 28x28 grayscale and"
                    + " normalised as in training). One line per file: the file name, then the"
                    + " class and its probability (classifiers), 'cluster K p' (mixtures) or"
                    + " 'bucket N CODE' (bucket encoders, numbered as in buckets.csv) or 'bucket BITS'"
                    + " (sparse binary autoencoders: the active bits)."
        })
final class PredictCommand implements Callable<Integer> {

    private static final Gson COMPACT =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    @Spec CommandSpec spec;

    @Mixin SavedModelOptions saved;

    @Option(names = "--json", description = "One JSON object per line instead of text.")
    boolean json;

    @Parameters(
            arity = "1..*",
            paramLabel = "IMAGE",
            description = "Image files, or directories of .png/.jpg/.jpeg files.")
    List<Path> images;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        List<Path> files = DigitImages.list(images);
        PrintWriter out = spec.commandLine().getOut();
        try (ModelStore.Loaded loaded = ModelStore.load(saved.modelDir(), saved.context())) {
            for (ImagePredictions.Prediction p : ImagePredictions.predict(loaded, files)) {
                out.println(json ? json(p) : text(p));
            }
        }
        out.flush();
        return 0;
    }

    private static String text(ImagePredictions.Prediction p) {
        String name = p.file().getFileName().toString();
        return switch (p.kind()) {
            case CLASSIFIER ->
                    String.format(Locale.ROOT, "%s %s %.4f", name, p.label(), p.probability());
            case CLUSTERS ->
                    String.format(
                            Locale.ROOT, "%s cluster %s %.4f", name, p.label(), p.probability());
            // a numbered bucket, as in buckets.csv, with its code; or the active bits of a wide
            // code
            default ->
                    p.numberedBucket()
                            ? name
                                    + " bucket "
                                    + p.label()
                                    + " "
                                    + CommandSupport.bucketCode(
                                            Integer.parseInt(p.label()), p.codeBits())
                            : name + " bucket " + (p.label().isEmpty() ? "-" : p.label());
        };
    }

    private static String json(ImagePredictions.Prediction p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", p.file().toString());
        switch (p.kind()) {
            case CLASSIFIER, CLUSTERS -> {
                m.put(p.kind().word(), Integer.parseInt(p.label()));
                m.put("probability", p.probability());
                m.put("probabilities", p.scores());
            }
            default -> {
                if (p.numberedBucket()) {
                    m.put("bucket", Integer.parseInt(p.label()));
                    m.put(
                            "code",
                            CommandSupport.bucketCode(Integer.parseInt(p.label()), p.codeBits()));
                } else {
                    m.put(
                            "active_bits",
                            p.label().isEmpty()
                                    ? new int[0]
                                    : Arrays.stream(p.label().split(","))
                                            .mapToInt(Integer::parseInt)
                                            .toArray());
                }
            }
        }
        return COMPACT.toJson(m);
    }
}
