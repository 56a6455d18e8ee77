-- Whether a run met its exercise's goal (result.goal.passed), kept beside the result so progress and the
-- dashboard count solved exercises without reading every result. NULL: no goal, not judged, or not finished.
-- Runs recorded before this column stay NULL: they count as not solved.
ALTER TABLE runs ADD COLUMN goal_passed BOOLEAN;
