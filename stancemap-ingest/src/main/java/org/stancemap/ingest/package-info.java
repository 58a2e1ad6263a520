/** Reading inputs into documents: files, directories, standard input, encodings, HTML main text and language. */
package org.stancemap.ingest;
