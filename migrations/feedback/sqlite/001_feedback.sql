-- The feedback log (SQLite): answers the bot gave, votes on them, and the salt of member ids.
-- Times are milliseconds since 1970 (UTC); passages a JSON array.
CREATE TABLE feedback_answer (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  via TEXT NOT NULL,
  command TEXT NOT NULL,
  question TEXT NOT NULL,
  question_key TEXT NOT NULL,
  lang TEXT NOT NULL,
  locale TEXT,
  outcome TEXT NOT NULL,
  guild TEXT,
  user_hash TEXT,
  page_offset INTEGER NOT NULL DEFAULT 0,
  passages TEXT NOT NULL
);
CREATE INDEX feedback_answer_at ON feedback_answer (at);

CREATE TABLE feedback_vote (
  answer_id TEXT NOT NULL,
  user_hash TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  at INTEGER NOT NULL,
  via TEXT NOT NULL,
  PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX feedback_vote_at ON feedback_vote (at);

CREATE TABLE feedback_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
