package org.latentkit.trainers.mixture;

import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.MixtureOfExpertsLoss;

/**
 * Seed 002's mixture as the original code ran it: 10 VAE experts 784-128-10 with sigmoid hidden
 * units, a 784-128-10 sigmoid manager, a Gaussian likelihood with σ = 0.5, and the expert-usage
 * variance term with weight 0.1 ({@code ../shared/reference/originals.md}).
 *
 * <pre>{@code
 * OriginalMixture recipe = OriginalMixture.create();
 * MixtureTrainer.Trained t =
 *         new MixtureTrainer(ctx)
 *                 .fit(recipe.block(), recipe.loss(), train, null,
 *                         MixtureTrainer.Options.defaults(), listener);
 * }</pre>
 *
 * @param block a fresh, uninitialised mixture
 * @param loss the mixture loss over the experts' ELBO
 * @param elbo the experts' likelihood, for evaluation
 */
public record OriginalMixture(MixtureOfVaeExperts block, MixtureOfExpertsLoss loss, ElboLoss elbo) {

    /**
     * Builds a fresh mixture with its losses.
     *
     * @return the recipe
     */
    public static OriginalMixture create() {
        ElboLoss elbo =
                ElboLoss.builder()
                        .optLikelihood(ElboLoss.Likelihood.GAUSSIAN)
                        .optSigma(0.5f)
                        .build();
        MixtureOfExpertsLoss loss =
                MixtureOfExpertsLoss.builder().setExpertLoss(elbo).optWeight(0.1f).build();
        MixtureOfVaeExperts block =
                MixtureOfVaeExperts.builder()
                        .setExperts(10)
                        .setLatent(10)
                        .optLayers(128)
                        .optActivation(ActivationKind.SIGMOID)
                        .optManagerLayers(128)
                        .optManagerActivation(ActivationKind.SIGMOID)
                        .build();
        return new OriginalMixture(block, loss, elbo);
    }
}
