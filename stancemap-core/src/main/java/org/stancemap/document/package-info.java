/**
 * Documents: decoded text with its source, format, language and structural hints; their metadata
 * ({@link org.stancemap.document.DocumentMeta}), the items sources produce, and the dates metadata carries.
 */
package org.stancemap.document;
