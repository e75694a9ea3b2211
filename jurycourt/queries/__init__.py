"""The read side: loaders that take the viewer and refuse what they may not see."""
