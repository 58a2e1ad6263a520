/** Output formats: the terminal report, JSON ({@code stancemap.analysis/1}) and a self-contained HTML report. */
package org.stancemap.report;
