/**
 * VAE training on the reconstruction trainer: the β-schedule stepper, the test ELBO and the VAE
 * figures.
 */
package org.latentkit.trainers.vae;
