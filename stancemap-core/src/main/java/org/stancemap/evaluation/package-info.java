/** Agreement metrics between human and model labels: F1, F_avg, accuracy, calibration, kappa and alpha. */
package org.stancemap.evaluation;
