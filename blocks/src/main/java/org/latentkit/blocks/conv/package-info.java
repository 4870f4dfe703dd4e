/**
 * Convolutional encoder and decoder bodies (seed 003's conv autoencoder): {@link
 * org.latentkit.blocks.conv.ConvEncoder} maps {@code (B, 1, 28, 28)} images to {@code (B, d)}
 * codes, {@link org.latentkit.blocks.conv.ConvDecoder} maps codes back to {@code (B, 1, 28, 28)}
 * pixels in (0, 1), and {@link org.latentkit.blocks.conv.ConvAutoencoder} chains the two.
 */
package org.latentkit.blocks.conv;
