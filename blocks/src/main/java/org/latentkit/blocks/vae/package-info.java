/**
 * Variational autoencoders: the VAE expert, the gating manager and the batched mixture of VAE
 * experts.
 */
package org.latentkit.blocks.vae;
