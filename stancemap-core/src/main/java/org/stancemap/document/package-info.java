/** Documents: decoded text with its source, format, language and structural hints. */
package org.stancemap.document;
