/** Question understanding: targets, positions, narratives, techniques, sources, period and kind of a question. */
package org.stancemap.ask.question;
