/**
 * DJL Blocks for digit images, the classifier registry, and the descriptor and DJL {@link
 * ai.djl.nn.BlockFactory} base that rebuild saved blocks. Each block family (this package's
 * classifiers, {@code autoencoder}, {@code conv}, {@code vae}) provides its own factory; this
 * package depends on none of those families.
 */
package org.latentkit.blocks;
