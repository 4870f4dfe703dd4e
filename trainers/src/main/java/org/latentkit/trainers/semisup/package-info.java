/**
 * Semi-supervised learning from few labels (seed 003): pretrain an autoencoder on unlabelled
 * images, put a small classifier on its code, and compare with the same classifier on pixels.
 */
package org.latentkit.trainers.semisup;
