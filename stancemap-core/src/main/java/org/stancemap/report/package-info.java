/** Output formats: the terminal report, JSON ({@code stancemap.analysis/2}) and a self-contained HTML report. */
package org.stancemap.report;
