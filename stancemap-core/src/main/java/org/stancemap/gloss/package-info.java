/**
 * Reading a text in another language through a word-by-word English gloss: a {@link org.stancemap.gloss.Glossary}
 * (one per language, data the team writes, like the codebook) turns each sentence into an English
 * {@link org.stancemap.gloss.Glossed} reading that keeps, for every character, the span of the original it came
 * from. The analysis labels the reading and quotes the original.
 */
package org.stancemap.gloss;
