/**
 * Reconstruction training (autoencoders, reusable by VAEs), its evaluation, figures and the PCA
 * baseline.
 */
package org.latentkit.trainers.reconstruct;
