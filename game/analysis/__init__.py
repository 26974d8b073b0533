"""Read-only views of a run: metrics and trajectories for instructors and crowd analysts."""
