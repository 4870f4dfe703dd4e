/**
 * DJL Loss implementations for latentkit's experiments; classification uses DJL's own softmax
 * cross-entropy.
 */
package org.latentkit.losses;
