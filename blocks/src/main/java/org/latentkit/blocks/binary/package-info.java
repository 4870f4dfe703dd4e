/** Binary units trained through a straight-through gradient estimator. */
package org.latentkit.blocks.binary;
