-- The day a seminar (座谈会) was held, on the opinions a writer entered from it, as 'YYYY-MM-DD'
-- text like the meetings' days: the 起草说明 dates the seminar by it, not by the day the
-- opinions were typed. Opinions entered before are left '' and dated by their entry.

ALTER TABLE comments ADD COLUMN held_on TEXT NOT NULL DEFAULT '';
