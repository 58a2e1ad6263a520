/**
 * File parsers for the import SPI: PDF (PDFBox), docx (read directly from the zip with zip-bomb defences), CSV and
 * JSONL exports of posts and comments, Telegram Desktop JSON exports, and images read by OCR (Tesseract).
 */
package org.stancemap.sources.files;
