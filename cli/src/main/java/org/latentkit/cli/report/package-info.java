/**
 * {@code latentkit reproduce}: the registry of every seed's headline experiments ({@link
 * org.latentkit.cli.report.Experiments}), what one experiment needs and returns ({@link
 * org.latentkit.cli.report.Experiment}), and the offline HTML and Markdown report ({@link
 * org.latentkit.cli.report.ReportWriter}).
 */
package org.latentkit.cli.report;
