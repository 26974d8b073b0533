"""The level editor's headless core: a level file open for editing, its history, its image."""
