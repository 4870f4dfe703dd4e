/** Evaluation metrics shared by every experiment. */
package org.latentkit.api.metrics;
