-- The corpus, when DATABASE_URL is set: its files, byte for byte as a folder would hold them, and one version
-- number that every change bumps (replicas compare it with the one they answer from).

-- One row: the corpus version (0 until a corpus is imported) and who made it.
CREATE TABLE corpus_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version bigint NOT NULL CHECK (version >= 0),
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO corpus_version (version, changed_by) VALUES (0, 'migration');

-- The files: articles (<source-id>.md) and entities, glossary, corrections; `version` is the one that wrote it.
CREATE TABLE corpus_file (
  name text PRIMARY KEY CHECK (name <> '' AND name !~ '[/\\]'),
  bytes bytea NOT NULL,
  version bigint NOT NULL
);

-- What a change replaced or removed: the folder's .trash/.
CREATE TABLE corpus_trash (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  bytes bytea NOT NULL,
  -- The version whose change replaced or removed it.
  version bigint NOT NULL,
  trashed_by text NOT NULL,
  trashed_at timestamptz NOT NULL DEFAULT now()
);
