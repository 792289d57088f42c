"""Modal dialogs of the window: each takes the document it changes and pushes one undoable edit on OK."""
