package org.latentkit.cli;

import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.BetaSchedule;
import org.latentkit.losses.ElboLoss;
import picocli.CommandLine.Option;

/**
 * Flags of a VAE and its ELBO that {@code vae} and {@code moe} share: code size, dense body,
 * likelihood, the β schedule and whether to draw figures. The defaults shown are {@code vae}'s
 * (latent 20, layers 400, relu, bernoulli); {@code moe} states its own (latent 10, layers 128,
 * sigmoid, gaussian) through {@link CommandDefaults}, and {@code --help} shows the command's own.
 */
final class VaeModelOptions {

    @Option(
            names = "--latent",
            paramLabel = "N",
            defaultValue = "20",
            description = "Code size, of each expert in moe (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(
            names = "--layers",
            paramLabel = "N,N,...",
            defaultValue = "400",
            description =
                    "Hidden layer sizes of the encoder (each expert's in moe); the decoder mirrors "
                            + "them (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(
            names = "--activation",
            paramLabel = "NAME",
            defaultValue = "relu",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(
            names = "--likelihood",
            paramLabel = "NAME",
            defaultValue = "bernoulli",
            description =
                    "bernoulli (BCE summed over pixels) or gaussian (fixed sigma) (default: ${DEFAULT-VALUE}).")
    String likelihood;

    @Option(
            names = "--sigma",
            paramLabel = "X",
            defaultValue = "0.5",
            description =
                    "Standard deviation of the gaussian likelihood (default: ${DEFAULT-VALUE}).")
    float sigma;

    @Option(
            names = "--beta",
            paramLabel = "X",
            defaultValue = "1",
            description = "KL weight, the top of the schedule (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(
            names = "--beta-schedule",
            paramLabel = "NAME",
            defaultValue = "constant",
            description =
                    "constant, linear (warm-up over --warmup-epochs) or cyclical (Fu et al. 2019: "
                            + "--cycles, --ratio) (default: ${DEFAULT-VALUE}).")
    String betaSchedule;

    @Option(
            names = "--warmup-epochs",
            paramLabel = "X",
            defaultValue = "1",
            description = "Linear warm-up length in epochs (default: ${DEFAULT-VALUE}).")
    double warmupEpochs;

    @Option(
            names = "--cycles",
            paramLabel = "M",
            defaultValue = "4",
            description =
                    "Cyclical schedule: number of cycles over the run (default: ${DEFAULT-VALUE}).")
    int cycles;

    @Option(
            names = "--ratio",
            paramLabel = "R",
            defaultValue = "0.5",
            description =
                    "Cyclical schedule: fraction of each cycle spent ramping (default: ${DEFAULT-VALUE}).")
    double ratio;

    @Option(
            names = "--figures",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Draw the PNGs into the run directory (default: ${DEFAULT-VALUE}).")
    boolean figures;

    /**
     * Builds the β schedule these flags describe.
     *
     * @param stepsPerEpoch optimiser steps per epoch
     * @param epochs epochs of the run
     * @return the schedule
     */
    BetaSchedule schedule(long stepsPerEpoch, int epochs) {
        return schedule(betaSchedule, beta, warmupEpochs, cycles, ratio, stepsPerEpoch, epochs);
    }

    /**
     * Builds the ELBO these flags describe.
     *
     * @param schedule the β schedule
     * @return the loss
     */
    ElboLoss elbo(BetaSchedule schedule) {
        return ElboLoss.builder()
                .optLikelihood(ElboLoss.Likelihood.parse(likelihood))
                .optSigma(sigma)
                .optBeta(schedule)
                .build();
    }

    /**
     * Builds a β schedule from the command-line settings.
     *
     * @return the schedule
     */
    private static BetaSchedule schedule(
            String kind,
            double beta,
            double warmupEpochs,
            int cycles,
            double ratio,
            long stepsPerEpoch,
            int epochs) {
        return switch (BetaSchedule.Kind.parse(kind)) {
            case CONSTANT -> new BetaSchedule.Constant(beta);
            case LINEAR -> {
                if (!(warmupEpochs > 0)) {
                    throw new InvalidInputException(
                            "warmup-epochs: must be positive, got " + warmupEpochs);
                }
                yield new BetaSchedule.Linear(
                        beta, Math.max(1, Math.round(warmupEpochs * stepsPerEpoch)));
            }
            case CYCLICAL -> new BetaSchedule.Cyclical(beta, stepsPerEpoch * epochs, cycles, ratio);
        };
    }
}
