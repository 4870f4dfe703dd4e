/**
 * Unsupervised training of a mixture of VAE experts on the shared loop, its clustering evaluation
 * and figures.
 */
package org.latentkit.trainers.mixture;
