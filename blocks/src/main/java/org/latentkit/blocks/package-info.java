/** DJL Blocks for digit images, and the registry that rebuilds them from a saved descriptor. */
package org.latentkit.blocks;
