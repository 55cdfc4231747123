-- Placeholder: the supervision work replaces this file with its indexes.
SELECT 1;
