package org.latentkit.trainers.predict;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.translate.DigitClassifierTranslator;
import org.latentkit.api.translate.DigitCodeTranslator;
import org.latentkit.api.translate.DigitImages;
import org.latentkit.blocks.binary.BucketEncoderFactory;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.ModelStore;

/**
 * Applies a saved model to image files: what it predicts ({@link #predict}) and what code it gives
 * ({@link #encode}), one image at a time through a DJL {@link Predictor}.
 *
 * <p>What a model predicts depends on its kind ({@link Kind#of}): a classifier its class {@code
 * argmax_k softmax(z)_k} and that probability; a mixture of VAE experts its cluster, the manager's
 * {@code argmax_k p_k} and {@code p_k}; a bucket encoder or a sparse binary autoencoder its bucket,
 * from its binary code {@code b} (the bucket encoder's tanh outputs {@code t} give {@code b_j =
 * [t_j > 0]}). A code of up to 16 bits is a numbered bucket {@code Σ_j b_j 2^j}, as in the {@code
 * buckets.csv} of a {@code buckets} run; a wider one is named by its active bits. Dense
 * autoencoders and VAEs predict nothing but have codes: the dense code, or the posterior mean μ.
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
                case "sparse-binary-autoencoder", "bucket-encoder" -> BUCKETS;
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
     * @param label the class or cluster ({@code "7"}), the bucket number of a code of up to 16 bits
     *     ({@code "37"}), or the active bits of a wider code ({@code "12,407"}, empty when none is
     *     on)
     * @param probability the class or cluster probability; {@code NaN} for buckets
     * @param scores every class's or cluster's probability, in index order; empty for buckets
     * @param codeBits the width of a bucket's code; 0 for classes and clusters
     */
    public record Prediction(
            Path file, Kind kind, String label, double probability, double[] scores, int codeBits) {

        /**
         * Tells whether the label is a bucket number (a code of up to {@value #MAX_NUMBERED_BITS}
         * bits) rather than a list of active bits.
         *
         * @return true for a numbered bucket
         */
        public boolean numberedBucket() {
            return kind == Kind.BUCKETS && codeBits <= MAX_NUMBERED_BITS;
        }
    }

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
                                        scores,
                                        0));
                    }
                }
            }
            case BUCKETS -> {
                for (Coded c : codes(loaded, files, norm)) {
                    List<String> on = new ArrayList<>();
                    int bucket = 0;
                    for (int i = 0; i < c.code().length; i++) {
                        if (c.code()[i] > 0.5f) {
                            on.add(Integer.toString(i));
                            bucket |= c.code().length <= MAX_NUMBERED_BITS ? 1 << i : 0;
                        }
                    }
                    String label =
                            c.code().length <= MAX_NUMBERED_BITS
                                    ? Integer.toString(bucket)
                                    : String.join(",", on);
                    out.add(
                            new Prediction(
                                    c.file(),
                                    kind,
                                    label,
                                    Double.NaN,
                                    new double[0],
                                    c.code().length));
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

    /** Codes up to this width are numbered buckets; wider ones are named by their active bits. */
    public static final int MAX_NUMBERED_BITS = 16;

    private static List<Coded> codes(ModelStore.Loaded loaded, List<Path> files, Normalization n) {
        boolean tanhBits =
                BucketEncoderFactory.ARCHITECTURE.equals(
                        loaded.descriptor().block().architecture());
        List<Coded> out = new ArrayList<>();
        try (Predictor<Image, float[]> p =
                loaded.model()
                        .newPredictor(
                                DigitCodeTranslator.builder()
                                        .optNormalization(n)
                                        .optOutput(tanhBits ? 0 : 1)
                                        .build())) {
            for (Path f : files) {
                float[] code = run(p, f);
                if (tanhBits) {
                    for (int j = 0; j < code.length; j++) {
                        code[j] = code[j] > 0 ? 1f : 0f;
                    }
                }
                out.add(new Coded(f, code));
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
