package org.latentkit.trainers.predict;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.api.InvalidInputException;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.translate.DigitClassifierTranslator;
import org.latentkit.api.translate.DigitCodeTranslator;
import org.latentkit.api.translate.DigitImages;
import org.latentkit.trainers.loop.ModelStore;

/**
 * Applies a saved model to image files: what it predicts ({@link #predict}) and what code it gives
 * ({@link #encode}), one image at a time through a DJL {@link Predictor}.
 *
 * <p>What a model predicts depends on its kind ({@link Kind#of}): a classifier its class {@code
 * argmax_k softmax(z)_k} and that probability; a mixture of VAE experts its cluster, the manager's
 * {@code argmax_k p_k} and {@code p_k}; a sparse binary autoencoder its bucket, the set of active
 * code bits. Dense autoencoders and VAEs predict nothing but have codes: the dense code, or the
 * posterior mean μ.
 */
public final class ImagePredictions {

    private ImagePredictions() {}

    /** What a saved model gives for an image. */
    public enum Kind {
        /** Classes with probabilities. */
        CLASSIFIER("class"),
        /** Mixture clusters with the manager's probability; codes are latent means. */
        CLUSTERS("cluster"),
        /** Buckets of active binary code bits; codes are binary. */
        BUCKETS("bucket"),
        /** Dense codes only. */
        DENSE_CODES("dense"),
        /** Latent (posterior mean) codes only. */
        LATENT_CODES("latent");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /**
         * Returns the word for the output: {@code class}, {@code cluster}, {@code bucket}, or for
         * codes only their kind ({@code dense}, {@code latent}).
         *
         * @return the word
         */
        public String word() {
            return word;
        }

        /**
         * Returns the kind of a saved model, from its task and architecture.
         *
         * @param d the descriptor
         * @return the kind
         */
        public static Kind of(ModelStore.Descriptor d) {
            String arch = d.block().architecture();
            if ("classify".equals(d.metadata().get("task"))) {
                return CLASSIFIER;
            }
            return switch (arch) {
                case "lenet-classic", "lenet-deep", "mlp", "convnet" -> CLASSIFIER;
                case "vae-mixture" -> CLUSTERS;
                case "sparse-binary-autoencoder" -> BUCKETS;
                case "dense-autoencoder", "conv-autoencoder" -> DENSE_CODES;
                case "vae", "conv-vae" -> LATENT_CODES;
                default ->
                        throw new InvalidInputException(
                                "model: a '" + arch + "' has no known outputs for images");
            };
        }

        /**
         * Returns the kind of code {@link #encode} writes.
         *
         * @return {@code binary}, {@code latent} or {@code dense}
         */
        public String codeKind() {
            return switch (this) {
                case BUCKETS -> "binary";
                case CLUSTERS, LATENT_CODES -> "latent";
                case DENSE_CODES -> "dense";
                case CLASSIFIER -> "none";
            };
        }
    }

    /**
     * One image's prediction.
     *
     * @param file the image file
     * @param kind class, cluster or bucket
     * @param label the class or cluster ({@code "7"}), or the bucket's active bits ({@code
     *     "12,407"}, empty when no bit is on)
     * @param probability the class or cluster probability; {@code NaN} for buckets
     * @param scores every class's or cluster's probability, in index order; empty for buckets
     */
    public record Prediction(
            Path file, Kind kind, String label, double probability, double[] scores) {}

    /**
     * Predicts the class, cluster or bucket of each image.
     *
     * @param loaded the saved model
     * @param files the image files
     * @return one prediction per file, in order
     * @throws InvalidInputException if the model predicts nothing (use {@link #encode}) or a file
     *     is not an image
     */
    public static List<Prediction> predict(ModelStore.Loaded loaded, List<Path> files) {
        Kind kind = Kind.of(loaded.descriptor());
        Normalization norm = normalization(loaded);
        List<Prediction> out = new ArrayList<>();
        switch (kind) {
            case CLASSIFIER, CLUSTERS -> {
                DigitClassifierTranslator.Builder b =
                        DigitClassifierTranslator.builder().optNormalization(norm);
                if (kind == Kind.CLUSTERS) {
                    b.optOutput(3, DigitClassifierTranslator.Scores.PROBABILITIES);
                }
                try (Predictor<Image, Classifications> p = loaded.model().newPredictor(b.build())) {
                    for (Path f : files) {
                        Classifications c = run(p, f);
                        double[] scores = new double[c.getProbabilities().size()];
                        for (int i = 0; i < scores.length; i++) {
                            scores[i] = c.getProbabilities().get(i);
                        }
                        out.add(
                                new Prediction(
                                        f,
                                        kind,
                                        c.best().getClassName(),
                                        c.best().getProbability(),
                                        scores));
                    }
                }
            }
            case BUCKETS -> {
                for (Coded c : codes(loaded, files, norm)) {
                    List<String> on = new ArrayList<>();
                    for (int i = 0; i < c.code().length; i++) {
                        if (c.code()[i] > 0.5f) {
                            on.add(Integer.toString(i));
                        }
                    }
                    out.add(
                            new Prediction(
                                    c.file(),
                                    kind,
                                    String.join(",", on),
                                    Double.NaN,
                                    new double[0]));
                }
            }
            default ->
                    throw new InvalidInputException(
                            "model "
                                    + loaded.descriptor().block().architecture()
                                    + ": has no classes, clusters or buckets to predict; use"
                                    + " `latentkit encode` for its "
                                    + kind.codeKind()
                                    + " codes");
        }
        return out;
    }

    /**
     * One image's code.
     *
     * @param file the image file
     * @param code the code: {@code d} values
     */
    public record Coded(Path file, float[] code) {}

    /**
     * Encodes each image: the dense code, the binary code, or the posterior mean μ (for a mixture,
     * the μ of the most probable expert).
     *
     * @param loaded the saved model
     * @param files the image files
     * @return one code per file, in order, all of the same length
     * @throws InvalidInputException if the model is a classifier or a file is not an image
     */
    public static List<Coded> encode(ModelStore.Loaded loaded, List<Path> files) {
        if (Kind.of(loaded.descriptor()) == Kind.CLASSIFIER) {
            throw new InvalidInputException(
                    "model "
                            + loaded.descriptor().block().architecture()
                            + ": a classifier has no code to encode; use `latentkit predict`");
        }
        return codes(loaded, files, normalization(loaded));
    }

    private static List<Coded> codes(ModelStore.Loaded loaded, List<Path> files, Normalization n) {
        List<Coded> out = new ArrayList<>();
        try (Predictor<Image, float[]> p =
                loaded.model()
                        .newPredictor(DigitCodeTranslator.builder().optNormalization(n).build())) {
            for (Path f : files) {
                out.add(new Coded(f, run(p, f)));
            }
        }
        return out;
    }

    private static Normalization normalization(ModelStore.Loaded loaded) {
        return Normalization.parse(
                loaded.descriptor().metadata().getOrDefault("normalization", "unit"));
    }

    private static <T> T run(Predictor<Image, T> p, Path file) {
        Image img = DigitImages.read(file);
        try {
            return p.predict(img);
        } catch (TranslateException e) {
            throw new InvalidInputException(
                    "image " + file + ": the model cannot take it (" + e.getMessage() + ")", e);
        }
    }
}
