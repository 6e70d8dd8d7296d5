"""The domain: framework, session and partnership files, collection, stats, rounds, editing. No Textual."""
