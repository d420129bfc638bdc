"""The rules and their statistics: identification of ШНОР, dynamics, objectivity, grading
scales, the sentences that say what the numbers mean, and the candidate list where a coordinator
confirms what the rules propose."""
