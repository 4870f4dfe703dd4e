/** Multi-layer perceptrons and the activation functions latentkit blocks can be built with. */
package org.latentkit.blocks.mlp;
