/**
 * Binary units trained through a straight-through estimator, and encoders that learn binary codes.
 */
package org.latentkit.blocks.binary;
