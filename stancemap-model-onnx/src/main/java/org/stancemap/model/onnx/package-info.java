/** Sentence embeddings on ONNX Runtime, from models shipped inside Maven artifacts. */
package org.stancemap.model.onnx;
