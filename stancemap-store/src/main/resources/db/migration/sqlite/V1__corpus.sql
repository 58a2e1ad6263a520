-- Stancemap corpus store, schema version 1 (SQLite). Keep in step with ../postgresql/V1__corpus.sql;
-- docs/store.md describes every table. Timestamps are ISO-8601 UTC text (2024-05-01T12:00:00Z).

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE import_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,                 -- running | finished | interrupted
  arguments TEXT NOT NULL,              -- canonical arguments; equal arguments resume an interrupted run
  resumes INTEGER REFERENCES import_runs(id),
  imported INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  new_versions INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  content_hash TEXT NOT NULL UNIQUE,    -- SHA-256 (hex) of text: the same text is stored once
  content_id TEXT NOT NULL,             -- first 16 hex digits of content_hash (Document.id, the analysis "id")
  source_id INTEGER NOT NULL REFERENCES sources(id),
  location TEXT NOT NULL,               -- where the text was first found (SourceItem.location)
  origin TEXT NOT NULL,                 -- Document.source as ingest gave it (usually the location)
  version INTEGER NOT NULL,             -- 1 for the first text seen at location, 2 for the next one, ...
  previous_id INTEGER REFERENCES documents(id), -- the version this one replaced at location
  url TEXT,
  title TEXT,
  author TEXT,
  published TEXT,
  language TEXT NOT NULL,
  format TEXT NOT NULL,
  external_id TEXT,
  parent_id TEXT,
  media_ref TEXT,
  extra TEXT NOT NULL,                  -- JSON object of further metadata
  notes TEXT NOT NULL,                  -- JSON array of ingest notes
  regions TEXT NOT NULL,                -- JSON array of segmentation hints
  furniture TEXT NOT NULL,              -- JSON array of [start, end] spans
  text TEXT NOT NULL,
  run_id INTEGER REFERENCES import_runs(id),
  imported_at TEXT NOT NULL
);
CREATE INDEX documents_location ON documents(location);
CREATE INDEX documents_source ON documents(source_id);

CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  location TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id), -- what the location holds now
  versions INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX locations_document ON locations(document_id);

CREATE TABLE import_items (
  run_id INTEGER NOT NULL REFERENCES import_runs(id),
  location TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  outcome TEXT NOT NULL,                -- imported | unchanged | duplicate | new-version
  at TEXT NOT NULL,
  PRIMARY KEY (run_id, location)
);
CREATE INDEX import_items_location ON import_items(location);

CREATE TABLE import_failures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES import_runs(id),
  location TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX import_failures_run ON import_failures(run_id);

CREATE TABLE analyses (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- the analysis sequence number: increases, never reused (watermark)
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),
  model_id TEXT NOT NULL,
  codebook_ref TEXT NOT NULL,
  codebook_hash TEXT NOT NULL,
  embedding TEXT NOT NULL,
  stancemap_version TEXT NOT NULL,
  status TEXT NOT NULL,
  position TEXT,
  position_score REAL,
  analysis TEXT NOT NULL,               -- JSON, schema stancemap.analysis/1 (JsonReport.document)
  created_at TEXT NOT NULL
);

CREATE TABLE units (
  analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  ord INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL,
  author TEXT,
  unit_date TEXT,
  truncated INTEGER NOT NULL,
  relevant INTEGER NOT NULL,
  PRIMARY KEY (analysis_id, ord)
);
CREATE INDEX units_document ON units(document_id);

CREATE TABLE sentences (
  analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  idx INTEGER NOT NULL,
  unit_ord INTEGER NOT NULL,
  start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL,
  vector BLOB,                          -- 384 signed bytes, q = round(x * 127); null when not embedded
  PRIMARY KEY (analysis_id, idx)
);
CREATE INDEX sentences_document ON sentences(document_id);

CREATE TABLE labels (
  id INTEGER PRIMARY KEY,
  analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  unit_id TEXT,                         -- null: the document-level label
  dimension TEXT NOT NULL,              -- stance | narrative | technique | role | position
  target TEXT NOT NULL,                 -- stance: the target id; role: the actor id; else ''
  label TEXT NOT NULL,
  score REAL NOT NULL,
  evidence TEXT NOT NULL                -- spans "start-end" separated by ',' (empty: none)
);
CREATE INDEX labels_analysis ON labels(analysis_id);
CREATE INDEX labels_dimension ON labels(dimension, label);
