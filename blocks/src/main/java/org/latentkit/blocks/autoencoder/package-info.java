/** Autoencoders with separate encode and decode halves: dense codes and sparse binary codes. */
package org.latentkit.blocks.autoencoder;
