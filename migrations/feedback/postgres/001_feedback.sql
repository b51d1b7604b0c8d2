-- The feedback log (PostgreSQL): answers the bot gave, votes on them, and the salt of member ids.
CREATE TABLE feedback_answer (
  id text PRIMARY KEY,
  at timestamptz NOT NULL,
  via text NOT NULL,
  command text NOT NULL,
  question text NOT NULL,
  question_key text NOT NULL,
  lang text NOT NULL,
  locale text,
  outcome text NOT NULL,
  guild text,
  user_hash text,
  page_offset integer NOT NULL DEFAULT 0,
  passages jsonb NOT NULL
);
CREATE INDEX feedback_answer_at ON feedback_answer (at);

CREATE TABLE feedback_vote (
  answer_id text NOT NULL,
  user_hash text NOT NULL,
  value smallint NOT NULL CHECK (value IN (-1, 1)),
  at timestamptz NOT NULL,
  via text NOT NULL,
  PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX feedback_vote_at ON feedback_vote (at);

CREATE TABLE feedback_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
