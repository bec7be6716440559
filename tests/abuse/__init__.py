"""The abuse suite: each finding of the outside security review, replayed so it cannot come back."""
