"""Programme indicators: the values computed from results and statuses, their charts against
the targets, and their admin screens."""
