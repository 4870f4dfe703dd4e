package org.latentkit.trainers.reconstruct;

import java.nio.file.Path;
import java.util.List;

/** The diagnostic figures of an autoencoder run. */
public final class AutoencoderFigures {
    private AutoencoderFigures() {}

    public static List<String> writeAll(ReconstructionEvaluation e, Path dir, String title, int nTrain) {
        return List.of();
    }
}
