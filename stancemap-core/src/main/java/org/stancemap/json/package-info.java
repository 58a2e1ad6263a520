/** A small JSON value type with a strict parser and a deterministic writer, used for every output and model file. */
package org.stancemap.json;
