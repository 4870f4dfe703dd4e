/**
 * The {@code latentkit} command line: one class per subcommand, each a thin layer over the library.
 */
package org.latentkit.cli;
