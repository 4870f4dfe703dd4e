/** Headless PNG figures for run directories and reports. */
package org.latentkit.api.plot;
