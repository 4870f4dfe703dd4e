/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) written on the engine's NDArray operations, for the
 * 2-D views of seed 004.
 */
package org.latentkit.trainers.tsne;
