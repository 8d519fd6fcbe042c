"""Plain-text rendering of questions, answers and figures, in the reader's language."""
