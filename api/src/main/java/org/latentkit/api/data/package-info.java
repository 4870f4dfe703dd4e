/** Offline access to MNIST and Fashion-MNIST as IDX files, splits, normalisation and batches. */
package org.latentkit.api.data;
